"""What every URL answers to every persona. One module per app; the walk test merges them.

Each module defines:
- `populate(world)`: create the records its URLs need (records of province A and of province B),
  storing them in `world.records[...]`;
- `CASES`: {url name: Case}. A URL added without a case makes test_every_url_has_an_expectation fail.
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

    def url_kwargs(self, world):
        return self.kwargs(world) if callable(self.kwargs) else self.kwargs


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
