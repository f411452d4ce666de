"""An agreement known only by its year (stored on 1 January) or its month (on the 1st) counts only in a period
that holds that whole year or month: the six-monthly report leaves "năm 2025" out of January–June, and the
indicators' half-year figure and a six-monthly return's prefilled figure counted it there (N in the report,
N+1 beside it)."""
import datetime

import pytest

from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.partial_dates import signed_within
from ngoaivu.coordination.prefill import agreements_signed
from ngoaivu.indicators.choices import Computation
from ngoaivu.indicators.computed import raw_by_locality
from ngoaivu.indicators.periods import Period
from ngoaivu.reports import registers as R
from tests.agreements.factories import agreement

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year - 1
D = datetime.date


def test_the_half_years_signed_figure_agrees_with_the_six_monthly_report(world):
    officer = world.users["officer_a"]
    start, end = R.period_bounds(YEAR, "h1")
    half, year = Period.parse(f"{YEAR}-H1"), Period.parse(f"{YEAR}")
    # What the report leaves out anyway (agreements not signed, by status) is the same before and after.
    gap = raw_by_locality(Computation.AGREEMENTS_SIGNED, half, {})[0].get(world.a.pk, 0) - len(
        R.signed_rows(world.a, start, end, month_known=True))
    whole_year = raw_by_locality(Computation.AGREEMENTS_SIGNED, year, {})[0].get(world.a.pk, 0)
    agreement(officer, world.a, title="Chỉ biết năm ký", signed_on=D(YEAR, 1, 1), signed_precision="year",
              effective_on_signing=True)
    agreement(officer, world.a, title="Ký tháng 3", signed_on=D(YEAR, 3, 1), signed_precision="month",
              effective_on_signing=True)
    in_report = len(R.signed_rows(world.a, start, end, month_known=True))
    assert raw_by_locality(Computation.AGREEMENTS_SIGNED, half, {})[0].get(world.a.pk, 0) - gap == in_report
    assert agreements_signed(world.a, start, end) - gap == in_report
    # The year holds both, in the kept yearly totals and read from the register.
    from ngoaivu.indicators.computed import _read
    assert raw_by_locality(Computation.AGREEMENTS_SIGNED, year, {})[0].get(world.a.pk, 0) == whole_year + 2
    assert _read("signed", year, kept=False)["signed"].get(world.a.pk, 0) == whole_year + 2


@pytest.mark.parametrize("start, end, counted", [
    (D(2025, 1, 1), D(2025, 6, 30), {"day", "month"}),             # a half-year: "năm 2025" is not in it
    (D(2025, 1, 1), D(2025, 12, 31), {"day", "month", "year"}),    # the year holds all three
    (D(2025, 3, 1), D(2025, 3, 31), {"day", "month"}),             # March holds "tháng 03/2025"
    (D(2025, 3, 2), D(2025, 4, 30), {"day"}),                      # from the 2nd: not the whole of March
    (D(2024, 7, 1), D(2025, 6, 30), {"day", "month"}),             # a year across two: no whole 2025
])
def test_a_date_known_in_part_counts_where_the_period_holds_all_of_it(world, start, end, counted):
    officer = world.users["officer_a"]
    made = {precision: agreement(officer, world.a, title=f"Ký ({precision})", signed_on=day, signed_precision=precision,
                                 effective_on_signing=True).pk
            for precision, day in (("day", D(2025, 3, 15)), ("month", D(2025, 3, 1)), ("year", D(2025, 1, 1)))}
    found = set(Agreement.objects.filter(signed_within(start, end), pk__in=made.values()).values_list("pk", flat=True))
    assert found == {made[p] for p in counted}
