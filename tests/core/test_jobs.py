"""Long work out of the web request (core.jobs): a big export or a big import's confirmation is a job the
request only asks for; `ngoaivu worker` (or the sweep) does it; its page shows the state and offers the file to
its requester alone. Every test looks at what is left behind: the job's row, the file read back, the register."""
import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ngoaivu.agreements.models import Agreement
from ngoaivu.core import jobs
from ngoaivu.core.choices import JobState
from ngoaivu.core.models import ImportRun, Job
from ngoaivu.core.registry import JOB_KINDS, register_job
from ngoaivu.exchanges.models import Conference, Delegation
from tests.agreements.test_import_limits import messages_of, preview, row

pytestmark = pytest.mark.django_db
EXPORT = "agreements:agreement_export_csv"


@pytest.fixture(autouse=True)
def no_jobs(world):
    """The shared world holds a job of the URL walk's (tests/url_expectations/core.py); each test starts without."""
    Job.objects.all().delete()


def csv_ids(content: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][0] == "Mã hồ sơ"
    return [r[0] for r in rows[1:]]


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def inline(client, url, settings) -> bytes:
    """The same export answered in the request, for comparison."""
    limit, settings.EXPORT_INLINE_ROWS = settings.EXPORT_INLINE_ROWS, 10**9
    response = client.get(url)
    settings.EXPORT_INLINE_ROWS = limit
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    return response.content


def test_a_small_export_is_still_answered_at_once(world, client_for, settings):
    settings.EXPORT_INLINE_ROWS = 10**6
    response = client_for(world.users["officer_a"]).get(reverse(EXPORT))
    assert response["Content-Disposition"].startswith("attachment")
    assert not Job.objects.exists()


