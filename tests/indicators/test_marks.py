"""Issue 9: the indicator pages' repeated markup is written in Python (indicators/marks.py). Each piece must be
byte for byte what its template loop wrote (kept here as the reference): every unit, missing values, a
computed indicator and one with incomplete figures, the national column or not, a forecast, names that need
escaping, in both languages."""
from decimal import Decimal

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from ngoaivu.core.models import Locality
from ngoaivu.indicators import charts, marks
from ngoaivu.indicators.choices import Method
from ngoaivu.indicators.forecast import project
from ngoaivu.indicators.models import Indicator
from ngoaivu.indicators.periods import Period

OVERVIEW = """{% load l10n %}{% localize off %}{% load i18n indicator_tags %}{% for r in rows %}<tr><th scope="row"><a href="?period={{ period.code }}&amp;indicator={{ r.indicator.code }}">{{ r.indicator }}</a>{% if r.indicator.is_computed %} <span class="small muted">({% translate "từ sổ theo dõi" %})</span>{% endif %}{% if r.incomplete %} <span class="tag tag--yellow">{% translate "thiếu số liệu" %}</span>{% endif %}</th>
<td class="ind-num">{{ r.before|in_unit:r.indicator.unit }}</td><td class="ind-num">{{ r.value|in_unit:r.indicator.unit }}</td><td class="ind-num">{{ r.relative|vn_pct }}</td>{% if show_national %}<td class="ind-num">{{ r.national|in_unit:r.indicator.unit }}</td>{% endif %}</tr>{% endfor %}{% endlocalize %}"""

RANKING = """{% load l10n %}{% localize off %}{% load indicator_tags %}{% for r in ranking %}<tr><td>{{ r.rank }}</td><td><a href="{% url 'indicators:province' r.locality.pk %}?period={{ period.code }}&amp;indicator={{ indicator.code }}">{{ r.locality.short_name }}</a></td><td class="ind-num">{{ r.value|in_unit:indicator.unit }}</td></tr>{% endfor %}{% endlocalize %}"""

COUNTRY = """{% load l10n %}{% localize off %}{% load i18n indicator_tags %}{% for r in rows %}<tr><th scope="row">{% if r.locality %}<a href="{% url 'indicators:province' r.locality.pk %}?period={{ period.code }}">{{ r.locality.short_name }}</a>{% else %}{% translate "Trung ương" %}{% endif %}</th>{% for f in figures %}<td class="ind-num">{{ r.values|get:f|default:0|vn }}</td>{% endfor %}</tr>{% endfor %}{% endlocalize %}"""

COUNTRY_LIST = """{% load l10n %}{% localize off %}{% load i18n indicator_tags %}{% for r in rows %}<tr><th scope="row"><a href="{% url 'indicators:country' r.code %}?period={{ period.code }}">{{ r.name }}</a></th>{% for f in figures %}<td class="ind-num">{{ r.values|get:f|default:0|vn }}</td>{% endfor %}</tr>{% endfor %}{% endlocalize %}"""

OPTIONS = """{% load l10n %}{% localize off %}{% for ind in indicators %}<option value="{{ ind.code }}"{% if ind == indicator %} selected{% endif %}>{{ ind }}</option>{% endfor %}{% endlocalize %}"""

TILES = """{% load l10n %}{% localize off %}{% for t in grid.tiles %}<a href="{{ t.href }}" aria-label="{{ t.locality.short_name }}: {{ t.value }}"><rect x="{{ t.x }}" y="{{ t.y }}" width="{{ grid.tile }}" height="{{ grid.tile }}" fill="{{ t.colour }}" stroke="#505a5f" stroke-width="1"><title>{{ t.locality.short_name }}: {{ t.value }}</title></rect>
<text x="{{ t.x|add:32 }}" y="{{ t.y|add:28 }}" text-anchor="middle"{% if t.dark %} class="dark"{% endif %}>{{ t.locality.short_name }}</text></a>{% endfor %}{% endlocalize %}"""

CHART = """{% load l10n %}{% localize off %}{% for t in chart.ticks %}<line class="grid" x1="{{ chart.left }}" x2="{{ chart.right }}" y1="{{ t.y }}" y2="{{ t.y }}"/><text x="{{ chart.left|add:'-6' }}" y="{{ t.y }}" text-anchor="end" dominant-baseline="middle">{{ t.text }}</text>{% endfor %}
{% for b in chart.bars %}<rect class="bar" x="{{ b.x }}" y="{{ b.y }}" width="{{ b.w }}" height="{{ b.h }}"><title>{{ b.label }}: {{ b.value }}</title></rect><text x="{{ b.cx }}" y="{{ chart.baseline|add:'16' }}" text-anchor="middle">{{ b.label }}</text>{% endfor %}{% endlocalize %}"""

