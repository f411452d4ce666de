"""Runs the benchmark on SQLite and PostgreSQL and prints p50/p95 of the pages, the sweep's time, the
national page against its bare SQL, and the peak memory of the sweep and of the serving process.

    bench/run [--repeat 30] [--skip-postgres] [--scale 1.0]

The scaling run (the same pages at 5,000 / 15,000 / 50,000 agreements, growth per 1,000): bench/scaling
(bench/scaling.py).

Datasets are built once by bench/generate.py (SQLite in bench/var/, PostgreSQL in the database named by
BENCH_PG_URL, default postgres://ngoaivu:ngoaivu@127.0.0.1:5432/ngoaivu_bench).
"""
import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from measure_pages import REFERENCE_UNIT_MS, WARM_UP  # noqa: E402  (this folder, as bench/scaling.py reads it)

PY = sys.executable
TARGETS = {"partner page": 150, "calendar month": 150, "national page": 150, "province home page": 150, "province home page: early-warning panel only": 150,
           "province home page: implementation panel (loaded after the page)": 150,
           "province home page: deadlines panel (loaded after the page)": 150, "agreement list, search + filters": 100,
           "agreement page (register)": 150, "agreement page (implementation)": 150,
           "indicators national page, year": 150, "indicators national page, 5-year span": 150,
           "indicators map, computed indicator": 150}


def run_child(cmd, env):
    """(stdout, seconds, peak RSS in MB) of a child process."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    out, err = proc.communicate()
    # communicate() reaped it; its rusage is in RUSAGE_CHILDREN only cumulatively, so run via wait4 wrapper
    return out, err, time.monotonic() - started, proc.returncode


def measured(cmd, env):
    """Run `cmd` under /usr/bin/time-like accounting: a tiny Python wrapper reports the child's maxrss."""
    wrapper = ("import os,sys,subprocess,resource,time;t=time.monotonic();"
               "p=subprocess.Popen(sys.argv[1:]);_,status,ru=os.wait4(p.pid,0);"
               "sys.stderr.write('\\nBENCH_RSS_KB=%d BENCH_SECONDS=%.3f\\n'%(ru.ru_maxrss,time.monotonic()-t));"
               "sys.exit(os.waitstatus_to_exitcode(status))")
    out, err, _seconds, code = run_child([PY, "-c", wrapper, *cmd], env)
    tail = err.rsplit("BENCH_RSS_KB=", 1)[-1].split()
    rss = int(tail[0]) / 1024
    seconds = float(tail[1].split("=")[1])
    if code:
        raise SystemExit(f"{cmd} failed:\n{err[-3000:]}")
    return out, seconds, rss


def bench_database(label, url, repeat, scale):
    # Connections kept between requests as in production (NGOAIVU_DB_CONN_MAX_AGE is 60 there; the
    # development default of 0 would time a new PostgreSQL connection with every request).
    env = {**os.environ, "DATABASE_URL": url, "NGOAIVU_DEBUG": "0", "NGOAIVU_DB_CONN_MAX_AGE": "60",
           "PYTHONPATH": str(HERE.parent)}
    print(f"\n== {label} ==")
    gen = subprocess.run([PY, str(HERE / "generate.py"), "--database-url", url, "--scale", str(scale)], env=env)
    if gen.returncode:
        raise SystemExit("generation failed")
    out, _s, serve_rss = measured([PY, str(HERE / "measure_pages.py"), url, str(repeat)], env)
    pages = json.loads(out.strip().splitlines()[-1])
    manage = str(HERE.parent / "manage.py")
    # The daily comparison of the kept summaries on its own first (run by name, it runs whether due or not): the
    # two sweeps after it are hourly ones, in which it is not due.
    _o, check_s, check_rss = measured([PY, manage, "sweep", "--only", "summaries"], env)
    _o, sweep_s, sweep_rss = measured([PY, manage, "sweep"], env)
    _o, sweep2_s, sweep2_rss = measured([PY, manage, "sweep"], env)
    sql = pages.pop("national figures, bare SQL")
    rows = []
    for name, t in pages.items():
        target = TARGETS.get(name)
        ok = "—" if target is None else "ok" if t["p95"] <= target else "OVER"  # no p95 target: CPU only
        bare = t.get("sql_p50")
        statements = "—" if not bare else f"{bare:.2f} ({t['queries']}) | {t['p50'] / bare:.1f}"
        rows.append(f"| {name} | {t['cpu']:.1f} ({t['cpu_app']:.1f} + {t['cpu_db']:.1f}) | {t['cpu_ref']:.1f} | "
                    f"{t['unit']:.2f} | {t['p50']:.1f} | {t['p95']:.1f} | "
                    f"{statements if bare else '— | —'} | {t['load']:.1f} | "
                    f"{'—' if target is None else f'≤ {target}'} | {ok} |")
    ratio = pages["national page"]["p50"] / max(sql["p50"], 1e-6)
    report = [f"### {label}", "",
              f"{repeat} requests each after {WARM_UP} to warm up; Django test Client in one process.", "",
              "CPU at reference speed: the page's CPU scaled to a machine that runs the reference unit "
              "(measure_pages.reference_unit, run after each request) in "
              f"{REFERENCE_UNIT_MS:.1f} ms; this machine's host changes speed by up to 2x with the code unchanged.",
              "",
              "Its statements, bare: the page's own reading statements of one request sent again through the "
              "driver alone (no ORM, template or middleware), p50 wall time (their number); ratio: the page's p50 "
              "over that.", "",
              "| page | CPU ms/request (app + db) | CPU at reference speed | reference unit ms | p50 ms | p95 ms | "
              "its statements, bare: p50 ms (number) | ratio | load avg | target p95 | |",
              "|---|---|---|---|---|---|---|---|---|---|---|", *rows, "",
              f"- national figures, bare SQL: p50 {sql['p50']:.1f} ms, p95 {sql['p95']:.1f} ms; "
              f"national page / SQL (p50) = {ratio:.1f} (target ≤ 2)",
              f"- full sweep (`ngoaivu sweep`, steady state, process start included): {sweep_s:.1f} s, "
              f"peak memory {sweep_rss:.0f} MB; run again: {sweep2_s:.1f} s, {sweep2_rss:.0f} MB "
              f"(targets ≤ 30 s, ≤ 1024 MB)",
              f"- the sweep's daily comparison of the kept summaries with their source (`ngoaivu sweep --only "
              f"summaries`, process start included): {check_s:.1f} s, peak memory {check_rss:.0f} MB",
              f"- serving process peak memory: {serve_rss:.0f} MB (target ≤ 300 MB)", ""]
    text = "\n".join(report)
    print(text)
    return text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    (HERE / "var").mkdir(exist_ok=True)
    sections = []
    if not args.skip_sqlite:
        sections.append(bench_database("SQLite", f"sqlite:///{HERE / 'var' / 'bench.sqlite3'}", args.repeat, args.scale))
    if not args.skip_postgres:
        url = os.environ.get("BENCH_PG_URL", "postgres://ngoaivu:ngoaivu@127.0.0.1:5432/ngoaivu_bench")
        sections.append(bench_database("PostgreSQL", url, args.repeat, args.scale))
    (HERE / "var" / "last-run.md").write_text("\n".join(sections), encoding="utf-8")
    print(f"\nWritten to {HERE / 'var' / 'last-run.md'}")


if __name__ == "__main__":
    main()
