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


@pytest.mark.parametrize("persona", ["officer_a", "central"])
def test_the_kept_statements_run_again_with_another_day(world, register, persona):
    """The counts and keys are statements built once per reader's scope and run with the days
    (core.statements): read on one day, then on another, each gives that day's figures."""
    user = world.users[persona]
    for today in (TODAY, days(6), days(-35), TODAY):
        until = today + datetime.timedelta(days=60)
        found = RegisterDeadlines(user, today, until)
        rows = [(a.pk, a.next_due_on, a.alert_on) for a in own_register(user).order_by("next_due_on", "pk")
                if a.next_due_on is not None]
        late = [pk for pk, due, alert in rows if due < today]
        soon = [pk for pk, due, alert in rows if alert is not None and alert <= today <= due]
        shown = [pk for pk, due, alert in rows if due <= until or (alert is not None and alert <= today)]
        assert (found.total, found.overdue_count, found.due_soon_count) == (len(shown), len(late), len(soon)), today
        assert found.flagged(4) == [pk for pk, *_ in rows if pk in late or pk in soon][:4], today
        assert found.due_by(until, 5) == (shown[:5], len(shown)), today
    assert found.total and found.overdue_count


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


def test_the_panels_plain_read_gives_the_deadlines_of_the_whole_record(world):
    """with_events reads an agreement as compute_deadlines reads it (the columns it reads, the opinions'
    requests and answers only): the same deadlines as the model with every event, for opinions answered,
    awaited and still awaited after the signing, a copy to the Ministry owed, a renewal notice rolled forward
    by its term (18 months: 25/9/2026, noticed 60 days before), and a historical record."""
    from ngoaivu.agreements import actions as register_actions
    from ngoaivu.agreements.choices import EventKind as E
    from ngoaivu.agreements.deadlines import compute_deadlines
    from ngoaivu.agreements.panels import with_events
    from tests.agreements.factories import agreement as recorded

    officer = world.users["officer_a"]
    D = datetime.date
    asked = recorded(officer, world.a, title="Hai ý kiến, một đã trả lời", today=days(-30))
    answered = register_actions.record_event(officer, asked, E.OPINION_REQUESTED, days(-30), consultee="Bộ Tư pháp",
                                             today=days(-30))
    register_actions.record_event(officer, asked, E.OPINION_REQUESTED, days(-20), consultee="Bộ Công an",
                                  today=days(-20))
    register_actions.record_event(officer, asked, E.OPINION_RECEIVED, days(-5), request=answered, opinion="agree",
                                  today=days(-5))
    signed = recorded(officer, world.a, title="Ký rồi vẫn chờ ý kiến", today=days(-40))
    register_actions.record_event(officer, signed, E.OPINION_REQUESTED, days(-40), consultee="Bộ Tài chính",
                                  today=days(-40))
    register_actions.record_event(officer, signed, E.SIGNED, days(-10), override_reason="Ký trước khi có ý kiến",
                                  today=days(-10))
    renewing = recorded(officer, world.a, title="Tự gia hạn", signed_on=D(2024, 3, 25), in_force_on=D(2024, 3, 25),
                        expires_on=D(2025, 3, 25), term_months=18, auto_renew=True, notice_days=60,
                        reported_on=D(2024, 3, 27),
                        today=TODAY)
    old = recorded(officer, world.a, historical=True, title="Hồ sơ cũ", signed_on=D(2022, 3, 1), expires_on=days(40),
                   today=TODAY)
    records = [asked, signed, renewing, old]
    read = with_events([a.pk for a in records])
    assert set(read) == {a.pk for a in records}
    shown = lambda found: [(d.kind, d.date, d.label, d.overdue) for d in found]  # noqa: E731
    for model in Agreement.objects.filter(pk__in=read).prefetch_related("events"):
        plain, opinions = read[model.pk]
        assert plain.title == model.title
        assert shown(compute_deadlines(plain, opinions, TODAY)) == \
            shown(compute_deadlines(model, list(model.events.all()), TODAY)), model.title
    labels = {d.label for a, opinions in read.values() for d in compute_deadlines(a, opinions, TODAY)}
    assert "Ý kiến của Bộ Công an" in labels and "Ý kiến của Bộ Tài chính" in labels
    assert "Ý kiến của Bộ Tư pháp" not in labels  # answered
    assert D(2026, 7, 27) in {d.date for d in compute_deadlines(*read[renewing.pk], TODAY)}
