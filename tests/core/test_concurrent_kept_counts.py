"""Kept summaries stay equal to their recomputation when two writers of one record meet on PostgreSQL. A keeper
(core.kept) reads a record's share before and after its save; a write sent without a version token (the API
without If-Match) took no lock before its save, so it read the record as it was before a colleague's uncommitted
save and added a difference from a state that was gone. `check_version` now locks the row whether or not a token
was sent. The test holds one save open in another connection's transaction, makes the other here, and checks
every kept table once both have committed.

SQLite is left out: its transactions begin IMMEDIATE, so the second writer cannot even begin before the first
has committed (the interleaving cannot be made)."""
import io
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from rest_framework.test import APIClient

from ngoaivu.core import summaries
from ngoaivu.core.concurrency import version_of
from ngoaivu.core.models import Unit
from ngoaivu.implementation import actions
from ngoaivu.implementation.models import Commitment

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif("connection.vendor != 'postgresql'", reason="SQLite serializes its writers")]

WAIT = 5  # seconds the open transaction waits for this one to queue behind it before committing anyway


def someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else the view is read once per transaction
        cursor.execute("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                       "AND datname = current_database()")
        return cursor.fetchone()[0] > 0


def while_open(change, then):
    """`change` in another connection's transaction; while it is uncommitted, `then` here. The other commits
    once `then` waits for one of its locks (or has finished, or after WAIT seconds)."""
    ready, finished, errors = threading.Event(), threading.Event(), []

    def other():
        try:
            with transaction.atomic():
                change()
                ready.set()
                until = time.monotonic() + WAIT
                while time.monotonic() < until and not finished.is_set() and not someone_waits_for_a_lock():
                    time.sleep(0.02)
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
            ready.set()
        finally:
            connection.close()

    thread = threading.Thread(target=other)
    thread.start()
    assert ready.wait(WAIT * 2)
    try:
        then()
    finally:
        finished.set()
        thread.join(WAIT * 2)
    assert not errors, errors


def assert_kept_current():
    """Every kept table equals its recomputation (the command raises naming the first that does not)."""
    for keeper in summaries.keepers():
        assert keeper.differences() == [], getattr(keeper, "__name__", keeper)
    call_command("summaries", "--check", stdout=io.StringIO())


def idle_units(world, n):
    units = list(Unit.objects.filter(locality=world.a).exclude(commitments__isnull=False).order_by("pk")[:n])
    assert len(units) == n
    return units


def test_two_saves_of_one_commitment_one_through_the_api_without_if_match(world):
    """A colleague's save of the commitment is uncommitted when a PATCH without If-Match moves it to another host
    body. Without the row's lock the PATCH read the commitment's body as it was before either save: its
    difference subtracted the old body a second time and left the colleague's body counted for a commitment it
    no longer hosts."""
    officer = world.users["officer_a"]
    first, second, third = idle_units(world, 3)
    commitment = Commitment.objects.create(agreement=world.impl_agreement_a, side="vn", description="Hội chợ",
                                           responsible_unit=first)
    api = APIClient()
    api.force_authenticate(officer)

    def theirs():
        copy = Commitment.objects.get(pk=commitment.pk)
        copy.responsible_unit = second
        actions.save_commitment(officer, copy, version=version_of(copy))

    def my_patch():
        response = api.patch(f"/api/commitments/{commitment.pk}/", {"responsible_unit": third.pk}, format="json")
        assert response.status_code == 200, response.content

    while_open(theirs, my_patch)

    assert Commitment.objects.get(pk=commitment.pk).responsible_unit_id == third.pk
    assert_kept_current()
