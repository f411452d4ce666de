"""The month grid written in Python (exchanges.month_cells.grid_body) against the template loop it replaces,
on every kind of cell — today, another month's day, both, with no entry, with entries (titles needing
escaping, overdue and done ones), with one, several or thousands more — in both languages."""
import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from ngoaivu.exchanges.agenda import Entry
from ngoaivu.exchanges.month_cells import grid_body

# The loop of exchanges/calendar_month.html before issue 9's change, verbatim.
TEMPLATE = """{% load i18n %}{% for week in grid %}<tr>{% for cell in week %}
    <td class="{% if cell.other_month %}exch-other{% endif %}{% if cell.today %} exch-today{% endif %}"{% if cell.today %} aria-current="date"{% endif %}>
      <span class="exch-day"><time datetime="{{ cell.iso }}">{{ cell.day.day }}</time>{% if cell.today %} <span class="small">({% translate "hôm nay" %})</span>{% endif %}</span>
      {% for e in cell.entries %}{{ e.html }}{% endfor %}{% if cell.more %}
      <a class="exch-more" href="{{ week_url }}?date={{ cell.iso }}">{% blocktranslate count n=cell.more %}+ {{ n }} mục khác{% plural %}+ {{ n }} mục khác{% endblocktranslate %}<span class="visually-hidden"> {% blocktranslate with d=cell.shown %}ngày {{ d }}{% endblocktranslate %}</span></a>{% endif %}
    </td>{% endfor %}</tr>{% endfor %}"""


def _entries(day):
    return [Entry(uid="a", kind="deadline", title="Hạn <báo cáo> & \"kết quả\"", start=day, end=day, url="/a/1/?x=1&y=2",
                  overdue=True),
            Entry(uid="b", kind="delegation_out", title="Đoàn ra: Nhật Bản", start=day, end=day, url="/b/2/"),
            Entry(uid="c", kind="deadline", title="Đã nộp", start=day, end=day, url="/c/3/", done=True)]


def _grid():
    first = datetime.date(2026, 3, 30)
    kinds = [(other, today, n, more) for other in (False, True) for today in (False, True)
             for n in (0, 1, 3) for more in (0, 1, 2, 1234)]
    cells = []
    for i, (other, today, n, more) in enumerate(kinds):
        day = first + datetime.timedelta(days=i)
        cells.append({"day": day, "iso": day.isoformat(), "shown": f"{day:%d/%m/%Y}", "entries": _entries(day)[:n],
                      "more": more, "other_month": other, "today": today})
    return [cells[i:i + 7] for i in range(0, len(cells), 7)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_grid_is_what_the_template_wrote_on_every_kind_of_cell(lang):
    grid, week_url = _grid(), "/exchanges/calendar/week/"
    with translation.override(lang):
        expected = Template(TEMPLATE).render(Context({"grid": grid, "week_url": week_url}))
        written = grid_body(grid, week_url)
    assert written == expected
    # The grid had every kind of cell: today's mark in the page's language, the links to more, escaped titles.
    assert ("(today)" in written) is (lang == "en") and ("(hôm nay)" in written) is (lang == "vi")
    assert 'aria-current="date"' in written and "exch-more" in written and "&lt;báo cáo&gt;" in written
