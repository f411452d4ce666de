"""The serving process of the benchmark: requests the pages repeatedly through Django's test Client
(the whole stack but the socket) and times the bare SQL behind the national page. Prints one JSON line;
the parent (bench/run) reads this process's peak memory from wait4().

    measure_pages.py DATABASE_URL REPEAT [WORDS] [--serve]

WORDS (optional, comma-separated) measures only the pages whose name contains one of them, e.g.
`home,national` (bench/run measures every page); a word starting with "=" takes only the page of exactly
that name (`=province home page`: the page without its panels). With --serve it measures the pages named
on its standard input instead, one per line, and answers each with a JSON line (its first line lists the
pages): bench/scaling keeps one such process per dataset and measures a page at the three sizes back to
back."""
import html
import json
import os
import statistics
import sys
import time
from operator import itemgetter

from _setup import settle, setup


def backend_cpu_ms(connection):
    """CPU time (user + system) of this connection's PostgreSQL backend so far, from /proc (same
    machine); 0 on SQLite, whose work is already in this process's CPU time."""
    if connection.vendor != "postgresql":
        return 0.0
    pid = getattr(connection, "_bench_backend_pid", None)
    if pid is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = connection._bench_backend_pid = cursor.fetchone()[0]
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


# Requests before the measured ones. A served connection runs a page's statements thousands of times: on
# PostgreSQL psycopg prepares a statement after its 5th run, and the server, after planning it with its values
# 5 more times, tries one plan for every value from the 11th (ngoaivu.core.pg_cursor). The first ten requests
# are not what a worker serves.
WARM_UP = 10


# The machine's speed, measured beside every page: the CPU time of a fixed piece of pure Python. This machine's
# host changes its speed under the benchmark: with unchanged code, 10,000,000 additions at a module's top level
# took 0.80 s of CPU on 03/12 at 08:45, 1.52 s on 04/12 at 10:25 (quiet machine) and 0.79 s again at 10:51, and
# every page's CPU per request moved with it (the national page 14.3 ms at 10:36, 8.9 at 10:50). The workload
# below took 22 ms in that faster state (04/12 10:52, three runs of three: 21.5–24.3): REFERENCE_SPEED_MS.
# Reported beside the pages (`speed`); since 06/12 `cpu_ref` is scaled by the reference unit below instead.
SPEED_ADDITIONS = 500_000
REFERENCE_SPEED_MS = 22.0


def machine_speed() -> float:
    """CPU ms of SPEED_ADDITIONS additions in a function's loop (median of 3): about 22 on the faster state of
    this machine."""
    runs = []
    for _ in range(3):
        started, total = time.process_time(), 0
        for i in range(SPEED_ADDITIONS):
            total += i
        runs.append((time.process_time() - started) * 1000)
    return statistics.median(runs)


# The reference unit, run after every request (REFERENCE_SPEED_MS scaled each page by the additions above,
# timed before and after its requests, and the same code still moved by a quarter from run to run): a fixed piece
# of the work a page does — sorting rows, writing and escaping markup, JSON, grouping in dicts — whose CPU beside
# each request follows the host's state at that moment, caches and memory included, which a loop of additions
# does not. A page's `cpu_ref` is the median over its requests of its CPU divided by the unit's just after it,
# times REFERENCE_UNIT_MS. Measured on 06/12/2026 (forty-seventh session) on the same page requests, eight
# rounds of ten PostgreSQL pages: run to run, a page's figure varied by 3-8 % (coefficient of variation) scaled
# this way, 9-21 % scaled by the additions, 8-20 % unscaled. REFERENCE_UNIT_MS is a calibration, not the unit's
# own time (0.8-1.2 ms when the host is fast): the median, over the 46 pages of one PostgreSQL run, of the
# additions' scaled figure divided by the unit's ratio (1.11; 1.11 as well over the 23 pages whose additions ran
# at 22 ms or less), so that the two scalings agree in the median over a run's pages.
_UNIT_ROWS = [{"pk": i, "title": f"Thỏa thuận hợp tác số {i} <{i % 7}>", "n": i * 1.5,
               "day": f"{i % 28 + 1:02d}/12/2026"} for i in range(300)]
REFERENCE_UNIT_MS = 1.1


def reference_unit() -> float:
    """CPU ms of one run of the reference unit (0.8-1.2 ms on this machine's faster state)."""
    started = time.process_time()
    rows = sorted(_UNIT_ROWS, key=itemgetter("title"))
    markup = "".join(f"<tr><td>{html.escape(r['title'])}</td><td>{r['n']:.1f}</td><td>{r['day']}</td></tr>"
                     for r in rows)
    by_day = {}
    for row in json.loads(json.dumps(rows)):
        by_day.setdefault(row["day"], []).append(row["pk"])
    assert markup and len(by_day) == 28
    return (time.process_time() - started) * 1000


