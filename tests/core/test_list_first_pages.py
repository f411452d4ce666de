"""The first unfiltered pages of the register, the delegation, conference, activity and commitment lists, read
along the order's index with each row's scope tested as it comes (core.generic.FilteredListView.per_row_pages): for
every persona, every page holds the same records, in the same order, as `visible_to` sorted in the list's
default order, and the total is theirs — the first pages read that way and the later ones the usual way."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.views import AgreementListView
from ngoaivu.exchanges.models import Conference, Delegation
from ngoaivu.exchanges.views.conferences import ConferenceListView
from ngoaivu.exchanges.views.delegations import DelegationListView
from ngoaivu.implementation.models import Activity, Commitment
from ngoaivu.implementation.views import ActivityList, CommitmentList
from tests.agreements.factories import agreement, partner
from tests.exchanges.factories import conference, delegation

pytestmark = pytest.mark.django_db
D = datetime.date


def _agreements(world):
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    kr, mn = partner("Incheon", "KR", "Thành phố Incheon"), partner("Darkhan", "MN", "Thành phố Darkhan")
    # Same signing days (the order's ties), no signing day, another country, co-signed, internal to B.
    for i in range(4):
        agreement(officer_a, world.a, partners=[kr], signed_on=D(2024, 5, 5), title=f"Cùng ngày {i}")
        agreement(officer_a, world.a, partners=[mn], title=f"Chưa ký {i}")
        agreement(officer_b, world.b, partners=[kr], signed_on=D(2023, 1, i + 1), visibility="internal",
                  title=f"Nội bộ tỉnh B {i}")
    agreement(officer_b, world.b, partners=[mn], signed_on=D(2022, 2, 2), co_signatories=[world.a],
              visibility="internal", title="Tỉnh A đồng ký")


def _delegations(world):
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    for i in range(4):  # the same first day (ties), Korea or elsewhere, both provinces
        delegation(officer_a, world.a, countries=("KR",), start_date=D(2026, 4, 6), title=f"Đoàn Hàn Quốc {i}")
        delegation(officer_a, world.a, countries=("MN", "KR"), start_date=D(2026, 5, i + 1), title=f"Đoàn hai nước {i}")
        delegation(officer_b, world.b, countries=("KR",), start_date=D(2026, 2, i + 1), title=f"Đoàn tỉnh B {i}")
        delegation(officer_b, world.b, countries=("JP",), start_date=D(2026, 2, i + 1), title=f"Đoàn Nhật tỉnh B {i}")


def _conferences(world):
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    kr, jp = partner("Incheon", "KR", "Thành phố Incheon"), partner("Osaka", "JP", "Tỉnh Osaka")
    for i in range(4):
        day = D(2026, 6, 15)
        conference(officer_a, world.a, partners=[kr], start_date=day, end_date=day, title=f"Hội thảo {i}")
        conference(officer_a, world.a, start_date=D(2026, 7, i + 1), end_date=D(2026, 7, i + 1), title=f"Hội nghị {i}")
        conference(officer_b, world.b, partners=[kr], start_date=D(2026, 8, i + 1), end_date=D(2026, 8, i + 1),
                   title=f"Hội thảo tỉnh B {i}")
        conference(officer_b, world.b, partners=[jp], start_date=D(2026, 8, i + 1), end_date=D(2026, 8, i + 1),
                   title=f"Hội thảo Nhật tỉnh B {i}")


def _activities(world):
    """Activities of the register's agreements (their scope is the agreement's), on the same days (the
    order's ties), and of no agreement (the province's own)."""
    _agreements(world)
    for i, a in enumerate(Agreement.objects.order_by("pk")):
        Activity.objects.create(locality=a.locality, agreement=a, kind="meeting", title=f"Họp {i}",
                                occurred_on=D(2026, 3, 1 + i % 3))
    for locality in (world.a, world.b):
        Activity.objects.create(locality=locality, kind="meeting", title="Không thuộc thỏa thuận",
                                occurred_on=D(2026, 3, 2))


def _commitments(world):
    """Commitments of the register's agreements, on the same due days, and with none (last)."""
    _agreements(world)
    for i, a in enumerate(Agreement.objects.order_by("pk")):
        Commitment.objects.create(agreement=a, description=f"Cam kết {i}",
                                  due_on=None if i % 4 == 0 else D(2026, 9, 1 + i % 2))


