"""A person logs in, switches language, opens the locality list and a locality page."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_logs_in_switches_language_and_browses_localities(world, page, live_server, login, shoot):
    page.goto(f"{live_server.url}/accounts/login/")
    shoot("core-01-login")
    login(world.users["officer_a"])
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Xin chào"))
    expect(page.locator("main")).to_contain_text("Lạng Sơn")
    expect(page.locator("[data-lazy-panel]")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Đối ngoại của Lạng Sơn năm")
    shoot("core-02-home")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    expect(page.get_by_role("link", name="Provinces and cities")).to_be_visible()
    # every panel loaded after the page (issue 9) has replaced its placeholder, in English too
    expect(page.locator("[data-lazy-panel]")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("External affairs of Lạng Sơn in")
    shoot("core-03-home-en")
    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_load_state()

    page.get_by_role("link", name="Tỉnh, thành phố").first.click()
    expect(page.locator("table tbody tr")).to_have_count(34)
    page.get_by_label("Tìm tỉnh, thành phố (cả tên cũ, không dấu cũng được)").fill("bac giang")
    page.get_by_role("button", name="Tìm").click()
    expect(page).to_have_url(re.compile(r"q=bac\+giang"))
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody")).to_contain_text("Bắc Giang")
    shoot("core-04-locality-search")
    page.get_by_role("link", name="Bắc Ninh").click()
    # A province (Resolution 202/2025/QH15), not the city the reference package made it.
    expect(page.get_by_role("heading", level=1)).to_have_text("Tỉnh Bắc Ninh")
    expect(page.locator("dl").first).to_contain_text("Bắc Giang")
    expect(page.locator("#locality-facts")).to_contain_text("Nghị quyết 202/2025/QH15")
    shoot("core-05-locality-detail")
