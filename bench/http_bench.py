"""(bench/http runs this; not named http.py, which would hide the standard library's http package.)
Through a real HTTP server: gunicorn with 2 workers on each database, driven by wrk on loopback at 1, 8
and 32 connections for a bounded time per page. For each page and concurrency: requests/s, p50/p95/p99,
errors (socket errors and any answer but 200), CPU per request (gunicorn workers + PostgreSQL backends,
from /proc: it does not depend on the neighbours' load, the latencies do), the workers' memory after the
run, and the machine's load average at that moment. The Django admin's changelist with the same search
is measured as the baseline.

    bench/http [--quick] [--seconds 10] [--connections 1,8,32] [--only sqlite|postgres] [--pages national,home]

Needs the datasets of bench/generate.py (bench/run builds them): SQLite in bench/var/bench.sqlite3 (or
BENCH_SQLITE_URL), PostgreSQL at BENCH_PG_URL. --quick: 3 s per run at 1 and 8 connections.
Writes the tables to bench/var/http-last.md.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
TICK = os.sysconf("SC_CLK_TCK")
PAGES = [  # (name, user, path template)
    ("national page", "centre", "/implementation/national/"),
    ("province home page", "province", "/"),
    # loaded after the home page by htmx (without the HX-Request header: the panel in a page of its own)
    ("province home: implementation panel", "province", "/home/panels/implementation/"),
    ("province home: exchanges panel", "province", "/home/panels/exchanges/"),
    ("centre home page", "centre", "/"),
    ("centre home: deadlines panel", "centre", "/home/panels/agreements-deadlines/"),
    ("agreement list, plain", "province", "/agreements/"),
    ("agreement list, search + filters", "province", "/agreements/?q=han+quoc&status=in_force"),
    # the search as typed in the register's box, the admin baseline's own search (more than 1,000 matches)
    ("agreement list, search only", "province", "/agreements/?q=han+quoc"),
    ("agreement page (register)", "province", "/agreements/{agreement}/"),
    ("agreement page (implementation)", "province", "/implementation/agreements/{agreement}/"),
    ("partner page", "province", "/partners/{partner}/"),
    ("calendar month", "province", "/exchanges/calendar/"),
    ("delegation list", "province", "/exchanges/delegations/"),
    ("centre home: exchanges panel", "centre", "/home/panels/exchanges/"),
    # the coordination lists (bench/gen_coordination.py; empty lists on a database built before it)
    ("report list, centre", "centre", "/coordination/reports/"),
    ("directive list", "province", "/coordination/directives/"),
    # the pages over 10 ms of CPU in bench/run (README), to see what that costs in requests a second
    ("calendar month, centre", "centre", "/exchanges/calendar/"),
    ("calendar month, mission", "mission", "/exchanges/calendar/"),
    ("indicators national page, year", "centre", "/indicators/?period=2024"),
    ("indicators national page, 5-year span", "centre", "/indicators/?period=2021-2025"),
    ("indicators by partner country", "centre", "/indicators/countries/?period=2024"),
    ("commitment list", "province", "/implementation/commitments/"),
    ("commitment list, mission", "mission", "/implementation/commitments/"),
    ("Django admin changelist, same search (baseline)", "admin", "/admin/agreements/agreement/?q=han+quoc"),
]

SESSIONS = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from _setup import settle, setup
setup(sys.argv[2])
settle()
from django.test import Client
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.models import User
from ngoaivu.partners.models import Partner
admin = User.objects.filter(username="bench.admin").first()
if admin is None:
    admin = User.objects.create_superuser("bench.admin", "bench.admin@example.vn", "bench-Password-2026")
out = {}
for key, name in (("centre", "bench.centre"), ("province", "bench.province"), ("admin", "bench.admin"),
                  ("mission", "bench.mission")):
    if not User.objects.filter(username=name).exists():  # a dataset built before the exchanges part
        continue
    client = Client()
    client.force_login(User.objects.get(username=name))
    out[key] = "sessionid=" + client.cookies["sessionid"].value
province = User.objects.get(username="bench.province").memberships.first().locality
sample = (Agreement.objects.filter(status="in_force", locality=province).order_by("-pk")
          .values_list("pk", flat=True).first())
out["agreement"] = sample
out["partner"] = Partner.objects.filter(agreements__pk=sample).values_list("pk", flat=True).first()
print(json.dumps(out))
"""


def cpu_ms(pids) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total * 1000 / TICK


