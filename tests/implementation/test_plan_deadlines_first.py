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
