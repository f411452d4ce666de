"""The serving process of the benchmark: requests the pages repeatedly through Django's test Client
(the whole stack but the socket) and times the bare SQL behind the national page. Prints one JSON line;
the parent reads this process's peak memory from wait4()."""
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


NATIONAL_SQL = """
SELECT a.locality_id, COUNT(*),
       SUM(CASE WHEN a.health = 'active' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.health = 'at_risk' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.health = 'dormant' THEN 1 ELSE 0 END),
       COALESCE(SUM(t.overdue_commitments), 0)
FROM agreements_agreement a LEFT JOIN implementation_tracking t ON t.agreement_id = a.id
WHERE a.status = 'in_force' GROUP BY a.locality_id
"""


def main():
    url, repeat = sys.argv[1], int(sys.argv[2])
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

    def bare_sql():
        with connection.cursor() as cursor:
            cursor.execute(NATIONAL_SQL)
            cursor.fetchall()

    results = {
        "national page": timed(get(c_centre, "/implementation/national/"), repeat),
        "province home page": timed(get(c_province, "/"), repeat),
        "agreement list, search + filters": timed(get(c_province, "/agreements/?q=han+quoc&status=in_force&health=active"), repeat),
        "agreement page (register)": timed(get(c_province, f"/agreements/{sample}/"), repeat),
        "agreement page (implementation)": timed(get(c_province, f"/implementation/agreements/{sample}/"), repeat),
        "national figures, bare SQL": timed(bare_sql, repeat),
    }
    print(json.dumps(results))


if __name__ == "__main__":
    main()
