"""The month page's grid of days and its weeks' counts, and the centre's choice of a province, written in
Python (issue 9): byte for byte what the loops of exchanges/calendar_month.html and
exchanges/includes/calendar_province.html wrote before (tests/exchanges/test_month_cells.py compares them on
every kind of cell, in both languages). Six weeks of seven cells, each a handful of tags and translations: the
template engine's lookups, `if`s and blocktranslates per cell were most of the page's rendering."""
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ngoaivu.core.rows import escape


def grid_body(grid, week_url: str, keep: str = "") -> SafeString:
    """The <tr>s of the month's table body. `grid`: weeks of cells {"day", "iso", "shown", "entries" (each
    with its `html`), "more", "other_month", "today"}, as the view builds them; `keep`: the query's tail the
    week links carry ("&province=5", the centre's filter)."""
    today_text = _("hôm nay")  # outside the f-string, where xgettext reads it
    today_mark = f' <span class="small">({today_text})</span>'
    week_url, keep = escape(week_url), escape(keep)
    on_day = _("ngày %(d)s")
    parts = []
    for week in grid:
        parts.append("<tr>")
        for cell in week:
            today = cell["today"]
            classes = ("exch-other" if cell["other_month"] else "") + (" exch-today" if today else "")
            iso, current = escape(cell["iso"]), ' aria-current="date"' if today else ""
            parts.append(f'\n    <td class="{classes}"{current}>\n'
                         f'      <span class="exch-day"><time datetime="{iso}">{cell["day"].day}</time>'
                         f'{today_mark if today else ""}</span>\n      ')
            parts.extend(e.html for e in cell["entries"])
            more = cell["more"]
            if more:
                shown = on_day % {"d": escape(cell["shown"])}
                # Outside the f-string: xgettext does not read a call inside one, and makemessages dropped it.
                more_text = ngettext("+ %(n)s mục khác", "+ %(n)s mục khác", more) % {"n": localize(more)}
                parts.append(f'\n      <a class="exch-more" href="{week_url}?date={iso}{keep}">{more_text}'
                             f'<span class="visually-hidden"> {shown}</span></a>')
            parts.append("\n    </td>")
        parts.append("</tr>")
    return mark_safe("".join(parts))


def week_rows(weeks, week_url: str, keep: str = "") -> SafeString:
    """The <tr>s of the table of a month too full to list: each week's days inside the month ({"monday",
    "from", "to", "count"}, as the view builds them) linked to the week's page, and its number of entries
    (localised as the settings say: the month's template does not turn localisation off)."""
    week_url, keep = escape(week_url), escape(keep)
    label = _("Tuần %(a)s – %(b)s")
    parts = []
    for w in weeks:
        shown = label % {"a": f"{w['from']:%d/%m/%Y}", "b": f"{w['to']:%d/%m/%Y}"}
        parts.append(f'<tr><th scope="row"><a href="{week_url}?date={w["monday"].isoformat()}{keep}">{shown}</a></th>'
                     f'<td class="num">{escape(localize(w["count"]))}</td></tr>')
    return mark_safe("".join(parts))


def province_options(provinces, chosen) -> SafeString:
    """The <option>s of the centre's choice of a province (after "every province"), the chosen one selected.
    Each value is the key as it is: the template wrote it localised ("1.234" in Vietnamese), which the view's
    `?province=` (digits only) would not have read back for a key of four digits."""
    chosen = getattr(chosen, "pk", None)
    return mark_safe("".join(f'<option value="{p.pk}"{" selected" if p.pk == chosen else ""}>'
                             f'{escape(p.short_name)}</option>' for p in provinces))
