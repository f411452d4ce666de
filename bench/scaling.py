"""The scaling run (issue 9): every page of bench/measure_pages.py at 5,000, 15,000 and 50,000 agreements,
on SQLite and PostgreSQL, and how its CPU per request grows with the register.

    bench/scaling [--repeat 15] [--rounds 3] [--name NAME] [--sqlite-dir bench/var]
                  [--pg-50k URL] [--sqlite-50k URL] [--skip-sqlite] [--skip-postgres] [--pages WORDS]
                  [--no-rows]

The three datasets of each database are built by bench/generate.py (`--scale 0.1`, `0.3`, `1.0`) the first
time, niced, and reused after that when they hold the right number of agreements (a database of another
size is refused, never dropped). Without --name the 50k ones are bench/run's (the database of BENCH_PG_URL,
default `ngoaivu_bench`, and bench/var/bench.sqlite3) and the smaller ones are named after them
(`ngoaivu_bench5k`, `ngoaivu_bench15k`, bench/var/bench5k.sqlite3, …); with --name NAME they are PostgreSQL
`ngoaivu_bench_NAME5k`, `…15k`, `ngoaivu_bench_NAME` on the server of BENCH_PG_URL (a missing database is
created) and SQLite `<sqlite-dir>/bench_NAME5k.sqlite3`, `…15k`, `bench_NAME.sqlite3`; --pg-50k and
--sqlite-50k name an existing 50k dataset instead.

For each page it prints CPU per request (app + database backend, median of --rounds rounds of --repeat
requests; the app's per round is the median of its requests, its mean beside it, the backend's the mean)
at each size: one measuring process per dataset is kept for the whole run, and each page is measured at the
three sizes back to back, the size measured first rotating from page to page and round to round, so a change
of the machine's load falls on the three measures of a page alike; the growth per 1,000 agreements (slope of the
least-squares line through the three points, ms per 1,000 agreements), the growth from 5k to 50k in % and whether it is within the issue's
target (≤ 20 %), with p50 and the number of queries at 5k and 50k and the load average. The report is
also written to bench/var/scaling-last.md. On a loaded machine CPU per request moves by ±10–30 % from run
to run, so it also gives a measure of each page's database work that does not depend on the load, at 5k and
50k (one request; --no-rows leaves it out): on PostgreSQL the rows its SELECTs read (EXPLAIN ANALYZE), on
SQLite the virtual-machine instructions its statements ran (counted by sqlite3's progress handler, in
steps of 100), and for each page over the target the queries whose work grows most (the table each reads
from).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from _setup import ensure_pg_database  # this folder is on the path (run as bench/scaling.py)
from measure_pages import REFERENCE_SPEED_MS, WARM_UP

HERE = Path(__file__).resolve().parent
PY = sys.executable
SIZES = [(5_000, 0.1, "5k"), (15_000, 0.3, "15k"), (50_000, 1.0, "")]
TARGET_GROWTH = 20.0  # % from 5,000 to 50,000 agreements (issue 9)


def slope(xs, ys):
    """Least-squares slope of ys over xs."""
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def growth(cpus):
    """(ms per 1,000 agreements, % from the smallest to the largest size) of [cpu at each size]."""
    xs = [n / 1000 for n, _s, _t in SIZES]
    return slope(xs, cpus), (cpus[-1] - cpus[0]) * 100 / cpus[0]


def agreements_in(url):
    """Agreements the dataset holds (0 if it has no schema yet)."""
    code = ("import sys;sys.path.insert(0,%r);from _setup import setup;setup(%r);"
            "from django.db import connection;c=connection.cursor();"
            "tables=connection.introspection.table_names(c);"
            "n=0\nif 'agreements_agreement' in tables:\n c.execute('SELECT COUNT(*) FROM agreements_agreement');"
            "n=c.fetchone()[0]\nprint(n)") % (str(HERE), url)
    out = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[-1])


def ensure_dataset(url, agreements, scale, env):
    """Build the dataset once (niced: other work shares the machine); refuse one of another size."""
    if url.startswith("postgres"):
        ensure_pg_database(url)
    held = agreements_in(url)
    if held == agreements:
        print(f"  {url}: {held:,} agreements, reused")
        return
    if held:
        raise SystemExit(f"{url} holds {held:,} agreements, not {agreements:,}: drop it or name another one")
    print(f"  {url}: generating {agreements:,} agreements (bench/generate.py --scale {scale})")
    started = time.monotonic()
    subprocess.run(["nice", "-n", "5", PY, str(HERE / "generate.py"), "--database-url", url, "--scale", str(scale)],
                   env=env, check=True)
    print(f"  generated in {time.monotonic() - started:.0f} s")


class Measurer:
    """A bench/measure_pages.py process serving one dataset (--serve): `pages` lists what it can measure,
    `measure(name)` gives one page's figures."""

    # A page is measured in seconds (--repeat requests after a warm-up); a process silent for this long is
    # stuck (a lock held by another client, a wait on a database that went away) and would hang the run.
    TIMEOUT = 600

    def __init__(self, url, repeat, words, env, timeout=TIMEOUT, cmd=None):
        import tempfile
        self.timeout = timeout
        self.cmd = cmd or ([PY, str(HERE / "measure_pages.py"), url, str(repeat)] + ([words] if words else [])
                           + ["--serve"])
        self.errors = tempfile.TemporaryFile(mode="w+")  # not a pipe: its warnings must not fill one and block
        self.proc = subprocess.Popen(self.cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.errors, text=True)
        self.pages = self._answer()

    def _failed(self):
        self.errors.seek(0)
        return SystemExit(f"{self.cmd} failed:\n{self.errors.read()[-3000:]}")

    def _answer(self, asked="the list of pages"):
        import selectors
        with selectors.DefaultSelector() as waiting:  # the child writes one line per question, nothing more
            waiting.register(self.proc.stdout, selectors.EVENT_READ)
            if not waiting.select(self.timeout):
                self.proc.kill()
                raise SystemExit(f"{self.cmd} gave no answer for {asked} in {self.timeout} s: stopped")
        line = self.proc.stdout.readline()
        if not line:  # the process ended: its error output says why
            raise self._failed()
        return json.loads(line)

    def measure(self, name):
        try:
            self.proc.stdin.write(name + "\n")
            self.proc.stdin.flush()
        except OSError:  # a broken pipe: the process ended
            raise self._failed() from None
        return self._answer(name)

    def close(self):
        try:
            if self.proc.poll() is None:
                self.proc.stdin.write("\n")
                self.proc.stdin.close()
        except OSError:  # ended meanwhile: nothing left to tell it
            pass
        self.proc.wait()
        self.errors.close()


