"""The daily sweep visits only the trips and conferences whose status the dates have moved, or whose report
deadline an announced day off has moved: it used to lock and read again every open record of the country, one
transaction each (4,659 at national scale, 47 s every hour to move none). What it leaves behind must be
what visiting every record left."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ngoaivu.core.models import CalendarDay
from ngoaivu.exchanges import actions, rules
from ngoaivu.exchanges.choices import ConferenceStatus, DelegationStatus
from ngoaivu.exchanges.models import Conference, Delegation, ExchangeSettings
from tests.exchanges import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def _trips(officer, locality):
    """Approved trips of every shape against today: before, on and after their dates, returned early."""
    trips = [factories.approved_delegation(officer, locality, start_date=TODAY + DAY * offset)
             for offset in (-30, -5, -1, 0, 1, 10)]
    actions.record_return(officer, Delegation.objects.get(pk=trips[2].pk), returned_on=TODAY - DAY)  # started yesterday
    return [t.pk for t in trips]


def test_the_sql_status_is_the_rules_status_for_every_shape_and_day(world):
    officer = world.users["officer_a"]
    keys = _trips(officer, world.a)
    for day in (TODAY - DAY * 40, TODAY - DAY, TODAY, TODAY + DAY, TODAY + DAY * 7, TODAY + DAY * 60):
        derived = dict(Delegation.objects.filter(pk__in=keys).annotate(d=rules.approved_delegation_status_sql(day))
                       .values_list("pk", "d"))
        for trip in Delegation.objects.filter(pk__in=keys):
            assert derived[trip.pk] == rules.delegation_status(trip, today=day)[0], (trip.pk, day)


def test_the_sweep_moves_exactly_what_visiting_every_record_moved(world):
    officer = world.users["officer_a"]
    keys = _trips(officer, world.a)
    conference = factories.conference(officer, world.a, start_date=TODAY + DAY * 2, end_date=TODAY + DAY * 3)
    actions.approve_conference(officer, conference, decision_number="45/QĐ-UBND", decision_date=TODAY - DAY)
    later = TODAY + DAY * 12
    expected = {pk: rules.delegation_status(Delegation.objects.get(pk=pk), today=later)[0] for pk in keys}
    flips = sum(Delegation.objects.get(pk=pk).status != expected[pk] for pk in keys) + 1  # and the conference
    assert flips > 2

    assert actions.sweep(today=later) == flips
    assert {pk: Delegation.objects.get(pk=pk).status for pk in keys} == expected
    assert Conference.objects.get(pk=conference.pk).status == ConferenceStatus.HELD
    # Each flip is a stored change with its reason, as before.
    moved = Delegation.objects.get(pk=keys[-1])  # leaves in 10 days, back on day 15: under way on day 12
    assert moved.status == DelegationStatus.UNDER_WAY
    assert moved.status_changes.order_by("-pk").values_list("new_status", flat=True)[0] == DelegationStatus.UNDER_WAY
    assert actions.sweep(today=later) == 0  # nothing left to move


def test_records_already_in_their_status_are_not_visited(world):
    """The statements of a sweep that moves nothing do not grow with the open records."""
    officer = world.users["officer_a"]

    def statements():
        with CaptureQueriesContext(connection) as captured:
            assert actions.sweep(today=TODAY) == 0
        return len(captured.captured_queries)

    _trips(officer, world.a)
    actions.sweep(today=TODAY)
    few = statements()
    _trips(world.users["officer_b"], world.b)
    _trips(officer, world.a)
    actions.sweep(today=TODAY)
    assert statements() == few


def test_an_announced_day_off_moves_a_working_day_report_deadline_on_the_next_sweep(world):
    """A province that counts the report's days in working days: an extra day off entered in the admin
    moves the deadline of its trips not yet reported (the sweep did it by visiting every trip)."""
    manager, officer = world.users["manager_a"], world.users["officer_a"]
    actions.save_exchange_settings(manager, ExchangeSettings(locality=world.a, report_days=10,
                                                             report_in_working_days=True))
    trip = factories.approved_delegation(officer, world.a, start_date=TODAY - DAY * 3)  # back in 2 days
    other = factories.approved_delegation(world.users["officer_b"], world.b, start_date=TODAY - DAY * 3)  # calendar days
    before, other_due = Delegation.objects.get(pk=trip.pk).report_due, Delegation.objects.get(pk=other.pk).report_due
    # A working day inside the report's period becomes a day off.
    day = trip.end_date + DAY
    while not rules.add_working_days(day - DAY, 1) == day:
        day += DAY
    CalendarDay.objects.create(date=day, kind="off", note="Nghỉ bù")

    actions.sweep(today=TODAY)
    stored = Delegation.objects.get(pk=trip.pk)
    assert stored.report_due == rules.delegation_report_due(stored.return_date, ExchangeSettings.for_locality(world.a))
    assert stored.report_due > before
    assert Delegation.objects.get(pk=other.pk).report_due == other_due
