"""Long work out of the web request: a request writes a `Job` row and shows its page; `ngoaivu worker` (or,
when no worker runs, the hourly sweep) does the work and writes its progress; the page follows it and, when
the job is done, offers the file it made or sends the user on.

gunicorn stops a request at 30 s. The centre's export of the whole register as Excel took 17-21 s of CPU
on an idle machine (and 78-104 s before the export read its rows in chunks); a busy machine or a bigger
register pushes such work past the limit and the official gets an error after waiting for it. Small work
stays in the request (a province's export of a few thousand rows takes a second or two): only past
`settings.EXPORT_INLINE_ROWS` rows is an export a job.

Kinds of job are registered by the apps (core.registry.register_job, or `register_export` for a list's
download); a job keeps what it needs to do the work again from the source (an export keeps the list's query
string and reads the rows in its requester's scope when it runs, never rows the request read).

Two processes never run the same job: a job is claimed by one conditional UPDATE (pending -> running). A
job whose process died is taken again once its heartbeat (written with its progress) is STALE_AFTER old.
"""
import datetime
import logging
import threading
import time
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, close_old_connections, connection
from django.db.models import F, Q
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ngoaivu.core.choices import JobState
from ngoaivu.core.exports import attachment
from ngoaivu.core.models import Job
from ngoaivu.core.numbers import vn_number
from ngoaivu.core.registry import JOB_KINDS, register_job
from ngoaivu.core import sweep
from ngoaivu.core.sweep import StepReport

logger = logging.getLogger(__name__)

STALE_AFTER = datetime.timedelta(minutes=10)
# A job whose process died this many times (it may be what kills it: memory) is not taken again.
MAX_ATTEMPTS = 3
# How long a finished job (and its file) stays for its requester to download it.
KEEP_FOR = datetime.timedelta(days=2)


class JobFailed(Exception):
    """The job cannot be done, for a reason its requester can act on: args[0] says it in their language;
    args[1], if given, is the page where they can do something about it (the import page, to upload again)."""


@dataclass
class Outcome:
    """What a job leaves: a file to download (`content`, `filename`) and/or a page to go on to (`url`), and
    what to tell its requester (`message`)."""

    content: bytes | None = None
    filename: str = ""
    url: str = ""
    message: str = ""


# --- asking ---------------------------------------------------------------------------------------------

def request_job(kind: str, user, title: str, params: dict, total: int = 0, join_running: bool = True) -> Job:
    """The job `kind` with `params` for `user`: the one already waiting or under way for the same (a double
    click, the page opened twice) or a new one. join_running=False: a job under way is not joined, for a job
    that reads what the request has just saved (it may have read it already)."""
    states = [JobState.PENDING, JobState.RUNNING] if join_running else [JobState.PENDING]
    waiting = Job.objects.filter(requested_by=user, kind=kind, state__in=states)
    for job in waiting:
        if job.params == params:
            return job
    return Job.objects.create(kind=kind, title=str(title)[:200], params=params, requested_by=user, total=total,
                              requested_at=timezone.now(), language=translation.get_language() or "vi")


def under_way(kind: str, **params):
    """Anyone's job `kind` waiting or under way whose params hold `params` (a record's page tells its other
    editors that its file is being made), the oldest first; None if there is none."""
    lookups = {f"params__{key}": value for key, value in params.items()}
    return (Job.objects.filter(kind=kind, state__in=[JobState.PENDING, JobState.RUNNING], **lookups)
            .select_related("requested_by").order_by("requested_at", "pk").first())


# --- doing ----------------------------------------------------------------------------------------------

class Progress:
    """progress(done[, total]): written to the job at most once a second (the page reads it; the work should
    not wait on it), with the heartbeat that tells a live job from one whose process died."""

    def __init__(self, job: Job):
        self.job, self._last = job, 0.0

    def __call__(self, done: int, total: int | None = None) -> None:
        now = time.monotonic()
        if total is not None:
            self.job.total = total
        if now - self._last < 1.0:
            return
        self._last = now
        ours(self.job).update(done=done, total=self.job.total, heartbeat_at=timezone.now())


