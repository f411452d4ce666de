"""How long the agreement import takes: a generated 5,000-row XLSX checked (preview) and confirmed, then the
register's own export re-imported unchanged, then with one row in ten changed — on SQLite and PostgreSQL.

    .venv/bin/python bench/import_speed.py [--rows 5000] [--skip-postgres] [--profile]

Each database is fresh (SQLite in bench/var/import_speed.sqlite3, PostgreSQL in the database named by
BENCH_IMPORT_PG_URL, default postgres://ngoaivu:ngoaivu@127.0.0.1:5432/ngoaivu_import_bench, dropped and
created again). The steps run the functions the import page runs (core.import_runs.start for the preview,
core.import_runs.confirm for the confirmation, which checks the file again before writing). Printed per step:
wall time, CPU seconds of this process, queries; and the machine's load average, since the machine may
be shared. Target: preview + confirm of 5,000 rows ≤ 10 s (a gunicorn worker is killed at 30 s).
"""
import argparse
import io
import os
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PG_URL = os.environ.get("BENCH_IMPORT_PG_URL", "postgres://ngoaivu:ngoaivu@127.0.0.1:5432/ngoaivu_import_bench")
NAMES = ["Gyeonggi", "Chungcheong", "Shizuoka", "Nagano", "Quảng Tây", "Vân Nam", "Champasak", "Savannakhet",
         "Siem Reap", "Udon Thani", "Oregon", "Bretagne", "Bayern", "Kaluga", "Queensland", "Busan", "Osaka"]