SQLITE_STEP = 100  # VM instructions between two calls of the progress handler (the count's resolution)


def table_of(sql):
    """The table a statement reads FROM (its first)."""
    import re
    table = re.search(r'FROM "?(\w+)', sql)
    return table.group(1) if table else "?"


def sqlite_work(fn, connection):
    """[[VM instructions, table], …] of the SELECTs `fn` sends through `connection` (SQLite), after a warm-up
    call: sqlite3's progress handler ticks every SQLITE_STEP instructions, each tick counted for the
    statement last sent (its fetches follow it)."""
    fn()
    counted = []  # [instructions, table or None for a statement other than SELECT], in the order sent

    def tick():
        if counted:
            counted[-1][0] += SQLITE_STEP
        return 0

    def wrapper(execute, sql, params, many, context):
        counted.append([0, table_of(sql) if sql.lstrip().upper().startswith("SELECT") else None])
        return execute(sql, params, many, context)

    connection.ensure_connection()
    connection.connection.set_progress_handler(tick, SQLITE_STEP)
    try:
        with connection.execute_wrapper(wrapper):
            fn()
    finally:
        connection.connection.set_progress_handler(None, 0)
    return [[n, table] for n, table in counted if table is not None]


def scanned(node):
    """Rows a PostgreSQL plan node and its children read by their scans (kept and removed by a filter)."""
    own = 0
    if "Scan" in node["Node Type"]:
        own = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * node.get("Actual Loops", 1)
    return own + sum(scanned(child) for child in node.get("Plans", []))


def rows_child(url, words):
    """Child process: one request per page and, for each SELECT it sends, a measure of its work that does
    not depend on the machine's load: on PostgreSQL EXPLAIN ANALYZE's rows read by its scans (kept and
    removed by a filter), on SQLite the VM instructions it ran (those of its fetches included: each is
    counted for the statement last sent). Prints {page: [[work, table of the FROM], …]}."""
    import re

    import measure_pages

    def timed(fn, repeat, connection=None):
        from django.test.utils import CaptureQueriesContext
        if connection.vendor == "sqlite":
            return sqlite_work(fn, connection)
        fn()
        with CaptureQueriesContext(connection) as captured:
            fn()
        out = []
        for query in captured.captured_queries:
            sql = re.sub(r'^DECLARE "[^"]+" NO SCROLL CURSOR WITH HOLD FOR ', "", query["sql"])
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            out.append([scanned(plan[0]["Plan"]), table_of(sql)])
        return out

    measure_pages.timed = timed
    sys.argv = [sys.argv[0], url, "1"] + ([words] if words else [])
    measure_pages.main()