def ours(job):
    """The job's row while this process's claim holds: a job taken again (its beat had stopped) belongs to the
    process that took it, and the first one's late writes must not overwrite what the second one made."""
    return Job.objects.filter(pk=job.pk, started_at=job.started_at)


def _claim() -> Job | None:
    """The oldest job waiting (or left running by a process that died), now marked running by this process."""
    now = timezone.now()
    candidates = (Job.objects.filter(Q(state=JobState.PENDING) | Q(state=JobState.RUNNING,
                                                                   heartbeat_at__lt=now - STALE_AFTER))
                  .order_by("requested_at", "pk").only("pk", "state", "heartbeat_at")[:10])
    # A job left running by a process that died: given up after MAX_ATTEMPTS (it may be what killed it).
    Job.objects.filter(state=JobState.RUNNING, heartbeat_at__lt=now - STALE_AFTER, attempts__gte=MAX_ATTEMPTS).update(
        state=JobState.FAILED, finished_at=now, message=_gave_up())
    for job in candidates:
        claimed = (Job.objects.filter(pk=job.pk, state=job.state, heartbeat_at=job.heartbeat_at)
                   .update(state=JobState.RUNNING, started_at=now, heartbeat_at=now, done=0,
                           attempts=F("attempts") + 1))
        if claimed:
            return Job.objects.select_related("requested_by").get(pk=job.pk)
    return None


def run_next() -> Job | None:
    """Claim and do one job; return it (finished) or None when no job waits."""
    job = _claim()
    if job is None:
        return None
    func = JOB_KINDS.get(job.kind)
    with translation.override(job.language):
        try:
            if func is None:
                raise JobFailed(_("Loại việc này không còn được hỗ trợ."))
            if not job.requested_by.is_active:
                # A locked account still has its session for a while; its jobs are not done for it.
                raise JobFailed(_("Tài khoản yêu cầu việc này đã bị khóa."))
            outcome = func(job, Progress(job))
            if outcome.content is not None:
                job.result.save(outcome.filename, ContentFile(outcome.content), save=False)
        except JobFailed as error:
            _end(job, JobState.FAILED, message=str(error.args[0]), result_url=error.args[1] if len(error.args) > 1 else "")
        except Exception:  # noqa: BLE001 — the job fails, the worker goes on with the next one
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            _end(job, JobState.FAILED, message=_("Lỗi hệ thống khi thực hiện việc này; lỗi đã được ghi lại. "
                                                 "Hãy thử lại, hoặc báo quản trị hệ thống nếu lỗi lặp lại."))
        else:
            _end(job, JobState.DONE, message=outcome.message, result=job.result.name or "",
                 result_name=outcome.filename, result_url=outcome.url)
    # Read again as it ended (None if its requester's account was deleted meanwhile, the job with it).
    return Job.objects.filter(pk=job.pk).first()


def _end(job, state, **fields):
    ended = ours(job).update(state=state, finished_at=timezone.now(), heartbeat_at=timezone.now(),
                             **({"done": job.total} if state == JobState.DONE else {}), **fields)
    if not ended and job.result:
        job.result.storage.delete(job.result.name)  # taken again meanwhile: the other run's file is the job's


def _gave_up() -> str:
    return _("Việc đã dừng giữa chừng %(n)d lần (tiến trình chạy nền bị dừng); hãy yêu cầu lại, hoặc báo quản trị "
             "hệ thống nếu lỗi lặp lại.") % {"n": MAX_ATTEMPTS}


def run_pending(limit: int | None = None, stop: Callable[[], bool] | None = None) -> int:
    """Do the waiting jobs one after another (at most `limit`, until `stop()`); return how many were done."""
    count = 0
    while (limit is None or count < limit) and not (stop and stop()):
        if run_next() is None:
            break
        count += 1
    return count


def work(interval: float = 2.0, once: bool = False, stop: threading.Event | None = None, out=None) -> None:
    """`ngoaivu worker`'s loop: do the waiting jobs, and the sweep steps a request asked for (the health
    re-evaluation after a rule change, a document's PDF), then look again every `interval` seconds."""
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            _pass(stop, out)
        except DatabaseError:
            # The database restarted, or SQLite stayed locked: the next pass starts on a new connection. The
            # demo's worker is a thread that nothing would restart.
            logger.exception("background jobs: a pass failed; trying again in %s s", interval)
            if not connection.in_atomic_block:
                connection.close()
        if once:
            break
        stop.wait(interval)
    _fresh_connection()


