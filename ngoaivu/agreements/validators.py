"""Rules an agreement's words must follow (Law 70/2020, Art. 6)."""
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ngoaivu.core.text import fold

# A province signs "thỏa thuận quốc tế"; these names belong to treaties (điều ước quốc tế) only.
TREATY_NAMES = ("hiệp định", "công ước", "hiệp ước", "định ước")
# "quy định ước tính" (regulations estimate) is not "định ước": skip "quy" before and "tính/lượng" after.
_TREATY_RE = re.compile(r"(?<!\w)(?<!quy )(" + "|".join(TREATY_NAMES) + r")(?!\w)(?! tính| lượng)")
# Text typed without diacritics: "dinh uoc" is left out, it also reads "quy định ước tính".
_FOLDED_TREATY_RE = re.compile(r"(?<!\w)(hiep dinh|cong uoc|hiep uoc)(?!\w)")


def treaty_name_in(text: str) -> str | None:
    """The treaty name used in `text`, as written, or None."""
    if not text:
        return None
    lowered = unicodedata.normalize("NFC", str(text)).lower()
    match = _TREATY_RE.search(lowered)
    if match:
        return match.group(1)
    if fold(lowered) == re.sub(r"[^0-9a-z]+", " ", lowered).strip():  # no diacritics at all
        match = _FOLDED_TREATY_RE.search(fold(lowered))
        if match:
            return match.group(1)
    return None


def treaty_name_message(name: str) -> str:
    return _("Không dùng tên gọi “%(name)s”: đó là tên của điều ước quốc tế. Thỏa thuận quốc tế của địa "
             "phương chỉ được gọi là thỏa thuận, bản ghi nhớ, ý định thư, biên bản thỏa thuận, chương trình "
             "hoặc kế hoạch hợp tác… (Điều 6 Luật Thỏa thuận quốc tế 2020).") % {"name": name.capitalize()}


def refuse_treaty_name(value):
    name = treaty_name_in(value)
    if name:
        raise ValidationError(treaty_name_message(name), code="treaty_name")
