"""The centre narrows its calendar to one province (?province=<id>): a national month holds over a thousand
entries. The narrowed month and week hold exactly that province's trips, conferences and deadlines (the
register's too), every link keeps the choice, and nobody reads more than their scope through it."""
import datetime
import re

import pytest
from django.urls import reverse

from ngoaivu.agreements.models import Agreement
from ngoaivu.exchanges import actions
from ngoaivu.exchanges.agenda import entries_for
from ngoaivu.exchanges.models import Conference, Delegation
from tests.agreements.factories import agreement, partner
from tests.exchanges import factories

pytestmark = pytest.mark.django_db
D = datetime.date
FIRST, LAST = D(2026, 3, 1), D(2026, 3, 31)
GRID = D(2026, 2, 23), D(2026, 4, 5)  # the weeks the month's page draws (Monday 23/02 to Sunday 05/04)


@pytest.fixture
def march(world):
    """Each province's trip, conference (with an owed dossier) and register deadlines in March 2026."""
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    japan, korea = partner("Nagasaki", "JP"), partner("Gyeongsangnam-do", "KR")
    factories.approved_delegation(officer_a, world.a, title="Đoàn Lạng Sơn thăm Nhật Bản", start_date=D(2026, 3, 9))
    factories.delegation(officer_b, world.b, title="Đoàn Đà Nẵng thăm Hàn Quốc", countries=("KR",),
                         start_date=D(2026, 3, 10))
    factories.conference(officer_a, world.a, title="Hội thảo biên giới", start_date=D(2026, 3, 20),
                         end_date=D(2026, 3, 20))
    factories.conference(officer_b, world.b, title="Hội nghị xúc tiến Đà Nẵng", venue="Đà Nẵng",
                         start_date=D(2026, 3, 24), end_date=D(2026, 3, 24))
    agreement(officer_a, world.a, partners=[japan], title="Hết hạn trong tháng", signed_on=D(2025, 3, 20),
              in_force_on=D(2025, 3, 20), expires_on=D(2026, 3, 20), today=D(2026, 3, 2))
    # Signed in February and not reported: the report to the PM falls due in March (overdue since).
    agreement(officer_a, world.a, partners=[japan], title="Ký chưa báo cáo (Lạng Sơn)", signed_on=D(2026, 2, 15),
              today=D(2026, 3, 2))
    agreement(officer_b, world.b, partners=[korea], title="Ký chưa báo cáo", signed_on=D(2026, 2, 10),
              today=D(2026, 3, 2))
    # Each province's consultation about a June conference, due in March (their conference is out of the month).
    for officer, locality, body in ((officer_a, world.a, "Bộ Công an"), (officer_b, world.b, "Bộ Quốc phòng")):
        june = factories.conference(officer, locality, title=f"Hội thảo tháng Sáu ({body})",
                                    start_date=D(2026, 6, 20), end_date=D(2026, 6, 20))
        actions.request_consultation(officer, june, body=body, sent_on=D(2026, 3, 2))


def _urls_of(locality):
    return {r.get_absolute_url() for model in (Delegation, Conference, Agreement)
            for r in model.objects.filter(locality=locality)}


def _links(html):
    return set(re.findall(r'<a class="exch-entry[^"]*" href="([^"]+)"', html))


def test_the_centre_sees_one_provinces_month_and_week_and_every_link_keeps_it(world, client_for, march):
    central = world.users["central"]
    everything = entries_for(central, FIRST, LAST)
    narrowed = entries_for(central, FIRST, LAST, locality=world.a)
    # The whole country: both provinces' trips and conferences (a loop's variable once narrowed the
    # conferences to the province of the last trip read).
    titles = " | ".join(e.title for e in everything)
    assert all(t in titles for t in ("Đoàn Lạng Sơn", "Đoàn Đà Nẵng", "Hội thảo biên giới", "Hội nghị xúc tiến Đà Nẵng"))
    # Exactly province A's entries, of every kind (trips, conferences, their deadlines, the register's).
    assert narrowed == [e for e in everything if e.url in _urls_of(world.a)]
    assert {e.kind for e in narrowed} >= {"delegation_out", "conference", "deadline"}
    assert any(e.url.startswith("/agreements/") for e in narrowed)
    consultations = [e.title for e in narrowed if e.uid.startswith("consultation-")]
    assert consultations and all("Bộ Công an" in t for t in consultations), consultations
    assert any(e.uid.startswith("delegation-report-") for e in narrowed)  # the trip's report, due after it
    assert len(narrowed) < len(everything)

    client = client_for(central)
    html = client.get(reverse("exchanges:calendar"), {"month": "2026-03", "province": world.a.pk}).content.decode()
    assert _links(html) == {e.url for e in entries_for(central, *GRID, locality=world.a)}
    assert f'<option value="{world.a.pk}" selected>{world.a.short_name}</option>' in html
    keep = f"&amp;province={world.a.pk}"
    for rel in ("prev", "next"):
        assert re.search(rf'href="\?month=2026-0[24]{keep}" rel="{rel}"', html), rel
    assert f'calendar/week/?date=2026-03-01{keep}">' in html  # "by week", from the month's first day
    tabs = re.search(r'<ul class="exch-tabs">(.*?)</ul>', html, re.S).group(1)
    assert f'calendar/?province={world.a.pk}"' in tabs and f'calendar/week/?province={world.a.pk}"' in tabs
    assert f"<title>Lịch tháng 03/2026: {world.a.short_name}" in html

    week = client.get(reverse("exchanges:calendar_week"), {"date": "2026-03-09", "province": world.a.pk})
    week_html = week.content.decode()
    week_entries = entries_for(central, D(2026, 3, 9), D(2026, 3, 15), locality=world.a)
    assert _links(week_html) == {e.url for e in week_entries} and "Đoàn Đà Nẵng" not in week_html
    assert f'?month=2026-03{keep}"' in week_html and f'href="?province={world.a.pk}"' in week_html

    # "All provinces" (an empty choice), an unknown id or a former province: the whole country, as before.
    whole = {e.url for e in entries_for(central, *GRID)}
    for value in ("", "999999", "abc"):
        page = client.get(reverse("exchanges:calendar"), {"month": "2026-03", "province": value}).content.decode()
        assert _links(page) == whole, value
        assert 'href="?month=2026-02" rel="prev"' in page


