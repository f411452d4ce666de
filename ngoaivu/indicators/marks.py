"""The indicator pages' repeated markup written in Python rather than by a template per cell (issue 9): the
overview's rows, the ranking's rows, a partner country's rows, the list of countries, the indicator's
choice, the map's tiles, the charts' ticks, bars, projected years and tables, and the pages' navigation.
The national page drew ~1,000 template nodes, most of them in these loops, and they were most of its CPU.
Each function writes, byte for byte, what its template loop wrote under `{% localize off %}`
(tests/indicators/test_marks.py keeps those loops as the reference): numbers as Python writes them, the rest
escaped."""
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ngoaivu.core.rows import detail_url, escape
from ngoaivu.core.numbers import vn_number
from ngoaivu.indicators.numbers import compact, vn_percent_change


def nav(can_enter) -> SafeString:
    """The indicator pages' navigation (indicators/_nav.html): seven links written by a template tag each were
    0.4 ms of every indicator page. The link to enter figures only for those who may."""
    links = [("indicators:national", _("Toàn quốc")), ("indicators:map", _("Bản đồ")),
             ("indicators:countries", _("Theo quốc gia")), ("indicators:compare", _("So sánh hai kỳ")),
             ("indicators:target_list", _("Mục tiêu")), ("indicators:catalogue", _("Danh mục chỉ số"))]
    items = "".join(f'<li><a class="service-nav__link" href="{escape(reverse(name))}">{escape(label)}</a></li>\n'
                    for name, label in links)
    if can_enter:
        entry, label = escape(reverse("indicators:entry")), escape(_("Nhập số liệu"))
        items += f'<li><a class="service-nav__link" href="{entry}">{label}</a></li>'
    label = escape(_("Chỉ số"))  # outside the f-string, where xgettext reads it
    return mark_safe(f'<nav class="service-nav" aria-label="{label}"><ul class="service-nav__list">\n{items}\n</ul></nav>')


def overview_rows(rows, period, show_national=False) -> SafeString:
    """The overview table's `<tr>`s: each indicator linked to its chart, its value the period before and
    in the period, the change, and (a province's page) the national value."""
    code = escape(period.code)
    computed, incomplete = escape(_("từ sổ theo dõi")), escape(_("thiếu số liệu"))
    parts = []
    for r in rows:
        indicator = r["indicator"]
        unit = indicator.unit
        parts.append(f'<tr><th scope="row"><a href="?period={code}&amp;indicator={escape(indicator.code)}">'
                     f'{escape(indicator)}</a>')
        if indicator.is_computed:
            parts.append(f' <span class="small muted">({computed})</span>')
        if r["incomplete"]:
            parts.append(f' <span class="tag tag--yellow">{incomplete}</span>')
        parts.append(f'</th>\n<td class="ind-num">{escape(compact(r["before"], unit))}</td>'
                     f'<td class="ind-num">{escape(compact(r["value"], unit))}</td>'
                     f'<td class="ind-num">{escape(vn_percent_change(r["relative"]))}</td>')
        if show_national:
            parts.append(f'<td class="ind-num">{escape(compact(r["national"], unit))}</td>')
        parts.append("</tr>")
    return mark_safe("".join(parts))


def ranking_rows(ranking, period, indicator) -> SafeString:
    """The national ranking's `<tr>`s: rank, the province linked to its page on this indicator, value. None
    without rows (the map with no indicator in use has neither)."""
    if not ranking:
        return mark_safe("")
    url = detail_url("indicators:province")
    query = f"?period={escape(period.code)}&amp;indicator={escape(indicator.code)}"
    unit = indicator.unit
    return mark_safe("".join(
        f'<tr><td>{r["rank"]}</td><td><a href="{escape(url(r["locality"].pk))}{query}">'
        f'{escape(r["locality"].short_name)}</a></td><td class="ind-num">{escape(compact(r["value"], unit))}</td></tr>'
        for r in ranking))


def country_rows(rows, figures, period) -> SafeString:
    """A partner country's table by province (views/countries.py): each province linked to its page, or the
    centre's own row, then its figures (none: 0)."""
    url = detail_url("indicators:province")
    query = f"?period={escape(period.code)}"
    centre = escape(_("Trung ương"))
    parts = []
    for r in rows:
        locality = r["locality"]
        head = (f'<a href="{escape(url(locality.pk))}{query}">{escape(locality.short_name)}</a>' if locality
                else centre)
        values = r["values"]
        cells = "".join(f'<td class="ind-num">{escape(vn_number((values.get(f) if values else None) or 0))}</td>'
                        for f in figures)
        parts.append(f'<tr><th scope="row">{head}</th>{cells}</tr>')
    return mark_safe("".join(parts))


