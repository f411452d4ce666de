"""The documents and the open data at national scale: CPU per generated document and per open-data
request, with the load average, on a dataset built by bench/generate.py.

    .venv/bin/python bench/reports.py DATABASE_URL [--repeat 10] [--public-share 0.2] [--pdf]

Set-up: a share of the agreements is marked public for the run and internal again at its end, so that the
dataset stays as generated (generate.py makes them all internal; every n-th one, so the same ones each run), and
drafts of each kind are written for the biggest province
(TP. Hồ Chí Minh, `bench.province`). Then, each after one warm-up:
- `actions.generate()` of each draft (registers read, python-docx written, XLSX annex, files stored),
  with the tables' row counts and the Word file's size;
- the open-data pages as an anonymous visitor through Django's test Client: list, search, filter, an
  agreement's page, the whole CSV and JSON downloads and the Atom feed;
- with --pdf, one LibreOffice conversion of the yearly report (its CPU is the child process's).
CPU is this process plus its PostgreSQL backend (see measure_pages.timed); wall times depend on the load.
Files go to a temporary MEDIA_ROOT, removed at the end. Prints a Markdown table and a JSON line.
"""
import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time

from _setup import setup


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--public-share", type=float, default=0.2)
    parser.add_argument("--pdf", action="store_true")
    args = parser.parse_args()
    media = tempfile.mkdtemp(prefix="ngoaivu-bench-media-")
    os.environ["NGOAIVU_MEDIA_ROOT"] = media
    os.environ.setdefault("NGOAIVU_DB_CONN_MAX_AGE", "60")
    setup(args.database_url)
    try:
        _with_public_share(run, args)
    finally:
        shutil.rmtree(media, ignore_errors=True)


def _with_public_share(func, args):
    """func(args) with a share of the agreements public (`_publish`), committed and the statistics gathered as a
    register with them would have (on PostgreSQL, measured in a transaction rolled back, the count of the public
    agreements visited every row the transaction had changed: 28 ms of the database, not 1), and made internal
    again at the end: the other benchmarks read the dataset as generated (every agreement internal; a public one
    is read by every province and mission, which changes their pages)."""
    ids = _publish(args.public_share)
    try:
        func(args)
    finally:
        if ids:
            _set_visibility(ids, "internal")


def _publish(share) -> list:
    """Mark every n-th agreement public (n = 1/share): the same rows on every run. Returns their keys (none if
    the dataset already had public agreements: they are left as they are)."""
    from ngoaivu.agreements.models import Agreement
    if Agreement.objects.filter(visibility="public").exists():
        return []
    step = max(1, round(1 / share))
    ids = list(Agreement.objects.order_by("pk").values_list("pk", flat=True)[::step])
    _set_visibility(ids, "public")
    return ids


def _set_visibility(ids, visibility):
    """The agreements `ids` made public (published when created) or internal again, with what follows a
    visibility: the kept counts (update() sends no signal) and the planner's statistics."""
    from django.db import connection
    from django.db.models import F

    from ngoaivu.agreements.models import Agreement
    from ngoaivu.core.models import Locality
    from ngoaivu.core.summaries import refresh_summaries
    for i in range(0, len(ids), 5000):
        Agreement.objects.filter(pk__in=ids[i:i + 5000]).update(
            visibility=visibility, published_at=F("created_at") if visibility == "public" else None,
            updated_at=F("updated_at"))
    refresh_summaries([None, *Locality.objects.values_list("pk", flat=True)])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE agreements_agreement" if connection.vendor == "postgresql"
                       else "ANALYZE agreements_agreement")


def _drafts(user, locality):
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.reports import actions
    from ngoaivu.reports.models import DocumentDraft
    year = time.localtime().tm_year - 1
    found = {d.kind: d for d in DocumentDraft.objects.filter(locality=locality, created_by=user)}
    signed = Agreement.objects.filter(locality=locality, signed_on__isnull=False).order_by("-signed_on").first()
    consulting = Agreement.objects.filter(locality=locality, status="consulting").order_by("-pk").first()
    wanted = {"yearly_agreements": dict(year=year), "external_affairs": dict(year=year),
              "pm_report": dict(agreement=signed), "opinion_request": dict(agreement=consulting)}
    for kind, subject in wanted.items():
        if kind not in found and all(subject.values()):
            found[kind] = actions.create_draft(user, locality, kind, opening="Bench.", **subject)
    return found


