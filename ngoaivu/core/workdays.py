"""The working-day calendar every legal deadline uses.

A working day is Monday–Friday, not a Vietnamese public holiday (the holidays package, lunar Tết
included), not an announced extra day off; an announced make-up working day counts even on a Saturday.
"""
import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


class WorkingCalendar:
    """Loads the announced exceptions once; reuse one instance for a whole sweep."""

    def __init__(self, overrides: dict[datetime.date, str] | None = None):
        if overrides is None:
            from ngoaivu.core.models import CalendarDay
            overrides = dict(CalendarDay.objects.values_list("date", "kind"))
        self.overrides = overrides

    def is_working_day(self, day: datetime.date) -> bool:
        kind = self.overrides.get(day)
        if kind == "work":
            return True
        if kind == "off":
            return False
        return day.weekday() < 5 and day not in _public_holidays(day.year)

    def add_working_days(self, start: datetime.date, n: int) -> datetime.date:
        """The n-th working day after `start` (the day of receipt does not count)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        day = start
        while n > 0:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day += datetime.timedelta(days=1)
            count += self.is_working_day(day)
        return count


def add_working_days(start: datetime.date, n: int, calendar: WorkingCalendar | None = None) -> datetime.date:
    """The one function every deadline in working days goes through."""
    return (calendar or WorkingCalendar()).add_working_days(start, n)


def is_working_day(day: datetime.date) -> bool:
    return WorkingCalendar().is_working_day(day)