def test_the_choice_is_offered_to_those_who_see_every_province_and_widens_nobodys_scope(world, client_for, march):
    for name in ("officer_b", "mission_officer", "unit_officer", "viewer"):
        user = world.users[name]
        client = client_for(user)
        plain = client.get(reverse("exchanges:calendar"), {"month": "2026-03"}).content.decode()
        asked = client.get(reverse("exchanges:calendar"), {"month": "2026-03", "province": world.a.pk}).content.decode()
        assert 'name="province"' not in plain, name
        assert _links(asked) == _links(plain) == {e.url for e in entries_for(user, *GRID)}, name
    officer_b = client_for(world.users["officer_b"]).get(
        reverse("exchanges:calendar"), {"month": "2026-03", "province": world.a.pk}).content.decode()
    assert "Đoàn Lạng Sơn" not in officer_b and "Đoàn Đà Nẵng" in officer_b


def _register(entries):
    return sorted((e.uid, e.start) for e in entries if e.url.startswith("/agreements/"))


def test_narrowed_to_a_province_the_register_holds_what_that_province_sees_of_its_own(world, client_for, march):
    """An agreement province B holds and province A co-signs is on A's own calendar, and was missing from
    the centre's calendar narrowed to A (likewise one A holds and a former province now part of B signed,
    for B): narrowed to a province is what its own month shows of the agreements it holds or is a party
    to. What every province reads besides its own (another's national agreements) is not its own and
    stays out."""
    from ngoaivu.core.models import Locality
    officer_a, officer_b, central = world.users["officer_a"], world.users["officer_b"], world.users["central"]
    guangxi = partner("Guangxi", "CN", "Khu tự trị Quảng Tây")
    joint = agreement(officer_b, world.b, partners=[guangxi], title="Thỏa thuận chung với Quảng Tây",
                      signed_on=D(2026, 2, 12), co_signatories=[world.a], today=D(2026, 3, 2))
    # Quảng Nam, now part of Đà Nẵng (B), co-signing with A. Linked directly, as a record kept from before the
    # rule: the actions refuse a former province co-signing after the merger (01/7/2025), and only a signing
    # after Law 70 and a month before this one gives the report deadline the calendar shows whatever today is.
    merged = agreement(officer_a, world.a, partners=[guangxi], title="Ký chung với Quảng Nam",
                       signed_on=D(2026, 2, 13), today=D(2026, 3, 2))
    merged.co_signatories.add(Locality.objects.by_legacy_code(49))
    national = agreement(officer_b, world.b, partners=[guangxi], title="Của Đà Nẵng, cả nước xem",
                         signed_on=D(2026, 2, 14), visibility="national", today=D(2026, 3, 2))
    for officer, locality, party_to, others in ((officer_a, world.a, joint, {national}),
                                                (officer_b, world.b, merged, set())):
        own = entries_for(officer, *GRID)
        narrowed = entries_for(central, *GRID, locality=locality)
        assert party_to.get_absolute_url() in {e.url for e in own}, locality
        others = {a.get_absolute_url() for a in others}
        assert others <= {e.url for e in own}, locality  # read by every province, not its own
        assert _register(narrowed) == _register(e for e in own if e.url not in others), locality
    html = client_for(central).get(reverse("exchanges:calendar"),
                                   {"month": "2026-03", "province": world.a.pk}).content.decode()
    assert joint.get_absolute_url() in _links(html) and national.get_absolute_url() not in _links(html)
