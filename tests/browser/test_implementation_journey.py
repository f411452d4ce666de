"""A dormant agreement comes back to life: the province officer finds it on the home page, records an
activity with evidence, sees it active with both changes in its history; the centre sees the figures move."""
import datetime

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def dormant_cell(page, province):
    return page.locator(f"tr[data-province='{province}'] td[data-col='dormant']")


def test_officer_revives_a_dormant_agreement_and_the_centre_sees_it(world, page, live_server, login, shoot, tmp_path):
    from ngoaivu.implementation import actions
    from tests.implementation.factories import agreement
    a = agreement(world.a, title="Bản ghi nhớ hợp tác với tỉnh Gyeonggi (Hàn Quốc)", signed_months_ago=16)
    actions.sweep()
    a.refresh_from_db()
    assert a.health == "dormant"

    login(world.users["central"])
    page.goto(f"{live_server.url}/implementation/national/")
    before = int(dormant_cell(page, "Lạng Sơn").inner_text().strip())  # read after a goto: the page is loaded
    assert before >= 1
    shoot("implementation-01-national-before")
    page.context.clear_cookies()

    login(world.users["officer_a"])
    panel = page.locator("[data-testid='dormant-list']")
    expect(panel).to_contain_text("Bản ghi nhớ hợp tác với tỉnh Gyeonggi")
    expect(panel).to_contain_text("chưa có hoạt động nào từ khi ký")
    shoot("implementation-02-home-dormant")
    panel.get_by_role("link", name="Bản ghi nhớ hợp tác với tỉnh Gyeonggi (Hàn Quốc)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(a.title)
    expect(page.locator("main")).to_contain_text("Ký rồi để đấy")
    shoot("implementation-03-agreement-dormant")

    page.get_by_role("link", name="Ghi nhận hoạt động").click()
    page.get_by_role("button", name="Lưu hoạt động").click()  # empty form: errors explained
    expect(page.locator(".error-summary")).to_contain_text("Nhập tên hoạt động")
    shoot("implementation-04-activity-errors")
    page.get_by_label("Loại hoạt động").select_option("meeting")
    page.get_by_label("Tên hoạt động").fill("Hội đàm trực tuyến với Sở Hợp tác quốc tế tỉnh Gyeonggi")
    page.get_by_label("Ngày diễn ra").fill(datetime.date.today().strftime("%d/%m/%Y"))
    page.get_by_label("Thành phần tham gia").fill("Sở Ngoại vụ Lạng Sơn; Sở Hợp tác quốc tế Gyeonggi")
    evidence = tmp_path / "bien-ban-hoi-dam.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% minutes of the meeting\n")
    page.locator("#id_evidence").set_input_files(str(evidence))
    shoot("implementation-05-activity-form")
    page.get_by_role("button", name="Lưu hoạt động").click()
    expect(page.locator(".banner--success")).to_contain_text("Đã ghi nhận hoạt động")
    expect(page.locator(".banner--success")).to_contain_text("Đang triển khai")
    expect(page.locator("[data-testid='evidence']")).to_contain_text("bien-ban-hoi-dam.pdf")
    shoot("implementation-06-activity-recorded")

    page.get_by_role("link", name=a.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(a.title)
    expect(page.locator("main p").first).to_contain_text("Đang triển khai")
    timeline = page.locator("[data-testid='health-timeline']")
    for text in ("Ký rồi để đấy", "Đang triển khai", "khi ghi nhận hoạt động", "đánh giá định kỳ"):
        expect(timeline).to_contain_text(text)
    shoot("implementation-07-agreement-active")
    page.context.clear_cookies()

    login(world.users["central"])
    page.goto(f"{live_server.url}/implementation/national/")
    expect(dormant_cell(page, "Lạng Sơn")).to_have_text(str(before - 1))
    shoot("implementation-08-national-after")
