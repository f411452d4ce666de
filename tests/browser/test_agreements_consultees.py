"""A province officer makes Lạng Sơn's own consultee list for its Sở from the national defaults, then
follows it on a Sở's draft agreement: the checklist links to a request form already filled in."""
import pytest
from playwright.sync_api import expect

from ngoaivu.agreements.consultees import load_national_defaults
from ngoaivu.agreements.models import ConsulteeRule
from tests.agreements.factories import agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_tailors_the_consultee_list_and_follows_it_on_a_draft(world, page, live_server, login, shoot):
    load_national_defaults()  # the flush of transactional tests removed the migration's rows
    ConsulteeRule.objects.filter(locality=world.a).delete()  # the URL walk's records gave A a list already
    draft = agreement(world.users["officer_a"], world.a, signing_unit=world.unit_a,
                      title="Bản ghi nhớ hợp tác thương mại của Sở Công Thương Lạng Sơn")
    login(world.users["officer_a"])
    page.goto(live_server.url + draft.get_absolute_url())
    checklist = page.locator("section", has_text="Xin ý kiến trước khi ký")
    expect(checklist).to_contain_text("Theo danh sách mặc định toàn quốc")
    expect(checklist).to_contain_text("Cơ quan ngoại vụ của tỉnh")
    shoot("consultees-01-agreement-national-list")

    checklist.get_by_role("link", name="Xem danh sách cơ quan cần xin ý kiến").click()
    expect(page.locator("main")).to_contain_text("Lạng Sơn đang dùng danh sách mặc định toàn quốc.")
    page.get_by_role("button", name="Lập danh sách riêng từ danh sách mặc định — Sở, ban, ngành").click()
    expect(page.locator(".banner")).to_contain_text("Đã lập danh sách riêng của Lạng Sơn")
    page.get_by_role("link", name="Sửa Cơ quan ngoại vụ của tỉnh").click()
    page.get_by_label("Cơ quan được xin ý kiến").fill("Sở Ngoại vụ tỉnh Lạng Sơn")
    page.get_by_role("button", name="Lưu").click()

    page.get_by_role("link", name="Thêm cơ quan — Sở, ban, ngành").click()
    page.get_by_label("Cơ quan được xin ý kiến").fill("sở ngoại vụ tinh lang son")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".error-summary")).to_contain_text("đã có trong danh sách này")
    shoot("consultees-02-duplicate-refused")
    page.get_by_label("Cơ quan được xin ý kiến").fill("Sở Tư pháp tỉnh Lạng Sơn")
    page.get_by_label("Khi nào").select_option(label="Luôn xin ý kiến")
    page.get_by_role("button", name="Lưu").click()
    main = page.locator("main")
    expect(main).to_contain_text("Danh sách riêng của Lạng Sơn.")
    expect(main).to_contain_text("Sở Tư pháp tỉnh Lạng Sơn")
    shoot("consultees-03-province-list")

    page.goto(live_server.url + draft.get_absolute_url())
    checklist = page.locator("section", has_text="Xin ý kiến trước khi ký")
    expect(checklist).to_contain_text("Theo danh sách của Lạng Sơn")
    checklist.get_by_role("link", name="Ghi nhận đã gửi Sở Ngoại vụ tỉnh Lạng Sơn").click()
    expect(page.get_by_label("Cơ quan được xin ý kiến")).to_have_value("Sở Ngoại vụ tỉnh Lạng Sơn")
    shoot("consultees-04-request-filled-in")
    page.get_by_role("button", name="Ghi nhận").click()
    row = page.locator("section", has_text="Xin ý kiến trước khi ký").locator("tr", has_text="Sở Ngoại vụ tỉnh Lạng Sơn")
    expect(row).to_contain_text("Đã gửi")
    expect(row).to_contain_text("hạn trả lời")
    shoot("consultees-05-checklist-after-request")