def rows_read(url, words, env):
    """{page: [[work, table], …]} of one request per page (rows read, or SQLite's VM instructions)."""
    cmd = [PY, str(Path(__file__).resolve()), "--rows-child", url, "--pages", words]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"{cmd} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def growing_queries(small, large, unit="rows read", top=3):
    """'table (work at 5k → at 50k), …' for the queries whose work grows most (same order of queries)."""
    if len(small) != len(large):
        return f"{len(small)} SELECTs at 5k, {len(large)} at 50k"
    grown = sorted(((b[0] - a[0], a[0], b[0], b[1]) for a, b in zip(small, large)), reverse=True)
    shown = [f"{table} ({a:,} → {b:,})" for diff, a, b, table in grown[:top] if diff > 0]
    total = sum(r for r, _t in small), sum(r for r, _t in large)
    return f"{unit} {total[0]:,} → {total[1]:,}; " + (", ".join(shown) if shown else "no query does more")


def rotated(count, r):
    """The order of the sizes in round `r`: 0, 1, 2 then 1, 2, 0 then 2, 0, 1 …"""
    return [(r + k) % count for k in range(count)]


def schedule(names, rounds, sizes):
    """[(round, page, size index)] in the order measured: each page at every size back to back, the size
    measured first rotating from page to page and from round to round."""
    return [(r, name, i) for r in range(rounds) for k, name in enumerate(names) for i in rotated(sizes, r + k)]


def median_of(runs):
    """Per page the median over the rounds of CPU (app, db) and p50; the queries of the last round."""
    pages = {}
    for name in runs[0]:
        got = [run[name] for run in runs if name in run]
        pages[name] = {key: statistics.median(g[key] for g in got)
                       for key in ("cpu", "cpu_app", "cpu_db", "cpu_app_mean", "p50", "load", "speed", "cpu_ref")}
        pages[name]["queries"] = got[-1]["queries"]
    return pages


