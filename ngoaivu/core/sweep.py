"""The one sweep: every app's date-driven rules, run in a fixed order by `ngoaivu sweep` (cron, hourly).

An app registers its steps in AppConfig.ready() with `ngoaivu.core.registry.register_sweep(name, func,
order)`; func(run) returns a `StepReport` saying what it changed. Two sweeps never run at once: the
second finds the lock taken (core.locks), says so and does nothing.

A request that needs a step re-run soon (the health rules changed) calls `request_step(name)`: the next
sweep runs that step even when it was started with `--only` another one, and writes its progress to the
`SweepJob` row so the page can show "x/y".
"""
import datetime
import logging
import time
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.core import locks
from ngoaivu.core.registry import SWEEP_STEPS

logger = logging.getLogger(__name__)


@dataclass
class StepReport:
    """What one step changed: `changed` counts state changes (transition rows written); `message` says
    it in words for the log. `skipped`: a daily step not due (`run`), which did nothing: its last run stays
    the one `_record` wrote."""

    changed: int = 0
    message: str = ""
    skipped: bool = False


@dataclass
class StepResult:
    name: str
    label: str
    report: StepReport
    seconds: float
    error: Exception | None = None


@dataclass
class SweepRun:
    """What a step receives: the day to judge by and a progress callback (done, total)."""

    today: datetime.date
    step: str = ""
    _job_id: int | None = None
    _last_write: float = field(default=0.0)

    def progress(self, done: int, total: int) -> None:
        if self._job_id is None:
            return
        # A write every second at most: the page reads it, the sweep should not wait on it.
        now = time.monotonic()
        if done < total and now - self._last_write < 1.0:
            return
        self._last_write = now
        from ngoaivu.core.models import SweepJob
        SweepJob.objects.filter(pk=self._job_id).update(done=done, total=total)


def step_names() -> list[str]:
    return [step.name for step in SWEEP_STEPS]


# --- jobs asked for by a request --------------------------------------------------------------------

def request_step(name: str, user=None, reason: str = ""):
    """Mark that step `name` must run at the next sweep (cheap: one row). Returns the SweepJob."""
    from ngoaivu.core.models import SweepJob
    job, _created = SweepJob.objects.get_or_create(step=name)
    SweepJob.objects.filter(pk=job.pk).update(requested_at=timezone.now(), requested_by=user, reason=reason[:200])
    job.refresh_from_db()
    return job


def job_for(name: str):
    """The SweepJob of a step if it is pending or running, else None (for pages to show progress)."""
    from ngoaivu.core.models import SweepJob
    job = SweepJob.objects.filter(step=name).first()
    return job if job and (job.pending or job.running) else None


def _pending_jobs():
    """Jobs to run now: asked for since their last start, or started by a sweep that never finished (it
    died; we hold the lock, so no other sweep is running it)."""
    from ngoaivu.core.models import SweepJob
    return (SweepJob.objects.filter(requested_at__isnull=False)
            .filter(Q(started_at__isnull=True) | Q(requested_at__gt=F("started_at")) | Q(finished_at__isnull=True)
                    | Q(finished_at__lt=F("started_at"))))


def _claim(name: str) -> int | None:
    job = _pending_jobs().filter(step=name).first()
    if job is None:
        return None
    job.__class__.objects.filter(pk=job.pk).update(started_at=timezone.now(), done=0, total=0)
    return job.pk


def _finish(job_id: int, ok: bool) -> None:
    from ngoaivu.core.models import SweepJob
    # A failed run leaves the job pending (no start), so the next sweep tries again.
    SweepJob.objects.filter(pk=job_id).update(**({"finished_at": timezone.now()} if ok else {"started_at": None}))


def _went_through_today(name: str) -> bool:
    """Whether step `name` last went through today (local time)."""
    from ngoaivu.core.models import SweepJob
    last = SweepJob.objects.filter(step=name).values_list("last_ok_at", flat=True).first()
    return last is not None and timezone.localdate(last) >= timezone.localdate()


def _record(name: str, error: Exception | None) -> None:
    """When step `name` last went through or failed, and why (for quiet_steps and the admin)."""
    from ngoaivu.core.models import SweepJob
    now = timezone.now()
    SweepJob.objects.update_or_create(step=name, defaults={"last_ok_at": now} if error is None else {
        "last_failed_at": now, "last_error": repr(error)[:500]})


# --- the sweep's own alarm ----------------------------------------------------------------------------

