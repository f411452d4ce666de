"""Once a day the sweep compares every kept table with its recomputation and recomputes the provinces of the rows
that differ (core.summaries, a daily step of core.sweep). A drift is mended and logged, and only its provinces are
recomputed; a difference that a second look does not find is left alone; later sweeps that day skip the step and
leave its last run as it was; named or requested, it runs whenever asked; and its alarm for going quiet allows
for its once a day."""
import datetime
import io
import logging

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from ngoaivu.agreements import visible_counts
from ngoaivu.agreements.models import VisibleCount
from ngoaivu.core import kept, summaries, sweep
from ngoaivu.core.models import SweepJob
from ngoaivu.implementation import unit_counts

pytestmark = pytest.mark.django_db
STEP = "summaries"


def run_sweep(*args) -> str:
    out = io.StringIO()
    call_command("sweep", *args, stdout=out)
    return out.getvalue()


def drifted() -> list[str]:
    """The titles of the keepers whose rows differ from their recomputation."""
    return [summaries.title_of(keeper) for keeper in summaries.keepers() if keeper.differences()]


def drift(world):
    """Two kinds of drift, as a write no keeper saw leaves them: a count moved (province A's), and rows gone."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE agreements_visiblecount SET agreements = agreements + 5 WHERE locality = %s",
                       [world.a.pk])
        cursor.execute("DELETE FROM implementation_unitcommitmentcount")
    assert drifted() == [visible_counts.TITLE, unit_counts.TITLE]


def last_run():
    return SweepJob.objects.filter(step=STEP).values_list("last_ok_at", flat=True).first()


def test_the_sweep_mends_only_the_provinces_that_differ_and_logs_them(world, caplog):
    assert drifted() == []
    assert VisibleCount.objects.exclude(locality=world.a.pk).exists()
    others = {row.pk: row.agreements for row in VisibleCount.objects.exclude(locality=world.a.pk)}
    drift(world)
    with caplog.at_level(logging.WARNING, logger="ngoaivu.core.summaries"):
        out = run_sweep()
    assert drifted() == []
    call_command("summaries", "--check", stdout=io.StringIO())  # raises on any difference
    # Province A's rows recomputed; the others' rows not rewritten (the same rows, the same counts).
    assert {row.pk: row.agreements for row in VisibleCount.objects.exclude(locality=world.a.pk)} == others
    line = next(line for line in out.splitlines() if line.startswith(f"{STEP}:"))
    assert visible_counts.TITLE in line and unit_counts.TITLE in line
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("agreements_visiblecount" in m and visible_counts.TITLE in m for m in warned)
    assert any("implementation_unitcommitmentcount" in m for m in warned)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert last_run() is not None


def test_later_sweeps_that_day_skip_it_unless_it_is_asked_for(world):
    out = run_sweep()
    assert "mọi số liệu tổng hợp khớp với sổ đăng ký" in out
    checked = last_run()

    drift(world)
    out = run_sweep()
    assert "đã chạy hôm nay" in out
    assert drifted() == [visible_counts.TITLE, unit_counts.TITLE]
    # Skipped: its last run is still the check's, and no alarm says it went quiet.
    assert last_run() == checked
    assert sweep.quiet_steps() == []

    # The first sweep of the next day (its last run moved to yesterday) checks and mends.
    SweepJob.objects.filter(step=STEP).update(last_ok_at=checked - datetime.timedelta(days=1))
    run_sweep()
    assert drifted() == []
    assert last_run() >= checked

    # Named on the command line, or requested, it runs at once.
    drift(world)
    run_sweep("--only", STEP)
    assert drifted() == []
    drift(world)
    sweep.request_step(STEP, reason="test")
    run_sweep("--only", "sessions")
    assert drifted() == []


def test_its_alarm_for_going_quiet_allows_a_day_more(world):
    run_sweep()
    now = timezone.now()
    hours = datetime.timedelta(hours=1)
    SweepJob.objects.update(last_ok_at=now - 30 * hours)  # every step: over 26 hours
    quiet = {step.name for step, _job in sweep.quiet_steps(now)}
    assert STEP not in quiet and "sessions" in quiet
    SweepJob.objects.filter(step=STEP).update(last_ok_at=now - 51 * hours)
    assert STEP in {step.name for step, _job in sweep.quiet_steps(now)}


def test_a_difference_not_found_again_is_not_mended(world, monkeypatch):
    """Rows differ on the first look only (a write committed between its two reads): nothing recomputed. Rows
    that differ on both looks are; a row seen on one look only is not counted among them."""
    table = visible_counts.TABLE
    looks = iter([[(world.a.pk, "internal", 1, 2)], []])
    monkeypatch.setattr(kept.KeptTable, "differences", lambda self, scope_ids=None: (
        next(looks) if self is table and scope_ids is None else []))
    refreshed = []
    monkeypatch.setattr(kept.KeptTable, "refresh", lambda self, ids: refreshed.append((self.table, ids)))
    assert summaries.mend_differences() == []
    assert refreshed == []

    looks = iter([[(world.a.pk, "internal", 1, 2), (world.b.pk, "internal", 1, 2)],
                  [(world.a.pk, "internal", 1, 2)]])
    assert summaries.mend_differences() == [(visible_counts.TITLE, 1)]
    assert refreshed == [(table.table, {world.a.pk})]
