"""Walks every URL pattern (pages and API) with every persona and checks the answer.

A new URL without an expectation in tests/url_expectations/ fails `test_every_url_has_an_expectation`.
The Django admin is left out: it has its own permission system (staff only) and hundreds of patterns.

The write walk sends every write a URL takes (POST; for the API also PUT, PATCH, DELETE) as every persona:
whoever may not write is refused and the database is left exactly as it was.
"""
import copy
import json
import os
import re
import shutil
import time

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from tests.conftest import PERSONAS
from tests.url_expectations import all_cases

SKIPPED_NAMESPACES = {"admin"}


def url_names(resolver=None, namespace=""):
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            names |= url_names(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(namespace + entry.name)
    return names


def test_every_url_has_an_expectation():
    missing = url_names() - set(all_cases())
    assert not missing, f"Add these URL names to tests/url_expectations/: {sorted(missing)}"
    stale = set(all_cases()) - url_names()
    assert not stale, f"Expectations for URLs that no longer exist: {sorted(stale)}"


# An id printed with the thousands separator ("4.596") in a link or a form value points at nothing; the
# ids of the PostgreSQL run are past a thousand, so this catches a template that forgot `stringformat`.
LOCALISED_ID = re.compile(r'(?:value|href|action|hx-get|hx-post|hx-vals)=["\'][^"\']*?(?<![\w.,])\d{1,3}(?:\.\d{3})+(?![\w.,])')


def localised_ids(response) -> list[str]:
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return []
    return LOCALISED_ID.findall(response.content.decode())


@pytest.mark.django_db
def test_every_url_answers_every_persona_as_expected(world, client_for):
    failures = []
    for name, case in sorted(all_cases().items()):
        url = reverse(name, kwargs=case.url_kwargs(world)) + case.query
        for persona in PERSONAS:
            client = client_for(world.users[persona])
            response = getattr(client, case.method)(url)
            expected = case.expect[persona]
            if response.status_code != expected:
                failures.append(f"{persona:>16} {case.method.upper()} {url} ({name}): {response.status_code}, expected {expected}")
            failures += [f"{persona:>16} {url} ({name}): an id with a thousands separator: {found}"
                         for found in localised_ids(response)]
            assert response.status_code < 500, f"{persona} {url}: server error"
    assert not failures, "\n" + "\n".join(failures)


WRITE_METHODS = ("post", "put", "patch", "delete")
# Sessions change on every sign-in and sign-out; they are not the records a refused write must leave alone.
NOT_STATE = {"sessions.Session"}


class _Rollback(Exception):
    pass


def declared_write_methods(path):
    """The write methods the view declares, or None for a function view (only a request can tell).
    Pages are walked with POST; the API with each write its viewset routes."""
    func = resolve(path).func
    cls = getattr(func, "cls", None)        # DRF
    if cls is not None:
        allowed = [m for m in WRITE_METHODS if m in cls.http_method_names]
        routed = getattr(func, "actions", None)   # a viewset maps methods to actions per route
        return tuple(m for m in allowed if (m in routed if routed is not None else hasattr(cls, m)))
    view_class = getattr(func, "view_class", None)
    if view_class is not None:
        return ("post",) if hasattr(view_class, "post") and "post" in view_class.http_method_names else ()
    return None


def rows_written() -> int:
    """Rows inserted, updated or deleted so far on this connection (in this transaction on PostgreSQL):
    a cheap first look; only when it moved is the whole database compared."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT total_changes()")
        else:
            cursor.execute("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables "
                           "WHERE relname <> 'django_session'")
        return int(cursor.fetchone()[0])


def database_state() -> dict:
    """Every row of every table (sessions aside), by model."""
    state = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label not in NOT_STATE and not model._meta.proxy:
            state[model._meta.label] = list(model._base_manager.order_by("pk").values_list())
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])


def stored_files() -> dict:
    """The stored files (path → size): a rolled-back write must not have removed or added one either."""
    files = {}
    for folder, _, names in os.walk(settings.MEDIA_ROOT):
        for name in names:
            path = os.path.join(folder, name)
            files[os.path.relpath(path, settings.MEDIA_ROOT)] = os.path.getsize(path)
    return files


def send(client, method, url, data, api):
    if method == "post" and not api:
        return getattr(client, method)(url, data)
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def attempt(client, method, url, data, api, baseline):
    """Send one write inside a savepoint that is always rolled back; answer its status and what it changed
    (tables, stored files), compared with `baseline` unless None (a writer: nothing is compared). The
    client's cookies are put back, so a sign-out or a change of language does not carry over."""
    result, cookies, files = {"changed": []}, copy.deepcopy(client.cookies), stored_files()
    try:
        with transaction.atomic():
            written = rows_written()
            try:
                result["status"] = send(client, method, url, data, api).status_code
            except Exception as error:  # noqa: BLE001 - a crash is a finding, reported with the others
                result["status"], result["error"] = 500, repr(error)
            if baseline is not None and rows_written() != written:
                result["changed"] = changed_tables(baseline, database_state())
            raise _Rollback
    except _Rollback:
        pass
    client.cookies = cookies
    if stored_files() != files:
        result["changed"].append("stored files")
    return result


def restore_files(backup) -> None:
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    shutil.copytree(backup, settings.MEDIA_ROOT)


@pytest.mark.django_db
def test_every_write_is_refused_to_whoever_may_not_make_it_and_changes_nothing(world, client_for, tmp_path):
    from ngoaivu.core.models import User
    started = time.monotonic()
    root = User.objects.create_superuser("walk_root", "root@example.vn", "pw-walk-root-2026!")
    clients = {persona: client_for(world.users[persona]) for persona in PERSONAS}
    root_client = client_for(root)
    baseline, backup = database_state(), tmp_path / "media-backup"
    os.makedirs(settings.MEDIA_ROOT, exist_ok=True)
    shutil.copytree(settings.MEDIA_ROOT, backup)  # a writer's delete removes a file the rollback does not bring back
    failures, sent = [], 0
    for name, case in sorted(all_cases().items()):
        path = reverse(name, kwargs=case.url_kwargs(world))
        url, api = path + case.query, path.startswith("/api/")
        methods = declared_write_methods(path)
        if methods is None:  # a function view: does it answer a POST with anything but 405?
            probe = attempt(root_client, "post", url, case.body(world), api, None)
            methods = ("post",) if probe["status"] != 405 else ()
            if probe["changed"]:
                restore_files(backup)
        if not methods:
            if case.writers is not None:
                failures.append(f"{name}: takes no write, drop `writers` from its Case")
            continue
        if case.writers is None:
            failures.append(f"{name}: takes {'/'.join(m.upper() for m in methods)}; say who may write "
                            f"(writers=...) in its Case")
            continue
        for persona in PERSONAS:
            for method in methods:
                sent += 1
                writer = case.may_write(persona)
                got = attempt(clients[persona], method, url, case.body(world), api, None if writer else baseline)
                where = f"{persona:>16} {method.upper()} {url} ({name})"
                if writer and got["changed"]:
                    restore_files(backup)
                if got["status"] >= 500:
                    failures.append(f"{where}: server error {got.get('error', '')}")
                elif not writer:
                    expected = case.refused_status(persona, api)
                    if got["status"] != expected:
                        failures.append(f"{where}: {got['status']}, expected {expected}")
                    if got["changed"]:
                        failures.append(f"{where}: refused, but changed {', '.join(got['changed'])}")
    assert database_state() == baseline, "a write escaped its rollback"
    print(f"\nwrite walk: {sent} writes in {time.monotonic() - started:.1f} s")
    assert not failures, "\n" + "\n".join(failures)
