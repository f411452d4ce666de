"""The delegation list's partner filter is the partner search picker (not a <select> of every partner with a
delegation, thousands at national scale): typing part of a name suggests it, choosing it and applying the
filter lists only that partner's delegations, and the applied filter names the partner."""
import datetime

import pytest
from playwright.sync_api import expect

from tests.agreements.factories import partner
from tests.exchanges.factories import delegation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_list_is_filtered_by_a_partner_found_by_search(world, page, live_server, login, shoot):
    chungbuk = partner("Chungcheongbuk-do", "KR", name_vi="Tỉnh Chungcheongbuk")
    gyeonggi = partner("Gyeonggi-do", "KR", name_vi="Tỉnh Gyeonggi")
    soon = datetime.date.today() + datetime.timedelta(days=30)
    with_chungbuk = delegation(world.users["officer_a"], world.a, countries=("KR",), title="Đoàn làm việc với Chungbuk",
                               start_date=soon, end_date=soon + datetime.timedelta(days=3))
    with_chungbuk.partners.set([chungbuk])
    other = delegation(world.users["officer_a"], world.a, countries=("KR",), title="Đoàn làm việc với Gyeonggi",
                       start_date=soon, end_date=soon + datetime.timedelta(days=3))
    other.partners.set([gyeonggi])
    login(world.users["officer_a"])
    page.goto(f"{live_server.url}/exchanges/delegations/")
    expect(page.get_by_role("link", name="Đoàn làm việc với Gyeonggi")).to_be_visible()
    expect(page.locator("select[name=partner]")).to_have_count(0)
    page.get_by_label("Tìm đối tác trong danh mục", exact=False).fill("chungcheong")
    suggestion = page.get_by_label("Tỉnh Chungcheongbuk", exact=False)
    expect(suggestion).to_have_count(1)
    suggestion.check()
    shoot("exchanges-list-partner-filter-01-chosen")
    page.get_by_role("button", name="Áp dụng bộ lọc").click()
    expect(page.locator(".filter__tags")).to_contain_text("Chungcheongbuk")
    expect(page.get_by_role("link", name="Đoàn làm việc với Chungbuk")).to_be_visible()
    expect(page.get_by_role("link", name="Đoàn làm việc với Gyeonggi")).to_have_count(0)
    assert f"partner={chungbuk.pk}" in page.url
    shoot("exchanges-list-partner-filter-02-filtered")
