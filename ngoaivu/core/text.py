"""Vietnamese search folding: one function, one way to keep a folded column, one way to query it.

`fold("Đà Nẵng") == "da nang"`; punctuation becomes spaces so "Bà Rịa - Vũng Tàu" is found by
"vung tau". A search matches words by prefix: "ha noi" finds "Hà Nội" but not "Hà Nam".
"""
import functools
import re

import vn_text
from django.db import models

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(value) -> str:
    """Lower case, no diacritics, đ→d, NFC/NFD alike, punctuation and runs of spaces → one space."""
    if value is None:
        return ""
    text = str(value)
    return _fold_short(text) if len(text) <= 80 else _fold(text)


def _fold(text: str) -> str:
    return _NON_WORD.sub(" ", vn_text.fold(text)).strip()


# Names (provinces, countries, partners, forms) are folded again and again — every row of an import,
# every agreement's search text: short texts are remembered; long ones (summaries) are not kept.
_fold_short = functools.lru_cache(maxsize=20_000)(_fold)


def build_search_text(parts) -> str:
    """The stored form: folded parts padded with spaces so a word prefix is ' ' + word."""
    folded = " ".join(f for f in (fold(p) for p in parts if p) if f)
    return f" {folded} " if folded else ""


def search_q(term: str, field: str = "search_text") -> models.Q | None:
    """Every folded word of `term` must start a word of the folded column."""
    words = fold(term).split()
    if not words:
        return None
    q = models.Q()
    for word in words:
        q &= models.Q(**{f"{field}__contains": f" {word}"})
    return q


class SearchQuerySet(models.QuerySet):
    def search(self, term: str):
        q = search_q(term)
        return self.filter(q) if q is not None else self


class Searchable(models.Model):
    """Keeps `search_text` — the folded text of SEARCH_FIELDS (or `search_parts()`) — on every save.

    A model whose searchable text lives in related rows (partners of an agreement) overrides
    `search_parts()` and calls `refresh_search_text()` after changing those rows.
    """

    SEARCH_FIELDS: tuple[str, ...] = ()
    search_text = models.TextField(editable=False, default="", blank=True)

    class Meta:
        abstract = True

    def search_parts(self):
        return [getattr(self, name) for name in self.SEARCH_FIELDS]

    def save(self, *args, **kwargs):
        self.search_text = build_search_text(self.search_parts())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def refresh_search_text(self):
        text = build_search_text(self.search_parts())
        if text != self.search_text:
            self.search_text = text
            type(self)._base_manager.filter(pk=self.pk).update(search_text=text)
