"""The home panel reads only the first plans of each province and year (`plan_deadlines(first=N)`): they share
one due date, so the panel's eight soonest deadlines are the same as when every missing plan is read — for a
province with more than eight, some of them signed after the plan fell due (left out), and for a user of two
provinces whose plans fall due on different days."""
import datetime

import pytest

from ngoaivu.agreements.models import Agreement
from ngoaivu.core.models import Membership
from ngoaivu.implementation import queries
from ngoaivu.implementation.models import HealthSettings, Plan

pytestmark = pytest.mark.django_db
D = datetime.date
ON_DAY = D(2026, 12, 1)  # the 2026 plans fell due on 15/11/2025 (overdue), 2027's on 15/11/2026 (overdue too)


@pytest.fixture
def missing_plans(world):
    # Province B's plans fall due on 20/12 (2027's inside the panel's 60 days, not yet overdue).
    HealthSettings.objects.update_or_create(locality=world.b, defaults={"plan_due_month": 12, "plan_due_day": 20})
    for locality, name in ((world.a, "A"), (world.b, "B")):
        for n in range(12):
            # old ones lack both years' plans; those signed in 2026 (after 2026's due date) lack only 2027's
            signed = D(2019, 1, 1) + datetime.timedelta(days=97 * n) if n % 2 else D(2026, 1, 5 + n)
            a = Agreement.objects.create(locality=locality, title=f"Tỉnh {name}, thỏa thuận {n:02d}",
                                         form="ban_ghi_nho", status="in_force", signed_on=signed, in_force_on=signed)
            if n == 3:  # one with its 2026 plan: missing 2027's only
                Plan.objects.create(agreement=a, year=2026)
    both = world.users["officer_a"]
    Membership.objects.create(user=both, kind="locality", locality=world.b, role="officer")
    return both


def _shown(user, **kwargs):
    rows, _total = queries.next_deadlines(user, ON_DAY, days=60, limit=8, **kwargs)
    return [(r["date"], r["title"], r["overdue"]) for r in rows]


def test_the_first_plans_of_each_province_and_year_give_the_panel_it_would_show(world, missing_plans):
    for user in (missing_plans, world.users["officer_b"], world.users["manager_a"]):
        user = type(user).objects.get(pk=user.pk)  # a fresh scope (the membership added above)
        everything = _shown(user)
        assert len(everything) == 8
        assert _shown(user, plans_read=8) == everything
    # what the two-province user is shown: the overdue plans first, province A's 2026 ones among them
    shown = _shown(type(missing_plans).objects.get(pk=missing_plans.pk), plans_read=8)
    assert all(late for _date, _title, late in shown)
    assert any("năm 2026" in title for _date, title, _late in shown)


def test_first_keeps_the_first_of_each_year_newest_signed_first(world, missing_plans):
    user = world.users["officer_b"]
    rows = queries.plan_deadlines(user, ON_DAY, 60, complete=True, first=3)
    years = [(r["date"].year + 1, r["title"]) for r in rows]
    # three of each year at most, newest signed first; B's 2026 plans: only the old agreements (the 2026
    # signatures came after 20/12/2025)
    assert len([y for y, _ in years if y == 2026]) == 3 and len([y for y, _ in years if y == 2027]) == 3
    titles_2026 = [t for y, t in years if y == 2026]
    assert titles_2026 == [f"Kế hoạch triển khai năm 2026 — Tỉnh B, thỏa thuận {n:02d}" for n in (11, 9, 7)]


