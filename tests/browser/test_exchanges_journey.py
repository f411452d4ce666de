"""An officer of Lạng Sơn plans the leader's trip to Japan, records its approval and return, sees the report
deadline on the home page and in the calendar, reports with the MoU signed during the trip, and sees the
year's figures change."""
import datetime
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _figure(page, name) -> int:
    return int(page.locator(f"[data-figure='{name}']").inner_text())


def test_officer_plans_a_trip_to_japan_reports_on_it_and_sees_the_figures_change(world, page, live_server, login,
                                                                               shoot):
    from tests.agreements.factories import agreement, partner

    today = datetime.date.today()
    departure, back = today - datetime.timedelta(days=12), today - datetime.timedelta(days=8)
    officer = world.users["officer_a"]
    shizuoka = partner("Shizuoka Prefecture", "JP", "Tỉnh Shizuoka")
    login(officer)

    page.goto(f"{live_server.url}/exchanges/figures/{world.a.pk}/")
    out_before, reports_before = _figure(page, "out"), _figure(page, "reports")
    agreements_before = _figure(page, "agreements")

    # Plan the delegation, with contacts on the three channels.
    page.get_by_role("link", name="Đoàn ra, đoàn vào").first.click()
    page.get_by_role("link", name="Lập kế hoạch đoàn").click()
    page.get_by_label("Đoàn ra", exact=True).check()
    page.get_by_label("Ngoại giao Nhà nước", exact=True).check()
    page.get_by_label("Tên đoàn").fill("Đoàn lãnh đạo tỉnh Lạng Sơn thăm và làm việc tại Nhật Bản")
    page.get_by_label("Cấp trưởng đoàn").select_option(label="Người đứng đầu Tỉnh ủy, HĐND, UBND tỉnh")
    page.get_by_label("Họ tên trưởng đoàn").fill("Hoàng Văn Nam")
    page.get_by_label("Chức vụ trưởng đoàn").fill("Chủ tịch UBND tỉnh")
    page.get_by_label("Số thành viên (kể cả trưởng đoàn)").fill("4")
    page.get_by_label("Danh sách thành viên").fill("Phạm Thu Trang; Giám đốc; Sở Ngoại vụ\n"
                                                   "Vũ Đức Anh; Phó Giám đốc; Sở Công Thương")
    # The destination as a row: the country from the list, the place, the days, the partner found by typing.
    page.get_by_label("Nước đến 1: Quốc gia").select_option("JP")
    page.get_by_label("Nước đến 1: Địa phương").fill("Shizuoka")
    page.get_by_label("Nước đến 1: Số ngày").fill("5")
    row = page.locator("[data-testid=stops] tbody tr").first
    row.get_by_label("Tìm đối tác trong danh mục").fill("shizuoka")  # the picker, searched as one types
    suggestion = row.locator(f'input[value="{shizuoka.pk}"]')
    expect(suggestion).to_have_count(1)
    suggestion.check()
    page.get_by_label("Mục đích").fill("Thúc đẩy hợp tác với tỉnh Shizuoka, xúc tiến đầu tư và lao động.")
    page.get_by_label("Ngày đi").fill(f"{departure:%d/%m/%Y}")
    page.get_by_label("Ngày về", exact=True).fill(f"{back:%d/%m/%Y}")
    page.get_by_label("Tiếp xúc trên kênh đối ngoại Đảng").fill("Đảng Dân chủ Tự do tỉnh Shizuoka")
    page.get_by_label("Tiếp xúc trên kênh ngoại giao Nhà nước").fill("Thống đốc tỉnh Shizuoka")
    page.get_by_label("Tiếp xúc trên kênh đối ngoại nhân dân").fill("Hội hữu nghị Nhật – Việt Shizuoka")
    shoot("exchanges-01-plan-form")
    page.get_by_role("button", name="Lưu kế hoạch").click()
    expect(page.locator(".banner--success")).to_contain_text("Đã lưu kế hoạch đoàn")
    for text in ("Đề xuất", "Nhật Bản (Shizuoka)", "Đảng Dân chủ Tự do tỉnh Shizuoka", "Thống đốc tỉnh Shizuoka",
                 "Hội hữu nghị Nhật – Việt Shizuoka", "Phạm Thu Trang"):
        expect(page.locator("main")).to_contain_text(text)
    expect(page.get_by_role("link", name=str(shizuoka))).to_be_visible()
    shoot("exchanges-02-planned")
    detail_url = page.url

    # Approval.
    page.get_by_role("link", name="Ghi nhận phê duyệt").click()
    # The province's rules give the authority for a delegation led by the province's head: already chosen.
    expect(page.get_by_label("Cấp phê duyệt", exact=True)).to_have_value("standing_committee")
    page.get_by_label("Số quyết định").fill("215/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill(f"{departure - datetime.timedelta(days=15):%d/%m/%Y}")
    page.get_by_role("button", name="Ghi nhận phê duyệt").click()
    expect(page.locator("main")).to_contain_text("Ban Thường vụ Tỉnh ủy, quyết định số 215/QĐ-UBND")

    # Return: a date before departure is refused with a message naming the field, then corrected.
    page.get_by_role("link", name="Ghi nhận kết thúc chuyến đi").click()
    page.get_by_label("Ngày về thực tế").fill(f"{departure - datetime.timedelta(days=1):%d/%m/%Y}")
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator(".error-summary")).to_contain_text("Ngày về phải cùng ngày hoặc sau ngày đi")
    expect(page).to_have_title(re.compile("^Lỗi:"))
    shoot("exchanges-03-return-refused")
    page.get_by_label("Ngày về thực tế").fill(f"{back:%d/%m/%Y}")
    page.get_by_role("button", name="Ghi nhận").click()
    due = back + datetime.timedelta(days=15)
    expect(page.locator("main")).to_contain_text(f"Hạn nộp báo cáo kết quả: {due:%d/%m/%Y}", use_inner_text=True)
    shoot("exchanges-04-returned")

    # The deadline on the home page and in the calendar.
    page.get_by_role("link", name="Trang chủ").click()
    home = page.locator("main")
    expect(home).to_contain_text("Hạn báo cáo kết quả đoàn: Đoàn lãnh đạo tỉnh Lạng Sơn thăm và làm việc tại Nhật Bản",
                                 use_inner_text=True)
    expect(home).to_contain_text(f"{due:%d/%m/%Y}")
    shoot("exchanges-05-home-deadline")
    page.goto(f"{live_server.url}/exchanges/calendar/?month={due:%Y-%m}")
    cell = page.locator(f"td:has(time[datetime='{due:%Y-%m-%d}'])")
    expect(cell).to_contain_text("Hạn báo cáo kết quả đoàn")
    shoot("exchanges-06-calendar")

    # The MoU signed in Shizuoka during the trip is in the register.
    agreement(officer, world.a, partners=[shizuoka],
              title="Bản ghi nhớ hợp tác giữa tỉnh Lạng Sơn và tỉnh Shizuoka", signed_on=back - datetime.timedelta(days=2),
              signed_place="Shizuoka", today=today)

    page.goto(detail_url)
    page.get_by_role("link", name="Nộp báo cáo kết quả").click()
    page.get_by_label("Nội dung báo cáo").fill("Đoàn đã hội đàm với Thống đốc tỉnh Shizuoka và ký bản ghi nhớ.")
    page.get_by_label("Cam kết, hoạt động được ghi nhận").fill("Trao đổi đoàn doanh nghiệp trong năm tới")
    page.get_by_label("Bản ghi nhớ hợp tác giữa tỉnh Lạng Sơn và tỉnh Shizuoka").check()
    shoot("exchanges-07-report-form")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("main")).to_contain_text("Đã nộp báo cáo")
    expect(page.get_by_role("link", name="Bản ghi nhớ hợp tác giữa tỉnh Lạng Sơn và tỉnh Shizuoka")).to_be_visible()
    shoot("exchanges-08-reported")

    # The year's figures.
    page.goto(f"{live_server.url}/exchanges/figures/{world.a.pk}/")
    assert _figure(page, "out") == out_before + 1
    assert _figure(page, "reports") == reports_before + 1
    assert _figure(page, "agreements") == agreements_before + 1
    japan = page.locator("table", has_text="Theo nước").locator("tr", has_text="Nhật Bản")
    expect(japan.locator("td").first).to_have_text("2")   # this trip and the one already in the world
    shoot("exchanges-09-figures")

    page.goto(f"{live_server.url}/exchanges/delegations/?q=nhat ban")
    expect(page.locator("table")).to_contain_text("Đoàn lãnh đạo tỉnh Lạng Sơn")
    shoot("exchanges-10-list")
