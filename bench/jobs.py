"""Long work out of the request, at national scale: the centre's downloads of whole lists as the pages now
ask for them (core.jobs) — what the request costs (it counts the rows and writes the job), then what the worker
costs doing the job (CPU of this process, the database's own work excluded on PostgreSQL; peak memory). Then a
province's import of a 5,000-row file (bench/import_speed.py's), whose check is a job too: the upload's request,
the worker's check, and the page of the preview it wrote. Nothing is imported (the run is deleted unconfirmed).

    .venv/bin/python bench/jobs.py [--database sqlite|postgres|both] [--user bench.centre]
        [--importer bench.province] [--import-rows 5000]

Runs on the kept national datasets (bench/var/bench.sqlite3 and the PostgreSQL database ngoaivu_bench, made by
bench/run). Migrates them first (the job table). Every job it makes is deleted afterwards, with its file.
"""
import argparse
import io
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATABASES = {"sqlite": f"sqlite:///{HERE / 'var' / 'bench.sqlite3'}",
             "postgres": os.environ.get("BENCH_PG_URL", "postgres://ngoaivu:ngoaivu@127.0.0.1:5432/ngoaivu_bench")}
EXPORTS = [("agreements:agreement_export_csv", "agreements.export_csv"),
           ("agreements:agreement_export_xlsx", "agreements.export_xlsx"),
           ("exchanges:delegation_export", "exchanges.delegations_xlsx"),
           ("exchanges:conference_export", "exchanges.conferences_xlsx")]


def measure(database: str, username: str) -> None:
    sys.path.insert(0, str(HERE))
    from _setup import setup
    setup(DATABASES[database])
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from django.test import Client
    from django.urls import reverse

    from ngoaivu.core import jobs
    from ngoaivu.core.models import Job, User
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    print(f"{database}, {username}, load {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'download':<34} {'rows':>7} {'ask: CPU ms':>11} {'job: CPU s':>10} {'wall s':>7} {'MB':>6} {'peak RSS MB':>11}")
    for url_name, kind in EXPORTS:
        url = reverse(url_name)
        started = time.process_time()
        response = client.post(url)
        ask_ms = (time.process_time() - started) * 1000
        assert response.status_code == 302, (url, response.status_code)
        job = Job.objects.get(kind=kind, requested_by=user, state="pending")
        cpu, wall = time.process_time(), time.monotonic()
        done = jobs.run_next()
        cpu, wall = time.process_time() - cpu, time.monotonic() - wall
        assert done.pk == job.pk and done.state == "done", (done.state, done.message)
        size = done.result.size / 1e6
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{kind:<34} {done.total:>7} {ask_ms:>11.1f} {cpu:>10.2f} {wall:>7.2f} {size:>6.1f} {peak:>11.0f}")
        done.result.delete(save=False)
        done.delete()


def measure_import(username: str, rows: int) -> None:
    """The upload of a big agreements file, its check by the worker, the preview page it leads to."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from ngoaivu.core import jobs
    from ngoaivu.core.models import ImportRun, Job, User
    user = User.objects.get(username=username)
    province = user.memberships.first().locality.short_name
    content = _file(rows, province)
    client = Client()
    client.force_login(user)
    url = reverse("agreements:agreement_import")
    started = time.process_time()
    response = client.post(url, {"file": SimpleUploadedFile("bench.xlsx", content)})
    ask_ms = (time.process_time() - started) * 1000
    job = Job.objects.get(kind="core.import_check", requested_by=user, state="pending")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    cpu, wall = time.process_time(), time.monotonic()
    done = jobs.run_next()
    cpu, wall = time.process_time() - cpu, time.monotonic() - wall
    assert done.pk == job.pk and done.state == "done", (done.state, done.message)
    started = time.process_time()
    page = client.get(done.result_url)
    page_ms = (time.process_time() - started) * 1000
    assert page.status_code == 200 and b'id="import-summary"' in page.content, done.message
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"import of {rows} rows ({len(content) / 1e3:.0f} KB, {province}): upload {ask_ms:.1f} ms CPU; "
          f"check {cpu:.2f} s CPU, {wall:.2f} s wall; preview page {page_ms:.1f} ms CPU; peak RSS {peak:.0f} MB")
    ImportRun.objects.filter(token=done.params["token"]).delete()
    done.delete()


def _file(rows: int, province: str) -> bytes:
    """import_speed's file, its rows in `province` (a file of another province's rows is all errors)."""
    from openpyxl import load_workbook

    import import_speed
    book = load_workbook(io.BytesIO(import_speed.generate(rows)))
    for cells in book.active.iter_rows(min_row=2):
        for cell in cells:
            if cell.value == "Lạng Sơn":
                cell.value = province
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--user", default="bench.centre")
    parser.add_argument("--importer", default="bench.province")
    parser.add_argument("--import-rows", type=int, default=5000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure(args.child, args.user)
        measure_import(args.importer, args.import_rows)
        return
    for database in (["sqlite", "postgres"] if args.database == "both" else [args.database]):
        # A process each: Django is set up once per process, and each database's peak memory is its own.
        subprocess.run([sys.executable, __file__, "--child", database, "--user", args.user, "--importer", args.importer,
                        "--import-rows", str(args.import_rows)], check=True)


if __name__ == "__main__":
    main()
