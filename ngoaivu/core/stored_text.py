"""Texts the app wrote into the database in one language — health reasons ("không có hoạt động trong
8 tháng; 2/5 cam kết quá hạn"), status-change and history reasons ("Sửa qua API") — shown in the
reader's language.

They were produced with gettext at the time (usually in Vietnamese), so the catalogue knows their
pattern: the stored text is matched against the catalogue's messages (placeholders become groups), and
the message is rendered again in the active language with the same values. Text the app did not
write (a reason an officer typed) matches nothing and is shown as it is.
"""
import re
from functools import lru_cache

from django.utils.translation import get_language, gettext, ngettext, trans_real

_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")
_SEPARATOR = "; "  # how health reasons are joined


def _regex(text: str):
    parts, last, names = [], 0, set()
    for m in _PLACEHOLDER.finditer(text):
        parts.append(re.escape(text[last:m.start()]))
        name = m[1]
        group = f"(?P<{name}>-?\\d+)" if m[2] == "d" else f"(?P<{name}>.+?)"
        parts.append(group if name not in names else f"(?P={name})")
        names.add(name)
        last = m.end()
    parts.append(re.escape(text[last:]))
    return re.compile("^" + "".join(parts) + "$", re.DOTALL)


@lru_cache(maxsize=4)
def _table(language: str):
    """(exact texts → msgid, [(regex, msgid, plural)]) of messages that may have been stored in another
    language than `language`: Vietnamese msgids, and their English translations."""
    catalog = trans_real.translation("en")._catalog
    exact, patterns = {}, []
    for key in catalog.keys():
        msgid, plural = (key, False) if isinstance(key, str) else (key[0], True)
        if not msgid or (plural and key[1] != 0):
            continue
        english = catalog.get(key) or msgid
        sources = [msgid, english] if language.startswith("vi") is False else [english, msgid]
        for source in sources:
            if "%(" in source:
                literal = len(_PLACEHOLDER.sub("", source))
                if literal >= 3:
                    patterns.append((literal, _regex(source), msgid, plural))
            elif not plural:
                exact.setdefault(source, msgid)
    patterns.sort(key=lambda p: -p[0])  # the most specific message first
    return exact, [(regex, msgid, plural) for _literal, regex, msgid, plural in patterns]


def _count(groups: dict) -> int:
    """The number a plural message agrees with: its `n` (or `total`, `count`), else its first number —
    "1/2 cam kết quá hạn" is "1/2 commitments" (the total), and a number written with %(n)s is a number too."""
    numbers = {name: int(value) for name, value in groups.items() if re.fullmatch(r"-?\d+", value)}
    for name in ("n", "total", "count"):
        if name in numbers:
            return numbers[name]
    return next(iter(numbers.values()), 1)


def _one(text: str, language: str, depth: int = 0) -> str:
    exact, patterns = _table(language)
    if text in exact:
        return gettext(exact[text])
    for regex, msgid, plural in patterns:
        m = regex.match(text)
        if m is None:
            continue
        values = {}
        for name, value in m.groupdict().items():
            if re.fullmatch(r"-?\d+", value) and f"%({name})d" in msgid:
                values[name] = int(value)
            else:
                values[name] = _one(value, language, depth + 1) if depth < 2 else value
        try:
            if plural:
                return ngettext(msgid, msgid, _count(m.groupdict())) % values
            return gettext(msgid) % values
        except (KeyError, TypeError, ValueError):
            return text
    return text


@lru_cache(maxsize=4096)
def _translate(text: str, language: str) -> str:
    exact, _patterns = _table(language)
    if _SEPARATOR not in text or text in exact:
        return _one(text, language)
    return _SEPARATOR.join(_one(part, language) for part in text.split(_SEPARATOR))


def translate_stored(text) -> str:
    """The stored generated `text` in the active language (unchanged if it is not the app's own)."""
    if not text:
        return text or ""
    return _translate(str(text), get_language() or "vi")
