"""Values per period, comparison figures, national sums, former provinces, and computed counts."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ngoaivu.core.models import Locality
from ngoaivu.indicators.models import Observation
from ngoaivu.indicators.numbers import vn_percent_change
from ngoaivu.indicators.periods import Period
from ngoaivu.indicators.values import change, figures


def test_periods_parse_and_name():
    assert Period.parse("2025") == Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert Period.parse("2025-H2") == Period(datetime.date(2025, 7, 1), datetime.date(2025, 12, 31))
    assert Period.parse("2024-q1").end == datetime.date(2024, 3, 31)
    assert Period.parse("2021–2025").code == "2021-2025"
    assert Period.parse("2025-Q3").kind == "quarter"
    for bad in ("", "25", "2025-Q5", "2025-2021", "abc"):
        with pytest.raises(ValidationError):
            Period.parse(bad)


def test_agreements_420_to_661_is_plus_57_38(db, world, ind, enter):
    enter("central", ind["agreements_reported"], None, "2017-2018", 420)
    enter("central", ind["agreements_reported"], None, "2019-2021", 661)
    a = figures(ind["agreements_reported"], Period.parse("2017-2018"))
    b = figures(ind["agreements_reported"], Period.parse("2019-2021"))
    assert (a.national, b.national) == (Decimal(420), Decimal(661))
    _abs, rel = change(a.national, b.national)
    assert vn_percent_change(rel) == "+57,38 %"


def test_remittances_29_7_to_52_bn_is_plus_75_08_and_spans_sum_years(db, world, ind, enter):
    bn = 10 ** 9
    for year, value in ((2017, "13.8"), (2018, "15.9"), (2019, "16.7"), (2020, "17.2"), (2021, "18.1")):
        enter("central", ind["remittances"], None, str(year), Decimal(value) * bn)
    a = figures(ind["remittances"], Period.parse("2017-2018")).national
    b = figures(ind["remittances"], Period.parse("2019-2021")).national
    assert (a, b) == (Decimal("29.7") * bn, Decimal("52.0") * bn)
    assert vn_percent_change(change(a, b)[1]) == "+75,08 %"


def test_compare_page_shows_the_change(db, world, ind, enter, client_for):
    enter("central", ind["agreements_reported"], None, "2017-2018", 420)
    enter("central", ind["agreements_reported"], None, "2019-2021", 661)
    page = client_for(world.users["officer_b"]).get("/indicators/compare/?a=2017-2018&b=2019-2021")
    assert page.status_code == 200
    html = page.content.decode()
    assert "+57,38 %" in html and "661" in html and "420" in html
    assert "Hai kỳ dài khác nhau được so sánh theo tổng" in html  # the rule for spans is stated


def test_national_is_the_sum_of_provinces_unless_the_centre_entered_it(db, world, ind, enter):
    fdi = ind["fdi_registered"]
    enter("officer_a", fdi, world.a, "2024", 110)
    enter("officer_b", fdi, world.b, "2024", 250)
    assert figures(fdi, Period.year(2024)).national == Decimal(360)
    enter("central", fdi, None, "2024", 1000)
    result = figures(fdi, Period.year(2024))
    assert result.national == Decimal(1000) and result.national_entered
    assert result.by_locality == {world.a.pk: Decimal(110), world.b.pk: Decimal(250)}


def test_year_from_halves_and_missing_years_are_flagged(db, world, ind, enter):
    visitors = ind["foreign_visitors"]
    enter("officer_a", visitors, world.a, "2024-H1", 40)
    enter("officer_a", visitors, world.a, "2024-H2", 60)
    enter("officer_a", visitors, world.a, "2023", 80)
    assert figures(visitors, Period.year(2024)).get(world.a.pk) == Decimal(100)
    span = figures(visitors, Period.parse("2022-2024"))
    assert span.get(world.a.pk) == Decimal(180) and world.a.pk in span.incomplete


def test_bac_giang_2024_figures_count_under_bac_ninh(db, world, ind, enter):
    bac_giang = Locality.objects.resolve("Bắc Giang")
    bac_ninh = Locality.objects.current().get(code=24)
    assert not bac_giang.is_current and bac_giang.today == bac_ninh
    enter("central", ind["fdi_registered"], bac_giang, "2024", 700)
    enter("central", ind["fdi_registered"], bac_ninh, "2024", 300)
    obs = Observation.objects.get(former_locality=bac_giang)
    assert obs.locality == bac_ninh
    assert figures(ind["fdi_registered"], Period.year(2024)).get(bac_ninh.pk) == Decimal(1000)


def test_a_province_enters_only_its_own_figures(db, world, ind, enter):
    before = Observation.objects.count()
    with pytest.raises(PermissionDenied):
        enter("officer_a", ind["fdi_registered"], world.b, "2024", 1)
    with pytest.raises(PermissionDenied):
        enter("officer_a", ind["fdi_registered"], None, "2024", 1)
    with pytest.raises(PermissionDenied):
        enter("viewer", ind["fdi_registered"], world.a, "2024", 1)
    assert Observation.objects.count() == before
    enter("central", ind["fdi_registered"], world.b, "2024", 5)  # the centre, where a province does not report
    assert Observation.objects.get(locality=world.b).value == 5


def test_empty_value_removes_and_computed_cannot_be_entered(db, world, ind, enter):
    enter("officer_a", ind["fdi_registered"], world.a, "2024", 5)
    assert enter("officer_a", ind["fdi_registered"], world.a, "2024", None) == (0, 1)
    assert not Observation.objects.filter(locality=world.a, indicator__code="fdi_registered").exists()
    with pytest.raises(ValidationError):
        enter("officer_a", ind["agreements_signed"], world.a, "2024", 5)