def test_a_big_export_is_a_job_whose_file_equals_the_export_of_the_request(world, client_for, settings):
    settings.EXPORT_INLINE_ROWS = 1
    officer = world.users["officer_a"]
    client = client_for(officer)
    url = reverse(EXPORT) + "?q="
    expected = inline(client, url, settings)
    count = len(csv_ids(expected))
    assert count > 1

    page = client.get(url)  # the GET only says what will happen
    assert page.status_code == 200 and "Chuẩn bị tệp" in page.content.decode()
    assert not Job.objects.exists()

    response = client.post(url)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.kind, job.state, job.requested_by, job.params, job.total) == (
        "agreements.export_csv", JobState.PENDING, officer, {"query": "q="}, count)
    assert job.title == f"Xuất sổ thỏa thuận (CSV): {count} dòng"
    # A double click asks for the same job, not a second one.
    assert client.post(url)["Location"] == job.get_absolute_url()
    assert Job.objects.count() == 1

    waiting = client.get(job.get_absolute_url()).content.decode()
    assert 'data-state="pending"' in waiting and 'hx-trigger="every 2s"' in waiting

    assert jobs.run_pending() == 1
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.done == job.total == count and job.finished_at
    assert job.result_name.startswith("thoa-thuan-") and job.result_name.endswith(".csv")
    with job.result.open("rb") as handle:
        assert handle.read() == expected

    done = client.get(job.get_absolute_url()).content.decode()
    assert 'data-state="done"' in done and "hx-trigger" not in done  # the page stops asking
    assert reverse("core:job_download", args=[job.pk]) in done
    download = client.get(reverse("core:job_download", args=[job.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert downloaded(download) == expected
    assert job.title in client.get(reverse("core:job_list")).content.decode()


def test_the_job_reads_the_rows_in_its_requesters_scope_when_it_runs(world, client_for, settings):
    settings.EXPORT_INLINE_ROWS = 1
    for name in ("officer_a", "central"):
        client_for(world.users[name]).post(reverse(EXPORT))
    jobs.run_pending()
    for name in ("officer_a", "central"):
        job = Job.objects.get(requested_by=world.users[name])
        with job.result.open("rb") as handle:
            ids = csv_ids(handle.read())
        visible = Agreement.objects.visible_to(world.users[name])
        assert sorted(map(int, ids)) == sorted(visible.values_list("pk", flat=True))
    assert Agreement.objects.visible_to(world.users["officer_a"]).count() < Agreement.objects.count()


def test_only_the_requester_sees_or_downloads_a_job(world, client_for, settings):
    settings.EXPORT_INLINE_ROWS = 1
    client_for(world.users["officer_a"]).post(reverse(EXPORT))
    jobs.run_pending()
    job = Job.objects.get()
    for name in ("officer_b", "central", "central_manager", "manager_a"):
        client = client_for(world.users[name])
        assert client.get(job.get_absolute_url()).status_code == 404
        assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404
        assert job.title not in client.get(reverse("core:job_list")).content.decode()


@pytest.mark.parametrize("kind, url_name, model", [
    ("exchanges.delegations_xlsx", "exchanges:delegation_export", Delegation),
    ("exchanges.conferences_xlsx", "exchanges:conference_export", Conference)])
def test_the_exchanges_exports_as_jobs_hold_what_the_request_would(world, client_for, settings, kind, url_name, model):
    settings.EXPORT_INLINE_ROWS = 0
    client = client_for(world.users["central"])
    url = reverse(url_name)
    expected = load_workbook(io.BytesIO(inline(client, url, settings))).active
    client.post(url)
    jobs.run_pending()
    job = Job.objects.get(kind=kind)
    assert job.state == JobState.DONE, job.message
    with job.result.open("rb") as handle:
        made = load_workbook(io.BytesIO(handle.read())).active
    assert [[c.value for c in r] for r in made.iter_rows()] == [[c.value for c in r] for r in expected.iter_rows()]
    assert made.max_row - 1 == model.objects.count() == job.total


def test_two_workers_never_take_the_same_job_and_a_dead_workers_job_is_taken_again(world):
    officer = world.users["officer_a"]
    job = jobs.request_job("agreements.export_csv", officer, "x", {"query": ""})
    assert jobs._claim().pk == job.pk
    assert jobs._claim() is None  # running, its heartbeat fresh
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - jobs.STALE_AFTER - datetime.timedelta(seconds=1))
    assert jobs._claim().pk == job.pk  # its process died: taken again
    assert jobs._claim() is None


def test_a_failing_job_says_why_and_the_worker_goes_on(world, caplog):
    officer = world.users["officer_a"]

    def broken(job, progress):
        raise RuntimeError("hỏng")

    def refused(job, progress):
        raise jobs.JobFailed("Không làm được vì lý do rõ ràng", "/agreements/")

    register_job("tests.broken", broken)
    register_job("tests.refused", refused)
    try:
        first = jobs.request_job("tests.broken", officer, "a", {})
        second = jobs.request_job("tests.refused", officer, "b", {})
        third = jobs.request_job("tests.gone", officer, "c", {})
        fourth = jobs.request_job("agreements.export_csv", officer, "d", {"query": ""})
        assert jobs.run_pending() == 4
    finally:
        JOB_KINDS.pop("tests.broken")
        JOB_KINDS.pop("tests.refused")
    states = {j.pk: (j.state, j.message, j.result_url) for j in Job.objects.all()}
    assert states[first.pk][0] == JobState.FAILED and states[first.pk][1].startswith("Lỗi hệ thống khi thực hiện")
    assert "hỏng" in caplog.text  # the error is in the log, not on the page
    assert states[second.pk] == (JobState.FAILED, "Không làm được vì lý do rõ ràng", "/agreements/")
    assert states[third.pk][:2] == (JobState.FAILED, "Loại việc này không còn được hỗ trợ.")
    assert states[fourth.pk][0] == JobState.DONE


def test_a_locked_account_gets_no_file(world):
    officer = world.users["officer_b"]
    job = jobs.request_job("agreements.export_csv", officer, "x", {"query": ""})
    type(officer).objects.filter(pk=officer.pk).update(is_active=False)
    jobs.run_pending()
    job.refresh_from_db()
    assert (job.state, job.message, job.result.name) == (JobState.FAILED, "Tài khoản yêu cầu việc này đã bị khóa.", "")


def test_the_worker_command_and_the_sweep_both_do_the_waiting_jobs(world):
    officer = world.users["officer_a"]
    first = jobs.request_job("agreements.export_csv", officer, "x", {"query": ""})
    call_command("worker", once=True, stdout=io.StringIO())
    second = jobs.request_job("agreements.export_xlsx", officer, "y", {"query": ""})
    call_command("sweep", only="jobs", stdout=io.StringIO())
    assert set(Job.objects.filter(pk__in=[first.pk, second.pk]).values_list("state", flat=True)) == {JobState.DONE}


def test_old_finished_jobs_are_forgotten_with_their_files(world):
    officer = world.users["officer_a"]
    old = jobs.request_job("agreements.export_csv", officer, "old", {"query": ""})
    recent = jobs.request_job("agreements.export_csv", officer, "recent", {"query": "q=x"})
    jobs.run_pending()
    old.refresh_from_db()
    path = old.result.path
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - jobs.KEEP_FOR - datetime.timedelta(hours=1))
    waiting = jobs.request_job("agreements.export_csv", officer, "waiting", {"query": "q=y"})
    Job.objects.filter(pk=waiting.pk).update(requested_at=timezone.now() - datetime.timedelta(days=30))
    assert jobs.forget_old() == 1
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    import os
    assert not os.path.exists(path)


def test_a_big_import_is_confirmed_by_a_job_and_writes_nothing_before(world, client_for, settings):
    settings.IMPORT_INLINE_ROWS = 2
    client = client_for(world.users["officer_a"])
    run = preview(client, [row(i) for i in range(3)])
    before = Agreement.objects.count()
    response = client.post(reverse("agreements:agreement_import"), {"confirm": "1", "token": str(run.token)})
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.kind, job.total, job.params) == ("core.import_confirm", 3, {"kind": "agreements", "token": str(run.token)})
    assert Agreement.objects.count() == before  # nothing written by the request
    running = client.get(job.get_absolute_url()).content.decode()
    assert "thoa-thuan.xlsx: 3 dòng" in running

    jobs.run_pending()
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert job.message == "Đã nhập 3 dòng: 3 thỏa thuận mới, 0 được cập nhật, 0 không thay đổi."
    assert job.result_url == reverse("agreements:agreement_list")
    assert Agreement.objects.count() == before + 3
    run.refresh_from_db()
    assert run.confirmed_at and (run.created, run.updated) == (3, 0)
    page = client.get(job.get_absolute_url()).content.decode()
    assert job.message in page and reverse("agreements:agreement_list") in page

    # Confirmed again (another tab): told so at once, nothing imported twice.
    again = client.post(reverse("agreements:agreement_import"), {"confirm": "1", "token": str(run.token)}, follow=True)
    assert any(m.startswith("Bản nhập này đã được xác nhận") for m in messages_of(again))
    assert Agreement.objects.count() == before + 3 and Job.objects.count() == 1


