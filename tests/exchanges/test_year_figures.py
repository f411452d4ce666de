"""The home panels' figures of the year (delegations out and in, reports in, conferences held) come from
figures kept per province and year (exchanges.year_figures) wherever they are what the user's records give.
After each kind of change the kept rows equal their recomputation, `ngoaivu summaries --check` agrees, and for
every persona the panel, the province page and the centre's table show what counting the records gives."""
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ngoaivu.core import summaries as hooks
from ngoaivu.core.models import Membership
from ngoaivu.exchanges import actions, figures, year_figures
from ngoaivu.exchanges.choices import Direction
from ngoaivu.exchanges.models import Conference, Delegation, YearFigure
from tests.conftest import make_user
from tests.exchanges import factories

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
D = datetime.date


def counted(user, locality=None, year=YEAR):
    return figures.summary(*figures.scoped(user, locality), year)


def assert_current(world, client_for=None):
    assert year_figures.differences() == []
    call_command("summaries", "--check", stdout=io.StringIO())
    for name, user in world.users.items():
        if user is None:
            continue
        for locality in (None, world.a, world.b):
            kept = figures.kept_totals(user, YEAR, locality)
            if kept is not None:
                assert figures.summary(*figures.scoped(user, locality), YEAR, kept=kept) == counted(user, locality), \
                    (name, locality)
        if client_for is None:
            continue
        panel = client_for(user).get(reverse("core:home_panel", args=["exchanges"]), HTTP_HX_REQUEST="true")
        if panel.status_code == 200 and panel.context and "summary" in panel.context:
            locality = panel.context["locality"]
            assert panel.context["summary"] == counted(user, locality), name
    centre = world.users["central"]
    table = client_for(centre).get(reverse("exchanges:figures")) if client_for else None
    if table is not None:
        assert table.context["totals"] == counted(centre)
        page = client_for(world.users["officer_a"]).get(reverse("exchanges:figures_locality", args=[world.a.pk]))
        assert page.context["summary"] == counted(world.users["officer_a"], world.a)


def test_the_world_as_built_is_kept_and_shown(world, client_for):
    factories.delegation(world.users["officer_a"], world.a, start_date=D(YEAR, 2, 3))
    factories.conference(world.users["officer_b"], world.b, start_date=D(YEAR, 4, 1), end_date=D(YEAR, 4, 2))
    assert YearFigure.objects.filter(year=YEAR, kind="out").exists()
    assert YearFigure.objects.filter(year=YEAR, kind="conference").exists()
    assert_current(world, client_for)


def test_a_trip_planned_returned_reported_moved_and_deleted(world, client_for):
    officer = world.users["officer_a"]
    before = counted(officer, world.a)
    trip = factories.approved_delegation(officer, world.a, direction=Direction.INBOUND, start_date=D(YEAR, 1, 12))
    assert counted(officer, world.a)["in"] == before["in"] + 1
    assert_current(world)
    actions.record_return(officer, trip, returned_on=D(YEAR, 1, 17))
    actions.submit_report(officer, Delegation.objects.get(pk=trip.pk), submitted_on=D(YEAR, 1, 20),
                          summary="Đã ký biên bản ghi nhớ")
    assert Delegation.objects.get(pk=trip.pk).status == "reported"
    assert counted(officer, world.a)["reports"] == before["reports"] + 1
    assert_current(world, client_for)
    # Moved to last year, then to province B, by an officer of both provinces.
    mover = make_user("officer_a_and_b", "locality", "officer", locality=world.a)
    Membership.objects.create(user=mover, kind="locality", locality=world.b, role="officer")
    mover = type(mover).objects.get(pk=mover.pk)
    actions.update_delegation(mover, Delegation.objects.get(pk=trip.pk),
                              data={"start_date": D(YEAR - 1, 12, 28), "end_date": D(YEAR, 1, 2)})
    assert counted(officer, world.a)["in"] == before["in"]
    assert_current(world)
    actions.update_delegation(mover, Delegation.objects.get(pk=trip.pk),
                              data={"locality": world.b, "start_date": D(YEAR, 1, 12), "end_date": D(YEAR, 1, 17)})
    assert Delegation.objects.get(pk=trip.pk).locality == world.b
    assert_current(world, client_for)
    Delegation.objects.get(pk=trip.pk).delete()
    assert_current(world, client_for)


def test_cancellations_and_the_sweep(world, client_for):
    officer = world.users["officer_a"]
    trip = factories.approved_delegation(officer, world.a, start_date=D(YEAR, 5, 4), countries=("KR",))
    meeting = factories.conference(officer, world.a, start_date=D(YEAR, 6, 1), end_date=D(YEAR, 6, 2))
    held = counted(officer, world.a)["conferences"]
    actions.cancel_delegation(officer, trip, cancelled_on=D(YEAR, 4, 1), reason="Đối tác hoãn")
    actions.cancel_conference(officer, meeting, cancelled_on=D(YEAR, 5, 1), reason="Hoãn")
    assert Conference.objects.get(pk=meeting.pk).cancelled_on is not None
    assert counted(officer, world.a)["conferences"] == held - 1
    assert_current(world)
    actions.sweep(today=D(YEAR + 1, 1, 1))
    assert_current(world, client_for)
    Conference.objects.get(pk=meeting.pk).delete()
    assert_current(world)


def test_a_bulk_write_without_signals_is_current_inside_records_written(world):
    officer = world.users["officer_a"]
    trip = factories.delegation(officer, world.a, start_date=D(YEAR, 7, 7))
    with hooks.records_written(Delegation, {trip.pk}):
        Delegation.objects.filter(pk=trip.pk).update(direction=Direction.INBOUND)
    assert_current(world)
    Delegation.objects.filter(pk=trip.pk).update(direction=Direction.OUTBOUND)
    assert year_figures.differences() != []  # what a bulk write outside the hook leaves
    call_command("summaries", "--rebuild", stdout=io.StringIO())
    assert_current(world)


def test_the_kept_figures_are_read_only_for_a_whole_province_or_the_country(world):
    """A user of several provinces may also read records of other provinces (co-readers): their panel counts."""
    assert figures.kept_totals(world.users["central"], YEAR) is not None
    assert figures.kept_totals(world.users["officer_a"], YEAR, world.a) is not None
    assert figures.kept_totals(world.users["officer_a"], YEAR, world.b) is None   # not theirs
    assert figures.kept_totals(world.users["officer_a"], YEAR) is None            # not the whole country
    assert figures.kept_totals(world.users["mission_officer"], YEAR) is None
