"""The month's cells and counts (exchanges.month.Month) against the plain rule on random windows of entries, no
database: every entry placed in every day it covers (agenda.by_day), each cell sorted whole by the grid's order
(agenda.cell_key after the entries' order) and cut to its limit. Crowded days mix overdue and other deadlines
read in any order with trips that start, end or run through them."""
import datetime
import random

from ngoaivu.exchanges.agenda import Entry, by_day, cell_key, entry_order
from ngoaivu.exchanges.month import Month

LO = datetime.date(2026, 2, 23)
HI = LO + datetime.timedelta(days=41)
KINDS = ["delegation_out", "delegation_in", "conference"]


def _entries(rng, n):
    entries = []
    for i in range(n):
        day = LO + datetime.timedelta(days=rng.randrange(-10, 45))
        if rng.random() < 0.5:
            day = min(max(day, LO), HI)  # a deadline is read inside the window only
            entries.append(Entry(uid=f"d{i}", kind="deadline", title=f"Hạn {rng.randrange(5)}", start=day, end=day,
                                 url=f"/d/{i}/", overdue=rng.random() < 0.4))
        else:
            end = day + datetime.timedelta(days=rng.choice([0, 0, 1, 3, 12, 60]))
            if end < LO or day > HI:
                continue
            entries.append(Entry(uid=f"t{i}", kind=rng.choice(KINDS), title=f"Đoàn {rng.randrange(5)}", start=day,
                                 end=end, url=f"/t/{i}/"))
    return sorted(entries, key=entry_order)


def test_cells_and_counts_follow_the_plain_rule_on_random_months():
    rng = random.Random(20261206)
    checked = crowded = 0
    for _round in range(150):
        entries = _entries(rng, rng.choice([5, 40, 200]))
        limit = rng.choice([1, 2, 3, 4])
        month, days = Month(entries, LO, HI, limit), by_day(entries, LO, HI)
        cells = month.cells()
        for day, covering in days.items():
            assert cells[day] == sorted(covering, key=lambda e, day=day: cell_key(e, day))[:limit], (day, limit)
            assert month.day_total(day) == len(covering)
            checked += 1
            deadlines = [e for e in covering if e.kind == "deadline"]
            crowded += len(deadlines) > limit and any(e.overdue for e in deadlines) and not all(
                e.overdue for e in deadlines)
        counts, overdue = month.span(LO, HI)
        assert sum(counts.values()) == len(entries) and overdue == sum(e.overdue for e in entries)
    assert checked == 150 * 42 and crowded > 100  # many days where the overdue deadlines must come first