def test_a_big_import_refused_when_it_runs_writes_nothing_and_says_why(world, client_for, settings):
    settings.IMPORT_INLINE_ROWS = 1
    client = client_for(world.users["officer_a"])
    run = preview(client, [row(i, reference="77/2024/TT") for i in range(1, 3)][:1] + [row(5)])
    client.post(reverse("agreements:agreement_import"), {"confirm": "1", "token": str(run.token)})
    # Meanwhile a colleague saves an agreement under the file's reference number: the preview no longer holds.
    from tests.agreements.factories import agreement
    agreement(world.users["officer_a"], world.a, reference="77/2024/TT", title="Đã có trước")
    before = Agreement.objects.count()
    jobs.run_pending()
    job = Job.objects.get()
    assert job.state == JobState.FAILED and job.message.startswith("Không nhập dòng nào: Sổ đăng ký đã thay đổi")
    assert job.result_url == reverse("agreements:agreement_import")
    assert Agreement.objects.count() == before
    assert ImportRun.objects.get(pk=run.pk).confirmed_at is None


def test_the_worker_runs_at_once_the_sweep_steps_a_request_asked_for_and_no_other(world):
    from ngoaivu.core.models import SweepJob
    from ngoaivu.core.sweep import request_step
    SweepJob.objects.all().delete()
    request_step("sessions", world.users["central"], reason="thử")
    jobs.work(once=True)
    ran = dict(SweepJob.objects.values_list("step", "last_ok_at"))
    assert set(ran) == {"sessions"} and ran["sessions"] is not None
    job = SweepJob.objects.get(step="sessions")
    assert not job.pending and not job.running
    jobs.work(once=True)  # nothing asked for: nothing run
    assert SweepJob.objects.get(step="sessions").last_ok_at == ran["sessions"]


def test_a_file_that_cannot_be_stored_fails_the_job_and_the_worker_goes_on(world, monkeypatch):
    officer = world.users["officer_a"]
    first = jobs.request_job("agreements.export_csv", officer, "x", {"query": ""})
    second = jobs.request_job("agreements.export_csv", officer, "y", {"query": "q=z"})
    from django.core.files.storage import FileSystemStorage

    def full(self, name, content, max_length=None):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "save", full)
    assert jobs.run_pending() == 2
    for job in Job.objects.filter(pk__in=[first.pk, second.pk]):
        assert (job.state, job.result.name) == (JobState.FAILED, "")
        assert job.message.startswith("Lỗi hệ thống khi thực hiện việc này")


