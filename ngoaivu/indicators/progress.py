"""Progress of a target, and its status derived with the reason in words.

The reached value is the indicator's value over the years of the target's span that have data (a flow:
the total so far; a stock or a share: the latest level). The expected value by then is the sum of the
yearly steps up to that year (a stock: that year's step); without steps, the target spread evenly over the
span's years (a stock: the target itself). Achieved (for a total where lower is better: once the last
year is in): the reached value meets the whole target. On track:
it meets what was expected by the last year with data. Behind otherwise. "Meets" means at least (at most,
for an indicator where lower is better)."""
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ngoaivu.indicators.choices import Aggregation, TargetStatus
from ngoaivu.indicators.numbers import compact
from ngoaivu.indicators.periods import Period
from ngoaivu.indicators.values import figures


@dataclass
class Progress:
    target: object
    reached: Decimal | None
    expected: Decimal | None
    through_year: int | None
    status: str
    reason: str

    @property
    def percent(self):
        if self.reached is None or not self.target.value:
            return None
        return self.reached * 100 / self.target.value

    @property
    def status_label(self):
        return TargetStatus(self.status).label


def _meets(value, goal, higher_is_better):
    return value >= goal if higher_is_better else value <= goal


def progress(target, today_of=None, memo=None) -> Progress:
    indicator, sum_rule = target.indicator, target.indicator.aggregation == Aggregation.SUM
    locality_id = target.locality_id
    yearly = {year: figures(indicator, Period.year(year), today_of, memo).get(locality_id)
              for year in target.period.year_list}
    with_data = [year for year, value in yearly.items() if value is not None]
    if not with_data:
        return Progress(target, None, None, None, TargetStatus.NO_DATA,
                        _("Chưa có số liệu năm nào trong kỳ %(first)s–%(last)s.")
                        % {"first": target.first_year, "last": target.last_year})
    through = max(with_data)
    reached = sum((yearly[y] for y in with_data), Decimal(0)) if sum_rule else yearly[through]
    steps = {step.year: step.value for step in target.steps.all()}
    elapsed = through - target.first_year + 1
    if sum_rule:
        expected = (sum((steps.get(y, Decimal(0)) for y in range(target.first_year, through + 1)), Decimal(0))
                    if steps else target.value * elapsed / target.period.year_count)
    else:
        # A year without its own milestone is held to the latest one before it (the largest was taken: a
        # stock that must come down, 10 → 8 → 5, was held to 10 the year after the 5).
        before = [y for y in steps if y <= through]
        expected = steps[max(before)] if before else target.value
    unit, higher = indicator.unit, indicator.higher_is_better
    words = {"reached": compact(reached, unit), "target": compact(target.value, unit),
             "expected": compact(expected, unit), "year": through, "first": target.first_year}
    # A total that must stay low is only known to be met once its last year is in.
    final = higher or not sum_rule or through == target.last_year
    if final and _meets(reached, target.value, higher):
        return Progress(target, reached, expected, through, TargetStatus.ACHIEVED,
                        _("Đến năm %(year)s đã đạt %(reached)s, bằng hoặc vượt mục tiêu cả kỳ %(target)s.") % words)
    if _meets(reached, expected, higher):
        return Progress(target, reached, expected, through, TargetStatus.ON_TRACK,
                        _("Từ %(first)s đến %(year)s đạt %(reached)s, không kém mức cần đạt đến năm %(year)s là "
                          "%(expected)s (mục tiêu cả kỳ %(target)s).") % words)
    return Progress(target, reached, expected, through, TargetStatus.BEHIND,
                    _("Từ %(first)s đến %(year)s mới đạt %(reached)s, chưa đạt mức cần đạt đến năm %(year)s là "
                      "%(expected)s (mục tiêu cả kỳ %(target)s).") % words)
