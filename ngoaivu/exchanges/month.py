"""The month page's numbers and cells from the window's entries (agenda.entries_for, in its order), without
placing every entry in every day it covers: a national month holds ~1,500 entries, trips of several days
each, and a cell draws three. Counted by day through the days trips start and end (running sums over at
most 42 days); a cell takes the day's deadlines and trips starting that day, and looks at the trips running
through it only when those are too few."""
import datetime
from collections import Counter, defaultdict

ONE_DAY = datetime.timedelta(days=1)


class Month:
    """The entries of the days `lo`..`hi` (a month's grid; `entries` in entries_for's order), counted per
    day and kind; a cell draws the first `limit` of its day in the cell's order (agenda.cell_key)."""

    def __init__(self, entries, lo, hi, limit):
        self.lo, self.hi, self.limit = lo, hi, limit
        # day → those starting that day in the cell's order (agenda.cell_key): its overdue deadlines, its
        # other deadlines, the trips starting on it; each in the entries' order, as a stable sort keeps them.
        self.overdue_on, self.deadlines_on, self.trips_on = defaultdict(list), defaultdict(list), defaultdict(list)
        self.deadlines, self.overdue = Counter(), Counter()
        starts, ends = defaultdict(Counter), defaultdict(Counter)
        self.trips = []
        for e in entries:
            start = e.start
            if e.kind == "deadline":  # not Entry.is_deadline: a property call per entry, 1,500 a national month
                self.deadlines[start] += 1
                if e.overdue:
                    self.overdue[start] += 1
                    if start >= lo:
                        self.overdue_on[start].append(e)
                elif start >= lo:
                    self.deadlines_on[start].append(e)
            else:
                self.trips.append(e)
                starts[max(start, lo)][e.kind] += 1
                ends[min(e.end, hi)][e.kind] += 1
                if start >= lo:
                    self.trips_on[start].append(e)
        # Per day: the trips (per kind) started by its end, and those ended before it.
        self.started, self.ended = {}, {}
        started, ended, day = Counter(), Counter(), lo
        while day <= hi:
            self.ended[day] = +ended
            started.update(starts.get(day, {}))
            ended.update(ends.get(day, {}))
            self.started[day] = +started
            day += ONE_DAY

    def _trips(self, first, last):
        """{kind: number} of the trips overlapping `first`..`last` (days of the window)."""
        return self.started[last] - self.ended[first]

    def day_total(self, day):
        return sum(self._trips(day, day).values()) + self.deadlines[day]

    def span(self, first, last):
        """({kind: number}, number overdue) of the entries overlapping `first`..`last` (days of the window),
        the deadlines as "deadline"."""
        counts, overdue, day = self._trips(first, last), 0, first
        while day <= last:
            counts["deadline"] += self.deadlines[day]
            overdue += self.overdue[day]
            day += ONE_DAY
        return counts, overdue

    def cells(self):
        """{day: the first `limit` entries of its cell in the cell's order} for every day of the window."""
        cells, short, day, limit = {}, [], self.lo, self.limit
        while day <= self.hi:
            # Those of the day (its deadlines and the trips starting on it) come before those running
            # through it in the cell's order.
            cell = self.overdue_on.get(day, [])[:limit]
            if len(cell) < limit:
                cell += self.deadlines_on.get(day, [])[:limit - len(cell)]
                if len(cell) < limit:
                    cell += self.trips_on.get(day, [])[:limit - len(cell)]
            cells[day] = cell
            if len(cell) < limit and self.day_total(day) > len(cell):
                short.append(day)
            day += ONE_DAY
        if short:
            wanting = set(short)
            for e in self.trips:  # in the entries' order, as the cell takes them
                day, last = max(e.start + ONE_DAY, short[0]), min(e.end, short[-1])
                while day <= last:
                    if day in wanting and len(cells[day]) < limit:
                        cells[day].append(e)
                    day += ONE_DAY
        return cells
