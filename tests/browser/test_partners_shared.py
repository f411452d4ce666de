"""A shared partner: a province used by another province's agreement is told to ask the centre; the centre
changes the partner's country only after confirming, and the history says so."""
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_province_is_sent_to_the_centre_and_the_centre_confirms_a_country_change(world, page, live_server, login,
                                                                                 shoot, client_for):
    jp = world.partner_jp  # in B's agreement
    login(world.users["officer_a"])
    page.goto(f"{live_server.url}{jp.get_absolute_url()}")
    expect(page.locator("main")).to_contain_text("Hãy đề nghị Bộ Ngoại giao")
    expect(page.get_by_role("link", name="Sửa")).to_have_count(0)
    expect(page.locator("#history-title")).to_have_count(1)
    shoot("partners-01-shared-partner-province")

    page.context.clear_cookies()
    login(world.users["central"])
    page.goto(f"{live_server.url}{jp.get_absolute_url()}")
    page.get_by_role("link", name="Sửa").click()
    page.get_by_label("Quốc gia", exact=True).select_option("KR")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("main")).to_contain_text("Đánh dấu xác nhận nếu vẫn đổi")
    shoot("partners-02-country-change-asks-confirmation")
    jp.refresh_from_db()
    assert jp.country == "JP"

    page.get_by_label("Xác nhận đổi quốc gia").check()
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"{live_server.url}{jp.get_absolute_url()}")
    expect(page.locator("main")).to_contain_text("Đổi quốc gia đã xác nhận: 1 thỏa thuận")
    shoot("partners-03-country-change-in-history")
    jp.refresh_from_db()
    assert jp.country == "KR"


def test_the_centre_merges_partners_of_two_countries_only_once_it_confirms(world, page, live_server, login, shoot):
    from ngoaivu.partners import actions
    from ngoaivu.partners.models import PartnerMerge
    survivor = actions.create_partner(world.users["officer_a"], name="Gyeonggi-do", country="KR", allow_duplicate=True)
    duplicate = actions.create_partner(world.users["officer_b"], name="Gyeonggi Province", country="JP",
                                       allow_duplicate=True)
    login(world.users["central"])
    page.goto(f"{live_server.url}/partners/merge/?survivor={survivor.pk}&duplicate={duplicate.pk}")
    expect(page.locator("#merge-countries")).to_contain_text("Gyeonggi Province (Nhật Bản)")
    page.get_by_role("button", name="Gộp", exact=True).click()
    expect(page.locator(".error-summary")).to_contain_text("Hai đối tác thuộc hai quốc gia khác nhau")
    shoot("partners-04-merge-across-countries-refused")
    assert not PartnerMerge.objects.filter(duplicate=duplicate).exists()

    page.get_by_label("Tôi xác nhận gộp hai đối tác của hai quốc gia khác nhau").check()
    page.get_by_role("button", name="Gộp", exact=True).click()
    expect(page.locator("main")).to_contain_text("Đã gộp")
    shoot("partners-05-merged-across-countries")
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
