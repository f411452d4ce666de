"""The home page's register deadlines: counts from one aggregate and the keys of only the rows shown. Each
figure is checked against its recomputation from every row (what the page did before: read every key of
the province and filter in Python), and the own-register shortcut against `visible_to`."""
import datetime

import pytest
from django.db.models import Q
from django.test import RequestFactory

from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.panels import MAX_ITEMS, RegisterDeadlines, deadlines_panel, own_register
from ngoaivu.implementation import queries
from ngoaivu.implementation.models import Commitment
from tests.implementation.factories import agreement

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 10)
UNTIL = TODAY + datetime.timedelta(days=60)


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def register(world):
    """Agreements of province a with stored deadlines on every side of the window, and others' that the
    province's home page must not count (province b's, one marked national, one co-signed by a)."""
    rows = {
        "overdue_old": (days(-40), days(-70)), "overdue": (days(-1), days(-30)),
        "due_soon": (days(5), days(-2)), "due_today": (TODAY, TODAY), "in_window_no_alert": (days(20), days(3)),
        "alert_far": (days(200), days(-1)), "beyond": (days(90), days(30)), "no_alert": (days(10), None),
        "none": (None, None),
    }
    made = {}
    for i, (name, (due, alert)) in enumerate(rows.items()):
        a = agreement(world.a, title=f"Thỏa thuận {name}", signed_months_ago=12 + i)
        Agreement.objects.filter(pk=a.pk).update(next_due_on=due, alert_on=alert)
        made[name] = a
    for name, extra in (("b_overdue", {}), ("b_national", {"visibility": "national"})):
        b = agreement(world.b, title=f"Thỏa thuận {name}")
        Agreement.objects.filter(pk=b.pk).update(next_due_on=days(-3), alert_on=days(-20), **extra)
        made[name] = b
    cosigned = agreement(world.b, title="Thỏa thuận đồng ký")
    cosigned.co_signatories.add(world.a)
    Agreement.objects.filter(pk=cosigned.pk).update(next_due_on=days(-5), alert_on=days(-9))
    return made


def recomputed(user, condition):
    """Every key of the user's own register in deadline order, filtered in Python (the former reading)."""
    keys = []
    for a in own_register(user).order_by("next_due_on", "pk"):
        if a.next_due_on is not None and condition(a.next_due_on, a.alert_on):
            keys.append(a.pk)
    return keys


def window(end):
    return lambda due, alert: due <= end or (alert is not None and alert <= TODAY)


def overdue(due, alert):
    return due < TODAY


def due_soon(due, alert):
    return alert is not None and alert <= TODAY <= due


@pytest.mark.parametrize("persona", ["officer_a", "manager_a", "unit_officer", "central", "officer_b", "mission_officer"])
def test_counts_and_keys_equal_their_recomputation(world, register, persona):
    user = world.users[persona]
    found = RegisterDeadlines(user, TODAY, UNTIL)
    assert found.total == len(recomputed(user, window(UNTIL)))
    assert found.overdue_count == len(recomputed(user, overdue))
    assert found.due_soon_count == len(recomputed(user, due_soon))
    flagged = recomputed(user, lambda due, alert: overdue(due, alert) or due_soon(due, alert))
    assert found.flagged(MAX_ITEMS) == flagged[:MAX_ITEMS]
    assert found.flagged(2) == flagged[:2]
    assert found.flagged(3) == flagged[:3]  # (province a: two overdue, then the first due soon)
    for end, limit in ((UNTIL, 12), (days(7), 3), (TODAY, 1)):
        keys = recomputed(user, window(end))
        assert found.due_by(end, limit) == (keys[:limit], len(keys))


def test_the_province_figures(world, register):
    found = RegisterDeadlines(world.users["officer_a"], TODAY, UNTIL)
    names = {a.pk: name for name, a in register.items()}
    assert found.overdue_count == 2 and found.due_soon_count == 3  # due_soon, due_today, alert_far
    assert [names[pk] for pk in found.flagged(MAX_ITEMS)] == ["overdue_old", "overdue", "due_today", "due_soon",
                                                              "alert_far"]
    keys, total = found.due_by(UNTIL, 12)
    assert total == 7 and "beyond" not in [names[pk] for pk in keys] and "none" not in [names[pk] for pk in keys]
    # province b's own agreements, its national one and the one a co-signs are not a's home page's
    assert RegisterDeadlines(world.users["officer_b"], TODAY, UNTIL).overdue_count == 3


def test_panel_shows_the_counts(world, register, monkeypatch):
    from django.utils import timezone
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    request = RequestFactory().get("/")
    request.user = world.users["officer_a"]
    panel = deadlines_panel(request)
    assert (panel["overdue"], panel["due_soon"]) == (2, 3)
    request = RequestFactory().get("/")
    request.user = world.users["central"]
    panel = deadlines_panel(request)
    centre = RegisterDeadlines(world.users["central"], TODAY, UNTIL)
    assert (panel["overdue"], panel["due_soon"]) == (centre.overdue_count, centre.due_soon_count)
    assert panel["overdue"] == len(recomputed(world.users["central"], overdue)) >= 5


@pytest.mark.parametrize("persona", ["anonymous", "central", "central_viewer", "manager_a", "officer_a", "officer_b",
                                     "unit_officer", "mission_officer", "viewer"])
def test_own_register_is_the_visible_register_of_the_own_provinces(world, register, persona):
    """`of_own_localities` leaves out the other arms of `visible_to`'s OR: the same rows."""
    from django.contrib.auth.models import AnonymousUser
    user = world.users[persona] or AnonymousUser()
    scope = user.scope if user.is_authenticated else None
    if scope is not None and scope.sees_all:
        expected = Agreement.objects.all()
        expected_commitments = Commitment.objects.all()
    else:
        ids = scope.locality_ids if scope else ()
        expected = Agreement.objects.visible_to(user).filter(locality__in=ids)
        expected_commitments = Commitment.objects.visible_to(user).filter(agreement__locality__in=ids)
    assert set(own_register(user)) == set(expected)
    if user.is_authenticated and not queries.is_unit_user(user):
        assert set(queries.commitments_in_scope(user)) == set(expected_commitments)
    if persona == "officer_a":
        assert register["overdue"] in set(own_register(user))
        assert not own_register(user).filter(Q(pk=register["b_national"].pk) | Q(title="Thỏa thuận đồng ký")).exists()
