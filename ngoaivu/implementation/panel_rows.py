"""The home page's early-warning panels' repeated markup written in Python (issue 9): the health counts' cards
and a province's dormant agreements, overdue commitments and coming deadlines. Byte for byte what the loops of
implementation/_health_counts.html and panel_province.html wrote (tests/implementation/test_panel_rows.py keeps
them as the reference): a province's panel drew 30 rows and cards through template lookups, filters and URL
tags, two fifths of its rendering."""
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ngoaivu.core.rows import detail_url, dmy, escape, tag, truncator
from ngoaivu.core.stored_text import translate_stored


def health_cards(rows, list_filter="") -> SafeString:
    """The cards of the health counts (queries.summary_counts' rows), each linked to the agreements of that
    health (`list_filter`: the query's tail that narrows the list to the panel's province); the counts
    localised as the settings say (the panels' templates do not turn localisation off)."""
    url = escape(reverse("implementation:agreement_list"))
    tail = escape(list_filter)
    parts = []
    for row in rows:
        value, count = row["value"], row["count"]
        red = " card--red" if value == "dormant" and count else ""
        value = escape(value)
        parts.append(f'\n  <a class="card{red}" href="{url}?health={value}{tail}" data-testid="count-{value}">'
                     f'\n    <span class="card__figure">{escape(localize(count))}</span>'
                     f'<span class="card__label">{escape(row["label"])}</span></a>\n')
    return mark_safe("".join(parts))


def dormant_items(agreements) -> SafeString:
    """A province's dormant agreements (title and the stored reasons, in the reader's language)."""
    url = detail_url("implementation:agreement")
    return mark_safe("".join(f'\n  <li><a href="{escape(url(a.pk))}">{escape(a.title)}</a> — '
                             f'<span>{escape(translate_stored(a.health_reasons))}</span></li>' for a in agreements))


def overdue_items(commitments) -> SafeString:
    """The earliest-due overdue commitments: each cut to 70 letters, its due day and its responsible unit."""
    url, truncated, due = detail_url("implementation:commitment_detail"), truncator(), _("hạn")
    parts = []
    for c in commitments:
        unit = f", {escape(c.responsible_unit.name)}" if c.responsible_unit else ""
        parts.append(f'<li><a href="{escape(url(c.pk))}">{truncated(str(c), 70)}</a> — {escape(due)} '
                     f"{dmy(c.due_on)}{unit}</li>")
    return mark_safe("".join(parts))


def deadline_items(deadlines) -> SafeString:
    """The coming deadlines ({"overdue", "date", "url", "title"}), an overdue one tagged."""
    overdue = tag(_("Quá hạn"), "red") + " "
    return mark_safe("".join(f'<li>{overdue if d["overdue"] else ""}<time>{dmy(d["date"])}</time> — '
                             f'<a href="{escape(d["url"])}">{escape(d["title"])}</a></li>' for d in deadlines))
