"""The delegation and conference lists' unfiltered totals come from counts kept per province
(exchanges.list_counts) through the scoping mechanism (ScopedQuerySet.visible_count). After each kind of
change, the kept rows equal their recomputation, `ngoaivu summaries --check` agrees, and every persona's total
equals the count of what `visible_to` gives them — which the list page shows."""
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from ngoaivu.core import summaries as hooks
from ngoaivu.core.models import Membership
from ngoaivu.exchanges import actions, list_counts
from ngoaivu.exchanges.models import Conference, Delegation, ListCount
from tests.conftest import make_user
from tests.exchanges import factories

pytestmark = pytest.mark.django_db
LISTS = ((Delegation, "exchanges:delegation_list"), (Conference, "exchanges:conference_list"))


def assert_current(world, client_for=None):
    assert list_counts.differences() == []
    call_command("summaries", "--check", stdout=io.StringIO())
    for model, url in LISTS:
        for name, user in world.users.items():
            expected = model.objects.visible_to(user).count()
            assert model.objects.visible_count(user, list_counts.counts(model)) == expected, (model, name)
            if client_for is not None and user is not None:
                response = client_for(user).get(reverse(url))
                assert response.status_code == 200, (url, name, response.status_code)
                assert response.context["paginator"].count == expected, (model, name)


def test_the_world_as_built_is_counted(world, client_for):
    factories.delegation(world.users["officer_a"], world.a)
    factories.conference(world.users["officer_b"], world.b)
    assert ListCount.objects.filter(kind="delegation").exists() and ListCount.objects.filter(kind="conference").exists()
    assert_current(world, client_for)


def test_created_deleted_and_moved_to_another_province(world, client_for):
    officer_a = world.users["officer_a"]
    mover = make_user("officer_a_and_b", "locality", "officer", locality=world.a)  # may edit both provinces'
    Membership.objects.create(user=mover, kind="locality", locality=world.b, role="officer")
    mover = type(mover).objects.get(pk=mover.pk)
    before = client_for(officer_a).get(reverse("exchanges:delegation_list")).context["paginator"].count
    trip = factories.delegation(officer_a, world.a, title="Đoàn thăm Kyoto")
    meeting = factories.conference(officer_a, world.a, title="Hội thảo du lịch biên giới")
    assert client_for(officer_a).get(reverse("exchanges:delegation_list")).context["paginator"].count == before + 1
    assert_current(world)
    # Moved to province B by an officer of both (an edit through the actions, then a plain save).
    actions.update_delegation(mover, trip, data={"locality": world.b})
    meeting.locality = world.b
    meeting.save()
    assert Delegation.objects.get(pk=trip.pk).locality == world.b
    assert client_for(officer_a).get(reverse("exchanges:delegation_list")).context["paginator"].count == before
    assert_current(world, client_for)
    Delegation.objects.get(pk=trip.pk).delete()
    Conference.objects.get(pk=meeting.pk).delete()
    assert_current(world, client_for)


def test_approval_cancellation_and_the_sweep_move_no_count(world):
    officer = world.users["officer_a"]
    trip = factories.approved_delegation(officer, world.a, countries=("KR",))
    meeting = factories.conference(officer, world.a)
    actions.cancel_delegation(officer, trip, cancelled_on=datetime.date(2026, 3, 1), reason="Đối tác hoãn")
    actions.cancel_conference(officer, meeting, cancelled_on=datetime.date(2026, 5, 1), reason="Hoãn")
    assert Delegation.objects.get(pk=trip.pk).cancelled_on is not None
    actions.sweep(today=datetime.date(2027, 1, 1))
    assert_current(world)


def test_a_re_import_that_changes_the_province_column(world, client_for):
    """The delegation import writes through the actions: its rows are counted as they land."""
    from tests.exchanges.test_delegation_reimport import _export, _upload
    officer = world.users["officer_a"]
    factories.delegation(officer, world.a, title="Đoàn nhập lại")
    client = client_for(officer)
    preview = _upload(client, _export(client))
    assert preview.context["result"].ok
    client.post(reverse("exchanges:delegation_import"), {"confirm": "1", "token": str(preview.context["run"].token)})
    assert_current(world, client_for)


def test_a_bulk_write_without_signals_is_current_inside_records_written(world):
    officer = world.users["officer_a"]
    trip = factories.delegation(officer, world.a)
    with hooks.records_written(Delegation, {trip.pk}):
        Delegation.objects.filter(pk=trip.pk).update(locality=world.b)
    assert_current(world)
    Delegation.objects.filter(pk=trip.pk).update(locality=world.a)
    assert list_counts.differences() != []  # what a bulk write outside the hook leaves
    call_command("summaries", "--rebuild", stdout=io.StringIO())
    assert_current(world)