def _plan_reads(user, on_day, **kwargs):
    """(the rows, the statements that read the agreements missing a plan)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as ctx:
        rows = queries.plan_deadlines(user, on_day, 60, **kwargs)
    return rows, sum('"implementation_plan"' in q["sql"] for q in ctx.captured_queries)


def test_next_years_plans_are_read_only_once_their_due_date_is_near(world, missing_plans):
    """Next year's plans are listed when their due date is within the horizon: before that, their
    statement is not sent at all (it read rows only to drop them), for a province's panel and the centre's."""
    officer_b, centre = world.users["officer_b"], world.users["central"]
    spring = D(2026, 4, 1)  # 2027's plans fall due on 15/11 (A) and 20/12/2026 (B): beyond 60 days
    rows, reads = _plan_reads(officer_b, spring, first=8)
    assert reads == 1 and rows and {r["date"] for r in rows} == {D(2025, 12, 20)}
    rows, reads = _plan_reads(centre, spring)
    assert reads == 1 and {r["date"] for r in rows} == {D(2025, 11, 15), D(2025, 12, 20)}
    # 20/10: A's 2027 plans (due 15/11) are within 60 days, B's (20/12) not yet: the centre reads next
    # year's and lists A's only; B's own panel still does not read them.
    autumn = D(2026, 10, 20)
    rows, reads = _plan_reads(centre, autumn)
    assert reads == 2 and {r["date"] for r in rows} == {D(2025, 11, 15), D(2025, 12, 20), D(2026, 11, 15)}
    rows, reads = _plan_reads(officer_b, autumn, first=8)
    assert reads == 1 and {r["date"] for r in rows} == {D(2025, 12, 20)}
    # On ON_DAY both years' are due or overdue: two reads each.
    assert _plan_reads(officer_b, ON_DAY, first=8)[1] == 2 and _plan_reads(centre, ON_DAY)[1] == 2


def test_the_centre_is_shown_the_plans_owed_not_the_newest_agreements_that_owe_none(world):
    """The centre reads up to 200 missing plans a year, newest signed first: the newest agreements, signed
    after the plan fell due, owe none and must not fill those 200 (they did, and the centre was shown no
    overdue plan). Each province's own due date decides: B's 2026 plans fell due on 20/12/2025."""
    HealthSettings.objects.update_or_create(locality=world.b, defaults={"plan_due_month": 12, "plan_due_day": 20})
    Agreement.objects.bulk_create(
        Agreement(locality=world.a, title=f"Thỏa thuận mới {n:03d}", form="ban_ghi_nho", status="in_force",
                  signed_on=D(2025, 11, 20) + datetime.timedelta(days=n)) for n in range(205))
    owing = [Agreement.objects.create(locality=locality, title=title, form="ban_ghi_nho", status="in_force",
                                      signed_on=signed)
             for locality, title, signed in ((world.a, "A, ký trước hạn", D(2025, 3, 1)),
                                             (world.b, "B, ký trước hạn của B", D(2025, 12, 1)))]
    Agreement.objects.create(locality=world.a, title="A, ký sau hạn", form="ban_ghi_nho", status="in_force",
                             signed_on=D(2025, 12, 1))  # after A's due date (15/11/2025): owes no 2026 plan
    rows = queries.plan_deadlines(world.users["central"], ON_DAY, 60, complete=True)
    titles_2026 = {r["title"] for r in rows if "năm 2026" in r["title"]}
    assert {f"Kế hoạch triển khai năm 2026 — {a.title}" for a in owing} <= titles_2026
    assert not any("mới" in t or "ký sau hạn" in t for t in titles_2026)
    assert {r["date"] for r in rows if "năm 2026" in r["title"]} >= {D(2025, 11, 15), D(2025, 12, 20)}
    # A's own rules bring its due date before the national one (01/10): one signed between the two owes
    # nothing in A, though it would on the national date.
    HealthSettings.objects.update_or_create(locality=world.a, defaults={"plan_due_month": 10, "plan_due_day": 1})
    Agreement.objects.create(locality=world.a, title="A, ký giữa hai hạn", form="ban_ghi_nho", status="in_force",
                             signed_on=D(2025, 10, 15))
    rows = queries.plan_deadlines(world.users["central"], ON_DAY, 60, complete=True)
    titles_2026 = {r["title"] for r in rows if "năm 2026" in r["title"]}
    assert f"Kế hoạch triển khai năm 2026 — {owing[0].title}" in titles_2026
    assert not any("giữa hai hạn" in t for t in titles_2026)
    assert {r["date"] for r in rows if owing[0].title in r["title"] and "năm 2026" in r["title"]} == {D(2025, 10, 1)}


def test_a_historical_record_owes_the_plans_due_after_its_entry_in_the_register(world):
    """A historical record's plans are due from its entry in the register, in local time: entered at 23:30 on
    14/11/2025 it owes 2026's plan (due 15/11/2025), entered at 00:30 on 15/11 it does not (both entries fall
    on 14/11 in UTC). Both owe 2027's. A record signed long ago but not historical owes both."""
    import zoneinfo
    hanoi = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    made = {}
    for title, historical, entered, signed in (
            ("Nhập trước hạn", True, datetime.datetime(2025, 11, 14, 23, 30, tzinfo=hanoi), D(2010, 5, 1)),
            ("Nhập sau nửa đêm", True, datetime.datetime(2025, 11, 15, 0, 30, tzinfo=hanoi), D(2010, 5, 1)),
            ("Không phải hồ sơ cũ", False, datetime.datetime(2026, 3, 1, 9, 0, tzinfo=hanoi), D(2010, 5, 1)),
            ("Chưa rõ ngày ký", False, datetime.datetime(2026, 3, 1, 9, 0, tzinfo=hanoi), None)):
        a = Agreement.objects.create(locality=world.a, title=title, form="ban_ghi_nho", status="in_force",
                                     signed_on=signed, historical=historical)
        Agreement.objects.filter(pk=a.pk).update(created_at=entered)
        made[title] = a
    for user, kwargs in ((world.users["officer_a"], {"first": 8}), (world.users["central"], {})):
        rows = queries.plan_deadlines(user, ON_DAY, 60, complete=True, **kwargs)
        owed = {(r["title"].split(" — ")[1], r["date"].year + 1) for r in rows if r["title"].split(" — ")[1] in made}
        assert owed == {("Nhập trước hạn", 2026), ("Nhập trước hạn", 2027), ("Nhập sau nửa đêm", 2027),
                        ("Không phải hồ sơ cũ", 2026), ("Không phải hồ sơ cũ", 2027),
                        ("Chưa rõ ngày ký", 2026), ("Chưa rõ ngày ký", 2027)}, user  # no known start: owes