def test_a_narrowing_filter_is_kept_and_the_scope_is_read_when_the_job_runs(world, client_for, settings):
    settings.EXPORT_INLINE_ROWS = 0
    officer = world.users["officer_a"]
    client_for(officer).post(reverse(EXPORT) + "?q=gyeonggi")
    client_for(officer).post(reverse(EXPORT))
    asked = set(Agreement.objects.visible_to(officer).values_list("pk", flat=True))
    # Before the worker runs, the officer is moved to province B: the file holds what they may read now.
    officer.memberships.update(locality=world.b)
    officer = type(officer).objects.get(pk=officer.pk)
    jobs.run_pending()
    now = set(Agreement.objects.visible_to(officer).values_list("pk", flat=True))
    assert now != asked
    files = {}
    for job in Job.objects.filter(requested_by=officer):
        with job.result.open("rb") as handle:
            files[job.params["query"]] = set(map(int, csv_ids(handle.read())))
    assert files[""] == now
    from ngoaivu.agreements.filtersets import AgreementFilter
    from django.http import QueryDict
    searched = set(AgreementFilter(QueryDict("q=gyeonggi"), queryset=Agreement.objects.visible_to(officer)).qs
                   .values_list("pk", flat=True))
    assert files["q=gyeonggi"] == searched and searched < now


def test_a_run_whose_job_was_taken_again_does_not_overwrite_it(world):
    officer = world.users["officer_a"]
    job = jobs.request_job("agreements.export_csv", officer, "x", {"query": ""})
    first = jobs._claim()
    # Its beat stopped long enough for another worker to take it: that one's claim is the job's now.
    Job.objects.filter(pk=job.pk).update(started_at=timezone.now() + datetime.timedelta(seconds=5))
    jobs.Progress(first)(10, 20)
    jobs._end(first, JobState.FAILED, message="late")
    job.refresh_from_db()
    assert (job.state, job.message, job.done) == (JobState.RUNNING, "", 0)


def test_a_job_that_stopped_its_worker_three_times_is_given_up(world):
    officer = world.users["officer_a"]
    job = jobs.request_job("agreements.export_csv", officer, "x", {"query": ""})
    old = timezone.now() - jobs.STALE_AFTER - datetime.timedelta(minutes=1)
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, heartbeat_at=old, attempts=jobs.MAX_ATTEMPTS)
    assert jobs._claim() is None
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.message.startswith("Việc đã dừng giữa chừng 3 lần")


def test_the_worker_goes_on_after_a_database_error(world, monkeypatch, caplog):
    from django.db import OperationalError
    calls = []

    def flaky(stop=None):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return 0

    monkeypatch.setattr(jobs, "run_pending", flaky)
    jobs.work(once=True)
    jobs.work(once=True)
    assert len(calls) == 2 and "a pass failed" in caplog.text


def test_the_worker_leaves_a_failing_asked_for_step_to_the_hourly_sweep(world, monkeypatch):
    import dataclasses

    from ngoaivu.core import sweep
    from ngoaivu.core.models import SweepJob
    from ngoaivu.core.registry import SWEEP_STEPS
    calls = []

    def broken(run):
        calls.append(1)
        raise RuntimeError("hỏng")

    index = next(i for i, step in enumerate(SWEEP_STEPS) if step.name == "sessions")
    kept = SWEEP_STEPS[index]
    SWEEP_STEPS[index] = dataclasses.replace(kept, func=broken)
    try:
        sweep.request_step("sessions")
        jobs.work(once=True)
        jobs.work(once=True)  # not tried again every two seconds
        assert len(calls) == 1 and not sweep.requested()
        assert SweepJob.objects.get(step="sessions").pending  # still asked for: the hourly sweep tries it again
        sweep.run(only="agreements")
        assert len(calls) == 2
    finally:
        SWEEP_STEPS[index] = kept


def test_the_scheduled_sweep_waits_for_the_lock_a_worker_holds_a_moment(world, monkeypatch):
    import contextlib

    from ngoaivu.core import locks, sweep
    real, calls = locks.held, []

    @contextlib.contextmanager
    def busy_twice(name, **kwargs):
        calls.append(name)
        if len(calls) <= 2:
            yield False
        else:
            with real(name, **kwargs) as acquired:
                yield acquired

    monkeypatch.setattr(sweep.locks, "held", busy_twice)
    monkeypatch.setattr(sweep.time, "sleep", lambda seconds: None)
    assert [r.name for r in sweep.run(only="sessions", wait=60)] == ["sessions"] and len(calls) == 3
    calls.clear()
    monkeypatch.setattr(sweep.locks, "held", lambda name, **kw: contextlib.nullcontext(False))
    assert sweep.run(only="sessions", wait=0) is None


def test_a_running_job_without_rows_to_count_says_it_is_working_not_zero_rows(world, client_for):
    """A document's generation (reports.generate) has no rows to count: its page said "Đang xử lý 0 dòng…"."""
    officer = world.users["officer_a"]
    job = jobs.request_job("reports.generate", officer, "Tạo tệp Word", {"draft": 0})
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now())
    status = client_for(officer).get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "Đang xử lý…" in status and "0 dòng" not in status
    Job.objects.filter(pk=job.pk).update(total=1200)
    status = client_for(officer).get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "Đang xử lý 1.200 dòng…" in status
