"""A province officer goes from a Korean partner's page to the conferences with that partner (issue 10), sees
the partner in the list's new column and the filter named above it, then lists the conferences by partner
country and searches by the partner's other name."""
import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_the_partner_page_to_its_conferences_then_by_country(world, page, live_server, login, shoot):
    from ngoaivu.partners.models import PartnerAlias
    from tests.agreements.factories import partner
    from tests.exchanges.factories import conference

    kr = partner("Chungcheongbuk-do", "KR", name_vi="Tỉnh Chungcheongbuk")
    PartnerAlias.objects.create(partner=kr, name="Chungbuk")
    jp = partner("Nagano Prefecture", "JP", name_vi="Tỉnh Nagano")
    soon = timezone.localdate() + datetime.timedelta(days=25)
    conference(world.users["officer_a"], world.a, title="Hội thảo xúc tiến đầu tư Chungbuk", partners=[kr],
               start_date=soon, end_date=soon)
    conference(world.users["officer_a"], world.a, title="Hội thảo du lịch Nagano", partners=[jp],
               start_date=soon, end_date=soon)
    conference(world.users["officer_b"], world.b, title="Diễn đàn Đà Nẵng – Chungbuk", venue="Đà Nẵng",
               partners=[kr], start_date=soon, end_date=soon)

    login(world.users["officer_a"])
    page.goto(f"{live_server.url}{kr.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("Xem các hội nghị, hội thảo với đối tác này")).click()
    expect(page).to_have_url(re.compile(rf"partner={kr.pk}$"))
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Hội thảo xúc tiến đầu tư Chungbuk")
    expect(rows.first).to_contain_text("Tỉnh Chungcheongbuk (Hàn Quốc)")
    expect(page.locator(".filter__tags")).to_contain_text("Đối tác: Tỉnh Chungcheongbuk (Chungcheongbuk-do)")
    shoot("conferences-01-by-partner")

    page.goto(f"{live_server.url}/exchanges/conferences/")
    page.get_by_label("Quốc gia đối tác").select_option("JP")
    page.get_by_role("button", name="Áp dụng bộ lọc").click()
    expect(page).to_have_url(re.compile(r"country=JP"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Hội thảo du lịch Nagano")
    shoot("conferences-02-by-country")

    page.goto(f"{live_server.url}/exchanges/conferences/?q=chungbuk")
    expect(rows).to_have_count(1)  # B's forum with the same partner is not A's to see
    expect(rows.first).to_contain_text("Hội thảo xúc tiến đầu tư Chungbuk")
