"""Personas and a small world with two provinces, shared by every test.

Province A is Lạng Sơn (unchanged in 2025), province B is Đà Nẵng (merged with Quảng Nam).
"""
import os
from dataclasses import dataclass, field

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + sync Playwright

PERSONAS = ["anonymous", "central", "central_manager", "central_viewer", "manager_a", "officer_a", "officer_b", "unit_officer",
            "mission_officer", "viewer"]


_CLOCK = pytest.StashKey()


def pytest_configure(config):
    """One clock for the whole run: today's date in Việt Nam at 03:00 local time, then ticking.

    Test modules fix `TODAY` when they are imported and the shared world is built once, so a run that
    crossed local midnight (17:00 UTC) failed on dates a day apart. Starting at 03:00 no run crosses
    midnight, and at that hour the UTC date is still the day before: a test that meets a date taken in UTC
    where Việt Nam's is meant fails on every run, not only on evening runs."""
    import datetime
    from zoneinfo import ZoneInfo

    import time_machine
    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    start = datetime.datetime.combine(datetime.datetime.now(vn).date(), datetime.time(3, 0), tzinfo=vn)
    config.stash[_CLOCK] = time_machine.travel(start, tick=True)
    config.stash[_CLOCK].start()


def pytest_unconfigure(config):
    if _CLOCK in config.stash:
        config.stash[_CLOCK].stop()


@pytest.fixture(scope="session")
def live_server(live_server):
    """pytest-django's live server, one request at a time on SQLite.

    With an in-memory SQLite database the server's threads all use the test's one connection (nothing
    else could see the test data), and two requests at once misuse it ("bad parameter or other API
    misuse") and lose the session. A page that loads parts after itself (the home page's panels, by
    htmx) sends two at once, so on SQLite the server handles requests in turn. PostgreSQL keeps the
    threaded server as it is, each thread with its own connection."""
    from django.db import connection
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        import threading
        httpd, lock = live_server.thread.httpd, threading.Lock()
        app = httpd.get_app()

        def one_at_a_time(environ, start_response):
            with lock:
                return app(environ, start_response)
        httpd.set_app(one_at_a_time)
    return live_server


