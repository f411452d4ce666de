"""Issue 9, fifth session: the home panels read less (counts answered from the deadline index, only the
columns a panel writes, plan start dates computed by the database). What every panel shows must not change:
each panel's HTML, for every persona, equals the HTML the previous computation (kept here as reference
functions) renders from the same records."""
import datetime

import pytest
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from ngoaivu.agreements import panels
from ngoaivu.core import registry
from ngoaivu.implementation import queries, views
from tests.conftest import PERSONAS
from tests.core.test_lazy_panels import normalised

pytestmark = pytest.mark.django_db


# --- the previous computation -----------------------------------------------------------------------------

class ReferenceDeadlines(panels.RegisterDeadlines):
    """The counts as they were computed before: COUNT(id), which read every row of the table."""

    def __init__(self, user, today, until):
        super().__init__(user, today, until)
        figures = self._keys().filter(self._due_by(until, today)).aggregate(
            total=Count("pk"), overdue=Count("pk", filter=self._overdue(today)),
            due_soon=Count("pk", filter=self._due_soon(today)))
        self.total, self.overdue_count, self.due_soon_count = figures["total"], figures["overdue"], figures["due_soon"]


def reference_first_overdue(user, today, limit):
    commitments = reference_overdue_commitments(user, today, in_force=True)
    ids = list(commitments.order_by("due_on", "pk").values_list("pk", flat=True)[:limit])
    rows = views.Commitment.objects.filter(pk__in=ids).select_related("agreement", "responsible_unit").in_bulk()
    return [rows[pk] for pk in ids]


def reference_overdue_commitments(user, today, in_force=False):
    """The commitments as the panel read them before the seventh session: joined to the agreements (the home
    panel's: of agreements in force only, as its total counts them)."""
    found = queries.commitments_in_scope(user).filter(status__in=("pending", "in_progress"), due_on__lt=today)
    return found.filter(agreement__status=queries.IN_FORCE) if in_force else found


def reference_open_deadlines(user, limit=8, today=None, days=30):
    """The exchanges panel's deadlines as read before the seventh session: every deadline of the window."""
    from ngoaivu.exchanges.agenda import deadline_entries
    today = today or timezone.localdate()
    rows = deadline_entries(user, today - datetime.timedelta(days=60), today + datetime.timedelta(days=days), today)
    return sorted((e for e in rows if not e.done and (e.overdue or e.start >= today)),
                  key=lambda e: (e.start, e.title))[:limit]


original_dormant_list = queries.dormant_list


def reference_dormant_list(qs, limit=10, columns=None, key=None):
    return original_dormant_list(qs, limit)  # every column, with the province


def reference_plan_deadlines(user, on_day, horizon_days=60, complete=True, first=None):  # reads 200 a year
    rules = queries.HealthSettings.rules_by_locality()
    rows = []
    agreements = queries.own_agreements(user).filter(status=queries.IN_FORCE)
    if queries.is_unit_user(user):
        return rows
    for year in (on_day.year, on_day.year + 1):
        # (newest signed, then last entered first: the order since the twelfth session)
        missing = (agreements.exclude(Exists(queries.Plan.objects.filter(agreement=OuterRef("pk"), year=year)))
                   .order_by("-signed_on", "-pk").values_list("pk", "title", "locality_id", "signed_on", "historical", "created_at"))
        for pk, title, locality_id, signed_on, historical, created_at in missing[:200]:
            due = rules.get(locality_id, rules[None]).plan_due_on(year)
            start = timezone.localtime(created_at).date() if historical else signed_on
            if start and start >= due:
                continue
            if year == on_day.year or (due - on_day).days <= horizon_days:
                row = {"date": due, "kind": "plan", "overdue": due < on_day, "plan_of": (pk, title, year)}
                rows.append(queries.complete_plan_row(row) if complete else row)
    return rows


def use_reference(monkeypatch):
    monkeypatch.setattr(panels, "RegisterDeadlines", ReferenceDeadlines)
    monkeypatch.setattr(queries, "RegisterDeadlines", ReferenceDeadlines)
    monkeypatch.setattr(views, "_first_overdue", reference_first_overdue)
    monkeypatch.setattr(queries, "overdue_commitments", reference_overdue_commitments)
    from ngoaivu.exchanges.views import figures as exchanges_figures
    monkeypatch.setattr(exchanges_figures, "open_deadlines", reference_open_deadlines)
    monkeypatch.setattr(queries, "dormant_list", reference_dormant_list)
    monkeypatch.setattr(queries, "plan_deadlines", reference_plan_deadlines)


