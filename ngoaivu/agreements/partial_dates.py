"""Dates known only in part: "2015", "03/2015" or "12/03/2015".

Stored as the first day of the known period plus a precision, so lists sort and filter by year, and
shown as only what is known ("năm 2015", "tháng 03/2015") — never as an invented 01/01/2015.
"""
import datetime
import re

from django.utils.translation import gettext as _

from ngoaivu.agreements.choices import DatePrecision

_DAY = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_MONTH = re.compile(r"^\s*(\d{1,2})[/.\-](\d{4})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


class PartialDateError(ValueError):
    pass


def parse_partial_date(value) -> tuple[datetime.date | None, str]:
    """(first day of the period, precision) from text, a date or a datetime. Empty → (None, "day")."""
    if value in (None, ""):
        return None, DatePrecision.DAY
    if isinstance(value, datetime.datetime):
        return value.date(), DatePrecision.DAY
    if isinstance(value, datetime.date):
        return value, DatePrecision.DAY
    if isinstance(value, (int, float)) and 1900 <= int(value) <= 2200 and int(value) == value:
        return datetime.date(int(value), 1, 1), DatePrecision.YEAR
    text = str(value).strip()
    try:
        if m := _DAY.match(text):
            return datetime.date(int(m[3]), int(m[2]), int(m[1])), DatePrecision.DAY
        if m := _ISO.match(text):
            return datetime.date(int(m[1]), int(m[2]), int(m[3])), DatePrecision.DAY
        if m := _MONTH.match(text):
            return datetime.date(int(m[2]), int(m[1]), 1), DatePrecision.MONTH
        if m := _YEAR.match(text):
            return datetime.date(int(m[1]), 1, 1), DatePrecision.YEAR
    except ValueError:
        raise PartialDateError(_("“%(value)s” không phải là một ngày có thật") % {"value": text})
    raise PartialDateError(_("Viết ngày theo dạng dd/mm/yyyy, hoặc mm/yyyy, hoặc yyyy nếu chỉ biết năm "
                             "(nhận được “%(value)s”)") % {"value": text})


def format_partial_date(value: datetime.date | None, precision: str, empty: str = "") -> str:
    if value is None:
        return empty
    if precision == DatePrecision.YEAR:
        return _("năm %(year)s") % {"year": value.year}
    if precision == DatePrecision.MONTH:
        return _("tháng %(month)s") % {"month": value.strftime("%m/%Y")}
    return value.strftime("%d/%m/%Y")


def as_text(value: datetime.date | None, precision: str) -> str:
    """The form a spreadsheet cell or a text input takes: 2015, 03/2015, 12/03/2015."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return value.strftime("%m/%Y")
    return value.strftime("%d/%m/%Y")
