"""The centre sends a structured six-monthly report request; Lạng Sơn opens it (the centre sees it read),
checks the pre-filled figures and submits; the centre sends it back with a comment; Lạng Sơn corrects and
resubmits; the centre accepts and downloads the national table, read back with openpyxl."""
import datetime
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from ngoaivu.coordination.models import ReportRequest, ReportReturn
from ngoaivu.exchanges.choices import Direction
from tests.exchanges import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Báo cáo công tác đối ngoại 6 tháng đầu năm 2026"


def _as(page, login, user):
    page.context.clear_cookies()
    login(user)


def test_a_structured_request_goes_round_trip_to_the_national_table(world, page, live_server, login, shoot):
    today = datetime.date.today()
    start = today - datetime.timedelta(days=170)
    officer, central = world.users["officer_a"], world.users["central"]
    factories.approved_delegation(officer, world.a, start_date=start + datetime.timedelta(days=10), countries=("JP",))
    factories.approved_delegation(officer, world.a, start_date=start + datetime.timedelta(days=20),
                                  direction=Direction.INBOUND, countries=("KR",))

    login(central)
    page.goto(live_server.url + "/coordination/reports/new/")
    page.get_by_label("Tên báo cáo").fill(TITLE)
    page.get_by_label("Số, ký hiệu văn bản").fill("45/BNG-NV")
    page.get_by_label("Số liệu từ ngày").fill(start.strftime("%d/%m/%Y"))
    page.get_by_label("Số liệu đến ngày").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Hạn gửi báo cáo").fill((today + datetime.timedelta(days=7)).strftime("%d/%m/%Y"))
    page.get_by_label("Số đoàn ra trong kỳ").check()
    page.get_by_label("Đoàn vào theo quốc gia").check()
    shoot("coordination-01-request-form")
    page.get_by_role("button", name="Gửi yêu cầu").click()
    expect(page.locator(".banner")).to_contain_text("Đã gửi yêu cầu báo cáo đến 34 tỉnh, thành phố")
    report = ReportRequest.objects.get(title=TITLE)
    row = page.locator("#matrix tr", has_text=world.a.short_name)
    expect(row).to_contain_text("Chưa xem")
    ret = ReportReturn.objects.get(request=report, locality=world.a)
    expected_out = ret.values["delegations_out"]
    assert expected_out >= 1

    _as(page, login, officer)
    page.goto(live_server.url + "/coordination/reports/")
    page.get_by_role("link", name=TITLE).click()
    field = page.get_by_label("Số đoàn ra trong kỳ (đoàn)")
    expect(field).to_have_value(str(expected_out))
    expect(page.get_by_label("Đoàn vào theo quốc gia — dòng 1")).to_have_value("Hàn Quốc")
    shoot("coordination-02-prefilled-return")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("#return-status")).to_contain_text("Đã gửi")
    ret.refresh_from_db()
    assert ret.status == "submitted" and ret.first_opened_by == officer

    _as(page, login, central)
    page.goto(live_server.url + report.get_absolute_url())
    row = page.locator("#matrix tr", has_text=world.a.short_name)
    expect(row).to_contain_text("Đã xem")
    expect(row).to_contain_text("Đã gửi")
    shoot("coordination-03-matrix-read-submitted")
    row.get_by_role("link", name=world.a.short_name).click()
    page.get_by_label("Ý kiến của trung ương").fill("Đề nghị kiểm tra lại số đoàn ra.")
    page.get_by_role("button", name="Trả lại để bổ sung").click()
    expect(page.locator("#return-status")).to_contain_text("Trả lại để bổ sung")
    ret.refresh_from_db()
    assert ret.status == "returned"

    _as(page, login, officer)
    page.goto(live_server.url + ret.get_absolute_url())
    expect(page.locator("#returned-comment")).to_contain_text("Đề nghị kiểm tra lại số đoàn ra.")
    page.get_by_label("Số đoàn ra trong kỳ (đoàn)").fill(str(expected_out + 1))
    shoot("coordination-04-returned-with-comment")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("#return-status")).to_contain_text("Đã gửi")
    ret.refresh_from_db()
    assert ret.status == "submitted" and ret.values["delegations_out"] == expected_out + 1

    _as(page, login, central)
    page.goto(live_server.url + ret.get_absolute_url())
    page.get_by_role("button", name="Tiếp nhận").click()
    expect(page.locator("#return-status")).to_contain_text("Đã tiếp nhận")
    page.goto(live_server.url + f"/coordination/reports/{report.pk}/national/")
    expect(page.locator("#national")).to_contain_text(world.a.short_name)
    shoot("coordination-05-national-table")
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải bảng tổng hợp (XLSX)").click()
    book = load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[1] == (world.a.short_name, expected_out + 1)
    assert rows[-1] == ("Toàn quốc", expected_out + 1)
    assert list(book.worksheets[1].iter_rows(min_row=2, values_only=True)) == [("Hàn Quốc", 1)]
    assert [t.to_status for t in ret.transitions.all()] == ["submitted", "returned", "submitted", "accepted"]