def quiet_steps(now: datetime.datetime | None = None) -> list[tuple]:
    """[(step, its SweepJob or None)] of the steps that have not gone through for
    settings.SWEEP_QUIET_HOURS, or never. The sweep moves every date-driven state (an agreement expires, a
    deadline falls overdue, an agreement goes quiet): when cron stops calling it, its lock is left taken or a
    step fails each time, the pages keep showing yesterday's states and nothing else says so."""
    from django.conf import settings

    from ngoaivu.core.models import SweepJob
    since = (now or timezone.now()) - datetime.timedelta(hours=settings.SWEEP_QUIET_HOURS)
    # A daily step goes through once a day: its window is a day longer, else it would look quiet hours after
    # the sweeps that skipped it as done.
    day = datetime.timedelta(days=1)
    jobs = SweepJob.objects.in_bulk([step.name for step in SWEEP_STEPS], field_name="step")
    return [(step, jobs.get(step.name)) for step in SWEEP_STEPS
            if jobs.get(step.name) is None or jobs[step.name].last_ok_at is None
            or jobs[step.name].last_ok_at < since - (day if step.daily else datetime.timedelta(0))]


def attention(user, on_day, limit=10):
    """The to-do list's (and the daily digest's) section for administrators: the sweep's steps gone quiet."""
    from django.urls import reverse
    from django.utils.formats import date_format

    from ngoaivu.core.attention import Section
    if not user.is_superuser:
        return []
    quiet = quiet_steps()
    section = Section("sweep_quiet", _("Lượt quét tự động không chạy: trạng thái, hạn và cảnh báo không được cập "
                                       "nhật"), total=len(quiet), alarm=True)
    for step, job in quiet[:limit]:
        last = job.last_ok_at if job else None
        title = (_("Bước “%(step)s” chạy xong lần cuối lúc %(when)s") % {
            "step": step.label, "when": date_format(timezone.localtime(last), "d/m/Y H:i")} if last
            else _("Bước “%(step)s” chưa chạy xong lần nào") % {"step": step.label})
        detail = (_("Lỗi lần cuối: %(error)s") % {"error": job.last_error}) if job and job.last_error and (
            last is None or job.last_failed_at > last) else _("Kiểm tra lịch chạy lệnh “ngoaivu sweep” (cron).")
        section.items.append({"title": title, "detail": detail, "colour": "red",
                              "url": reverse("admin:core_sweepjob_changelist")})
    return [section]


# --- the run ----------------------------------------------------------------------------------------

def _retryable_requests():
    """The steps a request asked for that have not failed since (the worker leaves a step that failed to the
    hourly sweep: tried again every two seconds, a broken step would fill the log)."""
    return _pending_jobs().filter(Q(last_failed_at__isnull=True) | Q(last_failed_at__lt=F("requested_at")))


def requested() -> bool:
    """Whether a request asked for a step that has not run since (`ngoaivu worker` then runs it at once)."""
    return _retryable_requests().exists()


def run(today: datetime.date | None = None, only: str | None = None, on_step=None,
        requested_only: bool = False, wait: float = 0) -> list[StepResult] | None:
    """Run the registered steps in order (or only `only`, plus any step a request asked for; with
    `requested_only`, the asked-for steps alone: what `ngoaivu worker` runs between sweeps). Returns one
    StepResult per step run, or None when another sweep still holds the lock after `wait` seconds (nothing is
    done). The scheduled sweep waits a while: the worker holds the lock for the few seconds of an asked-for step
    (a PDF, a re-evaluation), and an hourly sweep that gave up at once would leave the day's changes an hour late."""
    deadline = time.monotonic() + wait
    while True:
        with locks.held("sweep") as acquired:
            if acquired:
                return _run_held(today or timezone.localdate(), only, on_step, requested_only)
        if time.monotonic() >= deadline:
            return None
        time.sleep(min(2.0, max(deadline - time.monotonic(), 0.1)))


def _run_held(today, only, on_step, requested_only) -> list[StepResult]:
    wanted = set() if requested_only else set(step_names()) if only is None else {only}
    wanted |= set((_retryable_requests() if requested_only else _pending_jobs()).values_list("step", flat=True))
    steps = [step for step in SWEEP_STEPS if step.name in wanted]
    # Claim every asked-for step first, so its page says "under way" while earlier steps run.
    jobs = {step.name: _claim(step.name) for step in steps}
    results = []
    for step in steps:
        started = time.monotonic()
        sweep_run = SweepRun(today=today, step=step.name, _job_id=jobs.get(step.name))
        error = None
        try:
            # A daily step runs at the first sweep of each day (local time, whatever --today says: the
            # clock decides how often, not the day judged by), or when named or requested.
            if step.daily and only != step.name and not jobs.get(step.name) and _went_through_today(step.name):
                report = StepReport(0, _("đã chạy hôm nay; bước này chạy mỗi ngày một lần"), skipped=True)
            else:
                report = step.func(sweep_run) or StepReport()
        except Exception as exc:  # noqa: BLE001 — one broken step must not stop the others
            logger.exception("sweep step %s failed", step.name)
            error, report = exc, StepReport(0, f"LỖI: {exc!r}")
        if jobs.get(step.name):
            _finish(jobs[step.name], ok=error is None)
        if error is not None or not report.skipped:
            _record(step.name, error)
        result = StepResult(step.name, str(step.label), report, time.monotonic() - started, error)
        results.append(result)
        if on_step:
            on_step(result)
    return results
