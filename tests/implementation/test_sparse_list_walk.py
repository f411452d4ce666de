"""Issue 9: a reader who sees few of a child list's records (a mission of a country with few agreements) has
its first pages' keys read through the parent's keys (core.generic's SPARSE, visible_to(through_parent=True)),
and one who sees only a few hundred has them looked up and sorted (FEW, in_array). Each form must show the
same rows in the same order as the scope tested per row, page after page, and follow a change at once.
The thresholds are lowered here so that a small world takes each path."""
import datetime

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from ngoaivu.core.models import Mission
from ngoaivu.implementation.models import Activity, Commitment
from ngoaivu.implementation.views import ActivityList, CommitmentList
from ngoaivu.partners.models import Partner
from tests.agreements.factories import agreement
from tests.conftest import make_user
from tests.implementation.test_list_rows import shown_pks

pytestmark = pytest.mark.django_db

LISTS = ((Activity, ActivityList, "/implementation/activities/", ("-occurred_on", "-pk")),
         (Commitment, CommitmentList, "/implementation/commitments/", (F("due_on").asc(nulls_last=True), "pk")))


@pytest.fixture
def countries(world):
    """30 agreements of province A with Korean partners, 3 with a Hungarian one, none with an Argentinian one;
    each with activities and commitments on days that repeat (ties broken by the key) or are missing."""
    officer = world.users["officer_a"]
    korean = Partner.objects.create(name="Gyeonggi Province", country="KR")
    hungarian = Partner.objects.create(name="Hajdú-Bihar County", country="HU")
    start = datetime.date(2024, 1, 1)
    for n in range(33):
        owner = agreement(officer, world.a, title=f"Thỏa thuận {n}", partners=[hungarian if n % 11 == 5 else korean])
        for k in range(4):
            Activity.objects.create(locality=world.a, agreement=owner, kind="meeting", title=f"Hoạt động {n}.{k}",
                                    occurred_on=start + datetime.timedelta(days=(n * 7 + k * 3) % 40))
            Commitment.objects.create(agreement=owner, description=f"Cam kết {n}.{k}",
                                      due_on=None if k == 3 else start + datetime.timedelta(days=(n * 5 + k) % 30))
    for code in ("HU", "AR"):
        mission = Mission.objects.create(name=f"Đại sứ quán ({code})", country=code, city="—")
        world.users[f"mission_{code}"] = make_user(f"mission_{code}", "mission", "officer", mission=mission)
    return world


@pytest.fixture
def thresholds(monkeypatch):
    """SPARSE: under a third of the records; FEW: up to 5 (the Hungarian mission's 12 are walked)."""
    monkeypatch.setattr(ActivityList, "SPARSE", 3, raising=False)
    monkeypatch.setattr(CommitmentList, "SPARSE", 3, raising=False)
    monkeypatch.setattr(ActivityList, "FEW", 5, raising=False)
    monkeypatch.setattr(CommitmentList, "FEW", 5, raising=False)


def expected(model, order, user):
    return list(model.objects.visible_to(user, per_row=True).order_by(*order).values_list("pk", flat=True))


@pytest.mark.parametrize("persona", ["officer_a", "mission_officer", "mission_HU", "mission_AR", "central"])
@pytest.mark.parametrize("form", [{"through_parent": True}, {"through_parent": True, "few": True}])
def test_the_forms_read_what_the_scope_reads(countries, persona, form):
    user = countries.users[persona]
    for model, _view, _path, order in LISTS:
        through = list(model.objects.visible_to(user, **form).order_by(*order).values_list("pk", flat=True))
        assert through == expected(model, order, user) == list(
            model.objects.visible_to(user).order_by(*order).values_list("pk", flat=True))


def key_reads(queries, model):
    """The statements that read a page's keys alone, through the parent's keys (no join to the agreement)."""
    table = model._meta.db_table
    return [q["sql"] for q in queries if q["sql"].startswith(f'SELECT "{table}"."id" AS "pk" FROM "{table}" WHERE')
            and "agreement_id" in q["sql"] and "JOIN \"agreements_agreement\"" not in q["sql"]]


@pytest.mark.parametrize("persona, sparse, few", [("mission_HU", True, False), ("mission_AR", True, True),
                                                  ("mission_officer", False, False), ("officer_a", False, False)])
