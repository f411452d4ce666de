"""One list of what needs a user's attention, fed by every app through one registry.

The in-app to-do list and the one daily digest e-mail both read `attention(user, on_day)`. An app adds its
part from AppConfig.ready() with `register_attention(func, order)`; `func(user, on_day, limit)` returns a
list of `Section`s (empty ones are dropped). The items of a section of deadlines carry their due date and
whether they are overdue, so that whatever lists them can put the overdue ones first and never label an
overdue item as upcoming; the other sections (news, tasks without a due date) are listed apart. A section
of deadlines holds overdue items only or coming ones only (an app with both returns two sections), so that
its count is of one kind and ten overdue items never hide a coming one.
"""
from dataclasses import dataclass, field
from typing import Callable


@dataclass
class Section:
    key: str
    title: str
    # Each item: {"title", "detail", "url", "colour"} and optionally "overdue" (bool) and "date".
    items: list = field(default_factory=list)
    total: int = 0
    # Its items' dates are when they fall due: listed among the overdue or the coming deadlines. A date that
    # is not a due date (a directive's issue, a comment's, a warning's) never is, or a directive issued in
    # 2023 read "due 19/04/2023" among the coming deadlines.
    deadlines: bool = False
    # About ngoaivu itself (the sweep gone quiet): listed before everything, which may be stale without it.
    alarm: bool = False


SOURCES: list[tuple[int, Callable]] = []


def register_attention(func, order=50):
    """Add `func(user, on_day, limit) -> list[Section]` to what `attention()` gathers."""
    if all(existing is not func for _order, existing in SOURCES):
        SOURCES.append((order, func))
        SOURCES.sort(key=lambda pair: pair[0])


def attention(user, on_day, limit=10) -> list[Section]:
    """What needs this user's attention in their scope, section by section, empty sections dropped."""
    if not user.is_authenticated:
        return []
    sections = []
    for _order, func in SOURCES:
        sections.extend(func(user, on_day, limit))
    return [s for s in sections if s.total]
