"""The agreement's implementation page reads only the columns it shows of its commitments, plans and
activities (implementation/views.py COMMITMENT_COLUMNS and the `only()` beside it): every shown value is
on the page, and more rows cost no more statements (a template reading a column left out would ask one
per row)."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ngoaivu.core.models import Sector, Unit
from ngoaivu.implementation.models import Activity, Commitment, Evidence, HealthChange, Plan, PlannedActivity
from tests.implementation.factories import agreement


def _add_rows(a, unit, n, start):
    sector = Sector.objects.first()
    for i in range(start, start + n):
        Commitment.objects.create(agreement=a, side="partner" if i % 2 else "vn", description=f"Cam kết số {i}",
                                  sector=sector, responsible_unit=unit if i % 2 else None,
                                  due_on=datetime.date(2026, 1, 10 + i), recurrence="yearly" if i % 3 == 0 else "none",
                                  status="fulfilled" if i % 2 else "pending", fulfilled_late=bool(i % 2) or None)
        plan = Plan.objects.create(agreement=a, year=2030 + i, responsible_unit=unit)
        PlannedActivity.objects.create(plan=plan, title=f"Dự kiến {i}")
        activity = Activity.objects.create(agreement=a, locality=a.locality, kind="meeting", title=f"Hoạt động số {i}",
                                           occurred_on=datetime.date(2026, 2, 1 + i),
                                           responsible_unit=unit if i % 2 else None)
        for _ in range(i % 3):
            Evidence.objects.create(activity=activity, file=f"evidence/{i}.pdf")


def _page(client, a):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/implementation/agreements/{a.pk}/")
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


@pytest.mark.django_db
def test_the_page_shows_every_row_read_with_only_its_columns_in_as_many_statements_for_more_rows(world, client_for):
    a = agreement(world.a, plan=False)
    unit = Unit.objects.filter(locality=world.a).first()
    client = client_for(world.users["officer_a"])
    _add_rows(a, unit, 1, 1)
    _html, one_row = _page(client, a)
    _add_rows(a, unit, 4, 2)
    html, five_rows = _page(client, a)
    assert five_rows == one_row
    for c in Commitment.objects.filter(agreement=a):
        assert c.description in html and c.get_absolute_url() in html
    for p in Plan.objects.filter(agreement=a):
        assert f'<a href="{p.get_absolute_url()}">{p}</a> — {p.get_status_display()}, 1 hoạt động dự kiến' in html
    for activity in Activity.objects.filter(agreement=a):
        n = activity.evidence.count()
        assert f'<a href="{activity.get_absolute_url()}">{activity.title}</a></td><td>{activity.get_kind_display()}</td>' \
               f'<td>{activity.responsible_unit.name if activity.responsible_unit else "—"}</td><td class="num">{n}</td>' in html
    # rows 1, 3 and 5: a commitment and an activity each with the unit (a plan's unit is not shown)
    assert html.count(unit.name) == 6
    assert "(muộn)" in html and "(hằng năm)" in html


@pytest.mark.django_db
def test_two_agreements_read_in_turn_show_their_own_rows_and_follow_changes(world, client_for):
    """The page's lists are read by statements built once and run with each agreement's key (core.statements):
    read in turn, each page shows its own rows only, and a row added after the first visit shows on the next."""
    unit = Unit.objects.filter(locality=world.a).first()
    first, second = agreement(world.a, title="Thỏa thuận thứ nhất", plan=False), agreement(
        world.a, title="Thỏa thuận thứ hai", plan=False)
    _add_rows(first, unit, 2, 1)
    _add_rows(second, unit, 1, 7)
    for a, reason in ((first, "Lý do của thỏa thuận thứ nhất"), (second, "Lý do của thỏa thuận thứ hai")):
        HealthChange.objects.create(agreement=a, sequence=1, previous="active", health="dormant", reasons=reason,
                                    changed_at=timezone.now(), trigger="sweep")
    client = client_for(world.users["officer_a"])
    for _round in range(2):
        for mine, other in ((first, second), (second, first)):
            html, _n = _page(client, mine)
            for model in (Commitment, Activity, Plan):
                for row in model.objects.filter(agreement=mine):
                    assert row.get_absolute_url() in html
                for row in model.objects.filter(agreement=other):
                    assert row.get_absolute_url() not in html
            assert mine.health_changes.get().reasons in html and other.health_changes.get().reasons not in html
    added = Activity.objects.create(agreement=second, locality=world.a, kind="meeting",
                                    title="Hoạt động mới thêm", occurred_on=datetime.date(2026, 3, 3))
    assert added.get_absolute_url() in _page(client, second)[0]
    assert added.get_absolute_url() not in _page(client, first)[0]
