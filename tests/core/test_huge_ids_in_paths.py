"""Every page and API address whose path carries a number answers an id past 64 bits with a 404 (or a
refusal), never a 500: a view that filters a foreign key by the path's id (`agreement_id=<pk>`) made
SQLite raise OverflowError where a lookup on the primary key itself matched nothing."""
import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

pytestmark = pytest.mark.django_db

HUGE = 476499575256834383061975040


def _numbered_paths(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _numbered_paths(entry, route)
        elif isinstance(entry, URLPattern):
            converters = getattr(entry.pattern, "converters", {})
            if any(isinstance(c, IntConverter) for c in converters.values()) or \
                    "(?P<pk>" in route and "format" not in route:  # the API's router
                yield route


def _path(route):
    import re
    route = re.sub(r"<int:\w+>", str(HUGE), route)
    route = re.sub(r"<(?:slug|str):\w+>", "x", route)
    route = re.sub(r"<path:\w+>", "x", route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", str(HUGE), route)
    return "/" + route.replace("^", "").replace("$", "")


PATHS = sorted({_path(route) for route in _numbered_paths()})


def test_the_walk_finds_numbered_paths():
    assert len(PATHS) > 50 and any(path.startswith("/api/") for path in PATHS)


def test_no_numbered_address_breaks_on_an_id_past_64_bits(world, client_for):
    client = client_for(world.users["central"])  # the centre reaches every view's lookup, no scope refuses first
    broken = []
    for path in PATHS:
        for method in ("get", "post"):
            status = getattr(client, method)(path).status_code
            if status >= 500:
                broken.append(f"{method.upper()} {path}: {status}")
    assert not broken, broken