def timed(fn, repeat, connection=None):
    """p50/p95 wall time per call, and CPU per call (this process + the database backend): the CPU
    figure does not depend on what else the machine is running, the wall time does. This process's CPU is
    the median of the calls, as the issue's target asks (a full collection of the garbage collector falls
    on one call in tens and moved the mean by a third, run to run), its mean beside it; the backend's is
    the mean (/proc counts it in 10 ms ticks, too coarse for one call). `cpu_ref`: the same scaled by the
    reference unit run after each call (see REFERENCE_UNIT_MS)."""
    for _ in range(WARM_UP):  # caches, connection, prepared statements: a worker's steady state
        fn()
    for _ in range(3):
        reference_unit()
    speed = machine_speed()
    times, cpus, units = [], [], []
    spent, db0 = 0.0, backend_cpu_ms(connection) if connection else 0.0
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        cpu = (time.process_time() - c) * 1000
        times.append((time.perf_counter() - t) * 1000)
        cpus.append(cpu)
        spent += cpu
        units.append(reference_unit())  # after the call's times are taken: not in them
    app_mean = spent / repeat
    app_cpu = statistics.median(cpus)
    db_cpu = ((backend_cpu_ms(connection) - db0) / repeat) if connection else 0.0
    speed = (speed + machine_speed()) / 2  # before and after the page's requests
    unit = statistics.median(units)
    # The backend's CPU is one mean over the calls: scaled by the unit's median over the same calls.
    cpu_ref = (statistics.median(c / u for c, u in zip(cpus, units)) + db_cpu / unit) * REFERENCE_UNIT_MS
    times.sort()
    queries, sql = None, None
    if connection is not None:
        statements = statements_of(fn, connection)
        queries = len(statements)  # the number of SQL statements of one more request
        sql = bare_statements_ms(statements, repeat, connection)
    return {"p50": statistics.median(times), "p95": times[max(0, int(round(0.95 * len(times))) - 1)],
            "n": repeat, "cpu_app": app_cpu, "cpu_db": db_cpu, "cpu": app_cpu + db_cpu, "cpu_app_mean": app_mean,
            "load": os.getloadavg()[0], "queries": queries, "speed": speed, "unit": unit, "cpu_ref": cpu_ref,
            "sql_p50": sql}


def statements_of(fn, connection) -> list[tuple]:
    """[(sql, params, many)] of every statement one call of `fn` sends to the database, as Django hands them
    to the driver (placeholders and values apart: they can be sent again)."""
    sent = []

    def record(execute, sql, params, many, context):
        sent.append((sql, params, many))
        return execute(sql, params, many, context)
    with connection.execute_wrapper(record):
        fn()
    return sent


def bare_statements_ms(statements, repeat, connection) -> float | None:
    """p50 wall time (ms) of sending a page's own reading statements again, one after the other, each
    answer read whole, through the driver alone: no ORM, no template, no middleware. The page's p50 over
    this is its ratio to the bare SQL of what it shows (issue 9 asks for it of every page). Wall time, as
    the page's p50 is: on PostgreSQL it holds the server's work and the round trips. Writes (a session
    saved) are not sent again; None when the page reads nothing."""
    reads = [(sql, params) for sql, params, many in statements
             if not many and sql.lstrip().upper().startswith(("SELECT", "WITH"))]
    if not reads:
        return None

    def run():
        with connection.cursor() as cursor:
            for sql, params in reads:
                cursor.execute(sql, params)
                cursor.fetchall()
    for _ in range(WARM_UP):  # the statements prepared, as the page's own are by now (ngoaivu.core.pg_cursor)
        run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main():
    url, repeat, rest = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    serve = "--serve" in rest
    rest = [arg for arg in rest if arg != "--serve"]
    words = [w.strip() for w in rest[0].split(",") if w.strip()] if rest else []
    pages, connection = pages_of(url, words)
    if serve:
        return serve_pages(pages, repeat, connection)
    results = {name: timed(run, repeat, connection) for name, run in pages.items()}
    print(json.dumps(results))


def serve_pages(pages, repeat, connection, lines=None, out=None):
    """Measure the pages named by `lines` (standard input), one per line, until an empty line or the end;
    each answer is one JSON line on `out` (standard output), after a first line listing the pages."""
    lines, out = lines or sys.stdin, out or sys.stdout
    print(json.dumps(list(pages)), file=out, flush=True)
    for line in lines:
        name = line.rstrip("\n")
        if not name:
            break
        print(json.dumps(timed(pages[name], repeat, connection)), file=out, flush=True)