def country_list_rows(rows, figures, period) -> SafeString:
    """The list of partner countries (views/countries.py): each country linked to its page for the period,
    then its figures (none: 0). A country's code is two letters, which its URL writes as they are; any
    other is reversed as the template's {% url %} did."""
    url = detail_url("indicators:country")
    query = f"?period={escape(period.code)}"
    parts = []
    for r in rows:
        code = r["code"]
        href = url(code) if code.isascii() and code.isalnum() else reverse("indicators:country", args=[code])
        values = r["values"]
        cells = "".join(f'<td class="ind-num">{escape(vn_number((values.get(f) if values else None) or 0))}</td>'
                        for f in figures)
        parts.append(f'<tr><th scope="row"><a href="{escape(href)}{query}">{escape(r["name"])}</a></th>{cells}</tr>')
    return mark_safe("".join(parts))


def indicator_options(indicators, indicator) -> SafeString:
    """The <option>s of the indicator's choice (_selectors.html), the shown one selected."""
    chosen = getattr(indicator, "pk", None)
    return mark_safe("".join(f'<option value="{escape(ind.code)}"{" selected" if ind.pk == chosen else ""}>'
                             f'{escape(ind)}</option>' for ind in indicators))


def tiles(grid) -> SafeString:
    """The map's 34 tiles (charts.tile_map), each a link to its province with its name and value."""
    size = grid["tile"]
    parts = []
    for t in grid["tiles"]:
        name, value = escape(t["locality"].short_name), escape(t["value"])
        dark = ' class="dark"' if t["dark"] else ""
        parts.append(f'<a href="{escape(t["href"])}" aria-label="{name}: {value}"><rect x="{t["x"]}" y="{t["y"]}" '
                     f'width="{size}" height="{size}" fill="{escape(t["colour"])}" stroke="#505a5f" stroke-width="1">'
                     f'<title>{name}: {value}</title></rect>\n<text x="{int(t["x"]) + 32}" y="{int(t["y"]) + 28}" '
                     f'text-anchor="middle"{dark}>{name}</text></a>')
    return mark_safe("".join(parts))


def ticks(chart) -> SafeString:
    """A chart's horizontal grid lines, each with its value at the left."""
    return mark_safe("".join(
        f'<line class="grid" x1="{chart.left}" x2="{chart.right}" y1="{t["y"]}" y2="{t["y"]}"/>'
        f'<text x="{int(chart.left) - 6}" y="{t["y"]}" text-anchor="end" dominant-baseline="middle">'
        f'{escape(t["text"])}</text>' for t in chart.ticks))


def bars(chart) -> SafeString:
    """A bar chart's bars (charts.bar_chart), each titled with its value and labelled below."""
    below = int(chart.baseline) + 16
    return mark_safe("".join(f'{_rect(b, "bar")}<text x="{b["cx"]}" y="{below}" text-anchor="middle">'
                             f'{escape(b["label"])}</text>' for b in chart.bars))


def grouped_bars(chart) -> SafeString:
    """A grouped chart's bars (charts.grouped_bars), coloured by series, each group labelled once below."""
    below = int(chart.baseline) + 16
    parts = []
    for b in chart.bars:
        parts.append(_rect(b, f"series-{b['series']}"))
        if b["first"]:
            parts.append(f'<text x="{b["cx"]}" y="{below}" text-anchor="middle">{escape(b["group"])}</text>')
    return mark_safe("".join(parts))


def projection_labels(chart) -> SafeString:
    """The projected years' labels under a bar chart (charts.bar_chart), each marked "*"."""
    below = int(chart.baseline) + 16
    return mark_safe("".join(f'<text x="{p["x"]}" y="{below}" text-anchor="middle">{escape(p["label"])}*</text>'
                             for p in chart.projection_labels))


def chart_table_rows(series, forecast, unit) -> SafeString:
    """The chart's data table: a row per year with its value, a line break, then a row per projected year with
    its value and its interval."""
    rows = "".join(f'<tr><th scope="row">{escape(year)}</th><td class="ind-num">{escape(compact(value, unit))}</td>'
                   f'</tr>' for year, value in series)
    projected = ""
    if forecast:
        label = escape(_("dự báo"))
        projected = "".join(
            f'<tr><th scope="row">{escape(p.year)} <span class="ind-projection-label">({label})</span></th>'
            f'<td class="ind-num">{escape(compact(p.value, unit))}<br><span class="small muted">'
            f'{escape(compact(p.low, unit))} – {escape(compact(p.high, unit))}</span></td></tr>'
            for p in forecast.projections)
    return mark_safe(f"{rows}\n{projected}")


def backtest_rows(forecast, unit) -> SafeString:
    """The forecast's back-test: a row per year with the actual value and the one projected from the years
    before it."""
    return mark_safe("".join(
        f'<tr><th scope="row">{escape(year)}</th><td class="ind-num">{escape(compact(actual, unit))}</td>'
        f'<td class="ind-num">{escape(compact(projected, unit))}</td></tr>' for year, actual, projected in
        forecast.backtest))


def _rect(bar, klass) -> str:
    """One bar of either chart, titled with its label and value."""
    return (f'<rect class="{klass}" x="{bar["x"]}" y="{bar["y"]}" width="{bar["w"]}" height="{bar["h"]}"><title>'
            f'{escape(bar["label"])}: {escape(bar["value"])}</title></rect>')
