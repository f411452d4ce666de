"""The six-monthly/yearly external-affairs report carries the province's entered indicator figures of its
period (read from ngoaivu.indicators), only the indicators that have a value; read back with python-docx."""
import datetime
from decimal import Decimal

import pytest

from ngoaivu.indicators.actions import Entry, save_observations
from ngoaivu.indicators.catalogue import load_catalogue
from ngoaivu.indicators.models import Indicator
from ngoaivu.indicators.periods import Period
from ngoaivu.indicators.values import figures, value_text
from ngoaivu.reports import actions
from tests.reports.helpers import YEAR, body_text, read_docx, table_rows

pytestmark = pytest.mark.django_db


def _enter(user, locality, code, period, value):
    save_observations(user, [Entry(Indicator.objects.get(code=code), locality, Period.parse(period), Decimal(value))])


def _report(world, period):
    user = world.users["officer_a"]
    draft = actions.create_draft(user, world.a, issued_on=datetime.date(YEAR + 1, 2, 5), kind="external_affairs",
                                 year=YEAR, period=period)
    draft = actions.generate(user, draft)
    with draft.docx.open("rb") as handle:
        return read_docx(handle.read())


def _indicator_table(document):
    [table] = [t for t in document.tables if table_rows(t)[0][:2] == ["STT", "Chỉ số"]]
    return table_rows(table)


def test_the_report_lists_the_provinces_entered_figures_of_its_period(world):
    load_catalogue()
    a, b = world.users["officer_a"], world.users["officer_b"]
    _enter(a, world.a, "fdi_registered", f"{YEAR}-Q1", "1500000.5")
    _enter(a, world.a, "fdi_registered", f"{YEAR}-Q2", "2000000")
    _enter(a, world.a, "foreign_visitors", f"{YEAR}-H1", "12345")
    _enter(a, world.a, "foreign_visitors", f"{YEAR}-H2", "20000")   # outside the first half
    _enter(a, world.a, "remittances", f"{YEAR - 1}", "999")          # another year
    _enter(b, world.b, "trade", f"{YEAR}-H1", "777")                 # another province
    rows = _indicator_table(_report(world, "h1"))
    half = Period.parse(f"{YEAR}-H1")
    expected = []
    for indicator in Indicator.objects.filter(is_active=True, method="entered").order_by("position", "code"):
        value = figures(indicator, half).get(world.a.pk)
        if value is not None:
            expected.append([str(len(expected) + 1), indicator.name, indicator.get_unit_display(),
                             value_text(value, indicator.unit), ""])
    assert rows[1:] == expected
    assert [(r[1], r[3]) for r in rows[1:]] == [("Vốn FDI đăng ký", "3.500.000,50"), ("Khách quốc tế", "12.345")]
    # The year: both halves of the visitors, the FDI of the two quarters.
    rows = _indicator_table(_report(world, "year"))
    assert {r[1]: r[3] for r in rows[1:]} == {"Vốn FDI đăng ký": "3.500.000,50", "Khách quốc tế": "32.345"}


def test_without_figures_the_section_says_so_and_has_no_table(world):
    load_catalogue()
    document = _report(world, "h1")
    text = body_text(document)
    assert "5. Chỉ số đối ngoại" in text and "Chưa nhập số liệu chỉ số nào cho kỳ báo cáo." in text
    assert not [t for t in document.tables if table_rows(t)[0][:2] == ["STT", "Chỉ số"]]