@dataclass
class World:
    a: object
    b: object
    users: dict
    records: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["records"][name]
        except KeyError:
            raise AttributeError(name)


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Hashing with PBKDF2 costs ~0.3 s a user; tests create many users.
    settings.PASSWORD_HASHERS = FAST_HASHERS
    yield
    # A request in English leaves English active in this thread (LocaleMiddleware activates the request's
    # language and nothing deactivates it): the next test, which expects Vietnamese text, read English.
    from django.utils import translation
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every table's ids start past ten thousand, each table at its own height: an id printed with the
    thousands separator ("10.234") or taken from the wrong table fails in every test, on both databases."""
    from django.apps import apps
    from django.db import connection, models
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        tables = sorted({m._meta.db_table: m._meta.pk.column for m in apps.get_models()
                         if isinstance(m._meta.pk, models.AutoField)}.items())
        for i, (table, column) in enumerate(tables):
            start = 10_000 + 1_000 * i
            if connection.vendor == "postgresql":
                cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                               f"GREATEST(%s, (SELECT COALESCE(MAX({column}), 0) FROM {table}) + 1), false)",
                               [table, column, start])
            elif connection.vendor == "sqlite":
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s AND seq < %s", [table, start])
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) SELECT %s, %s WHERE NOT EXISTS "
                               "(SELECT 1 FROM sqlite_sequence WHERE name = %s)", [table, start, table])


def _load_reference():
    from ngoaivu.agreements.consultees import load_national_defaults
    from ngoaivu.core.reference import load_reference
    load_reference()
    load_national_defaults()


@pytest.fixture
def reference(db):
    """Reference data (migrations load it; transactional tests flush it, so load again if gone)."""
    _load_reference()


def make_user(username, kind, role, locality=None, unit=None, mission=None, **extra):
    from ngoaivu.core import actions
    return actions.create_user(username=username, full_name=username.replace("_", " ").title(),
                               password="pw-" + username + "-2026!", kind=kind, role=role, locality=locality,
                               unit=unit, mission=mission, email=f"{username}@example.vn", **extra)


def _build_world():
    from ngoaivu.core.models import Locality, Mission, Unit
    _load_reference()
    a = Locality.objects.current().get(code=20)
    b = Locality.objects.current().get(code=48)
    soct = Unit.objects.get(locality=a, name__startswith="Sở Công Thương")
    mission, _ = Mission.objects.get_or_create(name="Đại sứ quán Việt Nam tại Hàn Quốc",
                                               defaults={"country": "KR", "city": "Seoul"})
    users = {
        "anonymous": None,
        "central": make_user("central", "centre", "officer"),
        "central_manager": make_user("central_manager", "centre", "manager"),
        "central_viewer": make_user("central_viewer", "centre", "viewer"),
        "manager_a": make_user("manager_a", "locality", "manager", locality=a),
        "officer_a": make_user("officer_a", "locality", "officer", locality=a),
        "officer_b": make_user("officer_b", "locality", "officer", locality=b),
        "unit_officer": make_user("unit_officer", "unit", "officer", unit=soct),
        "mission_officer": make_user("mission_officer", "mission", "officer", mission=mission),
        "viewer": make_user("viewer", "locality", "viewer", locality=a),
    }
    w = World(a=a, b=b, users=users, records={"unit_a": soct, "mission": mission})
    from tests.url_expectations import populate_all
    populate_all(w)
    return w


def _uses_world(item) -> bool:
    return "world" in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Within pytest-django's order (database tests, then transactional ones, then the rest), the
    database tests without the world run first: the shared world (below) is committed when the first
    test asks for it, and a test that counts on an empty database must run before that."""
    def transactional(item):
        marker = item.get_closest_marker("django_db")
        flagged = bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        names = getattr(item, "fixturenames", ())
        return flagged or "transactional_db" in names or "live_server" in names

    def group(item):
        names = getattr(item, "fixturenames", ())
        if transactional(item):
            return 2
        if item.get_closest_marker("django_db") or "db" in names:
            return 1 if _uses_world(item) else 0
        return 3
    items.sort(key=group)


@pytest.fixture(scope="session")
def _shared_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once a session and committed, with its files in a folder of their own.

    Building it costs ~0.4 s on SQLite and ~1 s on PostgreSQL; ~860 tests use it. A database test
    runs in a transaction that is rolled back, so each one starts from this same committed world."""
    from django.test.utils import override_settings
    media = tmp_path_factory.mktemp("world-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS):
        return _build_world(), media


def _still_there(w) -> bool:
    """A transactional test empties every table when it ends; after that the shared world is gone."""
    from ngoaivu.core.models import User
    ids = [u.pk for u in w.users.values() if u is not None]
    return User.objects.filter(pk__in=ids).count() == len(ids)


@pytest.fixture
def world(db, _shared_world, settings):
    """Two provinces, the personas, and a record of every kind (`tests.url_expectations`).

    Each test gets its own copy of the shared world's objects (a test may change them in memory) and of
    its files. Once a transactional test has emptied the database, each test builds its own world."""
    import copy
    import shutil
    shared, media = _shared_world
    if _still_there(shared):
        shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
        return copy.deepcopy(shared)
    return _build_world()


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client logged in as that user (None = anonymous)."""
    from django.test import Client

    def make(user):
        c = Client()
        if user is not None:
            c.force_login(user)
        return c
    return make


@pytest.fixture
def ind(world):
    """Indicators by code (the catalogue is loaded by migration 0002; flushed tests load it again): for the
    indicators' tests and the reports that carry their figures."""
    from ngoaivu.indicators.catalogue import load_catalogue
    from ngoaivu.indicators.models import Indicator
    load_catalogue()
    return {i.code: i for i in Indicator.objects.all()}
