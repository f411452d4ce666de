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


# Characters that hide a word break or split a word without showing: zero-width spaces and joiners,
# the word joiner, the byte-order mark, the soft hyphen.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Anything a person (or a copy from Word) puts between two words: spaces of every kind (no-break, thin…),
# hyphens and dashes, underscores, dots.
_BETWEEN_WORDS = re.compile(r"[\s\-\u2010-\u2015\u2212_.·]+")


def normalise_words(text: str, invisible: str = "") -> str:
    """Lower-case NFC text with invisible characters replaced by `invisible` and every run of spaces,
    hyphens and dashes made one plain space, so "Hiệp\u00a0định", "hiệp  định" and "hiệp-định" all read
    "hiệp định"."""
    text = unicodedata.normalize("NFC", str(text)).lower()
    return _BETWEEN_WORDS.sub(" ", _INVISIBLE.sub(invisible, text)).strip()


def treaty_name_in(text: str) -> str | None:
    """The treaty name used in `text` (normalised, see normalise_words), or None.

    A zero-width character may stand for a word break ("hiệp\u200bđịnh") or sit inside a word
    ("hi\u200bệp định"): both readings are checked. Each is checked with diacritics (all four names),
    then folded ("Hiệp dinh", "hiep dinh", "HIEP DINH" — diacritics partly or not typed). "dinh uoc" is
    left out of the folded check: it also reads "quy định ước tính"."""
    if not text:
        return None
    for invisible in ("", " "):
        words = normalise_words(text, invisible)
        match = _TREATY_RE.search(words) or _FOLDED_TREATY_RE.search(fold(words))
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
