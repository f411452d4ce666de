"""What every URL answers to every persona. One module per app; the walk test merges them.

Each module defines:
- `populate(world)`: create the records its URLs need (records of province A and of province B),
  storing them in `world.records[...]`;
- `CASES`: {url name: Case}. A URL added without a case makes test_every_url_has_an_expectation fail.

Writes: a URL that takes a POST (pages; the API also PUT/PATCH/DELETE) says who may write with
`writers=(personas…)`; a POST-taking URL without `writers` fails the write walk. Every other persona is
refused and nothing in the database changes: 403, or 404 where the GET answers them 404 (a record out of
their scope), 302 (pages) / 401 (API) for anonymous; `post={persona: status}` overrides that. A reading
page that answers a POST like a GET says `writers=READ`. `data` is
the body sent (a callable gets the world); a writer's answer is only checked for a server error.
"""
import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Callable

from tests.conftest import PERSONAS


@dataclass
class Case:
    expect: dict                    # persona -> expected status of a GET (or `method`)
    kwargs: Callable | dict = field(default_factory=dict)   # world -> URL kwargs
    method: str = "get"
    query: str = ""
    writers: tuple | str | None = None  # personas who may POST (PUT/PATCH/DELETE); None: takes no write; READ
    post: dict = field(default_factory=dict)               # persona -> status of a refused write, if not derived
    data: Callable | dict = field(default_factory=dict)    # world -> body of a write

    def __post_init__(self):
        # The centre's manager writes wherever a centre officer does (accounts say otherwise explicitly).
        if isinstance(self.writers, tuple) and "central" in self.writers and "central_manager" not in self.writers:
            self.writers = (*self.writers, "central_manager")

    def url_kwargs(self, world):
        return self.kwargs(world) if callable(self.kwargs) else self.kwargs

    def body(self, world):
        return self.data(world) if callable(self.data) else self.data

    def may_write(self, persona) -> bool:
        return self.writers not in (None, READ) and persona in self.writers

    def refused_status(self, persona, api: bool) -> int:
        """What a persona without the right to write gets: not found if they cannot see the record."""
        if persona in self.post:
            return self.post[persona]
        if self.writers == READ:
            return self.expect[persona]
        if persona == "anonymous":
            return 401 if api else 302
        return 404 if self.expect[persona] == 404 else 403


def statuses(default=200, anonymous=302, **overrides) -> dict:
    """Expected status per persona: `default` for every signed-in persona unless overridden."""
    result = {p: default for p in PERSONAS}
    result["anonymous"] = anonymous
    result.update(overrides)
    # The centre's manager reads and edits records as a centre officer does; only the account pages
    # differ, and those cases say so explicitly.
    if "central" in overrides and "central_manager" not in overrides:
        result["central_manager"] = overrides["central"]
    return result


# A page that answers a POST as it answers a GET (a function view that reads): each persona gets the GET's
# status and nothing changes.
READ = "read"
NOBODY = ()                              # the URL takes writes, but no persona may make one
EVERYONE = tuple(PERSONAS)               # signing in, choosing a language: anyone "writes"
SIGNED_IN = tuple(p for p in PERSONAS if p != "anonymous")


def _modules():
    for info in pkgutil.iter_modules(__path__):
        yield importlib.import_module(f"{__name__}.{info.name}")


def all_cases() -> dict:
    cases = {}
    for module in _modules():
        overlap = set(cases) & set(module.CASES)
        assert not overlap, f"URL names declared twice: {overlap}"
        cases.update(module.CASES)
    return cases


def populate_all(world):
    for module in _modules():
        populate = getattr(module, "populate", None)
        if populate:
            populate(world)