def rss_mb(pid) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def pg_backends(url) -> list[int]:
    """Process ids of the PostgreSQL backends connected to the bench database (the workers' ones)."""
    if not url.startswith("postgres"):
        return []
    name = url.rsplit("/", 1)[-1]
    out = subprocess.run(["psql", url, "-Atc", f"SELECT pid FROM pg_stat_activity WHERE datname = '{name}' "
                          "AND pid <> pg_backend_pid()"], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url, port):
    env = {**os.environ, "DATABASE_URL": url, "NGOAIVU_DEBUG": "0", "NGOAIVU_DB_CONN_MAX_AGE": "60",
           "PYTHONPATH": f"{ROOT}:{HERE}", "NGOAIVU_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    gunicorn = shutil.which("gunicorn", path=str(Path(PY).parent)) or "gunicorn"
    proc = subprocess.Popen([gunicorn, "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "60",
                             "--log-level", "warning", "http_app:application"],
                            cwd=HERE, env=env, start_new_session=True)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
            return proc
        except Exception:
            if proc.poll() is not None:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer")


def wrk(url, connections, seconds, cookie) -> dict:
    env = {**os.environ, "WRK_COOKIE": cookie}
    out = subprocess.run(["wrk", "-t", str(min(connections, 2)), "-c", str(connections), "-d", f"{seconds}s",
                          "--timeout", "10s", "-s", str(HERE / "wrk_report.lua"), url],
                         capture_output=True, text=True, env=env, timeout=seconds + 60)
    line = next((l for l in out.stdout.splitlines() if l.startswith("WRK_JSON ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no report:\n{out.stdout}\n{out.stderr}")
    return json.loads(line[len("WRK_JSON "):])


def bench_database(label, url, args) -> str:
    env = {**os.environ, "NGOAIVU_DEBUG": "0", "PYTHONPATH": str(ROOT)}
    info = json.loads(subprocess.run([PY, "-c", SESSIONS, str(HERE), url], capture_output=True, text=True,
                                     env=env, check=True).stdout.strip().splitlines()[-1])
    port = free_port()
    # Backends already connected (another script on the same database) are not the workers'.
    foreign = set(pg_backends(url))
    server = start_server(url, port)
    lines = [f"### {label}", "",
             f"gunicorn, 2 sync workers; wrk on loopback, {args.seconds} s per run after a 1 s warm-up.", "",
             "| page | conns | req/s | p50 ms | p95 ms | p99 ms | errors | CPU ms/req (app + db) | workers RSS MB "
             "| load avg |", "|---|---|---|---|---|---|---|---|---|---|"]
    try:
        workers = children(server.pid)
        served = 0
        for name, user, template in PAGES:
            if args.pages and not any(w in name for w in args.pages):
                continue
            if user not in info:
                print(f"| {name} | (no {user} user in this dataset) |", flush=True)
                continue
            path = template.format(**info)
            target = f"http://127.0.0.1:{port}{path}"
            warm = wrk(target, 1, 1, info[user])  # warm-up: imports, caches, connections
            if warm["non200"] or not warm["requests"]:  # a page that is not served is not measured
                raise SystemExit(f"{label}: {name} ({path}) did not answer 200 to {warm['non200']} of "
                                 f"{warm['requests']} requests")
            for conns in args.connections:
                before = {p: cpu_ms([p]) for p in pg_backends(url) if p not in foreign}
                app0 = cpu_ms(workers)
                r = wrk(target, conns, args.seconds, info[user])
                app = cpu_ms(workers) - app0
                # A backend that ended during the run is lost (the workers keep theirs: CONN_MAX_AGE).
                db = sum(max(cpu_ms([p]) - before.get(p, 0.0), 0.0) for p in pg_backends(url) if p not in foreign)
                n = max(r["requests"], 1)
                served += r["requests"]
                memory = " / ".join(f"{rss_mb(w):.0f}" for w in workers)
                row = (f"| {name} | {conns} | {r['requests'] / r['seconds']:.0f} | {r['p50'] / 1000:.1f} | "
                       f"{r['p95'] / 1000:.1f} | {r['p99'] / 1000:.1f} | {r['socket_errors'] + r['non200']} | "
                       f"{(app + db) / n:.1f} ({app / n:.1f} + {db / n:.1f}) | {memory} | {os.getloadavg()[0]:.1f} |")
                print(row, flush=True)
                lines.append(row)
        lines += ["", f"Workers' memory after {served:,} requests: "
                  + " / ".join(f"{rss_mb(w):.0f} MB" for w in workers), ""]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="3 s per run, 1 and 8 connections")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", default="1,8,32")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--pages", default="", help="comma-separated words of the page names to run")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.connections = 3, "1,8"
    args.connections = [int(c) for c in args.connections.split(",")]
    args.pages = [w for w in args.pages.split(",") if w]
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    sections = [f"Run {time.strftime('%Y-%m-%d %H:%M')} on {os.cpu_count()} cores; load average at start "
                f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}", ""]
    if args.only != "postgres":
        url = os.environ.get("BENCH_SQLITE_URL", f"sqlite:///{HERE / 'var' / 'bench.sqlite3'}")
        sections.append(bench_database("SQLite", url, args))
    if args.only != "sqlite":
        url = os.environ.get("BENCH_PG_URL", "postgres://ngoaivu:ngoaivu@127.0.0.1:5432/ngoaivu_bench")
        sections.append(bench_database("PostgreSQL", url, args))
    (HERE / "var").mkdir(exist_ok=True)
    (HERE / "var" / "http-last.md").write_text("\n".join(sections), encoding="utf-8")
    print("\n".join(sections))


if __name__ == "__main__":
    main()