def test_kept_panel_reads_match_the_reads_built_each_time_for_every_persona_and_day(world, missing_plans):
    """The panel's plans (`plans_read`), its first overdue commitments and its register agreements are read by
    statements built once per scope (and year, or number of keys) and run with each day, province and due
    date (core.statements). Interleaved across personas and days from one cache, each equals the same read
    built on the spot: the plans read in full, the commitments' queryset, the agreements' own rows."""
    from ngoaivu.agreements.panels import with_events
    from ngoaivu.core import statements
    from ngoaivu.implementation.models import Commitment
    from ngoaivu.implementation.views import _first_overdue
    for n, a in enumerate(Agreement.objects.filter(title__startswith="Tỉnh").order_by("pk")):
        Commitment.objects.create(agreement=a, description=f"Cam kết {n:02d}",
                                  due_on=D(2025, 1, 1) + datetime.timedelta(days=40 * n))
    # Province B's officer first: a statement kept for B's scope alone and run for the two-province user's A would
    # find none of A's plans.
    users = [type(u).objects.get(pk=u.pk) for u in (world.users["officer_b"], missing_plans, world.users["manager_a"],
                                                    world.users["unit_officer"])]
    days = (ON_DAY, D(2025, 11, 20), D(2026, 12, 25), D(2027, 3, 1), D(2025, 6, 1))
    statements._compiled.clear()
    plans = late = 0
    for day in days:
        for user in users:
            shown = [(r["date"], r["title"], r["overdue"]) for r in queries.next_deadlines(
                user, day, days=60, limit=8, plans_read=8)[0]]
            assert shown == [(r["date"], r["title"], r["overdue"])
                             for r in queries.next_deadlines(user, day, days=60, limit=8)[0]], (user, day)
            overdue = [(c.pk, c.description, c.due_on) for c in _first_overdue(user, day, 8)]
            assert overdue == [(c.pk, c.description, c.due_on) for c in queries.overdue_commitments(
                user, day, in_force=True).order_by("due_on", "pk")[:8]], (user, day)
            plans, late = plans + len(shown), late + len(overdue)
    assert plans and late, "the personas must be shown some plans and overdue commitments"
    keys = list(Agreement.objects.order_by("pk").values_list("pk", flat=True))
    for pks in (keys[:3], keys[3:6], keys[-1:], keys[:1], keys[5:8] + keys[5:6]):
        read = with_events(pks)
        assert sorted(read) == sorted(set(pks))
        for pk, (row, events) in read.items():
            a = Agreement.objects.get(pk=pk)
            assert (row.title, row.status, row.signed_on, row.locality_id) == (a.title, a.status, a.signed_on,
                                                                                a.locality_id)
