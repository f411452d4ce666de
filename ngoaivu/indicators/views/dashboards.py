"""The national page, a province's page, the map and the period comparison. Everyone signed in reads
them: they show statistics (counts and totals per province and national), never a record, so a
province's officer sees other provinces' figures as the conferences publish them. The records behind the
figures (observations with their sources, targets) stay scoped: the API and the entry pages."""
import re

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_safe
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ngoaivu.core import statements
from ngoaivu.core.models import Locality
from ngoaivu.indicators import charts
from ngoaivu.indicators.actions import can_enter, may_edit_locality
from ngoaivu.indicators.choices import Aggregation
from ngoaivu.indicators.computed import YEARLY_GROUPS, delegations_by_channel, group_of, no_share_reason, prime
from ngoaivu.indicators.forecast import project
from ngoaivu.indicators.models import Target
from ngoaivu.indicators.periods import Period
from ngoaivu.indicators.progress import progress
from ngoaivu.indicators.values import RULES, change, figures, successor_map, yearly_series
from ngoaivu.indicators.views.common import (active_indicators, default_year, export, indicator_from, period_from,
                                             to_number)

CHART_YEARS = 10


def _before(period):
    """The year before (a span: the span of the same length before it)."""
    return Period.years(period.start.year - period.year_count, period.end.year - period.year_count)


def _prime(memo, period, indicator):
    """The kept yearly reads of the overview's two periods (every group) and of the chart's years (the
    chosen indicator's group), one statement a group (computed.prime)."""
    wanted = {group: [period, _before(period)] for group in YEARLY_GROUPS}
    if indicator and indicator.is_computed and group_of(indicator.computation) in wanted:
        last = period.end.year
        wanted[group_of(indicator.computation)] += [Period.year(y) for y in range(last - CHART_YEARS + 1, last + 1)]
    prime(memo, wanted)


def _overview(indicators, period, locality_id, today_of, memo, place):
    """Rows of every indicator for the period and the year before (a span: the span of the same length).
    `place`: the province's name or "toàn quốc", for a row's note on why a share has no value (`why`)."""
    before = _before(period)
    rows = []
    for ind in indicators:
        now, then = figures(ind, period, today_of, memo), figures(ind, before, today_of, memo)
        absolute, relative = change(then.get(locality_id), now.get(locality_id))
        why = [no_share_reason(ind, p, place) for p, found in ((before, then), (period, now))
               if found.get(locality_id) is None]
        rows.append({"indicator": ind, "value": now.get(locality_id), "before": then.get(locality_id),
                     "absolute": absolute, "relative": relative, "national": now.national,
                     "incomplete": locality_id in now.incomplete, "why": [w for w in why if w]})
    return rows, before


def _series_block(indicator, locality_id, period, today_of, memo):
    last = period.end.year
    series = yearly_series(indicator, locality_id, last - CHART_YEARS + 1, last, today_of, memo)
    while series and series[0][1] is None:
        series.pop(0)
    forecast = project(series)
    chart = charts.bar_chart([(str(y), v) for y, v in series], indicator.unit, forecast)
    return {"series": series, "forecast": forecast, "chart": chart}


def _channels(request, period, locality_id, today_of, title):
    """The delegations by channel of the period (chart and table), or its export when asked for
    (?table=channels&format=xlsx|csv)."""
    channels = delegations_by_channel(period, locality_id, today_of)
    if request.GET.get("table") == "channels":
        response = export(request, _("Đoàn theo kênh"), [_("Kênh"), _("Đoàn ra"), _("Đoàn vào")],
                          [[c["label"], c["out"], c["inbound"]] for c in channels], f"doan-theo-kenh-{title}-{period.code}")
        if response:
            return response, {}
    chart = charts.grouped_bars([(c["label"], [(1, _("Đoàn ra"), c["out"]), (2, _("Đoàn vào"), c["inbound"])])
                                 for c in channels])
    return None, {"channels": channels, "channel_chart": chart}


def _overview_export(request, rows, title, period, before, filename):
    headers = [_("Mã"), _("Chỉ số"), _("Đơn vị"), str(before), str(period), _("Tăng/giảm"), _("Tăng/giảm (%)")]
    def table():
        return [[r["indicator"].code, str(r["indicator"]), r["indicator"].get_unit_display(),
                 to_number(r["before"], r["indicator"].unit), to_number(r["value"], r["indicator"].unit),
                 to_number(r["absolute"], r["indicator"].unit), to_number(r["relative"])] for r in rows]
    return export(request, title, headers, table, filename)


@login_required
@require_safe
def national(request):
    indicators = active_indicators()
    period, error = period_from(request)
    indicator = indicator_from(request, indicators)
    today_of, memo = successor_map(), {}
    response, channels = _channels(request, period, None, today_of, "toan-quoc")
    if response:
        return response
    _prime(memo, period, indicator)
    rows, before = _overview(indicators, period, None, today_of, memo, _("toàn quốc"))
    response = _overview_export(request, rows, _("Toàn quốc"), period, before, f"chi-so-toan-quoc-{period.code}")
    if response:
        return response
    ranking = []
    if indicator:
        values = figures(indicator, period, today_of, memo).by_locality
        ranking = _ranking(values)
    return render(request, "indicators/national.html", {
        "period": period, "period_error": error, "before": before, "rows": rows, "indicators": indicators,
        "indicator": indicator, "ranking": ranking, "can_enter": can_enter(request.user), **channels,
        **(_series_block(indicator, None, period, today_of, memo) if indicator else {})})


