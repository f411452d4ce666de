"""A person logs in, switches language, opens the locality list and a locality page."""
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_logs_in_switches_language_and_browses_localities(world, page, live_server, login, shoot):
    page.goto(f"{live_server.url}/accounts/login/")
    shoot("core-01-login")
    login(world.users["officer_a"])
    assert page.get_by_role("heading", level=1).inner_text().startswith("Xin chào")
    assert "Lạng Sơn" in page.locator("main").inner_text()
    shoot("core-02-home")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    expect(page.get_by_role("link", name="Provinces and cities")).to_be_visible()
    shoot("core-03-home-en")
    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_load_state()

    page.get_by_role("link", name="Tỉnh, thành phố").first.click()
    assert page.locator("table tbody tr").count() == 34
    page.get_by_label("Tìm tỉnh, thành phố (cả tên cũ, không dấu cũng được)").fill("bac giang")
    page.get_by_role("button", name="Tìm").click()
    assert page.locator("table tbody tr").count() == 1
    assert "Bắc Giang" in page.locator("table tbody").inner_text()
    shoot("core-04-locality-search")
    page.get_by_role("link", name="Bắc Ninh").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Thành phố Bắc Ninh"
    assert "Bắc Giang" in page.locator("dl").inner_text()
    shoot("core-05-locality-detail")
