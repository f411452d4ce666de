"""Periods as people write them: "2025" (a year), "2025-H1" (a half-year), "2025-Q3" (a quarter),
"2021-2025" (a multi-year span). A period is a start and an end date; an observation stores both."""
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ngoaivu.indicators.choices import PeriodKind

_PATTERN = re.compile(r"^\s*(\d{4})\s*(?:(?:-|–|/)\s*(?:(H[12])|(Q[1-4])|(\d{4})))?\s*$", re.IGNORECASE)
MIN_YEAR, MAX_YEAR = 1990, 2100


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def years(cls, first: int, last: int) -> "Period":
        return cls(datetime.date(first, 1, 1), datetime.date(last, 12, 31))

    @classmethod
    def parse(cls, text) -> "Period":
        """The period `text` names; ValidationError naming the accepted forms otherwise."""
        match = _PATTERN.match(str(text or ""))
        if not match:
            raise ValidationError(_("Kỳ “%(text)s” không hợp lệ: ghi 2025, 2025-H1, 2025-Q3 hoặc 2021-2025.")
                                  % {"text": text})
        year, half, quarter, last = match.groups()
        year = int(year)
        last = int(last) if last else year
        # Checked before any date is made: "0000-Q1" matched the pattern and datetime.date(0, …) raised
        # ValueError (a 500 on the pages, the API and the import), and "1500-Q2" slipped past the years'
        # bounds that "1500" alone meets.
        if not (MIN_YEAR <= year <= last <= MAX_YEAR):
            raise ValidationError(_("Kỳ “%(text)s” không hợp lệ: năm đầu phải từ %(min)s, không sau năm cuối.")
                                  % {"text": text, "min": MIN_YEAR})
        if half:
            h = int(half[1])
            return cls(datetime.date(year, 6 * h - 5, 1), _month_end(year, 6 * h))
        if quarter:
            q = int(quarter[1])
            return cls(datetime.date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
        return cls.years(year, last)

    @property
    def kind(self) -> str:
        if self.start.month == 1 and self.end.month == 12:
            return PeriodKind.YEAR if self.start.year == self.end.year else PeriodKind.SPAN
        months = (self.end.month - self.start.month) + 1
        return PeriodKind.HALF if months == 6 else PeriodKind.QUARTER

    @property
    def code(self) -> str:
        kind = self.kind
        if kind == PeriodKind.YEAR:
            return str(self.start.year)
        if kind == PeriodKind.SPAN:
            return f"{self.start.year}-{self.end.year}"
        if kind == PeriodKind.HALF:
            return f"{self.start.year}-H{1 if self.start.month == 1 else 2}"
        return f"{self.start.year}-Q{(self.start.month + 2) // 3}"

    def __str__(self):
        kind = self.kind
        if kind == PeriodKind.SPAN:
            return f"{self.start.year}–{self.end.year}"
        if kind == PeriodKind.HALF:
            # Each half a whole sentence: "đầu"/"cuối" passed in as a word stayed Vietnamese in English
            # ("Half-year (đầu) 2025", in the exports' column headers too).
            if self.start.month == 1:
                return _("6 tháng đầu/%(y)s") % {"y": self.start.year}
            return _("6 tháng cuối/%(y)s") % {"y": self.start.year}
        if kind == PeriodKind.QUARTER:
            return _("Quý %(q)s/%(y)s") % {"q": (self.start.month + 2) // 3, "y": self.start.year}
        return str(self.start.year)

    @property
    def year_list(self) -> list[int]:
        return list(range(self.start.year, self.end.year + 1))

    @property
    def year_count(self) -> int:
        return self.end.year - self.start.year + 1

    def contains(self, other: "Period") -> bool:
        return self.start <= other.start and other.end <= self.end


def _month_end(year, month):
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