CHANNELS = """{% load l10n %}{% localize off %}{% for t in channel_chart.ticks %}<line class="grid" x1="{{ channel_chart.left }}" x2="{{ channel_chart.right }}" y1="{{ t.y }}" y2="{{ t.y }}"/><text x="{{ channel_chart.left|add:'-6' }}" y="{{ t.y }}" text-anchor="end" dominant-baseline="middle">{{ t.text }}</text>{% endfor %}
{% for b in channel_chart.bars %}<rect class="series-{{ b.series }}" x="{{ b.x }}" y="{{ b.y }}" width="{{ b.w }}" height="{{ b.h }}"><title>{{ b.label }}: {{ b.value }}</title></rect>{% if b.first %}<text x="{{ b.cx }}" y="{{ channel_chart.baseline|add:'16' }}" text-anchor="middle">{{ b.group }}</text>{% endif %}{% endfor %}{% endlocalize %}"""


def render(source, **context):
    return engines["django"].from_string(source).render(context)


def indicator(code, unit, computed=False, name=None):
    return Indicator(code=code, name=name or f"Chỉ số {code}", name_en=f"Indicator {name or code}", unit=unit,
                     method=Method.COMPUTED if computed else Method.ENTERED)


ROWS = [
    {"indicator": indicator("fdi", "usd", name='Vốn FDI "đăng ký" & <mới>'), "before": Decimal("1234567890.5"),
     "value": Decimal("52000000"), "relative": Decimal("-95.79"), "national": Decimal("987"), "incomplete": True},
    {"indicator": indicator("delegations_out", "count", computed=True), "before": 12, "value": 15,
     "relative": Decimal("25"), "national": 1234, "incomplete": False},
    {"indicator": indicator("share", "percent"), "before": None, "value": Decimal("57.375"), "relative": None,
     "national": None, "incomplete": False},
    {"indicator": indicator("visitors", "persons"), "before": Decimal("0.5"), "value": 0, "relative": Decimal("-100"),
     "national": Decimal("1500000"), "incomplete": True},
]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("show_national", [False, True])
def test_overview_rows_are_the_templates(language, show_national):
    for period in (Period.year(2024), Period.years(2021, 2025)):
        with translation.override(language):
            expected = render(OVERVIEW, rows=ROWS, period=period, show_national=show_national)
            assert marks.overview_rows(ROWS, period, show_national) == expected
    assert "&amp; &lt;mới&gt;" in expected and expected.count("<tr>") == 4


@pytest.mark.parametrize("unit", ["count", "usd", "percent"])
def test_ranking_rows_are_the_templates(unit):
    ranking = [{"rank": i, "locality": Locality(pk=pk, short_name=name), "value": value} for i, (pk, name, value) in
               enumerate([(7, "Hà Nội", Decimal("2500000000")), (12, 'Lạng Sơn & "Cao Bằng"', 3), (3, "Huế", 0)], 1)]
    ind, period = indicator("x", unit), Period.years(2021, 2025)
    assert marks.ranking_rows(ranking, period, ind) == render(RANKING, ranking=ranking, period=period, indicator=ind)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_country_rows_are_the_templates(language):
    figures = ["signed", "in_force", "delegations", "value"]
    rows = [{"locality": Locality(pk=5, short_name='Quảng Ninh & "Hạ Long"'),
             "values": {"signed": 3, "in_force": 12345, "value": Decimal("1234.5")}},
            {"locality": None, "values": {"signed": 0, "delegations": 2}},
            {"locality": Locality(pk=9, short_name="Cần Thơ"), "values": {}}]
    with translation.override(language):
        expected = render(COUNTRY, rows=rows, figures=figures, period=Period.years(2021, 2025))
        assert marks.country_rows(rows, figures, Period.years(2021, 2025)) == expected
    assert "12.345" in expected and "1.234,50" in expected and "&amp; &quot;Hạ Long&quot;" in expected


