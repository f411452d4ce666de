"""The value of any indicator for any province (or the nation) and any period.

Rules (stated on the comparison page, `RULES`):
- A multi-year span of a flow indicator (aggregation "sum": agreements signed, FDI, remittances…) is the
  total of the span: a figure entered for exactly that span if there is one, else the sum of its years
  (each year: its own figure, else its two halves, else its four quarters). Two spans of different
  lengths are compared as totals (661 in 2019–2021 against 420 in 2017–2018 is +57,38 %), as the
  conferences do; the yearly average is shown beside them.
- A stock or a share (aggregation "last") is its value at the end of the period: the latest figure
  entered inside the period.
- The national value is the figure the centre entered for the nation where there is one, else the sum
  of the provinces' values (a share is computed from the national counts; an entered share has only the
  centre's figure).
- A former province's figures (Bắc Giang before 01/7/2025) count for its successor (Bắc Ninh).
"""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from ngoaivu.core import statements
from ngoaivu.indicators.choices import Aggregation, Unit
from ngoaivu.indicators.periods import Period

RULES = [
    _("Chỉ số cộng dồn (số thỏa thuận ký, FDI, kiều hối…): giá trị của kỳ nhiều năm là tổng của kỳ — số liệu "
      "nhập đúng cho cả kỳ nếu có, nếu không thì cộng các năm trong kỳ. Hai kỳ dài khác nhau được so sánh theo "
      "tổng (như báo cáo Hội nghị: 661 thỏa thuận 2019–2021 so với 420 thỏa thuận 2017–2018 là +57,38 %); "
      "bình quân năm được ghi bên cạnh."),
    _("Chỉ số thời điểm (thỏa thuận đang có hiệu lực, tỷ lệ): giá trị cuối kỳ."),
    _("Toàn quốc: số liệu Trung ương nhập cho toàn quốc nếu có, nếu không thì tổng các tỉnh, thành phố."),
    _("Số liệu của tỉnh cũ (trước 01/7/2025) được tính cho tỉnh, thành phố kế thừa."),
    _("Tăng/giảm tương đối = (kỳ sau − kỳ trước) / kỳ trước × 100 %."),
]


def successor_map() -> dict:
    """{locality id: id of the current locality that holds its records today}."""
    from ngoaivu.core.models import Locality
    rows = statements.rows(("successor map",), lambda: Locality.objects.values_list("pk", "successor_id"))
    return {pk: succ or pk for pk, succ in rows}


@dataclass
class Figures:
    """An indicator's values for one period: per current province, and national."""

    period: Period
    by_locality: dict = field(default_factory=dict)      # current locality id -> Decimal
    national: Decimal | None = None
    national_entered: bool = False                       # the centre's own national figure
    incomplete: set = field(default_factory=set)          # current locality ids (None: national) missing years

    def get(self, locality_id):
        return self.national if locality_id is None else self.by_locality.get(locality_id)


def _resolve(observations: dict, period: Period, aggregation: str):
    """(value, complete) from {Period: value} of one locality for `period`, or (None, False)."""
    if period in observations:
        return observations[period], True
    inside = {p: v for p, v in observations.items() if period.contains(p)}
    if not inside:
        return None, False
    if aggregation == Aggregation.LAST:
        latest = max(inside, key=lambda p: (p.end, -p.start.toordinal()))
        return inside[latest], latest.end == period.end
    if period.year_count > 1:
        total, complete, found = Decimal(0), True, False
        for year in period.year_list:
            value, whole = _resolve(inside, Period.year(year), aggregation)
            if value is None:
                complete = False
                continue
            total, found, complete = total + value, True, complete and whole
        return (total if found else None), complete
    for parts in (_halves(period.start.year), _quarters(period.start.year)):
        wanted = [p for p in parts if period.contains(p)]
        present = [p for p in wanted if p in inside]
        if present:
            return sum((inside[p] for p in present), Decimal(0)), len(present) == len(wanted)
    return None, False


def _halves(year):
    return [Period.parse(f"{year}-H1"), Period.parse(f"{year}-H2")]


def _quarters(year):
    return [Period.parse(f"{year}-Q{q}") for q in range(1, 5)]


