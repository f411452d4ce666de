"""Pages and the API docs run under the Content-Security-Policy (the browser conftest fails a test on any
violation), and a centre manager manages an account through the page."""
import pytest
from playwright.sync_api import expect

from ngoaivu.core.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_under_the_policy(world, page, live_server):
    from tests.browser.conftest import SCREENSHOTS
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30000)
    page.screenshot(path=str(SCREENSHOTS / "core-20-swagger.png"))  # the first screen: the page is long


def test_a_centre_manager_deactivates_an_account_and_an_officer_sees_no_accounts_menu(
        world, page, live_server, login, shoot):
    officer = world.users["officer_a"]
    login(world.users["central_manager"])
    page.get_by_role("link", name="Tài khoản").click()
    page.get_by_role("link", name="officer_a").click()
    # The account's page first (a count of 0 on the list page still showing would prove nothing).
    expect(page.get_by_label("Đang hoạt động (bỏ chọn để khóa tài khoản)")).to_be_visible()
    expect(page.get_by_label("Quản trị viên hệ thống (mọi quyền)")).to_have_count(0)
    page.get_by_label("Đang hoạt động (bỏ chọn để khóa tài khoản)").uncheck()
    page.get_by_role("button", name="Lưu thay đổi").click()
    expect(page.locator(".banner--success")).to_be_visible()
    shoot("core-22-account-deactivated")
    assert not User.objects.get(pk=officer.pk).is_active
    page.get_by_role("button", name="Đăng xuất").click()
    login(world.users["central"])
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Tài khoản")).to_have_count(0)
    page.goto(f"{live_server.url}/accounts/profile/")
    page.get_by_label("Họ và tên").fill("Cán bộ Trung ương")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    expect(page.locator(".banner--success")).to_be_visible()
    shoot("core-23-profile")
    assert User.objects.get(pk=world.users["central"].pk).full_name == "Cán bộ Trung ương"