@pytest.mark.parametrize("language", ["vi", "en"])
def test_country_list_rows_are_the_templates(language):
    """Every figure missing, zero, whole, large or with decimals; a name to escape; a code that is not two
    letters (reversed, not pasted)."""
    figures = ["signed", "in_force", "delegations_out", "activities", "pledged"]
    rows = [{"code": "KR", "name": 'Hàn Quốc & "Busan" <1>',
             "values": {"signed": Decimal(3), "in_force": Decimal(12345), "pledged": Decimal("1234567.5")}},
            {"code": "LA", "name": "Lào", "values": {"signed": 0, "activities": Decimal("0.00")}},
            {"code": "XK", "name": "Kosovo", "values": {}},
            {"code": "é x", "name": "?", "values": {"delegations_out": 2}}]
    for period in (Period.year(2024), Period.years(2021, 2025)):
        with translation.override(language):
            expected = render(COUNTRY_LIST, rows=rows, figures=figures, period=period)
            assert marks.country_list_rows(rows, figures, period) == expected
    assert expected.count("<tr>") == 4 and "12.345" in expected and "1.234.567,5" in expected
    assert "&amp; &quot;Busan&quot; &lt;1&gt;" in expected and "/countries/%C3%A9%20x/" in expected


@pytest.mark.parametrize("language", ["vi", "en"])
def test_indicator_options_are_the_templates(language):
    """None shown, the first, the last; names to escape, one with no English name."""
    indicators = [indicator("fdi", "usd", name='Vốn FDI "đăng ký" & <mới>'), indicator("a&b", "count"),
                  Indicator(code="x", name="Chỉ số x", name_en="", unit="count")]
    for pk, ind in enumerate(indicators, 1):
        ind.pk = pk
    for shown in (None, indicators[0], indicators[2]):
        with translation.override(language):
            expected = render(OPTIONS, indicators=indicators, indicator=shown)
            assert marks.indicator_options(indicators, shown) == expected
        assert expected.count(" selected") == (shown is not None)
    assert 'value="a&amp;b"' in expected and ("Indicator" in expected) is (language == "en")


@pytest.mark.django_db
@pytest.mark.parametrize("unit", ["count", "usd"])
def test_map_tiles_are_the_templates(unit):
    localities = list(Locality.objects.current().order_by("sort_key"))
    localities[0].short_name = 'Hà Nội & "Thủ đô" <1>'
    values = {loc.pk: (Decimal(i * 12345678) if i % 4 else None) for i, loc in enumerate(localities)}
    grid = charts.tile_map(localities, values, unit, lambda loc: f"/indicators/province/{loc.pk}/?period=2024&x=<y>")
    assert marks.tiles(grid) == render(TILES, grid=grid)
    assert len(grid["tiles"]) == 34 and any(t["dark"] for t in grid["tiles"])


def test_ranking_rows_without_rows_or_indicator_are_empty():
    """The map with no indicator in use has no ranking and no indicator (the loop wrote nothing)."""
    assert marks.ranking_rows([], Period.year(2024), None) == ""


@pytest.mark.django_db
def test_the_map_and_the_national_page_answer_with_no_indicator_in_use(world, client_for):
    Indicator.objects.update(is_active=False)
    client = client_for(world.users["central"])
    for name in ("indicators:map", "indicators:national", "indicators:countries"):
        response = client.get(reverse(name) + "?period=2024")
        assert response.status_code == 200, name
    assert "<tbody></tbody>" in client.get(reverse("indicators:map")).content.decode()


@pytest.mark.parametrize("unit", ["count", "usd", "percent", "persons"])
def test_bar_chart_marks_are_the_templates(unit):
    series = [(2016, 3), (2017, None), (2018, Decimal("7.5")), (2019, 12), (2020, 40000000)]
    for forecast in (None, project(series)):
        chart = charts.bar_chart([(str(y), v) for y, v in series], unit, forecast)
        assert f"{marks.ticks(chart)}\n{marks.bars(chart)}" == render(CHART, chart=chart)
    assert len(chart.ticks) > 2 and len(chart.bars) == 5


@pytest.mark.parametrize("language", ["vi", "en"])
def test_grouped_bar_marks_are_the_templates(language):
    with translation.override(language):
        chart = charts.grouped_bars([("Đảng & <Nhà nước>", [(1, "Đoàn ra", 4), (2, "Đoàn vào", 0)]),
                                     ("Nhân dân", [(1, "Đoàn ra", 17), (2, "Đoàn vào", 9)])])
        assert (f"{marks.ticks(chart)}\n{marks.grouped_bars(chart)}" == render(CHANNELS, channel_chart=chart))
    assert chart.bars and "&amp; &lt;Nhà nước&gt;" in marks.grouped_bars(chart)


