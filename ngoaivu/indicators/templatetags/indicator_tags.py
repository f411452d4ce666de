from django import template

from ngoaivu.core.templatetags.core_tags import vn
from ngoaivu.indicators import marks, numbers

register = template.Library()


register.filter("vn", vn)  # one definition, core's: a page that loads both libraries gets the same filter


@register.filter
def vn_signed(value):
    return numbers.vn_signed(value)


@register.filter
def vn_pct(value):
    return numbers.vn_percent_change(value)


@register.filter
def in_unit(value, unit):
    return numbers.compact(value, unit)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


# The pages' repeated markup, written in Python (indicators/marks.py).
register.simple_tag(marks.overview_rows, name="overview_rows")
register.simple_tag(marks.ranking_rows, name="ranking_rows")
register.simple_tag(marks.country_rows, name="country_rows")
register.simple_tag(marks.country_list_rows, name="country_list_rows")
register.simple_tag(marks.indicator_options, name="indicator_options")
register.simple_tag(marks.tiles, name="map_tiles")
register.simple_tag(marks.ticks, name="chart_ticks")
register.simple_tag(marks.bars, name="chart_bars")
register.simple_tag(marks.grouped_bars, name="chart_grouped_bars")
register.simple_tag(marks.projection_labels, name="chart_projection_labels")
register.simple_tag(marks.chart_table_rows, name="chart_table_rows")
register.simple_tag(marks.backtest_rows, name="backtest_rows")
register.simple_tag(marks.nav, name="indicator_nav")
