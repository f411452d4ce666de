"""One reading of typed figures for every form and import (a return read "1.234" as 1.234, the grid as 1234)."""
from decimal import Decimal

import pytest

from ngoaivu.core.numbers import parse_vn_number


@pytest.mark.parametrize("text,expected", [
    ("1.234", Decimal("1234")), ("1.234,5", Decimal("1234.5")), ("2,5", Decimal("2.5")),
    ("1.234.567,5", Decimal("1234567.5")), ("29.7", Decimal("29.7")), (" 3 000 ", Decimal("3000")),
    ("", None), (None, None), (1234.567, Decimal("1234.567")), (12, Decimal("12")),
    ("12.345.678", Decimal("12345678")), ("-1.234,5", Decimal("-1234.5")),
])
def test_a_typed_figure_reads_the_vietnamese_way(text, expected):
    assert parse_vn_number(text) == expected


# Dots group by three: "2.500.000.5" is a mistyped decimal, once read as 25.000.005.
@pytest.mark.parametrize("text", ["abc", "1,2,3", "NaN", "Infinity", float("nan"), "2.500.000.5", "1.50.000",
                                  "1234.567.890", "1.50.000,5"])
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(ValueError):
        parse_vn_number(text)


@pytest.mark.parametrize("value", [1.234, 1234.5, 1234, Decimal("0.5"), 1e-7])
def test_a_stored_figure_written_back_reads_as_itself(value):
    from ngoaivu.core.numbers import typed
    assert parse_vn_number(typed(value)) == Decimal(str(value))
