"""Once a day the sweep compares every kept summary with its recomputation and rebuilds each that differs
(core.summaries.sweep_step). A drift is mended and logged; a difference that a second look does not find is
left alone; between two checks the step does nothing and leaves its last run as it was; asked for by name
or by a request, it runs whenever it is asked."""
import datetime
import io
import logging

import pytest
from django.core.management import call_command
from django.db import connection

from ngoaivu.agreements import visible_counts
from ngoaivu.core import summaries, sweep
from ngoaivu.core.models import SweepJob
from ngoaivu.implementation import unit_counts

pytestmark = pytest.mark.django_db


def run_sweep(*args) -> str:
    out = io.StringIO()
    call_command("sweep", *args, stdout=out)
    return out.getvalue()


def drifted() -> list[str]:
    """The titles of the keepers whose rows differ from their recomputation."""
    return [summaries.title_of(keeper) for keeper in summaries.keepers() if keeper.differences()]


def drift():
    """Two kinds of drift, as a write no keeper saw leaves them: a count moved, and a row gone."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE agreements_visiblecount SET agreements = agreements + 5")
        cursor.execute("DELETE FROM implementation_unitcommitmentcount")
    assert drifted() == [visible_counts.TITLE, unit_counts.TITLE]


def last_check():
    return sweep.last_ok_at(summaries.STEP)


def test_the_sweep_mends_what_differs_and_logs_it(world, caplog):
    assert drifted() == []
    drift()
    with caplog.at_level(logging.WARNING, logger="ngoaivu.core.summaries"):
        out = run_sweep()
    assert drifted() == []
    call_command("summaries", "--check", stdout=io.StringIO())  # raises on any difference
    line = next(line for line in out.splitlines() if line.startswith("summaries:"))
    assert visible_counts.TITLE in line and unit_counts.TITLE in line
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(visible_counts.TITLE in message for message in warned)
    assert any(unit_counts.TITLE in message for message in warned)
    assert last_check() is not None


def test_between_two_checks_it_does_nothing_unless_asked(world):
    out = run_sweep()
    assert "mọi số liệu tổng hợp khớp với sổ đăng ký" in out
    checked = last_check()

    drift()
    out = run_sweep()
    assert "chưa đến lượt" in out
    assert drifted() == [visible_counts.TITLE, unit_counts.TITLE]
    # Not due: its last run is still the check's, so the next sweep knows when the next is due.
    assert last_check() == checked
    assert sweep.quiet_steps() == []

    # A day later (its last run moved back), the hourly sweep checks and mends.
    SweepJob.objects.filter(step=summaries.STEP).update(
        last_ok_at=checked - summaries.CHECK_EVERY - datetime.timedelta(minutes=1))
    run_sweep()
    assert drifted() == []
    assert last_check() > checked

    # Named on the command line, or requested, it runs at once.
    drift()
    run_sweep("--only", summaries.STEP)
    assert drifted() == []
    drift()
    sweep.request_step(summaries.STEP, reason="test")
    run_sweep("--only", "sessions")
    assert drifted() == []


class FakeKeeper:
    TITLE = "fake"

    def __init__(self, *checks):
        self.checks, self.rebuilt = list(checks), 0

    def differences(self):
        return self.checks.pop(0)

    def rebuild(self):
        self.rebuilt += 1
        return 1


def test_a_difference_not_found_again_is_not_rebuilt(monkeypatch):
    passing = FakeKeeper([("x", 1, 2)], [])  # a write committed between the check's two reads
    lasting = FakeKeeper([("x", 1, 2)], [("x", 1, 2), ("y", 0, 1)])
    monkeypatch.setattr(summaries, "_keepers", [passing, lasting])
    assert summaries.mend_differences() == [("fake", 2)]
    assert (passing.rebuilt, lasting.rebuilt) == (0, 1)
