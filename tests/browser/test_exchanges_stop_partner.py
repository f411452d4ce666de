"""A destination's partner is chosen with the partner picker (search from the first keystroke, one choice),
not from a datalist of every partner in the country: typing part of a name suggests it, choosing it and
saving stores it on that row, and the edit page shows it again after a reload."""
import datetime

import pytest
from playwright.sync_api import expect

from ngoaivu.exchanges.models import Delegation
from tests.agreements.factories import partner
from tests.exchanges.factories import delegation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_stop_partner_is_searched_chosen_and_saved(world, page, live_server, login, shoot):
    chungbuk = partner("Chungcheongbuk-do", "KR", name_vi="Tỉnh Chungcheongbuk")
    partner("Gyeonggi-do", "KR", name_vi="Tỉnh Gyeonggi")
    soon = datetime.date.today() + datetime.timedelta(days=30)
    trip = delegation(world.users["officer_a"], world.a, countries=("KR",), title="Đoàn xúc tiến tại Chungbuk",
                      start_date=soon, end_date=soon + datetime.timedelta(days=3))
    assert trip.stops.get().partner_id is None
    login(world.users["officer_a"])
    url = f"{live_server.url}/exchanges/delegations/{trip.pk}/edit/"
    page.goto(url)
    row = page.locator("[data-testid=stops] tbody tr").first
    expect(row.locator("datalist")).to_have_count(0)
    row.get_by_label("Tìm đối tác trong danh mục").fill("chungcheong")
    suggestion = row.get_by_label("Tỉnh Chungcheongbuk", exact=False)
    expect(suggestion).to_have_count(1)
    shoot("exchanges-stop-partner-01-suggested")
    suggestion.check()
    page.get_by_role("button", name="Lưu thay đổi").click()
    expect(page.locator(".banner--success")).to_contain_text("Đã lưu thay đổi")
    stop = Delegation.objects.get(pk=trip.pk).stops.get()
    assert (str(stop.country), stop.partner_id) == ("KR", chungbuk.pk)

    page.goto(url)
    chosen = page.locator("[data-testid=stops] tbody tr").first.locator(f'input[value="{chungbuk.pk}"]')
    expect(chosen).to_be_checked()
    shoot("exchanges-stop-partner-02-saved")
