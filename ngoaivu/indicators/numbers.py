"""Vietnamese number format: thousands with a dot, decimals with a comma ("1.234,5"; "+57,38 %")."""
from decimal import ROUND_HALF_UP, Decimal


def vn_number(value, decimals=None) -> str:
    """`value` written the Vietnamese way; integers without decimals unless `decimals` is given."""
    if value is None:
        return "—"
    value = Decimal(value)
    if decimals is None:
        decimals = 0 if value == value.to_integral_value() else 2
    quantum = Decimal(1).scaleb(-decimals)
    value = value.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value):.{decimals}f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return sign + text + ("," + frac if frac else "")


def vn_signed(value, decimals=None) -> str:
    if value is None:
        return "—"
    text = vn_number(value, decimals)
    return text if text.startswith("-") or Decimal(value) == 0 else "+" + text


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
            return f"{vn_number(value / 10 ** 9, 2)} tỷ USD"
        if abs(value) >= 10 ** 6:
            return f"{vn_number(value / 10 ** 6, 2)} triệu USD"
        return f"{vn_number(value, 0)} USD"
    if unit == "percent":
        return f"{vn_number(value, 2)} %"
    # Counts and persons are whole; a projection or a yearly average of them is shown rounded.
    return vn_number(value, 0 if abs(value) >= 100 or unit in ("count", "persons") else None)
