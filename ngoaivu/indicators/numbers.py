"""Indicator figures as the dashboards write them: changes in per cent, large amounts in millions or billions
(the Vietnamese digits themselves: core.numbers)."""
from decimal import Decimal

from django.utils.translation import gettext as _

from ngoaivu.core.numbers import vn_number, vn_signed


def vn_percent_change(value) -> str:
    """A relative change: "+57,38 %", "−12,50 %", "—" when it cannot be computed (from zero)."""
    if value is None:
        return "—"
    return vn_signed(value, 2) + " %"


def compact(value, unit) -> str:
    """Large USD amounts in millions/billions ("52 tỷ USD"); others in full."""
    if value is None:
        return "—"
    value = Decimal(value)
    if unit == "usd":
        if abs(value) >= 10 ** 9:
            # Outside an f-string, where makemessages reads them (the English page said "tỷ USD").
            return _("%(n)s tỷ USD") % {"n": vn_number(value / 10 ** 9, 2)}
        if abs(value) >= 10 ** 6:
            return _("%(n)s triệu USD") % {"n": vn_number(value / 10 ** 6, 2)}
        return f"{vn_number(value, 0)} USD"
    if unit == "percent":
        return f"{vn_number(value, 2)} %"
    # Counts and persons are whole; a projection or a yearly average of them is shown rounded.
    return vn_number(value, 0 if abs(value) >= 100 or unit in ("count", "persons") else None)
