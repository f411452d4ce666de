"""The calendar's statements (the delegations, conferences and consultations of a window; the register's
agreements that may have a deadline in it, and their opinions) are built once per reader's scope and run
again with each window's days (core.statements). Every persona must get, for every window, what the
statements built on that visit give — the month, the deadlines they act on, the centre's month narrowed to
one province, the to-do list's coming register deadlines — whichever persona and window the kept statements
were built for first; on both databases."""
import datetime
import itertools

import pytest

from ngoaivu.agreements.deadlines import deadlines_for
from ngoaivu.core import statements
from ngoaivu.exchanges.agenda import deadline_entries, entries_for
from ngoaivu.implementation.queries import overdue_and_coming
from tests.exchanges.test_calendar_province import march  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 3, 2)
WINDOWS = [(D(2026, 3, 1), D(2026, 3, 31)), (D(2026, 3, 9), D(2026, 3, 15)), (D(2026, 2, 23), D(2026, 4, 5)),
           (D(2026, 6, 1), D(2026, 6, 30)), (D(2025, 1, 1), D(2025, 1, 31)), (D(2026, 3, 20), D(2026, 3, 20))]


def _entries(entries):
    return [(e.uid, e.kind, e.title, e.start, e.end, e.url, e.overdue, e.done, e.locality_id) for e in entries]


def _reads(world):
    """{name: read(user, first, last)}: each way the calendar's kept statements are read."""
    return {
        "month": lambda user, first, last: _entries(entries_for(user, first, last, TODAY)),
        "deadlines to act on": lambda user, first, last: _entries(
            deadline_entries(user, first, last, TODAY, editable=True)),
        "narrowed to Lạng Sơn": lambda user, first, last: _entries(entries_for(user, first, last, TODAY,
                                                                                 locality=world.a)),
        "narrowed to Đà Nẵng": lambda user, first, last: _entries(entries_for(user, first, last, TODAY,
                                                                                locality=world.b.pk)),
        "register deadlines": lambda user, first, last: deadlines_for(user, first, last, TODAY),
        # Signed-in readers only, as the to-do list.
        "to-do register deadlines": lambda user, first, last: user and overdue_and_coming(user, first,
                                                                                          (last - first).days, 10),
    }


def test_every_persona_gets_every_window_as_statements_built_on_that_visit_give(world, march):  # noqa: F811
    reads = _reads(world)
    cases = list(itertools.product(world.users.items(), WINDOWS, reads))
    expected = {}
    for (persona, user), window, name in cases:
        statements._compiled.clear()  # built on this visit
        expected[persona, window, name] = reads[name](user, *window)
    statements._compiled.clear()
    # Readers, windows and reads interleaved: each scope's statements are built for one window and run for the rest.
    for (persona, user), window, name in cases:
        assert reads[name](user, *window) == expected[persona, window, name], (persona, window, name)
    for (persona, user), window, name in reversed(cases):
        assert reads[name](user, *window) == expected[persona, window, name], (persona, window, name)
    # Not vacuous: the personas read different things in March, and some read nothing.
    march_month = {persona: expected[persona, WINDOWS[0], "month"] for persona in world.users}
    assert march_month["central"] and march_month["officer_a"] and march_month["officer_b"]
    assert len({tuple(entries) for entries in march_month.values()}) >= 3
    assert not march_month["anonymous"]
    assert expected["central", WINDOWS[0], "narrowed to Lạng Sơn"] != expected["central", WINDOWS[0], "narrowed to Đà Nẵng"]
    assert expected["officer_a", WINDOWS[0], "deadlines to act on"]


def test_each_scope_builds_the_calendars_statements_once_and_never_shares_them(world, march):  # noqa: F811
    statements._compiled.clear()
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    entries_for(officer_a, *WINDOWS[0], TODAY)
    built = set(statements._compiled)
    assert built, "the calendar reads through kept statements"
    entries_for(officer_a, *WINDOWS[1], TODAY)  # another window: the same statements
    assert set(statements._compiled) == built
    entries_for(officer_b, *WINDOWS[0], TODAY)  # another scope: its own
    assert len(set(statements._compiled) - built) == len(built) - 1  # the opinions' statement reads no scope
