"""Search folding: one function, one way to keep a folded column, one way to query it.

`fold("Đà Nẵng") == "da nang"`; punctuation becomes spaces so "Bà Rịa - Vũng Tàu" is found by
"vung tau". Latin words match by prefix: "ha noi" finds "Hà Nội" but not "Hà Nam".

Other scripts are kept as typed (only Latin letters lose their diacritics): "충청북도", "崇左市",
"บันทึก", "ບົດບັນທຶກ" stay searchable. Chinese, Japanese, Korean, Thai, Lao, Khmer and Myanmar write
words without spaces (or glue particles to them), so a run in those scripts matches anywhere in the
text, not only at the start of a word.
"""
import functools
import unicodedata

from django.db import models
from django.db.models import Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import LessThan

# Scripts written without spaces between words: a search term in them matches as a substring.
_UNSPACED = (
    (0x0E00, 0x0EFF),    # Thai, Lao
    (0x1000, 0x109F),    # Myanmar
    (0x1780, 0x17FF),    # Khmer
    (0x19E0, 0x19FF),    # Khmer symbols
    (0x1100, 0x11FF),    # Hangul Jamo
    (0x2E80, 0x2FDF),    # CJK radicals
    (0x3040, 0x31FF),    # Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo
    (0x3400, 0x4DBF),    # CJK extension A
    (0x4E00, 0x9FFF),    # CJK unified ideographs
    (0xA960, 0xA97F),    # Hangul Jamo extended A
    (0xAC00, 0xD7FF),    # Hangul syllables, Jamo extended B
    (0xF900, 0xFAFF),    # CJK compatibility ideographs
    (0xFF66, 0xFFDC),    # half-width Katakana and Hangul
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)


def _is_latin(ch: str) -> bool:
    code = ord(ch)
    return code < 0x250 or 0x1E00 <= code <= 0x1EFF


def _is_unspaced(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _UNSPACED)


def _fold_char(ch: str) -> str:
    if ch == "đ":
        return "d"
    category = unicodedata.category(ch)
    if category[0] in "LN":
        if _is_latin(ch):
            return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        return ch
    if category[0] == "M":
        # a vowel or tone mark of Thai, Lao, Khmer… is part of the word; a Latin accent left over is not
        return "" if 0x300 <= ord(ch) <= 0x36F else ch
    return " "


class _FoldTable(dict):
    """str.translate table filled on first sight of each character (folding is per character after NFC)."""

    def __missing__(self, code):
        value = self[code] = _fold_char(chr(code))
        return value


_TABLE = _FoldTable()


def fold(value) -> str:
    """Lower case, no Latin diacritics, đ→d, NFC/NFD alike, punctuation and runs of spaces → one space.

    Letters of other scripts are kept with their own marks (Thai vowels, Lao tones, Hangul), so a
    Korean or Chinese title folds to itself rather than to nothing."""
    if value is None:
        return ""
    text = str(value)
    return _fold_short(text) if len(text) <= 80 else _fold(text)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().translate(_TABLE)
    return unicodedata.normalize("NFC", " ".join(text.split()))


# Names (provinces, countries, partners, forms) are folded again and again — every row of an import,
# every agreement's search text: short texts are remembered; long ones (summaries) are not kept.
_fold_short = functools.lru_cache(maxsize=20_000)(_fold)


# What a record's readers search but the public is not shown (an agreement's signers, where a record was
# inherited from, a partner's other names) is written after this mark, which folding never leaves in a text
# (punctuation folds to a space): a published search takes a word only where it occurs before the mark. It
# fails closed: a text without the mark (written by an older worker during an upgrade, or by hand) is not
# searched by the public at all until it is written again.
PRIVATE_MARK = "|"


def build_search_text(parts, private=None) -> str:
    """The stored form: folded parts padded with spaces so a word prefix is ' ' + word. Given `private` (even
    empty), PRIVATE_MARK and then those parts follow: the text of a record the public searches."""
    folded = " ".join(f for f in (fold(p) for p in parts if p) if f)
    text = f" {folded} " if folded else ""
    return text if private is None else f"{text}{PRIVATE_MARK}{build_search_text(private)}"


def _needles(term: str) -> list[str] | None:
    """What each folded word of `term` must be found as: ' ' + word (the start of a word), or the word
    itself in a script written without spaces. None for a blank term."""
    if not str(term or "").strip():
        return None
    return [word if any(_is_unspaced(ch) for ch in word) else f" {word}" for word in fold(term).split()]


def search_q(term: str, field: str = "search_text", published: bool = False) -> models.Q | None:
    """Every folded word of `term` must start a word of the folded column; a word in a script written
    without spaces (崇左, 협약, ບົດ) may sit anywhere in it. A blank term gives no filter (None); a
    term of only punctuation matches nothing rather than everything. published=True: only in the part
    before PRIVATE_MARK (the first place a word occurs is before the mark; a text without it matches
    nothing), in the database, so the open data's search costs what the register's does."""
    needles = _needles(term)
    if needles is None:
        return None
    if not needles:
        return models.Q(pk__in=[])
    mark = StrIndex(field, Value(PRIVATE_MARK))
    q = models.Q()
    for needle in needles:
        q &= models.Q(**{f"{field}__contains": needle})
        if published:
            q &= models.Q(LessThan(StrIndex(field, Value(needle)), mark))
    return q


