"""Walks every URL pattern (pages and API) with every persona and checks the answer.

A new URL without an expectation in tests/url_expectations/ fails `test_every_url_has_an_expectation`.
The Django admin is left out: it has its own permission system (staff only) and hundreds of patterns.
"""
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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
            assert response.status_code < 500, f"{persona} {url}: server error"
    assert not failures, "\n" + "\n".join(failures)
