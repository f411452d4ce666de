"""The PostgreSQL connection's cursor (core.pg_cursor): parameters bound by the server, a statement run again
and again prepared once for every value, a search never prepared."""
import pytest
from django.db import connection

from ngoaivu.agreements.models import Agreement
from ngoaivu.core.pg_cursor import PREPARE_THRESHOLD, PREPARED_MAX, planned_with_values

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")


def _prepared() -> list[str]:
    """The texts of the statements prepared on this connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
@on_postgresql
def test_a_statement_run_again_and_again_is_prepared_once_for_every_value():
    # Other records, other values: the same text with its parameters, so one prepared statement serves all.
    for pk in range(1, PREPARE_THRESHOLD + 3):
        assert list(Agreement.objects.filter(pk=pk, reference="no such reference").values_list("title")) == []
    ours = [s for s in _prepared() if "no such reference" not in s and '"agreements_agreement"."reference" = $2' in s]
    assert len(ours) == 1, _prepared()
    assert connection.connection.prepared_max == PREPARED_MAX  # more than a worker's pages send


@pytest.mark.django_db
@on_postgresql
def test_a_search_is_planned_with_its_pattern_every_time(world):
    title = Agreement.objects.exclude(search_text="").values_list("search_text", flat=True).first()
    word = title.split()[0]
    for _ in range(PREPARE_THRESHOLD * 2):
        assert Agreement.objects.filter(search_text__contains=word).exists()
        assert not Agreement.objects.filter(search_text__contains=word + "qqq").exists()
    assert not [s for s in _prepared() if "LIKE" in s]


def _options(env_extra) -> dict:
    """The PostgreSQL connection options the settings give, read in a process of their own."""
    import json
    import os
    import subprocess
    import sys
    env = {key: value for key, value in os.environ.items() if key != "NGOAIVU_DB_PREPARE_THRESHOLD"}
    env.update({"DJANGO_SETTINGS_MODULE": "ngoaivu.settings", "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/any",
                **env_extra})
    code = ("import json; from django.conf import settings; o = settings.DATABASES['default']['OPTIONS']; "
            "print(json.dumps({k: (v.__name__ if isinstance(v, type) else v) for k, v in o.items()}))")
    return json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                                     check=True, timeout=60).stdout)


def test_a_pooler_in_transaction_mode_can_turn_preparing_off():
    assert _options({}) == {"server_side_binding": True, "cursor_factory": "PreparingCursor",
                            "prepare_threshold": PREPARE_THRESHOLD}
    assert _options({"NGOAIVU_DB_PREPARE_THRESHOLD": "0"})["prepare_threshold"] is None
    assert _options({"NGOAIVU_DB_PREPARE_THRESHOLD": "-1"})["prepare_threshold"] is None
    assert _options({"NGOAIVU_DB_PREPARE_THRESHOLD": "2"})["prepare_threshold"] == 2


def test_what_is_planned_with_its_values_every_time():
    page = 'SELECT "a"."id" FROM "a" WHERE "a"."locality_id" = %s ORDER BY "a"."signed_on" DESC LIMIT 25'
    assert not planned_with_values(page)  # a key: one plan serves every province
    assert planned_with_values(page.replace('= %s', '= %s AND "a"."search_text" LIKE %s'))  # a search
    # A list filtered by dates: the range decides between sorting the matches and walking the order.
    assert planned_with_values(page.replace('= %s', '= %s AND "a"."signed_on" >= %s'))
    assert planned_with_values(page.replace('= %s', '= %s AND "a"."signed_on" BETWEEN %s AND %s') + " OFFSET 50")
    # A range without a LIMIT reads every match whatever the plan; a LIMIT inside a subquery stops nothing.
    assert not planned_with_values('SELECT COUNT(*) FROM "a" WHERE "a"."signed_on" <= %s')
    assert not planned_with_values('SELECT "a"."id" FROM "a" WHERE "a"."due_on" < %s AND EXISTS('
                                   'SELECT 1 FROM "b" WHERE "b"."a_id" = "a"."id" LIMIT 1)')


@pytest.mark.django_db(transaction=True)
@on_postgresql
def test_a_migration_that_changes_a_column_does_not_break_a_prepared_statement():
    """A worker's connection has a statement prepared when `ngoaivu migrate` lengthens a column it returns:
    PostgreSQL refuses the stale plan ("cached plan must not change result type"), and outside a
    transaction nothing would make psycopg forget it until the connection closes."""
    import psycopg
    length = Agreement._meta.get_field("reference").max_length
    for _ in range(PREPARE_THRESHOLD + 2):
        assert list(Agreement.objects.filter(pk=1).values_list("reference")) == []
    assert [s for s in _prepared() if s.startswith('SELECT "agreements_agreement"."reference"')]
    params = connection.get_connection_params()
    other = psycopg.connect(**{k: params[k] for k in ("dbname", "user", "password", "host", "port") if k in params},
                            autocommit=True)
    try:
        other.execute(f"ALTER TABLE agreements_agreement ALTER COLUMN reference TYPE varchar({length + 40})")
        for _ in range(3):  # the run that meets the stale plan, and the ones after it
            assert list(Agreement.objects.filter(pk=1).values_list("reference")) == []
    finally:
        other.execute(f"ALTER TABLE agreements_agreement ALTER COLUMN reference TYPE varchar({length})")
        other.close()


@pytest.mark.django_db(transaction=True)
@on_postgresql
def test_no_other_error_of_its_kind_is_retried_nor_drops_the_prepared_statements():
    from django.db import NotSupportedError
    for pk in range(1, PREPARE_THRESHOLD + 3):
        list(Agreement.objects.filter(pk=pk, reference="kept prepared").values_list("title"))
    before = _prepared()
    with pytest.raises(NotSupportedError, match="FOR UPDATE is not allowed with aggregate functions"):
        with connection.cursor() as cursor:  # SQLSTATE 0A000 as the stale plan's, raised elsewhere
            cursor.execute('SELECT COUNT(*) FROM "agreements_agreement" WHERE "id" > %s FOR UPDATE', [0])
    assert [s for s in before if '"reference" = $2' in s] and _prepared() == before
