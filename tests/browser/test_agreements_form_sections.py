"""The new-agreement form in sections a person can take in (issue 14, item 10): what every agreement needs
is open; the rest (former province, joint signatories, terms, signers, links) is in folded sections that
open by themselves when they hold an error. The page's height is measured and kept well below the
5,100 px it was."""
import pytest
from playwright.sync_api import expect

from ngoaivu.agreements.models import Agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_new_agreement_form_is_short_and_opens_a_section_with_an_error(world, page, live_server, login, shoot):
    login(world.users["officer_a"])
    page.goto(live_server.url + "/agreements/new/")
    expect(page.locator("h1")).to_have_text("Đăng ký thỏa thuận")
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"new-agreement form height: {height}px")
    shoot("form-sections-01-new")
    assert height < 3200
    # A folded section with an error opens by itself and the error summary links to the field.
    page.get_by_label("Tên thỏa thuận").fill("Bản ghi nhớ hợp tác với tỉnh Gyeonggi")
    # The partner picker suggests from the directory as one types (htmx); tick the one found.
    page.get_by_label("Tìm đối tác trong danh mục (tên, tên khác, không dấu cũng được)").fill(world.partner_a.name)
    page.locator(f".partner-suggestions input[type=checkbox][value='{world.partner_a.pk}']").check()
    page.locator("summary", has_text="Hiệu lực, thời hạn, người ký").click()
    page.get_by_label("Ngày có hiệu lực").fill("01/02/2025")
    page.get_by_role("button", name="Đăng ký thỏa thuận").click()
    expect(page.locator(".error-summary")).to_contain_text("Nhập ngày ký trước khi nhập ngày có hiệu lực")
    expect(page.get_by_label("Ngày có hiệu lực")).to_be_visible()
    shoot("form-sections-02-error-opens-its-section")
    assert not Agreement.objects.filter(title="Bản ghi nhớ hợp tác với tỉnh Gyeonggi").exists()
    page.get_by_label("Ngày có hiệu lực").fill("")
    page.get_by_role("button", name="Đăng ký thỏa thuận").click()
    expect(page.locator(".banner")).to_contain_text("Đã đăng ký thỏa thuận")
    assert Agreement.objects.filter(title="Bản ghi nhớ hợp tác với tỉnh Gyeonggi", status="proposed").exists()
