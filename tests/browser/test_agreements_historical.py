"""Issue 14's journey: an officer imports a province's historical register (signed agreements, some with
no known date, Korean and French titles), sees them as signed and not in alarm, finds one by its Korean
title, exports the register and imports the export back: "0 thay đổi"."""

import pytest
from playwright.sync_api import expect

from ngoaivu.agreements.models import Agreement
from ngoaivu.implementation import actions as implementation
from tests.agreements.factories import register_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
KOREAN = "경기도와 랑선성 간 우호협력 협약서"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS = [
    {"title": KOREAN, "partners": "Gyeonggi-do", "countries": "Hàn Quốc", "status": "Đang có hiệu lực"},
    {"title": "Coopération décentralisée", "partners": "Région Centre-Val de Loire", "countries": "Pháp",
     "status": "Đã ký"},
    {"title": "Coopération décentralisée", "partners": "Département du Loiret", "countries": "Pháp",
     "signed": "2011", "status": "Đã hết hiệu lực"},
    {"title": "Thỏa thuận hợp tác với thành phố Incheon", "partners": "Incheon", "countries": "Hàn Quốc",
     "signed": "05/2014", "status": "Đang có hiệu lực", "recorded_activity_on": "2019"},
    {"title": "Bản ghi nhớ với tỉnh Chungcheong Bắc", "partners": "Chungcheongbuk-do", "countries": "Hàn Quốc",
     "signed": "12/03/2022"},
]


def workbook(rows) -> bytes:
    return register_workbook(rows).getvalue()


def upload(page, live_server, name, data):
    page.goto(live_server.url + "/agreements/import/")
    page.get_by_label("Tệp Excel (.xlsx) hoặc CSV").set_input_files({"name": name, "mimeType": XLSX, "buffer": data})
    page.get_by_role("button", name="Kiểm tra tệp").click()


def test_a_historical_register_imports_as_signed_without_alarm_and_reimports_with_no_change(
        world, page, live_server, login, shoot):
    officer = world.users["officer_a"]
    Agreement.objects.all().delete()
    login(officer)
    upload(page, live_server, "so-thoa-thuan-cu.xlsx", workbook(ROWS))
    expect(page.locator("#import-summary")).to_contain_text("5 dòng — 5 mới, 0 thay đổi, 0 không đổi")
    shoot("historical-01-preview")
    page.get_by_role("button", name="Nhập: 5 mới, 0 thay đổi").click()
    expect(page.locator(".banner")).to_contain_text("5 thỏa thuận mới")
    assert Agreement.objects.filter(historical=True).count() == 5
    implementation.refresh()  # the health sweep, as the hourly run would

    # Signed, with the date as far as it is known, and no deadline in the list.
    page.goto(live_server.url + "/agreements/")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(5)
    expect(page.locator("tbody")).not_to_contain_text("Đang đề xuất")
    expect(page.locator("tbody")).not_to_contain_text("Quá hạn")
    shoot("historical-02-list")

    # Searched by its Korean title, as typed.
    page.get_by_label("Tìm theo tên, đối tác, nội dung").fill("협약서")
    page.get_by_role("button", name="Áp dụng bộ lọc").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(KOREAN)
    rows.first.get_by_role("link", name=KOREAN).click()
    expect(page.locator("h1")).to_have_text(KOREAN)
    expect(page.locator("main")).to_contain_text("Đã ký, không rõ ngày")
    expect(page.locator("main")).to_contain_text("Hồ sơ lịch sử")
    expect(page.locator("main")).to_contain_text("Đang có hiệu lực")
    expect(page.locator("#deadlines-title")).to_have_count(0)
    expect(page.locator("#consultees-title")).to_have_count(0)
    shoot("historical-03-korean-record")

    # Not in alarm: nothing dormant, nothing overdue on the home page or in the to-do list.
    page.goto(live_server.url + "/implementation/agreements/")
    expect(page.locator("main")).to_contain_text("Bản ghi nhớ với tỉnh Chungcheong Bắc")
    expect(page.locator("tbody")).not_to_contain_text("Ký rồi để đấy")
    expect(page.locator("tbody")).to_contain_text("Đang triển khai")
    page.goto(live_server.url + "/implementation/notifications/")
    expect(page.locator("h1")).to_have_text("Việc cần làm")
    for row in ROWS:  # (the shared world's own delegations may be late: not this register's business)
        expect(page.locator("main")).not_to_contain_text(row["title"])
    expect(page.locator("main")).not_to_contain_text("ký rồi để đấy")
    page.goto(live_server.url + "/")
    expect(page.locator("[data-lazy-panel]")).to_have_count(0)  # the panels loaded after the page are in
    expect(page.locator("main")).to_contain_text("Cảnh báo sớm: triển khai thỏa thuận")
    expect(page.locator("main")).not_to_contain_text("Báo cáo Thủ tướng và gửi bản sao cho Bộ Ngoại giao —")
    shoot("historical-04-home")

    # The register's own export, imported back: nothing changes.
    page.goto(live_server.url + "/agreements/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (.xlsx)").click()
    exported = open(download.value.path(), "rb").read()
    history = sum(a.history.count() for a in Agreement.objects.all())
    upload(page, live_server, "xuat.xlsx", exported)
    expect(page.locator("#import-summary")).to_contain_text("5 dòng — 0 mới, 0 thay đổi, 5 không đổi")
    shoot("historical-05-reimport-no-change")
    expect(page.get_by_role("button", name="Nhập: 0 mới, 0 thay đổi")).to_have_count(0)  # nothing to write
    assert sum(a.history.count() for a in Agreement.objects.all()) == history
