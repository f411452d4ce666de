"""Entered indicators collected through structured report returns (coordination): a structured request
may carry a field per entered indicator (`offered_fields`, registered with coordination's hooks); when the
centre accepts a province's return, its figures become that province's observations for the request's
data window (`accepted`), through `actions.save_observations` like the grid form and the import.

The data window must be a calendar period the indicators know (a year, a half-year, a quarter or a span
of whole years); a return whose window is not one (a 15/12–14/6 reporting window) writes no figure, and
the acceptance says nothing about it: those figures stay in the return. An empty field removes nothing."""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ngoaivu.indicators.periods import Period

PREFIX = "indicator:"


def offered_fields() -> list[dict]:
    """One number field per active entered indicator; `indicator` names it. `label` is the catalogue's
    Vietnamese name, which the request keeps; `shown` is the name in the reader's language, for the choice."""
    from ngoaivu.indicators.choices import Method
    from ngoaivu.indicators.models import Indicator
    return [{"key": f"{PREFIX}{i.code}", "label": i.name, "shown": str(i), "type": "number",
             "unit": str(i.get_unit_display()), "source": "", "indicator": i.code}
            for i in Indicator.objects.filter(method=Method.ENTERED, is_active=True).order_by("position", "code")]


def value_error(field, number) -> str | None:
    """The grid's rule for a figure typed in a return's indicator field, checked when the province saves
    it: a count or a number of people is whole (a return took "2,5" visitors, and the acceptance saved them),
    a share at most 100. Read from the indicator as it is now, so requests made before hold to it too."""
    from ngoaivu.indicators.choices import WHOLE_UNITS, Unit, whole_error
    from ngoaivu.indicators.models import Indicator
    if not field.get("indicator"):
        return None
    unit = Indicator.objects.filter(code=field["indicator"]).values_list("unit", flat=True).first()
    if unit in WHOLE_UNITS and number != number.to_integral_value():
        return whole_error(field["label"])
    if unit == Unit.PERCENT and number > 100:
        return _("%(label)s: tỷ lệ không quá 100 %%.") % {"label": field["label"]}
    return None


def calendar_period(start, end) -> Period | None:
    """The period [start, end] names, if it is a year, half-year, quarter or span of whole years."""
    try:
        period = Period.parse(_code(start, end))
    except Exception:  # noqa: BLE001 - not a calendar period: no figure is written
        return None
    return period if (period.start, period.end) == (start, end) else None


def _code(start, end) -> str:
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year}-{end.year}"
    if start.year != end.year or start.day != 1:
        return ""
    months = end.month - start.month + 1
    if months == 6 and start.month in (1, 7):
        return f"{start.year}-H{(start.month + 5) // 6}"
    if months == 3 and start.month in (1, 4, 7, 10):
        return f"{start.year}-Q{(start.month + 2) // 3}"
    return ""


def accepted(user, ret) -> int:
    """The accepted return's indicator figures saved as the province's observations; returns how many."""
    from ngoaivu.indicators.actions import Entry, save_observations
    from ngoaivu.indicators.models import Indicator, as_stored
    request = ret.request
    fields = [f for f in request.fields or [] if f.get("indicator")]
    period = calendar_period(request.data_from, request.data_to) if fields else None
    if period is None:
        return 0
    # Checked again here: a return saved before its fields were checked (or when its indicator counted
    # something else) is refused, and stays submitted, rather than saving "2,5" visitors.
    errors = [message for f in fields if (ret.values or {}).get(f["key"]) not in (None, "")
              for message in [value_error(f, Decimal(str(ret.values[f["key"]])))] if message]
    if errors:
        raise ValidationError(errors)
    indicators = Indicator.objects.in_bulk([f["indicator"] for f in fields], field_name="code")
    # A figure whose indicator the catalogue no longer has by that code is refused in words, never dropped
    # (the return, said accepted, would have written nothing for it).
    missing = [_("%(label)s: chỉ số mã “%(code)s” không còn trong danh mục chỉ số; số liệu này không ghi được "
                 "vào chỉ số.") % {"label": f["label"], "code": f["indicator"]} for f in fields
               if f["indicator"] not in indicators and (ret.values or {}).get(f["key"]) not in (None, "")]
    if missing:
        raise ValidationError(missing)
    source = f"Báo cáo: {request.title}"[:200]
    entries = [Entry(indicator=indicators[f["indicator"]], locality=ret.locality, period=period,
                     value=as_stored(Decimal(str(ret.values[f["key"]]))), source=source)
               for f in fields if f["indicator"] in indicators and (ret.values or {}).get(f["key"]) not in (None, "")]
    return save_observations(user, entries)[0] if entries else 0
