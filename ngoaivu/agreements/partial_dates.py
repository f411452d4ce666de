"""Dates known only in part: "2015", "03/2015" or "12/03/2015".

Stored as the first day of the known period plus a precision, so lists sort and filter by year, and
shown as only what is known ("năm 2015", "tháng 03/2015") — never as an invented 01/01/2015.

`parse_partial_date` reads every shape old registers use: 2015, năm 2015, 05/2015, 5/2015, 2015-05,
tháng 5/2015, tháng 05 năm 2015, T5/2015, 15/05/2015, 15.5.2015, 2015-05-15, ngày 15 tháng 5 năm 2015,
"May 2015", and Excel cells (a date, a year as a number, or a date serial number in a General cell).
"""
import datetime
import re

from django.utils.translation import gettext as _

from ngoaivu.agreements.choices import DatePrecision
from ngoaivu.core.import_files import MonthCell

MIN_YEAR, MAX_YEAR = 1900, 2100
_EXCEL_EPOCH = datetime.date(1899, 12, 30)  # Excel's day 0 (it counts 1900 as a leap year)
_SERIALS = (366, 73050)  # serial numbers of 01/01/1901 … 31/12/2099

_ENGLISH_MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}

_SEP = r"\s*[/.\-]\s*|\s+"
# Words that only say what the next number is: "ngày", "tháng", "năm", "T" (tháng), "Th.", "year"…
_DAY_WORD = re.compile(r"\b(ngay|ngày)\b\.?", re.IGNORECASE)
_MONTH_WORD = re.compile(r"(?<![^\W\d_])(thang|tháng|th|t)\.?\s*(?=\d)", re.IGNORECASE)
_YEAR_WORD = re.compile(r"\b(nam|năm|year)\b\.?", re.IGNORECASE)

_DAY = re.compile(rf"^(\d{{1,2}})(?:{_SEP})(\d{{1,2}})(?:{_SEP})(\d{{4}})$")
_ISO_DAY = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_MONTH = re.compile(rf"^(\d{{1,2}})(?:{_SEP})(\d{{4}})$")
_ISO_MONTH = re.compile(r"^(\d{4})\s*[-/]\s*(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_NAMED_MONTH = re.compile(r"^(?:(\d{1,2})\s+)?([a-z]+)\.?,?\s+(\d{4})$|^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")


class PartialDateError(ValueError):
    pass


def _year(value: int) -> int:
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise PartialDateError(_("Năm %(year)s nằm ngoài khoảng %(min)s–%(max)s") % {
            "year": value, "min": MIN_YEAR, "max": MAX_YEAR})
    return value


def _from_number(value) -> tuple[datetime.date, str] | None:
    """A number from a spreadsheet cell: a year (2015), or a date serial number (42139 is 15/05/2015)."""
    if value != int(value):
        value = int(value)  # a serial with a time of day: the day is enough
    value = int(value)
    if MIN_YEAR <= value <= MAX_YEAR:
        return datetime.date(value, 1, 1), DatePrecision.YEAR
    if _SERIALS[0] <= value <= _SERIALS[1]:
        return _EXCEL_EPOCH + datetime.timedelta(days=value), DatePrecision.DAY
    return None


def _normalise(text: str) -> str:
    """Drop the words that name the parts ("ngày 15 tháng 5 năm 2015" → "15 5 2015")."""
    text = _DAY_WORD.sub(" ", text)
    text = _MONTH_WORD.sub(" ", text)
    text = _YEAR_WORD.sub(" ", text).replace(",", " ")
    text = re.sub(r"^(\d{4})\.0$", r"\1", text.strip(" ;"))  # a year cell read as a float, then as text
    return re.sub(r"\s+", " ", text).strip()


def _parse_text(text: str) -> tuple[datetime.date, str] | None:
    plain = _normalise(text)
    if m := _DAY.match(plain):
        return datetime.date(_year(int(m[3])), int(m[2]), int(m[1])), DatePrecision.DAY
    if m := _ISO_DAY.match(plain):
        return datetime.date(_year(int(m[1])), int(m[2]), int(m[3])), DatePrecision.DAY
    if m := _MONTH.match(plain):
        return datetime.date(_year(int(m[2])), int(m[1]), 1), DatePrecision.MONTH
    if m := _ISO_MONTH.match(plain):
        return datetime.date(_year(int(m[1])), int(m[2]), 1), DatePrecision.MONTH
    if m := _YEAR.match(plain):
        return datetime.date(_year(int(m[1])), 1, 1), DatePrecision.YEAR
    if m := _NAMED_MONTH.match(text.strip().lower()):
        day, month, year = (m[1], m[2], m[3]) if m[2] else (m[5], m[4], m[6])
        if month in _ENGLISH_MONTHS:
            number = _ENGLISH_MONTHS[month]
            if day:
                return datetime.date(_year(int(year)), number, int(day)), DatePrecision.DAY
            return datetime.date(_year(int(year)), number, 1), DatePrecision.MONTH
    return None


def parse_partial_date(value) -> tuple[datetime.date | None, str]:
    """(first day of the period, precision) from text, a date, a datetime or a spreadsheet number.
    Empty → (None, "day"). Raises PartialDateError with a Vietnamese message for anything else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, DatePrecision.DAY
    if isinstance(value, MonthCell):  # Excel's date for a typed 03/2015: the month is what is known
        return datetime.date(value.year, value.month, 1), DatePrecision.MONTH
    if isinstance(value, datetime.datetime):
        return value.date(), DatePrecision.DAY
    if isinstance(value, datetime.date):
        return value, DatePrecision.DAY
    text = str(value).strip()
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            found = _from_number(value)
        else:
            found = _parse_text(text)
    except (ValueError, OverflowError) as error:
        if isinstance(error, PartialDateError):
            raise
        raise PartialDateError(_("“%(value)s” không phải là một ngày có thật") % {"value": text})
    if found is None:
        raise PartialDateError(_("Không đọc được ngày “%(value)s”: viết dd/mm/yyyy (15/05/2015), hoặc mm/yyyy "
                                 "(05/2015) nếu chỉ biết tháng, hoặc yyyy (2015) nếu chỉ biết năm") % {"value": text})
    return found


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


def signed_within(start: datetime.date, end: datetime.date, field: str = "signed_on"):
    """A filter of the agreements signed between `start` and `end` (inclusive) as far as their date is known:
    one known only by its month (stored on the 1st) or its year (on 1 January) is counted only where the span
    holds that whole month or year. A half-year's figure counted "năm 2025" in January–June though nobody knows
    in which half it was signed; the six-monthly report leaves it out, and so must every figure beside it."""
    from django.db.models import Q
    # The first day of the last whole month, and of the last whole year, that ends by `end`.
    first = end.replace(day=1)
    month_cut = first if (end + datetime.timedelta(days=1)).day == 1 else (first - datetime.timedelta(days=1)).replace(day=1)
    year_cut = datetime.date(end.year if (end.month, end.day) == (12, 31) else end.year - 1, 1, 1)
    precision = f"{field.removesuffix('_on')}_precision"
    return (Q(**{f"{field}__range": (start, end)}) & ~Q(**{f"{precision}__in": (DatePrecision.MONTH, DatePrecision.YEAR)})
            | Q(**{precision: DatePrecision.MONTH, f"{field}__range": (start, month_cut)})
            | Q(**{precision: DatePrecision.YEAR, f"{field}__range": (start, year_cut)}))