def test_pages_show_the_rows_in_order(countries, thresholds, client_for, persona, sparse, few):
    """Every page of both lists, as the per-row scope orders them; the sparse reader's keys read through
    the parent's keys (walked, or all looked up when few), the others' as before."""
    user = countries.users[persona]
    client = client_for(user)
    for model, _view, path, order in LISTS:
        rows = expected(model, order, user)
        assert bool(rows) != (persona == "mission_AR")
        pages = max(1, -(-len(rows) // 25))
        shown = []
        for number in range(1, pages + 1):
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(f"{path}?page={number}")
            assert response.status_code == 200
            body = response.content.decode()
            shown += shown_pks(body, path)
            reads = key_reads(ctx.captured_queries, model)
            assert bool(reads) == sparse
            if few:
                assert all("LIMIT" not in sql for sql in reads)
            elif sparse:
                assert all("LIMIT" in sql for sql in reads)
        assert shown == rows


def test_a_change_shows_at_once(countries, thresholds, client_for):
    """The keys' statement is kept; its rows are read anew on each visit: a new activity of a Hungarian
    agreement comes first, one moved to a Korean agreement leaves the list, a deleted one goes."""
    user = countries.users["mission_HU"]
    client = client_for(user)
    path = "/implementation/activities/"
    before = shown_pks(client.get(path).content.decode(), path)
    assert len(before) == 12
    hungarian = Activity.objects.get(pk=before[0]).agreement
    korean = Activity.objects.exclude(agreement=hungarian).exclude(pk__in=before).first().agreement
    new = Activity.objects.create(locality=countries.a, agreement=hungarian, kind="training", title="Tập huấn mới",
                                  occurred_on=datetime.date(2025, 6, 1))
    moved = Activity.objects.get(pk=before[-1])
    moved.agreement = korean
    moved.save()
    Activity.objects.filter(pk=before[1]).delete()
    after = shown_pks(client.get(path).content.decode(), path)
    assert after == [new.pk] + [pk for pk in before if pk not in (before[1], moved.pk)]
    assert after == expected(Activity, ("-occurred_on", "-pk"), user)
    # and the mission with none now sees that agreement's activities, once a partner of its country signs it
    argentine = Partner.objects.create(name="Provincia de Córdoba", country="AR")
    hungarian.partners.add(argentine)
    shown = shown_pks(client_for(countries.users["mission_AR"]).get(path).content.decode(), path)
    assert shown == expected(Activity, ("-occurred_on", "-pk"), countries.users["mission_AR"])
    assert new.pk in shown and set(shown) == set(Activity.objects.filter(agreement=hungarian).values_list("pk", flat=True))


def test_a_reader_past_few_is_walked(countries, thresholds, client_for):
    """A reader whose records grow past FEW is walked (its keys read with a LIMIT), not read by the statement
    that read all of its few keys."""
    client = client_for(countries.users["mission_AR"])
    path = "/implementation/activities/"
    assert shown_pks(client.get(path).content.decode(), path) == []
    hungarian = Partner.objects.get(country="HU")
    hungarian.country = "AR"  # the partner's country corrected: the Argentinian mission now reads 12 rows
    hungarian.save()
    with CaptureQueriesContext(connection) as ctx:
        shown = shown_pks(client.get(path).content.decode(), path)
    assert shown == expected(Activity, ("-occurred_on", "-pk"), countries.users["mission_AR"]) and len(shown) == 12
    reads = key_reads(ctx.captured_queries, Activity)
    assert reads and all("LIMIT" in sql for sql in reads)


@pytest.mark.parametrize("persona, few", [("mission_HU", False), ("mission_HU", True), ("mission_officer", False)])
def test_short_pages_with_orphans(countries, thresholds, monkeypatch, client_for, persona, few):
    """Pages of 5 rows with 2 orphans (a last page of up to 7): every page of the walked keys, of all the keys
    read at once (FEW raised to take the Hungarian mission's 12) and of the per-row walk, in order, each row
    once, and the pager's count of pages as Django's."""
    for view in (ActivityList, CommitmentList):
        monkeypatch.setattr(view, "paginate_by", 5, raising=False)
        monkeypatch.setattr(view, "paginate_orphans", 2, raising=False)
        if few:
            monkeypatch.setattr(view, "FEW", 20, raising=False)
    user = countries.users[persona]
    client = client_for(user)
    for model, _view, path, order in LISTS:
        rows = expected(model, order, user)
        pages = max(1, (len(rows) - 2 + 4) // 5)  # Django's num_pages with orphans=2
        shown, sizes = [], []
        for number in range(1, pages + 1):
            with CaptureQueriesContext(connection) as ctx:
                body = client.get(f"{path}?page={number}").content.decode()
            page = shown_pks(body, path)
            shown += page
            sizes.append(len(page))
            reads = key_reads(ctx.captured_queries, model)
            assert bool(reads) == (persona == "mission_HU")
            assert all(("LIMIT" in sql) != few for sql in reads)
        assert shown == rows, (model, sizes)
        assert sizes[:-1] == [5] * (pages - 1) and 1 <= sizes[-1] <= 7
        # a page past the last shows the first (GOV.UK), not an error
        assert shown_pks(client.get(f"{path}?page={pages + 1}").content.decode(), path) == rows[:5]


def test_a_filtered_queryset_keeps_no_arms_for_others(countries):
    """A scope built for a filtered queryset repeats its filters in the country arm's subquery (core.scoping's
    _in_subquery): it must not be kept and served to the next reader's unfiltered one."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.core.scoping import ScopedQuerySet
    user = countries.users["mission_HU"]
    ScopedQuerySet._kept_arms.clear()
    assert not Agreement.objects.filter(title="Không có thỏa thuận này").visible_to(user, through_parent=True).exists()
    seen = set(Agreement.objects.visible_to(user, through_parent=True).values_list("pk", flat=True))
    assert seen == set(Agreement.objects.visible_to(user).values_list("pk", flat=True))
    assert len(set(Agreement.objects.filter(partners__country="HU").values_list("pk", flat=True)) & seen) == 3