def _small_country_mission():
    """The officer of the bench's embassy in Hungary (bench/gen_exchanges.py's MISSIONS), made on first use;
    None for a dataset without missions."""
    from ngoaivu.core import actions as core_actions
    from ngoaivu.core.models import Mission, User
    user = User.objects.filter(username="bench.mission.small").first()
    embassy = Mission.objects.filter(country="HU", kind="embassy").first()
    if user is None and embassy is not None:
        user = core_actions.create_user(username="bench.mission.small", full_name="Bench mission (Hungary)",
                                        password="bench-Password-2026", kind="mission", role="officer",
                                        mission=embassy)
    return user


def pages_of(url, words):
    """({name: a function requesting the page once} of the pages `words` asks for (all: none), the database
    connection) on the dataset at `url`."""
    setup(url)
    settle()
    # As the served process is: its start-up heap, the views included, frozen out of the collector's reach.
    import ngoaivu.wsgi  # noqa: F401
    from django.db import connection
    from django.test import Client

    from ngoaivu.agreements.models import Agreement
    from ngoaivu.core.models import User

    centre, province = User.objects.get(username="bench.centre"), User.objects.get(username="bench.province")
    c_centre, c_province = Client(), Client()
    c_centre.force_login(centre)
    c_province.force_login(province)
    sample = (Agreement.objects.filter(status="in_force", locality=province.memberships.first().locality)
              .order_by("-pk").values_list("pk", flat=True).first())

    from ngoaivu.partners.models import Partner
    partner = Partner.objects.filter(agreements__pk=sample).values_list("pk", flat=True).first()

    # Issue 9 (fifth session): the exchanges pages at national scale (bench/generate.py --only exchanges).
    from ngoaivu.exchanges.models import Conference, Delegation
    delegation = (Delegation.objects.filter(locality=province.memberships.first().locality, status="reported")
                  .order_by("-start_date", "-pk").values_list("pk", flat=True).first())
    conference = (Conference.objects.filter(locality=province.memberships.first().locality)
                  .order_by("-start_date", "-pk").values_list("pk", flat=True).first())
    # The coordination part (bench/gen_coordination.py): the latest request already due, the province's return.
    from ngoaivu.coordination.models import Directive, ReportRequest, ReportReturn
    from ngoaivu.implementation.actions import today as _today
    report = (ReportRequest.objects.filter(due_on__lt=_today()).order_by("-due_on", "-pk")
              .values_list("pk", flat=True).first())
    own_return = (ReportReturn.objects.filter(request_id=report, locality=province.memberships.first().locality)
                  .values_list("pk", flat=True).first())
    # One the province received (not every directive goes to every province): its page is the one asked.
    directive = (Directive.objects.filter(sender_locality__isnull=True,
                                          recipients__locality=province.memberships.first().locality)
                 .order_by("-issued_on", "-pk").values_list("pk", flat=True).first())
    mission = User.objects.filter(username="bench.mission").first()
    c_mission = Client()
    if mission:
        c_mission.force_login(mission)
    # A mission of a country with few records (Hungary: 447 of the 50,000 agreements), added to a dataset
    # built without it: its lists are read through its agreements' keys (core.generic's SPARSE).
    small_mission = _small_country_mission()
    c_small = Client()
    if small_mission:
        c_small.force_login(small_mission)

    def get(client, path):
        def run():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        return run

    def get_htmx(client, path):
        def run():
            response = client.get(path, HTTP_HX_REQUEST="true")
            assert response.status_code == 200, (path, response.status_code)
        return run

    from ngoaivu.implementation.queries import NATIONAL_SQL

    def bare_sql():  # the aggregate statements of the national page, without Django around them
        with connection.cursor() as cursor:
            for sql in NATIONAL_SQL:
                cursor.execute(sql)
                cursor.fetchall()

    from django.test import RequestFactory

    from ngoaivu.implementation.views import home_panel
    request = RequestFactory().get("/")
    request.user = province

    def panel_only():  # this app's share of the province home page (other apps add their own panels)
        home_panel(request)

    pages = {
        "national page": get(c_centre, "/implementation/national/"),
        "province home page": get(c_province, "/"),
        "province home page: early-warning panel only": panel_only,
        # Issue 9: the register's two panels come after the page (htmx); each is a request of its own.
        "province home page: implementation panel (loaded after the page)": get_htmx(c_province, "/home/panels/implementation/"),
        "province home page: deadlines panel (loaded after the page)": get_htmx(c_province, "/home/panels/agreements-deadlines/"),
        "province home page: exchanges panel (loaded after the page)": get_htmx(c_province, "/home/panels/exchanges/"),
        "centre home page": get(c_centre, "/"),
        "centre home page: implementation panel (loaded after the page)": get_htmx(c_centre, "/home/panels/implementation/"),
        "centre home page: deadlines panel (loaded after the page)": get_htmx(c_centre, "/home/panels/agreements-deadlines/"),
        "centre home page: exchanges panel (loaded after the page)": get_htmx(c_centre, "/home/panels/exchanges/"),
        "agreement list, search + filters": get(c_province, "/agreements/?q=han+quoc&status=in_force&health=active"),
        # The search as typed in the register's box, no other filter: more matches than SearchPaginator's keys
        # (1,104 in the bench's province), so counted by a statement of its own (forty-eighth session).
        "agreement list, search only": get(c_province, "/agreements/?q=han+quoc"),
        "agreement list, plain": get(c_province, "/agreements/"),
        # A mission reads the agreements with partners of its countries (the scope's country arm, per row).
        "agreement list, mission": get(c_mission, "/agreements/"),
        "agreement page (register)": get(c_province, f"/agreements/{sample}/"),
        "agreement page (implementation)": get(c_province, f"/implementation/agreements/{sample}/"),
        "partner page": get(c_province, f"/partners/{partner}/"),
        "calendar month": get(c_province, "/exchanges/calendar/"),
        "calendar month, centre": get(c_centre, "/exchanges/calendar/"),
        "calendar month, mission": get(c_mission, "/exchanges/calendar/"),
        "exchanges delegation list": get(c_province, "/exchanges/delegations/"),
        "exchanges delegation list, centre": get(c_centre, "/exchanges/delegations/"),
        "exchanges delegation list, search": get(c_province, "/exchanges/delegations/?q=han+quoc"),
        "exchanges conference list": get(c_province, "/exchanges/conferences/"),
        "exchanges conference list, centre": get(c_centre, "/exchanges/conferences/"),
        "exchanges delegation page": get(c_province, f"/exchanges/delegations/{delegation}/"),
        "exchanges conference page": get(c_province, f"/exchanges/conferences/{conference}/"),
        "coordination report list": get(c_province, "/coordination/reports/"),
        "coordination report list, centre": get(c_centre, "/coordination/reports/"),
        "coordination request page, centre": get(c_centre, f"/coordination/reports/{report}/"),
        "coordination return page": get(c_province, f"/coordination/returns/{own_return}/"),
        "coordination directive list": get(c_province, "/coordination/directives/"),
        "coordination directive list, centre": get(c_centre, "/coordination/directives/"),
        "coordination directive page": get(c_province, f"/coordination/directives/{directive}/"),
        "coordination directive page, centre": get(c_centre, f"/coordination/directives/{directive}/"),
        "coordination opinion queue": get(c_centre, "/coordination/opinions/"),
        "national figures, bare SQL": bare_sql,
        # Issue 12: the statistics pages at national scale (computed indicators read the registers).
        "indicators national page, year": get(c_centre, "/indicators/?period=2024"),
        "indicators national page, 5-year span": get(c_centre, "/indicators/?period=2021-2025"),
        "indicators map, computed indicator": get(c_centre, "/indicators/map/?period=2024&indicator=activities"),
        "indicators by partner country": get(c_centre, "/indicators/countries/?period=2024"),
        "indicators partner country page": get(c_centre, "/indicators/countries/KR/?period=2021-2025"),
        # The implementation lists (thirty-fourth session): a province's activity list and a mission's
        # commitment list ran for minutes before their scope went through the agreements' keys.
        "activity list": get(c_province, "/implementation/activities/"),
        "activity list, mission": get(c_mission, "/implementation/activities/"),
        "commitment list": get(c_province, "/implementation/commitments/"),
        "commitment list, mission": get(c_mission, "/implementation/commitments/"),
        "activity list, mission of a small country": get(c_small, "/implementation/activities/"),
        "commitment list, mission of a small country": get(c_small, "/implementation/commitments/"),
    }
    if small_mission is None:
        pages.pop("activity list, mission of a small country")
        pages.pop("commitment list, mission of a small country")
    # A dataset built before the exchanges part (bench/generate.py --only exchanges adds it) has none of these.
    if mission is None:
        pages.pop("calendar month, mission")
        pages.pop("agreement list, mission")
        pages.pop("activity list, mission")
        pages.pop("commitment list, mission")
    if delegation is None:
        pages.pop("exchanges delegation page")
    if conference is None:
        pages.pop("exchanges conference page")
    if report is None or own_return is None or directive is None:  # built before the coordination part
        for name in [n for n in pages if n.startswith("coordination") and n.endswith(("page", "centre"))
                     and "list" not in n]:
            pages.pop(name)

    def asked(name):
        return not words or any(name == word[1:] if word.startswith("=") else word in name for word in words)
    return {name: run for name, run in pages.items() if asked(name)}, connection


if __name__ == "__main__":
    main()