def database_report(label, urls, args, env):
    print(f"\n== {label} ==")
    for url, (n, scale, _tag) in zip(urls, SIZES):
        ensure_dataset(url, n, scale, env)
    load_before = os.getloadavg()
    # A page's three sizes are measured back to back, by three processes kept for the run: when each round
    # measured one size's every page (~40 s) before the next size's, a change of the machine's load between
    # them fell on one size only, and pages whose work is the same at every size came out 30-50 % dearer at
    # one of them (fifteenth session: 5 such pages flagged over, 1 when paired). Measured first in every
    # round, the 5k dataset came out dearer too (the home page 3.9 ms against 2.0): the size measured first
    # rotates.
    measurers = []
    try:
        for url in urls:  # appended one by one: those started are closed if a later one fails
            measurers.append(Measurer(url, args.repeat, args.pages, env))
        names = list(dict.fromkeys(name for m in measurers for name in m.pages))
        runs = [[{} for _ in range(args.rounds)] for _ in SIZES]
        started, steps = time.monotonic(), schedule(names, args.rounds, len(SIZES))
        for done, (r, name, i) in enumerate(steps, 1):
            if name in measurers[i].pages:
                runs[i][r][name] = measurers[i].measure(name)
            if done % (len(names) * len(SIZES)) == 0:
                print(f"  round {r + 1}: {len(names)} pages at {len(SIZES)} sizes, "
                      f"{time.monotonic() - started:.0f} s so far (load {os.getloadavg()[0]:.1f})")
    finally:
        for m in measurers:
            m.close()
    measured = [median_of(r) for r in runs]
    reads = [rows_read(url, args.pages, env) for url in urls] if args.rows else None
    unit = "rows read" if urls[0].startswith("postgres") else "SQLite VM instructions"
    load_after = os.getloadavg()
    measured = [{k: v for k, v in m.items() if k != "national figures, bare SQL"} for m in measured]
    names = list(dict.fromkeys(name for m in measured for name in m))
    rows, over, causes = [], [], []
    for name in names:
        at = [m.get(name) for m in measured]
        if any(a is None for a in at):  # a page the dataset of some size lacks
            cells = " | ".join(f"{a['cpu']:.1f}" if a else "—" for a in at)
            rows.append(f"| {name} | {cells} | — | — | missing at a size | | | |")
            over.append(name)
            continue
        per_k, pct = growth([a["cpu"] for a in at])
        ok = pct <= TARGET_GROWTH
        if not ok:
            over.append(name)
        rows.append(f"| {name} | {at[0]['cpu']:.1f} | {at[1]['cpu']:.1f} | {at[2]['cpu']:.1f} "
                    f"({at[2]['cpu_app']:.1f} + "
                    f"{at[2]['cpu_db']:.1f}) | {per_k:+.2f} | {pct:+.0f} % | {'ok' if ok else '**over**'} | "
                    f"{at[0]['cpu_app_mean']:.1f} / {at[2]['cpu_app_mean']:.1f} | "
                    f"{at[0]['p50']:.1f} / {at[2]['p50']:.1f} | {at[0]['queries']} / {at[2]['queries']} |"
                    + (f" {sum(r for r, _t in reads[0].get(name, [])):,} / "
                       f"{sum(r for r, _t in reads[2].get(name, [])):,} |" if reads else ""))
        if reads and not ok:
            causes.append(f"- {name}: " + growing_queries(reads[0].get(name, []), reads[2].get(name, []), unit))
    report = [f"### {label}", "",
              f"{args.repeat} requests per page after {WARM_UP} to warm up, median of {args.rounds} round(s); Django test "
              f"Client in one process, its start-up heap frozen as ngoaivu.wsgi freezes it; load average {load_before[0]:.1f} / {load_before[1]:.1f} / "
              f"{load_before[2]:.1f} before, {load_after[0]:.1f} / {load_after[1]:.1f} / {load_after[2]:.1f} after.",
              "", "Datasets: " + ", ".join(f"`{u}`" for u in urls), "",
              f"The machine's speed (measure_pages.machine_speed, ms; {REFERENCE_SPEED_MS:.0f} on this machine's faster "
              "state) beside the "
              "pages at 5k / 15k / 50k, median over the pages: "
              + " / ".join(f"{statistics.median(p['speed'] for p in m.values()):.0f}" for m in measured)
              + ". A page's three sizes are measured back to back, so a change of speed between pages moves its "
              "three figures alike; the figures themselves are this run's machine's.", "",
              "| page | CPU ms at 5k | 15k | 50k (app + db) | ms per 1,000 agreements | 5k → 50k | ≤ 20 % | "
              "app CPU mean 5k / 50k | p50 ms 5k / 50k | queries 5k / 50k |" + (f" {unit} 5k / 50k |" if reads else ""),
              "|---|---|---|---|---|---|---|---|---|---|" + ("---|" if reads else ""), *rows, "",
              f"{len(names) - len(over)} of {len(names)} pages within the target"
              + (f"; over: {', '.join(over)}." if over else "."), ""]
    if causes:
        measure = ("Rows read by the SELECTs of one request (EXPLAIN ANALYZE" if unit == "rows read" else
                   "VM instructions run by the SELECTs of one request (sqlite3's progress handler")
        report += [f"{measure}, load-independent), for the pages over the target: the queries that do more at "
                   "50k than at 5k, biggest first (a page whose queries do about as much at both sizes is over "
                   "by the noise of a loaded machine, or by Python work on rows it shows).", "", *causes, ""]
    text = "\n".join(report)
    print(text)
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15, help="requests per page and round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over the three sizes (median taken)")
    parser.add_argument("--name", default="", help="names of the datasets (see the module's docstring)")
    parser.add_argument("--sqlite-dir", default=str(HERE / "var"))
    parser.add_argument("--pg-50k", help="an existing 50k PostgreSQL dataset")
    parser.add_argument("--sqlite-50k", help="an existing 50k SQLite dataset (sqlite:////path)")
    parser.add_argument("--pages", default="", help="comma-separated words: only the pages named so")
    parser.add_argument("--no-rows", dest="rows", action="store_false",
                        help="leave out the database work (rows read on PostgreSQL, VM instructions on SQLite)")
    parser.add_argument("--rows-child", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    if args.rows_child:
        return rows_child(args.rows_child, args.pages)
    sys.stdout.reconfigure(line_buffering=True)  # our lines in order with the generator's
    (HERE / "var").mkdir(exist_ok=True)
    # Connections kept between requests as in production (see bench/run.py).
    env = {**os.environ, "NGOAIVU_DEBUG": "0", "NGOAIVU_DB_CONN_MAX_AGE": "60", "PYTHONPATH": str(HERE.parent)}
    sections = [f"## Scaling run {time.strftime('%d/%m/%Y %H:%M', time.gmtime())} UTC", ""]
    if not args.skip_sqlite:
        folder = Path(args.sqlite_dir).resolve()
        base = f"bench_{args.name}" if args.name else "bench"
        urls = [f"sqlite:///{folder / f'{base}{tag}.sqlite3'}" for _n, _s, tag in SIZES]
        urls[-1] = args.sqlite_50k or urls[-1]
        sections.append(database_report("SQLite", urls, args, env))
    if not args.skip_postgres:
        server = urlsplit(os.environ.get("BENCH_PG_URL", "postgres://ngoaivu:ngoaivu@127.0.0.1:5432/ngoaivu_bench"))
        base = f"ngoaivu_bench_{args.name}" if args.name else server.path.lstrip("/")
        urls = [urlunsplit(server._replace(path=f"/{base}{tag}")) for _n, _s, tag in SIZES]
        urls[-1] = args.pg_50k or urls[-1]
        sections.append(database_report("PostgreSQL", urls, args, env))
    out = HERE / "var" / "scaling-last.md"
    out.write_text("\n".join(sections), encoding="utf-8")
    print(f"\nWritten to {out}")


if __name__ == "__main__":
    main()
