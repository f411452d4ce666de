"""The centre corrects an indicator's name in the catalogue: the code is shown but cannot change (pages, import
files and report requests name the indicator by it); the new name is there after a reload, the code as it was."""
import pytest
from playwright.sync_api import expect

from ngoaivu.indicators.catalogue import load_catalogue
from ngoaivu.indicators.models import Indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_centre_renames_an_indicator_and_keeps_its_code(world, page, live_server, login, shoot):
    load_catalogue()
    login(world.users["central"])
    page.goto(f"{live_server.url}/indicators/catalogue/fdi_registered/edit/")
    code = page.get_by_label("Mã", exact=True)
    expect(code).to_be_disabled()
    expect(code).to_have_value("fdi_registered")
    expect(page.get_by_text("Mã không đổi sau khi tạo")).to_be_visible()
    page.get_by_label("Tên", exact=True).fill("Vốn đầu tư trực tiếp nước ngoài đăng ký")
    shoot("indicators-catalogue-edit-code-fixed")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".banner--success")).to_contain_text("Vốn đầu tư trực tiếp nước ngoài đăng ký")
    page.reload()
    expect(page.locator("h1")).to_contain_text("Vốn đầu tư trực tiếp nước ngoài đăng ký")
    assert page.url.endswith("/indicators/catalogue/fdi_registered/")
    stored = Indicator.objects.get(code="fdi_registered")
    assert stored.name == "Vốn đầu tư trực tiếp nước ngoài đăng ký"
    assert not Indicator.objects.exclude(pk=stored.pk).filter(name=stored.name).exists()
