"""Numbers as people in Vietnam read and type them: thousands with a dot, decimals with a comma ("1.250.000",
"1.234,5", "29,7"; read also "29.7"), written by one function (vn_number) for every page, document and
message, read by one (parse_vn_number) for every form and import."""
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def parse_vn_number(text) -> Decimal | None:
    """The typed figure as a Decimal; None when empty; ValueError when it is not a number.

    A comma is the decimal mark, and dots then group thousands. Without a comma, a dot followed by exactly
    three digits (or several dots) groups thousands, as "1.234" means one thousand two hundred and
    thirty-four here; any other single dot is a decimal point ("29.7"), as Excel writes it. Every form and
    import that takes a figure reads it here, so one text never means two numbers in two places. A number
    that is already one (a JSON or spreadsheet value) is taken as it is: 1234.567 stays itself."""
    if isinstance(text, (int, float, Decimal)) and not isinstance(text, bool):
        text = Decimal(str(text))
        if not text.is_finite():
            raise ValueError(text)
        return text
    text = str(text if text is not None else "").strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if "," in text:
        text = _ungrouped(text.split(",", 1)[0]) + "." + text.split(",", 1)[1]
    elif text.count(".") > 1 or (text.count(".") == 1 and len(text.split(".")[1]) == 3):
        text = _ungrouped(text)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text)
    if not value.is_finite():
        raise ValueError(text)
    return value


def _ungrouped(whole: str) -> str:
    """The whole part without its thousands dots, which must group by three ("2.500.000"): "2.500.000.5"
    is a mistyped decimal, not 25.000.005 (ValueError)."""
    groups = whole.lstrip("+-").split(".")
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        raise ValueError(whole)
    return whole.replace(".", "")


def typed(value) -> str:
    """A stored figure written back into a form field so that parse_vn_number reads the same number:
    a comma as the decimal mark and no grouping ("1234,5"); a text already typed is kept; None is ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    return f"{Decimal(str(value)):f}".replace(".", ",")


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