def _observations(indicator, period: Period, memo=None):
    """{(locality, former locality): {Period: value}} of one indicator inside `period`. With a memo, every
    entered indicator's observations of the period are read in one query."""
    from ngoaivu.indicators.models import Observation
    if memo is not None:
        key = ("observations", period)
        if key not in memo:
            memo[key] = defaultdict(lambda: defaultdict(dict))
            # Built once (core.statements) and run with the period's first and last day: building it cost more
            # than reading a period's few hundred entered figures.
            rows = statements.rows(("observations of a period",), lambda start, end: (
                Observation._base_manager.filter(period_start__gte=start, period_end__lte=end).values_list(
                    "indicator_id", "locality_id", "former_locality_id", "period_start", "period_end", "value")),
                period.start, period.end)
            for ind_id, locality_id, former_id, start, end, value in rows:
                memo[key][ind_id][(locality_id, former_id)][Period(start, end)] = value
        return memo[key].get(indicator.pk, {})
    grouped = defaultdict(dict)
    rows = Observation._base_manager.filter(indicator=indicator, period_start__gte=period.start,
                                            period_end__lte=period.end)
    for locality_id, former_id, start, end, value in rows.values_list(
            "locality_id", "former_locality_id", "period_start", "period_end", "value"):
        grouped[(locality_id, former_id)][Period(start, end)] = value
    return grouped


def figures(indicator, period: Period, today_of: dict | None = None, memo: dict | None = None) -> Figures:
    """The values of `indicator` for `period`, per current province and national. `memo` (a dict kept for
    one request) shares the register reads and the observations between the indicators of a page."""
    today_of = successor_map() if today_of is None else today_of
    result = Figures(period)
    if indicator.is_computed:
        from ngoaivu.indicators.computed import by_current_locality
        result.by_locality, result.national = by_current_locality(indicator.computation, period, today_of, memo)
        return result
    merged, complete = defaultdict(Decimal), {}
    for (locality_id, _former), observations in _observations(indicator, period, memo).items():
        value, whole = _resolve(observations, period, indicator.aggregation)
        if value is None:
            continue
        if locality_id is None:
            result.national, result.national_entered = value, True
            if not whole:
                result.incomplete.add(None)
            continue
        today = today_of.get(locality_id, locality_id)
        merged[today] += value
        complete[today] = complete.get(today, True) and whole
    result.by_locality = dict(merged)
    result.incomplete |= {k for k, whole in complete.items() if not whole}
    if result.national is None and merged and indicator.unit != Unit.PERCENT:
        result.national = sum(merged.values(), Decimal(0))
        if result.incomplete:
            result.incomplete.add(None)
    return result


def change(before, after):
    """(absolute, relative %) from `before` to `after`; the relative one is None from zero or nothing."""
    if before is None or after is None:
        return None, None
    absolute = Decimal(after) - Decimal(before)
    relative = None if not before else absolute * 100 / Decimal(before)
    return absolute, relative


def yearly_series(indicator, locality_id, first: int, last: int, today_of=None,
                  memo=None) -> list[tuple[int, Decimal | None]]:
    """[(year, value)] for the years first..last of one province (None: national)."""
    today_of = successor_map() if today_of is None else today_of
    return [(year, figures(indicator, Period.year(year), today_of, memo).get(locality_id))
            for year in range(first, last + 1)]


@dataclass
class ProvinceValue:
    """One entered indicator's figure of a province for a period (what another app's report shows)."""

    indicator: object
    value: Decimal
    complete: bool     # False: some part of the period has no figure (the value covers only what was entered)


def province_values(locality, start, end) -> list[ProvinceValue]:
    """The figures of `locality` (with its former provinces') for the period start..end of every active
    indicator whose values are entered (computed ones come from the registers, which a report already
    reads), in the catalogue's order; only the indicators that have a value. Read by ngoaivu.reports."""
    from ngoaivu.indicators.choices import Method
    from ngoaivu.indicators.models import Indicator
    period, today_of, memo = Period(start, end), successor_map(), {}
    result = []
    for indicator in Indicator.objects.filter(is_active=True, method=Method.ENTERED).order_by("position", "code"):
        found = figures(indicator, period, today_of, memo)
        value = found.get(locality.pk)
        if value is not None:
            result.append(ProvinceValue(indicator, value, locality.pk not in found.incomplete))
    return result


def value_text(value, unit) -> str:
    """A figure as a report writes it: Vietnamese digits, a share with two decimals."""
    from ngoaivu.core.numbers import vn_number
    return vn_number(value, 2 if unit == Unit.PERCENT else None)