def _newest(kind, world):
    """A record of province A on the first page of its list's default order (an agreement not yet signed: the
    unsigned come first on PostgreSQL, last on SQLite, so it is the newest signed one on SQLite)."""
    officer = world.users["officer_a"]
    if kind == "register":
        from django.db import connection
        signed = None if connection.vendor == "postgresql" else D(2026, 2, 1)
        return agreement(officer, world.a, partners=[partner("Incheon", "KR", "Thành phố Incheon")],
                         signed_on=signed, title="Mới ký")
    if kind == "delegations":
        return delegation(officer, world.a, countries=("KR",), start_date=D(2029, 12, 1), title="Đoàn mới")
    if kind == "conferences":
        return conference(officer, world.a, start_date=D(2029, 12, 1), end_date=D(2029, 12, 1),
                          title="Hội thảo mới")
    a = Agreement.objects.filter(locality=world.a).order_by("pk").first()
    if kind == "activities":
        return Activity.objects.create(locality=world.a, agreement=a, kind="meeting", title="Họp mới",
                                       occurred_on=D(2029, 12, 1))
    return Commitment.objects.create(agreement=a, description="Cam kết mới", due_on=D(2020, 1, 1))


LISTS = {
    "register": ("agreements:agreement_list", AgreementListView, Agreement, _agreements),
    "delegations": ("exchanges:delegation_list", DelegationListView, Delegation, _delegations),
    "conferences": ("exchanges:conference_list", ConferenceListView, Conference, _conferences),
    "activities": ("implementation:activity_list", ActivityList, Activity, _activities),
    "commitments": ("implementation:commitment_list", CommitmentList, Commitment, _commitments),
}


def _pages(client, url, pages):
    keys, reads, totals = [], [], set()
    for number in range(1, pages + 1):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(url) + f"?page={number}")
        keys += [row.pk for row in response.context["page_obj"].object_list]
        totals.add(response.context["paginator"].count)
        reads.append([q["sql"] for q in captured.captured_queries if "LIMIT" in q["sql"] and '"title"' in q["sql"]])
    return keys, reads, totals


@pytest.mark.parametrize("kind", LISTS)
def test_every_persona_pages_through_what_it_may_read_in_the_list_order(world, client_for, monkeypatch, kind):
    url, view, model, build = LISTS[kind]
    build(world)
    monkeypatch.setattr(view, "paginate_by", 3)
    monkeypatch.setattr(view, "per_row_pages", 2)
    checked = 0
    for name, user in world.users.items():
        if user is None:
            continue
        expected = list(model.objects.visible_to(user).order_by(*view.default_sort).values_list("pk", flat=True))
        pages = -(-len(expected) // 3)
        keys, reads, totals = _pages(client_for(user), url, pages)
        assert keys == expected and totals == {len(expected)}, name
        if name == "officer_a":  # a record written between two visits is on the next one, rows read fresh
            client_for(user).get(reverse(url))
            newest = _newest(kind, world)
            now = list(model.objects.visible_to(user).order_by(*view.default_sort).values_list("pk", flat=True))
            again = client_for(user).get(reverse(url))
            assert [row.pk for row in again.context["page_obj"].object_list] == now[:3], name
            assert newest.pk in now[:3] and again.context["paginator"].count == len(expected) + 1, name
            newest.delete()
        arms = {kind for kind, _arm in model.objects.all()._visible_arms(user.scope)}
        if not user.scope.sees_all and arms & {"readers", "country"} and pages > 2:
            # The scope's subqueries (co-reading provinces, a mission's countries) tested per row (EXISTS) on
            # the first two pages only.
            per_row = ["EXISTS" in " ".join(sqls) for sqls in reads]
            assert per_row[:2] == [True, True] and not any(per_row[2:]), name
            checked += 1
    assert checked >= 1


@pytest.mark.parametrize("kind", ["register", "delegations", "conferences"])
def test_a_searched_list_pages_through_its_matches_for_every_persona(world, client_for, monkeypatch, kind):
    """A searched list reads its matching keys, then each page's rows by key through a statement kept per list
    (core.generic.FilteredListView._rows_by_keys): every persona, one after another, gets the matches it may
    read, in the list's order, whatever the page."""
    url, view, model, build = LISTS[kind]
    build(world)
    monkeypatch.setattr(view, "paginate_by", 3)
    word = {"register": "Chưa ký", "delegations": "Đoàn", "conferences": "Hội thảo"}[kind]
    checked = 0
    for name, user in world.users.items():
        if user is None:
            continue
        expected = [pk for pk, title in model.objects.visible_to(user).order_by(*view.default_sort)
                    .values_list("pk", "title") if word.lower() in title.lower()]
        client, keys = client_for(user), []
        for number in range(1, -(-len(expected) // 3) + 1):
            response = client.get(reverse(url), {"q": word, "page": number})
            keys += [row.pk for row in response.context["page_obj"].object_list]
            assert response.context["paginator"].count == len(expected), name
        assert keys == expected, name
        checked += len(expected) > 3
    assert checked >= 1