class SearchQuerySet(models.QuerySet):
    def search(self, term: str):
        q = search_q(term)
        return self.filter(q) if q is not None else self


class Searchable(models.Model):
    """Keeps `search_text` — the folded text of SEARCH_FIELDS (or `search_parts()`) — on every save.

    A model whose searchable text lives in related rows (partners of an agreement) overrides
    `search_parts()` (or, with parts the public does not search, `built_search_text()`) and calls
    `refresh_search_text()` after changing those rows.
    """

    SEARCH_FIELDS: tuple[str, ...] = ()
    search_text = models.TextField(editable=False, default="", blank=True)

    class Meta:
        abstract = True

    def search_parts(self):
        return [getattr(self, name) for name in self.SEARCH_FIELDS]

    def built_search_text(self) -> str:
        """The text to store; a model with parts the public does not see overrides this (build_search_text's
        `private`)."""
        return build_search_text(self.search_parts())

    def save(self, *args, **kwargs):
        self.search_text = self.built_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def refresh_search_text(self):
        text = self.built_search_text()
        if text != self.search_text:
            self.search_text = text
            type(self)._base_manager.filter(pk=self.pk).update(search_text=text)


def refold(model, parts_of, prefetch=(), private_of=None) -> int:
    """Recompute the stored `search_text` of every row of `model` (a data migration's historical model)
    with today's `fold`, from `parts_of(row)` (and `private_of(row)`, build_search_text's `private`).
    Returns how many rows changed."""
    changed = []
    for row in model._base_manager.prefetch_related(*prefetch).order_by("pk").iterator(chunk_size=500):
        text = build_search_text(parts_of(row), private_of(row) if private_of else None)
        if text != row.search_text:
            row.search_text = text
            changed.append(row)
    model._base_manager.bulk_update(changed, ["search_text"], batch_size=500)
    return len(changed)


# Vietnamese alphabetical order (one key for every list of names sorted "as Vietnamese read them"):
# letters a ă â b c d đ e ê … o ô ơ … u ư …, the tone marks only after the letters (no tone, grave, hook
# above, tilde, acute, dot below — the CLDR order), case ignored. Code point order puts "Đà Nẵng" after
# "Yên Bái" and "Ấn Độ" after "Ý"; this does not.
_VI_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_VI_RANK = {letter: index for index, letter in enumerate(_VI_ALPHABET, 12)}  # 01 separators, 02–11 digits
_VI_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter
_VI_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_VI_VOWELS = set("aeiouy")


def spelling_key(text) -> str:
    """A name as Vietnamese readers take it, to match what people typed: case, runs of spaces, the Unicode
    form and where a syllable's tone mark sits ("Thụy"/"Thuỵ", "Hòa"/"Hoà", old and new placement; both are in
    official use) do not count. Letters and tones do: "Lào" is not "Lao", "Giàng" is not "Giang". A tone mark
    moves only within its run of vowels, so the syllables of "Hòa-Binh" and "Hoa-Bình" (or "término" and
    "terminó", and a mark on another script's letter) stay apart."""
    out, vowels, tones = [], [], []

    def flush():
        out.extend(vowels)
        out.extend(tones)
        vowels.clear()
        tones.clear()
    for ch in unicodedata.normalize("NFD", str(text or "")).casefold():
        if vowels and ch in _VI_TONES:
            tones.append(ch)
        elif (vowels and ch in _VI_LETTER_MARKS) or ch in _VI_VOWELS:
            vowels.append(ch)  # a vowel, or its breve, circumflex or horn (ă, ô, ư…)
        else:
            flush()
            out.append(ch)
    flush()
    return " ".join(unicodedata.normalize("NFC", "".join(out)).split())


def vietnamese_key(text) -> str:
    """A sort key in Vietnamese alphabetical order, made only of the digits 0–9 so that it sorts the same in
    Python and in every database collation (a stored column can be ordered by it): two digits per letter,
    "00", then one tone digit per letter. A name that is the start of another comes first."""
    letters, tones = [], []
    for ch in unicodedata.normalize("NFD", str(text or "").lower()):
        if unicodedata.combining(ch):
            if ch in _VI_TONES and tones:
                tones[-1] = _VI_TONES[ch]
            elif ch in _VI_LETTER_MARKS and letters:
                letters[-1] = unicodedata.normalize("NFC", letters[-1] + ch)
            continue
        letters.append(ch)
        tones.append(0)
    codes = []
    for letter in letters:
        if letter in _VI_RANK:
            codes.append(f"{_VI_RANK[letter]:02d}")
        elif letter.isdigit() and letter.isascii():
            codes.append(f"{2 + int(letter):02d}")
        elif unicodedata.category(letter)[0] in "LN":
            codes.append("99")  # another script: after the Vietnamese letters
        else:
            codes.append("01")  # spaces and punctuation: a word ends before any letter
    return "".join(codes) + "00" + "".join(str(t) for t in tones)
