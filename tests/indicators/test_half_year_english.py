"""A half-year's name in English has no Vietnamese word in it: it heads the columns of the exports (and
the pages' period), and the English one read "Half-year (đầu) 2025"."""
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from ngoaivu.indicators.periods import Period

pytestmark = pytest.mark.django_db


def test_a_half_year_is_named_in_the_language_of_the_interface():
    with translation.override("vi"):
        assert [str(Period.parse("2025-H1")), str(Period.parse("2025-H2"))] == ["6 tháng đầu/2025", "6 tháng cuối/2025"]
    with translation.override("en"):
        assert [str(Period.parse("2025-H1")), str(Period.parse("2025-H2"))] == ["First half of 2025",
                                                                                  "Second half of 2025"]


def test_the_english_export_of_a_half_year_heads_its_column_in_english(world, ind, enter, client_for):
    enter("officer_a", ind["foreign_visitors"], world.a, "2025-H1", 1200)
    response = client_for(world.users["central"]).get(
        "/indicators/map/?indicator=foreign_visitors&period=2025-H1&format=xlsx&lang=en", HTTP_ACCEPT_LANGUAGE="en")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[2].endswith("— First half of 2025"), header
    assert "đầu" not in header[2]
    assert [r[1:] for r in sheet.iter_rows(min_row=2, values_only=True)] == [(world.a.short_name, 1200)]