COUNTRIES = ["Hàn Quốc", "Nhật Bản", "Trung Quốc", "Lào", "Campuchia", "Thái Lan", "Hoa Kỳ", "Pháp", "Đức"]
TITLES = ["Thỏa thuận hợp tác", "Bản ghi nhớ hợp tác", "Cooperation deal", "Coopération décentralisée",
          "Biên bản hội đàm", "Thỏa thuận hợp tác về giáo dục", "Bản ghi nhớ về thương mại và đầu tư"]


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def generate(rows: int, seed=2026) -> bytes:
    """A file as a province would write it: generic titles (many the same), half without a reference
    number, one in ten not signed yet, one to three partners from a pool of 600, some of them new."""
    from openpyxl import Workbook

    from ngoaivu.agreements.spreadsheet import COLUMNS
    from ngoaivu.core.models import Sector
    rng = random.Random(seed)
    sectors = list(Sector.objects.values_list("name", flat=True))
    pool = [(f"{rng.choice(['Tỉnh', 'Thành phố', 'Đại học', 'Hiệp hội'])} {rng.choice(NAMES)} {i}",
             rng.choice(COUNTRIES)) for i in range(600)]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([header for _key, header, _hint in COLUMNS])
    import datetime
    for i in range(rows):
        partners = rng.sample(pool, rng.choice([1, 1, 1, 2, 3]))
        signed = None if i % 10 == 0 else datetime.date(2005, 1, 1) + datetime.timedelta(days=rng.randrange(7000))
        values = {
            "reference": f"{i}/{signed.year if signed else 2026}/TT-UBND" if i % 2 else "",
            "title": f"{rng.choice(TITLES)}" + (f" với {partners[0][0]}" if i % 3 else ""),
            "form": rng.choice(["Thỏa thuận", "Bản ghi nhớ", ""]), "locality": "Lạng Sơn",
            "partners": "; ".join(p[0] for p in partners), "countries": "; ".join(p[1] for p in partners),
            "sectors": "; ".join(rng.sample(sectors, 2)), "summary": "Hợp tác trong các lĩnh vực " * 3,
            "signed": signed, "signer_vn": "Chủ tịch UBND tỉnh", "visibility": rng.choice(["Nội bộ", "Toàn quốc"]),
            "term_months": rng.choice([None, 24, 60]),
        }
        ws.append([values.get(key) for key, _header, _hint in COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class Step:
    def __init__(self, label):
        self.label = label

    def __enter__(self):
        from django.db import connection, reset_queries
        connection.force_debug_cursor = True
        reset_queries()
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        from django.db import connection
        wall, cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu
        queries = len(connection.queries)
        connection.force_debug_cursor = False
        print(f"  {self.label:<52} {wall:6.2f} s wall {cpu:6.2f} s CPU {queries:6} queries  load {load()}",
              flush=True)
        self.seconds = wall


def child(url: str, rows: int, profile: bool, new_only: bool):
    sys.path.insert(0, str(HERE))
    from _setup import setup
    setup(url)
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from ngoaivu.agreements import exports, import_files, imports
    from ngoaivu.core import import_runs
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.core import actions as core_actions
    from ngoaivu.core.models import Locality
    from ngoaivu.core.reference import load_reference
    load_reference()
    user = core_actions.create_user(username="bench.import", full_name="Bench import", password="bench-Password-2026",
                                    kind="locality", role="officer", locality=Locality.objects.current().get(code=20))

    def upload(data, name="import.xlsx"):
        return SimpleUploadedFile(name, data)

    data = generate(rows)
    print(f"  file: {rows:,} rows, {len(data) / 1024:.0f} KB")
    totals = {}

    def run(label, data, expect):
        if profile:
            import cProfile
            import pstats
            profiler = cProfile.Profile()
            profiler.enable()
        with Step(f"{label}: preview") as preview:
            result, token = import_runs.start("agreements", upload(data), user, layout=import_files.layout(),
                                              check=imports.check_rows)
        assert result.ok, result.errors[:5]
        counts = (result.new_count, result.changed_count, result.unchanged_count)
        assert counts == expect, counts
        with Step(f"{label}: confirm") as confirm:
            import_runs.confirm("agreements", token.token, user, check=imports.check_rows, commit=imports.commit)
        totals[label] = preview.seconds + confirm.seconds
        if profile:
            profiler.disable()
            pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(30)

    run(f"new file, {rows:,} new rows", data, (rows, 0, 0))
    assert Agreement.objects.count() == rows
    if new_only:
        return print(f"  preview + confirm: {sum(totals.values()):.2f} s")
    with Step("export of the register (xlsx)"):
        exported = exports.export_xlsx(Agreement.objects.all())
    run("the export re-imported unchanged", exported, (0, 0, rows))

    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(exported))
    ws = wb.active
    summary = [c.value for c in ws[1]].index("Nội dung chính") + 1
    changed = 0
    for number in range(2, ws.max_row + 1, 10):
        ws.cell(row=number, column=summary).value = f"Nội dung sửa lần {number}"
        changed += 1
    out = io.BytesIO()
    wb.save(out)
    run("the export with one row in ten changed", out.getvalue(), (0, changed, rows - changed))
    for label, seconds in totals.items():
        print(f"  preview + confirm, {label}: {seconds:.2f} s {'(≤ 10 s: ok)' if seconds <= 10 else '(OVER 10 s)'}")


def fresh_postgres():
    import psycopg
    base, name = PG_URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--profile", action="store_true", help="cProfile of each import")
    parser.add_argument("--new-only", action="store_true", help="only the import of new rows (skips the slow export)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.rows, args.profile, args.new_only)
    print(f"CPU cores: {os.cpu_count()}, load average at start: {load()}")
    targets = []
    sqlite = HERE / "var" / "import_speed.sqlite3"
    sqlite.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite}{suffix}").unlink(missing_ok=True)
    targets.append(("SQLite", f"sqlite:///{sqlite}"))
    if not args.skip_postgres:
        fresh_postgres()
        targets.append(("PostgreSQL", PG_URL))
    for label, url in targets:
        print(f"\n== {label} ==", flush=True)
        env = {**os.environ, "NGOAIVU_DEBUG": "0", "PYTHONPATH": str(HERE.parent)}
        cmd = [sys.executable, __file__, "--child", url, "--rows", str(args.rows)] + (["--profile"] if args.profile else []) \
            + (["--new-only"] if args.new_only else [])
        if subprocess.run(cmd, env=env).returncode:
            raise SystemExit(f"{label}: failed")


if __name__ == "__main__":
    main()
