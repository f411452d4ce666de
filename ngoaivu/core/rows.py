"""Pieces for list rows written in Python rather than by a template per cell (issue 9): each writes what
its template counterpart writes, byte for byte. A list page's rows are ~25 × a dozen cells; the template
engine's lookup, filter and include per cell cost several milliseconds a page."""
import datetime
import html
import unicodedata

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length
from django.utils.translation import pgettext

from ngoaivu.core import statements
from ngoaivu.core.countries import country_name


def escape(text) -> str:
    """The characters django.utils.html.escape writes (it calls html.escape(str(text)) too), without what
    it adds around them: a test of every argument for a lazy string and a SafeString made of the result,
    a microsecond a call, four-fifths of it. The rows escape a few hundred texts a page and mark their whole
    markup safe once."""
    return html.escape(str(text))


# core/includes/tag.html, with the newline that closes the file: the one markup of a status tag, written by
# `tag` here and by the `status_tag` template tag.
TAG = '<strong class="tag tag--{colour}">{label}</strong>\n'


def tag(label, colour) -> str:
    """A status tag of a row written in Python (labels and colours are plain text here)."""
    return TAG.format(colour=escape(colour), label=escape(label))


def dmy(day: datetime.date | None) -> str:
    """`{{ day|date:"d/m/Y" }}`: nothing for None. Formatted by hand: strftime was a quarter of writing a
    list's row, and writes the same (day and month of two digits, the year of four)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}" if day else ""


def dmy_hm(moment: datetime.datetime | None) -> str:
    """`{{ moment|date:"d/m/Y H:i" }}`: in the current time zone; nothing for None."""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def truncator():
    """A function (text, length) → `{{ text|truncatechars:length }}`, escaped (nothing for empty text), for one
    page's rows: the ellipsis of the active language is read once, not per text. A text no longer than
    `length` after Django's NFC normalisation is given whole without Django's count of its letters (which
    leaves out combining marks, so it is never more than the text's length): most of a list's titles and
    descriptions. A longer one is cut where Django's Truncator cuts it, by Django's own helpers, without its
    walk through the letters (22 µs a text, 25 texts on a commitment list's page; 4 µs so) when none up to
    the cut is a combining mark; with one, by Django's Truncator."""
    ellipsis = pgettext("String to return when truncating text", "%(truncated_text)s…")  # Truncator's own

    def cut(text, length) -> str:
        if not text:
            return ""
        text = unicodedata.normalize("NFC", text)
        if len(text) <= length:
            return escape(text)
        if length > 0 and not any(map(unicodedata.combining, text[:length + 1])):
            # Truncator._text_chars when every letter counts: the first letters less the ellipsis's, then it.
            return escape(add_truncation_text(text[:calculate_truncate_chars_length(length, ellipsis)], ellipsis))
        return escape(Truncator(text).chars(length, truncate=ellipsis))
    return cut


def detail_url(name: str):
    """A function pk → URL of the named detail view, reversed once per page (reverse() per row was a tenth
    of a row's cost). The URL must take the primary key as its only argument."""
    pattern = reverse(name, args=[987654321])
    head, tail = pattern.split("987654321")
    return lambda pk: f"{head}{pk}{tail}"


def label_of(choices):
    """value → its choice label in the active language, like get_FOO_display() (the value itself when it is
    not a choice), read once per page."""
    labels = {value: str(label) for value, label in choices}
    return lambda value: labels.get(value, value)


# The keys of a page's rows are asked in this many places (a list's page size), the page's own keys and the first
# one again: one statement text for every page (core.statements), not one per number of rows.
PAGE_KEYS = 25


def of_page_keys(name, build, pks) -> list[tuple]:
    """The rows of the values_list queryset `build(keys)` gives for the keys of a page's rows (`pks`), by a
    statement built once per process (`name` names it): `keys` are asked in PAGE_KEYS places (more for a
    longer page), the page's keys then the first again. Building such a read was a tenth of a list page."""
    pks = list(pks)
    if not pks:
        return []
    slots = max(PAGE_KEYS, len(pks))
    return statements.rows((name, slots), lambda *keys: build(keys), *pks, *[pks[0]] * (slots - len(pks)))


def listed_partners(relation, pks) -> dict:
    """The partners of a page's rows in one values query through the many-to-many table of `relation`
    (`Agreement.partners`): {row pk: [(shown name, country code), …]} in Partner's order (by name), with
    no model instance — what a `Prefetch` list gave, without building a Partner per name."""
    field = relation.field
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    rows = of_page_keys(
        ("listed partners", relation.through._meta.label),
        lambda keys: (relation.through.objects.filter(**{f"{source}_id__in": keys})
                      .order_by(f"{target}__name", f"{target}_id")
                      .values_list(f"{source}_id", f"{target}__name", f"{target}__name_vi", f"{target}__country")),
        pks)
    found = {}
    for pk, name, name_vi, country in rows:
        found.setdefault(pk, []).append((name_vi or name, country))  # Partner.display_name
    return found


def partners_cell(partners, empty="") -> str:
    """The partners of a row, [(shown name, country code)] (`listed_partners`): "Name <span
    class="muted">(Country)</span>" joined by <br>, as the lists' `{% for p in x.partners.all %}…{% empty
    %}…{% endfor %}` wrote them."""
    if not partners:
        return empty
    return "<br>".join(f'{escape(name)} <span class="muted">({escape(country_name(country))})</span>'
                       for name, country in partners)


def province_names() -> dict:
    """{locality id: short name} of every province, former ones too, as rows name them: by one statement kept
    per process (core.statements), not an IN of as many keys as a page names."""
    from ngoaivu.core.models import Locality
    return dict(statements.rows(("province short names",), lambda: Locality.objects.values_list("pk", "short_name")))