def _ranking(values):
    if not values:
        return []
    # The current provinces by one kept statement (core.statements), not an IN of as many keys as have a value.
    localities = {loc.pk: loc for loc in statements.instances(("current localities",), Locality.objects.current)
                  if loc.pk in values}
    ranked = sorted(((loc, values[pk]) for pk, loc in localities.items() if values[pk] is not None),
                    key=lambda pair: (-pair[1], pair[0].sort_key))
    return [{"rank": i, "locality": loc, "value": value} for i, (loc, value) in enumerate(ranked, 1)]


@login_required
@require_safe
def province(request, pk):
    locality = get_object_or_404(Locality.objects.current(), pk=pk)
    indicators = active_indicators()
    period, error = period_from(request)
    indicator = indicator_from(request, indicators)
    today_of, memo = successor_map(), {}
    response, channels = _channels(request, period, locality.pk, today_of, locality.codename)
    if response:
        return response
    _prime(memo, period, indicator)
    rows, before = _overview(indicators, period, locality.pk, today_of, memo, locality.short_name)
    response = _overview_export(request, rows, locality.short_name, period, before,
                                f"chi-so-{locality.codename}-{period.code}")
    if response:
        return response
    targets = Target.objects.visible_to(request.user).filter(locality=locality).select_related("indicator")
    return render(request, "indicators/province.html", {
        "locality": locality, "period": period, "period_error": error, "before": before, "rows": rows,
        "indicators": indicators, "indicator": indicator, "can_edit": may_edit_locality(request.user, locality),
        "progress": [progress(t, today_of, memo) for t in targets.prefetch_related("steps")], **channels,
        **(_series_block(indicator, locality.pk, period, today_of, memo) if indicator else {})})


@login_required
@require_safe
def tile_map(request):
    indicators = active_indicators()
    period, error = period_from(request)
    indicator = indicator_from(request, indicators)
    localities = list(Locality.objects.current())
    values = figures(indicator, period).by_locality if indicator else {}
    ranking = _ranking(values)
    if indicator:
        headers = [_("Hạng"), _("Tỉnh, thành phố"), f"{indicator} ({indicator.get_unit_display()}) — {period}"]
        response = export(request, str(indicator)[:31], headers,
                          [[r["rank"], r["locality"].short_name, to_number(r["value"], indicator.unit)]
                           for r in ranking],
                          f"ban-do-{indicator.code}-{period.code}")
        if response:
            return response
    query = f"?period={period.code}&indicator={indicator.code}" if indicator else ""
    grid = charts.tile_map(localities, values, indicator.unit if indicator else "count",
                           lambda loc: reverse("indicators:province", args=[loc.pk]) + query)
    missing = [loc for loc in localities if values.get(loc.pk) is None]
    return render(request, "indicators/map.html", {"period": period, "period_error": error, "indicators": indicators,
                                                   "indicator": indicator, "grid": grid, "ranking": ranking,
                                                   "missing": missing})


@login_required
@require_safe
def compare(request):
    indicators = active_indicators()
    year = default_year()
    first, err_a = period_from(request, "a", Period.years(year - 9, year - 5))
    second, err_b = period_from(request, "b", Period.years(year - 4, year))
    raw = request.GET.get("locality", "")
    locality = Locality.objects.current().filter(pk=int(raw)).first() if re.fullmatch(r"[0-9]{1,9}", raw) else None
    indicator = indicator_from(request, indicators)
    today_of, memo = successor_map(), {}
    locality_id = locality.pk if locality else None
    rows, cache = [], {}
    for ind in indicators:
        a, b = figures(ind, first, today_of, memo), figures(ind, second, today_of, memo)
        cache[ind.pk] = (a, b)
        absolute, relative = change(a.get(locality_id), b.get(locality_id))
        rows.append({"indicator": ind, "a": a.get(locality_id), "b": b.get(locality_id), "absolute": absolute,
                     "relative": relative, "sum_rule": ind.aggregation == Aggregation.SUM,
                     "a_avg": _average(a.get(locality_id), first, ind), "b_avg": _average(b.get(locality_id), second, ind),
                     "incomplete": locality_id in a.incomplete or locality_id in b.incomplete})
    scope_name = locality.short_name if locality else _("Toàn quốc")
    headers = [_("Mã"), _("Chỉ số"), _("Đơn vị"), str(first), str(second), _("Tăng/giảm"), _("Tăng/giảm (%)")]
    response = export(request, _("So sánh"), headers,
                      [[r["indicator"].code, str(r["indicator"]), r["indicator"].get_unit_display(),
                        to_number(r["a"], r["indicator"].unit), to_number(r["b"], r["indicator"].unit),
                        to_number(r["absolute"], r["indicator"].unit), to_number(r["relative"])] for r in rows],
                      f"so-sanh-{first.code}-{second.code}")
    if response:
        return response
    provinces = []
    if indicator:
        a, b = cache[indicator.pk]
        for loc in Locality.objects.current():
            absolute, relative = change(a.by_locality.get(loc.pk), b.by_locality.get(loc.pk))
            provinces.append({"locality": loc, "a": a.by_locality.get(loc.pk), "b": b.by_locality.get(loc.pk),
                              "absolute": absolute, "relative": relative})
    return render(request, "indicators/compare.html", {
        "first": first, "second": second, "errors": [e for e in (err_a, err_b) if e], "rows": rows,
        "locality": locality, "scope_name": scope_name, "localities": Locality.objects.current(),
        "indicators": indicators, "indicator": indicator, "provinces": provinces, "rules": RULES})


def _average(value, period, indicator):
    if value is None or indicator.aggregation != Aggregation.SUM or period.year_count == 1:
        return None
    return value / period.year_count
