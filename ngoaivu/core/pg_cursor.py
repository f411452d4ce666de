"""The PostgreSQL cursor: parameters bound by the server, and a statement run again and again on one
connection prepared, so that PostgreSQL plans it once instead of on every request (issue 9, sixteenth
session).

Django binds parameters on the client by default: each statement reaches the server as new text, with its
values written in, and is parsed and planned anew every time. Planning was most of the server's CPU on a
page: 0.9 of the 1.0 ms of an agreement page's main statement (its scope's subqueries and what the page
asks beside the row); the page's 9 statements took 2.1 ms of the server's CPU so, 0.5 prepared
(bench/RESULTS.md, "sixteenth session"). Bound by the server, the text of a statement is the same for
every record and every reader of the same kind of scope. psycopg prepares it once it has run
PREPARE_THRESHOLD times on a connection (a worker's, kept by CONN_MAX_AGE). PostgreSQL plans the prepared
statement with its values 5 times, then chooses between that and one plan for every value (plan_cache_mode
auto: the plan for every value once its estimated cost is no higher; an estimate made without the values
can be far off, hence the exceptions below).

Two kinds of statement are never prepared, because their best plan depends on their values and one plan
for every value can be many times dearer (`planned_with_values`):
- a search (LIKE): a common word matches thousands of rows and is best read through the province's index, a
  rare one through the trigram index. With one plan for every pattern the searched register took 24 ms
  instead of 14 and the searched delegation list 45 instead of 9;
- a range of dates or numbers given as parameters in a statement that stops at a LIMIT (a list filtered by
  dates): for a narrow range the plan reads the matching rows and sorts them, for a wide one it walks the
  list's order and stops at the page's end. A plan made for January 2024 served 1990-2030 in 7.3 ms
  instead of 1.0 on a province's register.
Unprepared, such a statement is planned with its values every time, as before.

Prepared statements belong to one server connection: behind a connection pooler in transaction mode
(PgBouncer's) set NGOAIVU_DB_PREPARE_THRESHOLD=0, and nothing is prepared (README, production)."""
import re

from django.db.backends.postgresql.base import ServerBindingCursor
from psycopg import errors

# The default of NGOAIVU_DB_PREPARE_THRESHOLD: psycopg's own, written here because Django turns preparing off
# unless told (for poolers).
PREPARE_THRESHOLD = 5


# How many statements a connection keeps prepared, least recently used dropped first. psycopg's default of
# 100 is fewer than the bench's 40 pages alone send (157 statements; the whole app sends more): a worker would
# drop them and prepare them again. Each costs the connection's server process 43-96 KB (measured; 159
# prepared after every bench page: 6.8 MB), so at most ~20 MB.
PREPARED_MAX = 200

# Where PostgreSQL raises "cached plan must not change result type" (plancache.c): the function's name, unlike
# the message, is the same in every language of lc_messages.
STALE_PLAN_SOURCE = "RevalidateCachedQuery"
_RANGE = re.compile(r"(?:[<>]=?|BETWEEN) %s")
_ENDS_AT_A_LIMIT = re.compile(r" LIMIT \d+(?: OFFSET \d+)?$")


def planned_with_values(query: str) -> bool:
    """Whether a statement is to be planned with its values every time (see the module's docstring)."""
    return " LIKE " in query or bool(_ENDS_AT_A_LIMIT.search(query) and _RANGE.search(query))


class PreparingCursor(ServerBindingCursor):
    def __init__(self, connection, *args, **kwargs):
        super().__init__(connection, *args, **kwargs)
        # A setting of the connection that psycopg's connect() does not take: its first cursor sets it.
        if connection.prepared_max != PREPARED_MAX:
            connection.prepared_max = PREPARED_MAX

    def execute(self, query, params=None, *, prepare=None, binary=None):
        if prepare is None and isinstance(query, str) and planned_with_values(query):
            prepare = False
        try:
            return super().execute(query, params, prepare=prepare, binary=binary)
        except errors.FeatureNotSupported as error:
            # "cached plan must not change result type": a migration changed a column that a statement this
            # connection prepared returns (a longer text, another type). Outside a transaction nothing rolls
            # back, which is what makes psycopg forget its prepared statements, so every later run would fail
            # until the connection is closed. DEALLOCATE ALL drops them on both sides; PostgreSQL refused the
            # stale plan before running it, so the statement runs again. Inside a transaction this statement
            # fails and the rollback drops the rest. Any other error of its kind is not retried (a statement
            # that did something before failing must not run twice).
            if not self.connection.autocommit or error.diag.source_function != STALE_PLAN_SOURCE:
                raise
            self.connection.execute("DEALLOCATE ALL")
            return super().execute(query, params, prepare=prepare, binary=binary)
