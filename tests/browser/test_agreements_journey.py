"""An officer registers a draft MoU with a Korean province, consults MOFA and a Sở, signs, sends the copy
to MOFA within 15 days, and finds the agreement again by searching without diacritics."""
import datetime
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_takes_a_memorandum_from_draft_to_signed_and_reported(world, page, live_server, login, shoot):
    today = datetime.date.today()
    login(world.users["officer_a"])
    page.get_by_role("link", name="Thỏa thuận quốc tế").first.click()
    shoot("agreements-01-list")
    page.get_by_role("link", name="Đăng ký thỏa thuận").click()
    page.get_by_role("button", name="Đăng ký thỏa thuận").click()
    expect(page.locator(".error-summary")).to_contain_text("Nhập tên thỏa thuận")
    shoot("agreements-02-form-errors")

    page.get_by_label("Tên thỏa thuận").fill("Bản ghi nhớ hợp tác giữa tỉnh Lạng Sơn và tỉnh Chungcheong Bắc")
    page.get_by_label("Hình thức").select_option(label="Bản ghi nhớ")
    page.locator("summary", has_text="Thêm đối tác mới").click()
    page.get_by_label("Đối tác mới: tên theo cách đối tác viết").fill("Chungcheongbuk-do")
    page.get_by_label("Đối tác mới: tên tiếng Việt").fill("Tỉnh Chungcheong Bắc")
    page.get_by_label("Đối tác mới: quốc gia").select_option("KR")
    page.get_by_role("button", name="Đăng ký thỏa thuận").click()
    expect(page.locator(".banner")).to_contain_text("Đã đăng ký thỏa thuận")
    expect(page.locator("main")).to_contain_text("Đang đề xuất")
    shoot("agreements-03-draft")

    for body, mofa in (("Bộ Ngoại giao", True), ("Sở Công Thương", False)):
        page.get_by_role("link", name="Gửi xin ý kiến").click()
        page.get_by_label("Cơ quan được xin ý kiến").fill(body)
        if mofa:
            page.get_by_label("Đây là Bộ Ngoại giao").check()
            shoot("agreements-04-request-opinion")
        page.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator("main")).to_contain_text("Đang lấy ý kiến")
    expect(page.locator("main")).to_contain_text("Ý kiến của Sở Công Thương")
    shoot("agreements-05-consulting")

    page.get_by_role("link", name="Nhận ý kiến").click()
    page.get_by_label("Trả lời cho đề nghị").select_option(label=f"Bộ Ngoại giao (gửi {today:%d/%m/%Y})")
    page.get_by_label("Đồng ý", exact=True).check()
    page.get_by_label("Ghi chú").fill("Công văn số 4521/BNG-NV đồng ý với dự thảo")
    shoot("agreements-06-opinion-received")
    page.get_by_role("button", name="Ghi nhận").click()

    page.get_by_role("link", name="Ký kết", exact=True).click()
    page.get_by_label("Nơi ký").fill("Cheongju")
    page.get_by_role("button", name="Ghi nhận").click()
    # Law 70's order: no signing before the approval; recorded anyway only with a written reason.
    expect(page.locator(".error-summary")).to_contain_text("chưa được phê duyệt ký kết")
    page.get_by_label("Lý do ghi nhận khi chưa đủ bước trước").fill(
        "Chủ tịch UBND tỉnh quyết định ký tại chuyến thăm, theo Thông báo 12/TB-UBND")
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator(".banner")).to_contain_text("Đã ghi nhận: Ký kết")
    expect(page.locator("main")).to_contain_text("theo Thông báo 12/TB-UBND")
    # Sở Công Thương has not answered: its deadline is still listed after the signing.
    expect(page.locator("main")).to_contain_text("Ý kiến của Sở Công Thương")
    due = today + datetime.timedelta(days=15)
    expect(page.locator("main")).to_contain_text("Đang có hiệu lực")
    expect(page.locator("main")).to_contain_text(
        f"Báo cáo Thủ tướng và gửi bản sao cho Bộ Ngoại giao — hạn {due:%d/%m/%Y}", use_inner_text=True)
    shoot("agreements-07-signed-deadline")

    page.get_by_role("link", name="Đã báo cáo Thủ tướng và gửi bản sao cho Bộ Ngoại giao").click()
    page.get_by_role("button", name="Ghi nhận").click()
    # Wait for the page the click brings, then look at its deadlines (the section may be gone altogether).
    expect(page.locator("main")).to_contain_text(f"Đã gửi ngày {today:%d/%m/%Y}")
    expect(page.locator("section[aria-labelledby='deadlines-title']", has_text="Báo cáo Thủ tướng và gửi bản sao")
           ).to_have_count(0)
    shoot("agreements-08-reported")

    page.get_by_role("link", name="Thỏa thuận quốc tế").first.click()
    page.get_by_label("Tìm theo tên, đối tác, nội dung (không dấu cũng được)").fill("han quoc")
    page.get_by_role("button", name="Áp dụng bộ lọc").click()
    # Wait for the filtered list itself (the unfiltered one may already show the agreement).
    expect(page).to_have_url(re.compile(r"q=han\+quoc"))
    expect(page.locator("table tbody tr").filter(has_text="Chungcheong Bắc").first).to_be_visible()
    shoot("agreements-09-search")
