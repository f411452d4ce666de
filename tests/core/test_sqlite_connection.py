"""The SQLite connection's settings that the served process relies on (ngoaivu/settings.py)."""
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own page cache")
def test_the_page_cache_holds_a_national_registers_hot_pages():
    # With SQLite's 2 MiB default, every request of a served process read its index pages again from the OS
    # (a national register's file is ~500 MB): bench/RESULTS.md, fourteenth session.
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == -32768


@pytest.mark.skipif(connection.vendor != "sqlite", reason="Python's cache of compiled SQLite statements")
def test_a_worker_keeps_more_compiled_statements_than_its_pages_send():
    from django.conf import settings
    # The bench's 40 pages send 160 statements; Python's default keeps 128 (bench/RESULTS.md, sixteenth session).
    assert settings.DATABASES["default"]["OPTIONS"]["cached_statements"] == 500
