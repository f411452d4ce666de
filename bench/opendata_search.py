"""The open data's search and full downloads on a dataset where the public agreements name their signers, as a
real register does: CPU of this process and (on PostgreSQL) of its backend, and wall time, per search (count and
first page) and per download (CSV and JSON, through the whole stack but the socket).

    .venv/bin/python bench/opendata_search.py DATABASE_URL [--repeat 3] [--share 0.2] [--unmarked]

In one transaction rolled back at the end: every n-th agreement (n = 1/share) is made public and given a signer,
whose name is appended to its search text after core.text.PRIVATE_MARK (--unmarked: without the mark, as texts
stood before agreements.0022, for measuring the code before it). On SQLite the database's work is in this
process's CPU.
"""
import argparse
import time

from _setup import setup

TERMS = ["han quoc", "giao duc", "hợp tác", "nguyen van"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--share", type=float, default=0.2)
    parser.add_argument("--unmarked", action="store_true")
    args = parser.parse_args()
    setup(args.database_url)
    import ngoaivu.wsgi  # noqa: F401  (as a served process: middleware and views loaded)
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import reverse

    from measure_pages import backend_cpu_ms
    from ngoaivu.core.text import PRIVATE_MARK
    from ngoaivu.reports import opendata
    step = max(1, round(1 / args.share))
    with transaction.atomic():
        with connection.cursor() as cursor:
            # published_at with it: a public agreement must have one (agreements/0025's check constraint).
            cursor.execute("UPDATE agreements_agreement SET visibility = 'public', signer_vn = 'Nguyễn Văn A', "
                           "published_at = COALESCE(published_at, created_at), "
                           "search_text = search_text || %s WHERE id %% %s = 0",
                           [(" " if args.unmarked else PRIVATE_MARK) + " nguyen van a ", step])
        for term in TERMS:
            for _ in range(args.repeat):
                app, db, wall = time.process_time(), backend_cpu_ms(connection), time.perf_counter()
                found = opendata.search(opendata.public_agreements(), term)
                count = found.count()
                list(found.order_by("-signed_on")[:25])
                print(f"{term!r}: {count} matches, app {1000 * (time.process_time() - app):.0f} ms, "
                      f"db {backend_cpu_ms(connection) - db:.0f} ms, wall {1000 * (time.perf_counter() - wall):.0f} ms")
        client = Client()  # no sign-in: anyone may ask for these
        for name in ("open_data_csv", "open_data_json"):
            for _ in range(args.repeat):
                app, db, wall = time.process_time(), backend_cpu_ms(connection), time.perf_counter()
                response = client.get(reverse(f"reports:{name}"))
                assert response.status_code == 200, response.status_code
                print(f"{name}: {len(response.content):,} bytes, app {1000 * (time.process_time() - app):.0f} ms, "
                      f"db {backend_cpu_ms(connection) - db:.0f} ms, wall {1000 * (time.perf_counter() - wall):.0f} ms")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
