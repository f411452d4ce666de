"""Django set-up shared by the bench scripts: the database comes from BENCH_DATABASE_URL (never the
demo's or the tests')."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ngoaivu.settings")
    os.environ.setdefault("NGOAIVU_DEBUG", "0")
    import django
    django.setup()


def ensure_pg_database(url):
    """Create the PostgreSQL database of `url` if the server does not have it."""
    import psycopg
    from urllib.parse import urlsplit, urlunsplit
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"  creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}" OWNER "{parts.username}"')


def settle():
    """On PostgreSQL, VACUUM (ANALYZE) every table of the app before anything is measured. The generator's
    own passes (the stored deadlines, the first sweep) and any experiment on a kept dataset leave dead row
    versions behind, and autovacuum does not come until a fifth of a table is dead: on 04/12/2026 the 50k
    dataset held 10,000 dead agreements whose entries in `agreement_shared_idx` every reader's scope still
    visited (a mission's calendar month read 2,817 heap pages for 30 rows: 14.3 ms of server CPU, 8.3
    after the vacuum). A served database is vacuumed by autovacuum in the background; the bench measures
    that steady state, not the leftovers of how its data was made. Prints the dead rows it found (from the
    statistics, which a crash of the server resets: the VACUUM runs whatever they say)."""
    from django.db import connection
    if connection.vendor != "postgresql":
        return
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(SUM(n_dead_tup), 0), COALESCE(SUM(n_live_tup), 0) FROM pg_stat_user_tables")
        dead, live = cursor.fetchone()
        for table in tables:
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')
    print(f"  vacuumed {len(tables)} tables ({dead:,} dead rows of {dead + live:,} by the statistics)",
          file=sys.stderr)
