"""The month grid written in Python (exchanges.month_cells.grid_body) against the template loop it replaces,
on every kind of cell — today, another month's day, both, with no entry, with entries (titles needing
escaping, overdue and done ones), with one, several or thousands more — in both languages; and likewise the
weeks' counts of a full month and the centre's choice of a province."""
import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from ngoaivu.exchanges.agenda import Entry
from ngoaivu.core.models import Locality
from ngoaivu.exchanges.month_cells import grid_body, province_options, week_rows

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


# The loops of exchanges/calendar_month.html (the weeks of a month too full to list) and of
# exchanges/includes/calendar_province.html before they were written in Python, verbatim.
WEEKS = """{% load i18n %}{% for w in month_weeks %}<tr><th scope="row"><a href="{{ week_url }}?date={{ w.monday|date:'Y-m-d' }}{{ keep }}">{% blocktranslate with a=w.from|date:"d/m/Y" b=w.to|date:"d/m/Y" %}Tuần {{ a }} – {{ b }}{% endblocktranslate %}</a></th><td class="num">{{ w.count }}</td></tr>{% endfor %}"""
# The value as the key (`{{ p.pk|unlocalize }}`): the template wrote it localised, "1.234" for a key of four digits in
# Vietnamese, which the view's ?province= did not read back.
OPTIONS = """{% load l10n %}{% for p in provinces %}<option value="{{ p.pk|unlocalize }}"{% if p == province %} selected{% endif %}>{{ p.short_name }}</option>{% endfor %}"""


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_weeks_counts_are_what_the_template_wrote(lang):
    """Weeks cut by the month's ends, counts of none to thousands (a separator), a province kept in the links,
    a week URL to escape."""
    monday = datetime.date(2026, 11, 30)
    weeks = [{"monday": monday + datetime.timedelta(days=7 * i), "from": max(monday + datetime.timedelta(days=7 * i),
                                                                             datetime.date(2026, 12, 1)),
              "to": min(monday + datetime.timedelta(days=7 * i + 6), datetime.date(2026, 12, 31)), "count": count}
             for i, count in enumerate([0, 7, 999, 1234, 45678])]
    for week_url, keep in (("/exchanges/calendar/week/", ""), ("/a&b/exchanges/calendar/week/", "&province=5")):
        with translation.override(lang):
            expected = Template(WEEKS).render(Context({"month_weeks": weeks, "week_url": week_url, "keep": keep}))
            assert week_rows(weeks, week_url, keep) == expected
    separator = "." if lang == "vi" else ","
    assert f"1{separator}234" in expected and f"45{separator}678" in expected and "&amp;province=5" in expected
    assert "01/12/2026" in expected and ("Week" in expected) is (lang == "en")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_province_choice_is_what_the_template_wrote(lang):
    """None chosen, the first, a later one; names to escape; a key of four digits written as it is."""
    provinces = [Locality(pk=pk, short_name=name) for pk, name in
                 ((1, "Hà Nội"), (12, 'Lạng Sơn & "Cao Bằng" <x>'), (1234, "Huế"), (45, "Cần Thơ"))]
    for chosen in (None, provinces[0], provinces[2], provinces[3]):
        with translation.override(lang):
            expected = Template(OPTIONS).render(Context({"provinces": provinces, "province": chosen}))
            assert province_options(provinces, chosen) == expected
        assert expected.count(" selected") == (chosen is not None)
    assert 'value="1234"' in expected and "&amp; &quot;Cao Bằng&quot; &lt;x&gt;" in expected