# --- records that every changed piece reads ---------------------------------------------------------------

@pytest.fixture
def busy(world):
    """Province A with a dormant agreement, overdue commitments (one with a responsible unit), historical
    records without plans entered before and after their plans fell due, and register deadlines."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.implementation.models import Commitment
    from tests.implementation.factories import agreement
    today = timezone.localdate()
    dormant = agreement(world.a, title="Thỏa thuận ngủ quên Gyeonggi", signed_months_ago=30)
    Agreement.objects.filter(pk=dormant.pk).update(health="dormant", health_reasons="Không có hoạt động 24 tháng")
    old_record = agreement(world.a, title="Hồ sơ lịch sử nhập sớm", plan=False, historical=True)
    new_record = agreement(world.a, title="Hồ sơ lịch sử nhập muộn", plan=False, historical=True)
    Agreement.objects.filter(pk=old_record.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=800))
    Agreement.objects.filter(pk=new_record.pk).update(created_at=timezone.now())
    unsigned_plan = agreement(world.a, title="Thỏa thuận chưa có kế hoạch", plan=False)
    for n, (unit, days) in enumerate(((world.unit_a, 40), (None, 10), (world.unit_a, 3))):
        Commitment.objects.create(agreement=unsigned_plan, description=f"Cam kết trễ hạn số {n}",
                                  responsible_unit=unit, due_on=today - datetime.timedelta(days=days))
    # register deadlines: one overdue, one in its alert window, one beyond the horizon
    for title, due, alert in (("Hạn báo cáo đã qua", -5, -20), ("Hạn sắp tới", 10, -1), ("Hạn còn xa", 200, 150)):
        a = agreement(world.a, title=title)
        Agreement.objects.filter(pk=a.pk).update(next_due_on=today + datetime.timedelta(days=due),
                                                 alert_on=today + datetime.timedelta(days=alert))
    return {"dormant": dormant, "old_record": old_record, "new_record": new_record}


def panel_html(client, name):
    response = client.get(reverse("core:home_panel", args=[name]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return normalised(response.content.decode())


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_every_panel_shows_what_the_previous_computation_showed(world, busy, client_for, persona, monkeypatch):
    client = client_for(world.users[persona])
    now = {name: panel_html(client, name) for name in sorted(registry.LAZY_PANELS)}
    use_reference(monkeypatch)
    before = {name: panel_html(client, name) for name in sorted(registry.LAZY_PANELS)}
    for name in now:
        assert now[name] == before[name], (persona, name)


def test_the_compared_panels_show_the_records_that_exercise_the_change(world, busy, client_for):
    """So that the comparison above cannot pass on empty panels."""
    officer = client_for(world.users["officer_a"])
    implementation = panel_html(officer, "implementation")
    assert "Thỏa thuận ngủ quên Gyeonggi" in implementation and "Không có hoạt động 24 tháng" in implementation
    assert "Cam kết trễ hạn số 0" in implementation and world.unit_a.name in implementation
    # the historical record entered long ago has this year's plan due; the one entered today does not
    assert "Hồ sơ lịch sử nhập sớm" in implementation
    assert "Hồ sơ lịch sử nhập muộn" not in implementation
    assert "Thỏa thuận chưa có kế hoạch" in implementation
    found = panels.RegisterDeadlines(world.users["central"], timezone.localdate(),
                                     timezone.localdate() + datetime.timedelta(days=panels.HOME_DAYS))
    reference = ReferenceDeadlines(world.users["central"], timezone.localdate(),
                                   timezone.localdate() + datetime.timedelta(days=panels.HOME_DAYS))
    assert (found.total, found.overdue_count, found.due_soon_count) == (
        reference.total, reference.overdue_count, reference.due_soon_count)
    assert found.overdue_count >= 1 and found.due_soon_count >= 1
    deadlines = panel_html(client_for(world.users["central"]), "agreements-deadlines")
    assert "Hạn báo cáo đã qua" in deadlines and "Hạn còn xa" not in deadlines