LABELS = """{% load l10n %}{% localize off %}{% for p in chart.projection_labels %}<text x="{{ p.x }}" y="{{ chart.baseline|add:'16' }}" text-anchor="middle">{{ p.label }}*</text>{% endfor %}{% endlocalize %}"""

TABLE = """{% load l10n %}{% localize off %}{% load i18n indicator_tags %}{% for year, value in series %}<tr><th scope="row">{{ year }}</th><td class="ind-num">{{ value|in_unit:indicator.unit }}</td></tr>{% endfor %}
{% for p in forecast.projections %}<tr><th scope="row">{{ p.year }} <span class="ind-projection-label">({% translate "dự báo" %})</span></th><td class="ind-num">{{ p.value|in_unit:indicator.unit }}<br><span class="small muted">{{ p.low|in_unit:indicator.unit }} – {{ p.high|in_unit:indicator.unit }}</span></td></tr>{% endfor %}{% endlocalize %}"""

BACKTEST = """{% load l10n %}{% localize off %}{% load indicator_tags %}{% for year, actual, projected in forecast.backtest %}<tr><th scope="row">{{ year }}</th><td class="ind-num">{{ actual|in_unit:indicator.unit }}</td><td class="ind-num">{{ projected|in_unit:indicator.unit }}</td></tr>{% endfor %}{% endlocalize %}"""


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("unit", ["count", "usd", "percent", "persons"])
def test_the_charts_table_and_projections_are_the_templates(unit, language):
    ind = indicator("x", unit)
    for series in ([(2016, 3), (2017, None), (2018, Decimal("7.5")), (2019, 12), (2020, 40000000)],
                   [(2019, Decimal("0.25")), (2020, Decimal("1234567.5")), (2021, 2), (2022, 3), (2023, 5)],
                   [(2024, 7)], []):
        with translation.override(language):
            forecast = project(series)
            chart = charts.bar_chart([(str(y), v) for y, v in series], unit, forecast)
            assert marks.projection_labels(chart) == render(LABELS, chart=chart)
            assert marks.chart_table_rows(series, forecast, unit) == render(
                TABLE, series=series, forecast=forecast, indicator=ind)
            if forecast:
                assert chart.projection_labels and forecast.projections and forecast.backtest
                assert marks.backtest_rows(forecast, unit) == render(BACKTEST, forecast=forecast, indicator=ind)
    with translation.override(language):
        shown = marks.chart_table_rows(series=[(2020, 1), (2021, 2), (2022, 4)], forecast=project(
            [(2020, 1), (2021, 2), (2022, 4)]), unit=unit)
    assert ("(dự báo)" if language == "vi" else "(projection)") in shown


def test_the_chart_labels_escape():
    series = [(2020, 1), (2021, 2), (2022, 4)]
    chart = charts.bar_chart([(str(y), v) for y, v in series], "count", project(series))
    chart.projection_labels = [{"x": 12.5, "label": "<b>&"}]
    assert marks.projection_labels(chart) == render(LABELS, chart=chart)
    assert "&lt;b&gt;&amp;*" in marks.projection_labels(chart)


NAV = """{% load l10n %}{% localize off %}{% load i18n %}<nav class="service-nav" aria-label="{% translate 'Chỉ số' %}"><ul class="service-nav__list">
<li><a class="service-nav__link" href="{% url 'indicators:national' %}">{% translate "Toàn quốc" %}</a></li>
<li><a class="service-nav__link" href="{% url 'indicators:map' %}">{% translate "Bản đồ" %}</a></li>
<li><a class="service-nav__link" href="{% url 'indicators:countries' %}">{% translate "Theo quốc gia" %}</a></li>
<li><a class="service-nav__link" href="{% url 'indicators:compare' %}">{% translate "So sánh hai kỳ" %}</a></li>
<li><a class="service-nav__link" href="{% url 'indicators:target_list' %}">{% translate "Mục tiêu" %}</a></li>
<li><a class="service-nav__link" href="{% url 'indicators:catalogue' %}">{% translate "Danh mục chỉ số" %}</a></li>
{% if can_enter %}<li><a class="service-nav__link" href="{% url 'indicators:entry' %}">{% translate "Nhập số liệu" %}</a></li>{% endif %}
</ul></nav>{% endlocalize %}"""


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_navigation_is_the_template(language):
    with translation.override(language):
        for can_enter in (True, False, None, ""):
            assert f"{marks.nav(can_enter)}\n" == render(NAV + "\n", can_enter=can_enter)
        assert reverse("indicators:entry") in marks.nav(True) and reverse("indicators:entry") not in marks.nav(False)
