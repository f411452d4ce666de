"""Filters shared by every app's FilterSets (pages and API alike)."""
import django_filters

from ngoaivu.core.text import search_q


class FoldedSearchFilter(django_filters.CharFilter):
    """Diacritic-insensitive word-prefix search over the model's folded `search_text` column."""

    def filter(self, qs, value):
        if hasattr(qs, "search"):  # the model's own search (localities also match the names people write)
            return qs.search(value or "")
        q = search_q(value or "")
        return qs.filter(q) if q is not None else qs
