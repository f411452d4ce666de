"""A lock of ngoaivu.core.locks held by another process, as a running sweep or download would hold it."""
import fcntl

from django.db import connection

from ngoaivu.core import locks


class HeldLock:
    """Held from outside the test's connection (PostgreSQL: another connection; SQLite: another open file);
    taking it fails the test at once if someone holds it already (the code under test did not let it go)."""

    def __init__(self, name="sweep"):
        self.name = name

    def __enter__(self):
        if connection.vendor == "postgresql":
            self.other = connection.copy()
            with self.other.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [locks.key(self.name)])
                assert cursor.fetchone()[0], f"the lock {self.name!r} is held already"
        else:
            path = locks.lock_path(self.name)
            path.parent.mkdir(parents=True, exist_ok=True)
            self.handle = open(path, "a+")
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError when held already
        return self

    def __exit__(self, *exc):
        if connection.vendor == "postgresql":
            with self.other.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [locks.key(self.name)])
            self.other.close()
        else:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