def _pass(stop, out):
    _fresh_connection()
    done = run_pending(stop=stop.is_set)
    if done and out:
        out(_("%(n)d việc đã xong") % {"n": done})
    if sweep.requested():
        for result in sweep.run(requested_only=True) or ():
            if out:
                out(f"{result.label}: {result.report.message}")


def _fresh_connection():
    """Drop a connection the database closed meanwhile or that outlived CONN_MAX_AGE, as a request's end does —
    never inside a caller's transaction (a test's, or a command run in one), whose work it would lose."""
    if not connection.in_atomic_block:
        close_old_connections()


def forget_old(now: datetime.datetime | None = None) -> int:
    """Delete the jobs finished more than KEEP_FOR ago, with their files; return how many."""
    old = Job.objects.filter(state__in=[JobState.DONE, JobState.FAILED],
                             finished_at__lt=(now or timezone.now()) - KEEP_FOR)
    count = 0
    for job in old.only("pk", "result"):
        if job.result:
            job.result.storage.delete(job.result.name)
        job.delete()
        count += 1
    return count


def sweep_step(run) -> StepReport:
    """The sweep's `jobs` step: the jobs no worker took (an installation without `ngoaivu worker` still gets
    its files, an hour late at most), then the old jobs' files removed."""
    done = run_pending()
    forgotten = forget_old()
    return StepReport(0, _("%(done)d việc chạy nền đã làm, %(old)d việc cũ đã xóa") % {"done": done, "old": forgotten})


def waiting_long(job: Job) -> bool:
    """A job still waiting a minute after it was asked for: no worker runs, or it is busy (the page says so)."""
    return job.state == JobState.PENDING and timezone.now() - job.requested_at > datetime.timedelta(minutes=1)


# --- a list's download, at once or as a job ------------------------------------------------------------------

@dataclass(frozen=True)
class Export:
    """A list's download. `rows(user, query)` is the list's queryset in the user's scope, filtered as the list
    is by `query` (a QueryDict); `write(queryset, progress)` -> (bytes, filename) writes the file; `list_url` names
    the list (where the page that offers to prepare the file goes back to)."""

    kind: str
    label: str
    rows: Callable
    write: Callable
    list_url: str


EXPORTS: dict[str, Export] = {}


def register_export(kind: str, label, rows: Callable, write: Callable, list_url: str) -> None:
    EXPORTS[kind] = Export(kind, label, rows, write, list_url)
    register_job(kind, _export_job)


def _export_job(job, progress) -> Outcome:
    export = EXPORTS[job.kind]
    queryset = export.rows(job.requested_by, QueryDict(job.params.get("query", "")))
    content, filename = export.write(queryset, progress)
    return Outcome(content=content, filename=filename)


def filter_request(user):
    """What a list's filter set takes as its `request` outside a request: the user whose scope it reads."""
    return SimpleNamespace(user=user, GET=QueryDict())


def export_view(request, kind: str):
    """The download of a list: written in the request up to settings.EXPORT_INLINE_ROWS rows; a bigger one
    (the centre's whole register) is a job. Its GET says how many rows and offers to prepare the file; the
    POST queues the job (once) and opens its page, which offers the file when it is ready."""
    export = EXPORTS.get(kind)
    if export is None:
        raise Http404
    queryset = export.rows(request.user, request.GET)
    count = queryset.count()
    if count <= settings.EXPORT_INLINE_ROWS:
        content, filename = export.write(queryset, None)
        return attachment(content, filename)
    title = _("%(label)s: %(n)s dòng") % {"label": export.label, "n": vn_number(count)}
    if request.method == "POST":
        return redirect(request_job(kind, request.user, title, {"query": request.GET.urlencode()}, total=count))
    back = reverse(export.list_url) + (f"?{request.GET.urlencode()}" if request.GET else "")
    return render(request, "core/job_confirm.html", {"label": export.label, "count": count, "title": title,
                                                     "limit": settings.EXPORT_INLINE_ROWS, "back": back})
