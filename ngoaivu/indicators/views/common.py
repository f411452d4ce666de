"""What the indicator pages share: reading the period and indicator asked for, and table exports."""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.core import statements
from ngoaivu.core.exports import Sheet, attachment, csv_bytes, xlsx
from ngoaivu.indicators.choices import WHOLE_UNITS
from ngoaivu.indicators.models import Indicator
from ngoaivu.indicators.periods import Period


def default_year() -> int:
    """The last full year: the figures of the current one are not in yet."""
    return timezone.localdate().year - 1


def period_from(request, name="period", default=None):
    """(Period, error message or None) from the query string; a bad value falls back to the default."""
    text = request.GET.get(name, "").strip()
    fallback = default or Period.year(default_year())
    if not text:
        return fallback, None
    try:
        return Period.parse(text), None
    except ValidationError as error:
        return fallback, error.messages[0]


def indicator_from(request, indicators):
    code = request.GET.get("indicator", "")
    for indicator in indicators:
        if indicator.code == code:
            return indicator
    return indicators[0] if indicators else None


def active_indicators():
    # Built once (core.statements): every indicators page reads them.
    return statements.instances(("active indicators",), lambda: Indicator.objects.filter(is_active=True))


def export(request, title, headers, rows, filename):
    """The table as XLSX or CSV when the query asks for it (?format=xlsx|csv), else None. `rows` may be a
    function that makes them, called only then (a page's table of every indicator was 4 % of its view)."""
    kind = request.GET.get("format")
    if kind not in ("xlsx", "csv"):
        return None
    if callable(rows):
        rows = rows()
    if kind == "xlsx":
        return attachment(xlsx(Sheet(title, headers, rows, autofilter=True)), f"{filename}.xlsx")
    return attachment(csv_bytes(headers, rows), f"{filename}.csv")


def to_number(value, unit=None):
    """A cell value: Decimals stay numbers in the spreadsheet, None stays empty. A whole figure of a count
    unit (count, persons) is an integer cell ("12", never "12.0" in a CSV); money and percent keep decimals."""
    if value is None:
        return None
    if unit in WHOLE_UNITS and Decimal(value) == Decimal(value).to_integral_value():
        return int(value)
    return float(value)


PERIOD_HELP = _  # marker: the period inputs' hint is in the templates
