"""A province manager provisions an account; errors are summarised and linked to their fields."""
import re

import pytest
from playwright.sync_api import expect

from ngoaivu.core.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_creates_an_account_after_fixing_the_errors(world, page, live_server, login, shoot):
    login(world.users["manager_a"])
    page.get_by_role("link", name="Tài khoản").click()
    shoot("core-10-user-list")
    page.get_by_role("link", name="Tạo tài khoản").click()
    page.get_by_role("button", name="Tạo tài khoản").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text(re.compile("Nhập|bắt buộc"))
    expect(page).to_have_title(re.compile("^Lỗi:"))
    shoot("core-11-user-form-errors")

    page.get_by_label("Tên đăng nhập").fill("thu.pham")
    page.get_by_label("Họ và tên").fill("Phạm Thị Thu")
    page.get_by_label("Phạm vi").select_option("locality")
    page.get_by_label("Tỉnh, thành phố").select_option(label="Lạng Sơn")
    page.get_by_label("Vai trò").select_option("officer")
    page.get_by_label("Mật khẩu ban đầu").fill("Lang-Son-2026-secure")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.locator(".banner--success")).to_be_visible()
    shoot("core-12-user-detail")
    assert User.objects.get(username="thu.pham").memberships.get().locality == world.a


def test_pages_fit_a_phone_screen(world, page, live_server, login, shoot):
    page.set_viewport_size({"width": 375, "height": 740})
    login(world.users["officer_a"])
    page.goto(f"{live_server.url}/localities/")
    # Nothing forces a horizontal scroll of the whole page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    shoot("core-13-mobile-localities")
