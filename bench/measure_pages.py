"""The serving process of the benchmark: requests the pages repeatedly through Django's test Client
(the whole stack but the socket) and times the bare SQL behind the national page. Prints one JSON line;
the parent reads this process's peak memory from wait4().

    measure_pages.py DATABASE_URL REPEAT [WORDS]

WORDS (optional, comma-separated) measures only the pages whose name contains one of them, e.g.
`home,national` (bench/run measures every page)."""
import json
import statistics
import sys
import time

from _setup import setup


def timed(fn, repeat):
    fn()  # warm-up (caches, connection)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"p50": statistics.median(times), "p95": times[max(0, int(round(0.95 * len(times))) - 1)],
            "n": repeat}


def main():
    url, repeat = sys.argv[1], int(sys.argv[2])
    words = [w.strip() for w in sys.argv[3].split(",") if w.strip()] if len(sys.argv) > 3 else []
    setup(url)
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

    def get(client, path):
        def run():
            response = client.get(path)
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
        "agreement list, search + filters": get(c_province, "/agreements/?q=han+quoc&status=in_force&health=active"),
        "agreement page (register)": get(c_province, f"/agreements/{sample}/"),
        "agreement page (implementation)": get(c_province, f"/implementation/agreements/{sample}/"),
        "national figures, bare SQL": bare_sql,
    }
    results = {name: timed(run, repeat) for name, run in pages.items()
               if not words or any(word in name for word in words)}
    print(json.dumps(results))


if __name__ == "__main__":
    main()
