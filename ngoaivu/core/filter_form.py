"""The filter panel's form, written once per query string and kept (issue 9).

A list's filter form is a dozen fields rendered through the GOV.UK field template: about 4 ms of CPU on
every visit of the agreement register, the same markup each time for the same query string. Its markup
depends on the query string (values, errors), the language and the day (dates of validation) — and on
the rows of the selects that read the database (provinces, sectors), which another process may change at
any time. So the form is kept with a placeholder where each such select goes, and those selects are
written fresh on every visit from their querysets: nothing kept can go stale when a province or a sector
is renamed, whichever process renames it. The same holds for a select whose choices a function gives,
unless the function is marked `fixed_choices` (the country list, the years).

A list opts in with `FilteredListView.keep_filter_form = True`; its FilterSet's form must not depend on
the user except through its model selects (always written fresh) and which fields it has (the field names
are in the key: the exchanges lists drop the province select for a province officer).
"""
import secrets

from django import forms
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language


def written_fresh(field) -> bool:
    """Whether a field's markup may change without the query string changing: a model select (rows
    another process may rename), or a select whose choices a function gives that is not marked
    `fixed_choices` (it might read the database)."""
    if isinstance(field, forms.ModelChoiceField):
        return True
    choices = getattr(field, "choices", None)
    # Django's ChoiceField wraps the function in a CallableChoiceIterator (`func`); django-filter's
    # ChoiceFilter in its own ChoiceIterator (`choices`).
    func = getattr(choices, "func", None) or getattr(choices, "choices", None)
    return callable(func) and not getattr(func, "fixed_choices", False)


class KeptFilterForm:
    """Markup of filter forms, kept per process; bounded, dropped whole when full (keys come from query
    strings anyone can write). `enabled` is switched off by the tests that compare kept with fresh."""

    MAX_KEPT = 256
    enabled = True
    _kept: dict = {}
    # Where a fresh select goes; random per process, so no query string can forge it.
    _token = f"\x00kept-{secrets.token_hex(8)}-"

    @classmethod
    def render(cls, form: forms.Form) -> str:
        if not cls.enabled or form.errors:  # errors are rare: written fresh, never kept
            return str(form)
        fresh = [name for name, field in form.fields.items() if written_fresh(field)]
        data = form.data
        lists = data.lists() if hasattr(data, "lists") else ((k, [v]) for k, v in data.items())
        # Only the form's own parameters: the page, the sort or a stray parameter do not change its markup
        # (each would otherwise take an entry). The field names are in the key because django-filter makes
        # every form class in its own module, named only after the FilterSet.
        names = tuple(form.fields)
        own = tuple(sorted((k, tuple(v)) for k, v in lists if k in form.fields or
                           any(k.startswith(f"{n}_") for n in names)))
        key = (type(form).__qualname__, names, form.prefix, form.is_bound, own, get_language(),
               timezone.localdate())
        kept = cls._kept.get(key)
        if kept is None:
            html = str(form)
            parts = {name: str(form[name]) for name in fresh}
            # Kept only if each fresh select can be found exactly once in the markup; otherwise this
            # form is always written in full (correct, only slower).
            if any(not markup or html.count(markup) != 1 for markup in parts.values()):
                return html
            kept = html
            for i, name in enumerate(fresh):
                kept = kept.replace(parts[name], f"{cls._token}{i}\x00")
            if len(cls._kept) >= cls.MAX_KEPT:
                cls._kept.clear()
            cls._kept[key] = (kept, fresh)
            return html
        html, names = kept
        for i, name in enumerate(names):
            html = html.replace(f"{cls._token}{i}\x00", str(form[name]))
        return mark_safe(html)

    @classmethod
    def clear(cls):
        cls._kept.clear()


def fixed_choices(func):
    """Marks a function of choices that does not read the database (fixed for a language and a day, which
    the kept markup's key holds): a kept filter form keeps its <select>. A ChoiceField whose choices come
    from an unmarked function is written fresh on every visit, like a model select — its choices might
    come from rows another process changes."""
    func.fixed_choices = True
    return func
