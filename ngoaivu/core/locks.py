"""Locks that a process takes without waiting, held across the server's processes: on PostgreSQL an advisory
lock (every host that shares the database sees it), on SQLite an flock on a file next to the database (one
machine). The kernel or the server releases either when the process dies, so a crash never leaves one taken.

Used where a second run at the same time must not start: the sweep (a second one does nothing), the open data's
full downloads (a second one at the same moment is asked to come back, so that anonymous requests never hold
every worker)."""
import contextlib
import re
import zlib
from pathlib import Path

import fcntl
from django.conf import settings
from django.db import connection, transaction


def key(name: str) -> int:
    """The PostgreSQL advisory lock id of the lock `name`."""
    return zlib.crc32(f"ngoaivu.core.{name}".encode())


def lock_path(name: str) -> Path:
    """The SQLite lock file of the lock `name`: next to the database file, or in the data folder for an
    in-memory one."""
    db = str(connection.settings_dict["NAME"])
    if db and ":memory:" not in db and "mode=memory" not in db:
        return Path(f"{db}.{name}-lock")
    return Path(settings.DATA_DIR) / f"{name}-{re.sub(r'[^A-Za-z0-9_.-]+', '_', db) or 'memory'}.lock"


@contextlib.contextmanager
def held(name: str, *, atomic: bool = False):
    """Yield True when this process now holds the lock `name`, False when another process holds it.

    atomic=True runs what it guards in one transaction and, on PostgreSQL, takes a transaction-level lock,
    released by the commit or the rollback: an error that aborts the transaction, or a pooler in transaction
    mode (PgBouncer) that runs the unlock on another server connection, cannot leave it held. For short work
    (a download). The sweep, many transactions long, holds a session-level lock: its cron line connects to
    PostgreSQL directly, not through such a pooler (README)."""
    if atomic:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [key(name)])
                    acquired = cursor.fetchone()[0]
                yield acquired
                return
            with _file_lock(name) as acquired:
                yield acquired
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key(name)])
            acquired = cursor.fetchone()[0]
        try:
            yield acquired
        finally:
            if acquired:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key(name)])
        return
    with _file_lock(name) as acquired:
        yield acquired


@contextlib.contextmanager
def _file_lock(name: str):
    path = lock_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