def _progress(name, results):
    """Each figure as soon as it is measured (a national-scale run takes long on a busy machine)."""
    t = results[name]
    print(f"  {name}: CPU {t['cpu']:.0f} ms (app {t['cpu_app']:.0f} + db {t['cpu_db']:.0f}), p50 {t['p50']:.0f} ms, "
          f"load {t['load']:.1f}", flush=True)


def run(args):
    from django.db import connection
    from django.test import Client

    from ngoaivu.core.models import User
    from ngoaivu.reports import actions, pdf
    from measure_pages import timed

    from ngoaivu.agreements.models import Agreement
    public, total = Agreement.objects.filter(visibility="public").count(), Agreement.objects.count()
    user = User.objects.get(username="bench.province")
    locality = user.memberships.first().locality
    drafts = _drafts(user, locality)
    results, notes = {}, {}

    for kind, draft in drafts.items():
        def make(draft=draft):
            actions.generate(user, draft)
        results[f"generate: {kind}"] = timed(make, args.repeat, connection)
        _progress(f"generate: {kind}", results)
        draft.refresh_from_db()
        from tests.reports.helpers import read_docx
        document = read_docx(draft.docx.read())
        rows = sum(len(t.rows) - 1 for t in document.tables[1:-1])   # header and signature tables aside
        notes[f"generate: {kind}"] = f"{rows} table rows, {draft.docx.size // 1024} KB docx" + (
            f", {draft.xlsx.size // 1024} KB xlsx" if draft.xlsx else "")

    anonymous = Client()
    first_public = (__import__("ngoaivu.agreements.models", fromlist=["Agreement"]).Agreement.objects
                    .filter(visibility="public", locality=locality).order_by("-pk").values_list("pk", flat=True)[0])

    def get(path):
        def fetch():
            response = anonymous.get(path)
            assert response.status_code == 200, (path, response.status_code)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            fetch.size = len(body)
        return fetch

    from django.urls import reverse
    listing, as_json = reverse("reports:open_data"), reverse("reports:open_data_json")
    pages = {
        "open data: list (page 1 of all)": listing,
        "open data: search \"han quoc\" + year": f"{listing}?q=han+quoc&year={time.localtime().tm_year - 2}",
        "open data: search \"hop tac\" (every public agreement)": f"{listing}?q=hop+tac",
        "open data: one province": f"{listing}?province={locality.pk}",
        "open data: an agreement's page": reverse("reports:open_data_detail", args=[first_public]),
        "open data: CSV, every public agreement": reverse("reports:open_data_csv"),
        "open data: JSON, every public agreement": as_json,
        "open data: JSON, one province": f"{as_json}?province={locality.pk}",
        "open data: Atom feed (50 latest)": reverse("reports:open_data_feed"),
    }
    for name, path in pages.items():
        fetch = get(path)
        results[name] = timed(fetch, args.repeat, connection)
        _progress(name, results)
        notes[name] = f"{fetch.size // 1024} KB"

    if args.pdf and pdf.available():
        draft = drafts["yearly_agreements"]
        with draft.docx.open("rb") as handle:
            content = handle.read()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started, load = time.perf_counter(), os.getloadavg()[0]
        out, _seconds = pdf.convert(content)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
        wall = (time.perf_counter() - started) * 1000
        results["PDF: yearly report through LibreOffice (1 run)"] = {
            "p50": wall, "p95": wall, "n": 1, "cpu_app": cpu, "cpu_db": 0.0, "cpu": cpu, "load": load}
        from io import BytesIO

        from pypdf import PdfReader
        notes["PDF: yearly report through LibreOffice (1 run)"] = f"{len(PdfReader(BytesIO(out)).pages)} pages"

    print(f"\n{connection.vendor}: {total:,} agreements, {public:,} public; province {locality.short_name}; "
          f"{args.repeat} runs each after one warm-up\n")
    print("| what | CPU ms (app + db) | p50 ms | p95 ms | load avg | size |")
    print("|---|---|---|---|---|---|")
    for name, t in results.items():
        print(f"| {name} | {t['cpu']:.0f} ({t['cpu_app']:.0f} + {t['cpu_db']:.0f}) | {t['p50']:.0f} | "
              f"{t['p95']:.0f} | {t['load']:.1f} | {notes.get(name, '')} |")
    print(json.dumps({"results": results, "notes": notes, "public": public, "agreements": total}))


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
