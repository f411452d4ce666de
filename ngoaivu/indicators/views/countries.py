"""Indicators by partner country: the list of countries with their figures for a period, and a country's
page with its figures per province. Read by everyone signed in, as the other statistics pages (counts
and totals, never a record: the records stay scoped in their registers)."""
from collections import namedtuple

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_countries import countries

from ngoaivu.core.countries import country_name
from ngoaivu.core.rows import province_names
from ngoaivu.core.text import fold
from ngoaivu.indicators.actions import can_enter
from ngoaivu.indicators.partner_countries import DEFINITIONS, FIGURES, LIST_FIGURES, by_country, by_province, total
from ngoaivu.indicators.values import successor_map
from ngoaivu.indicators.views.common import export, period_from


def _headers():
    return {"signed": _("Thỏa thuận ký"), "in_force": _("Thỏa thuận đang có hiệu lực"), "delegations_out": _("Đoàn ra"),
            "delegations_in": _("Đoàn vào"), "activities": _("Hoạt động"), "pledged": _("Vốn đầu tư cam kết (USD)"),
            "disbursed": _("Vốn đầu tư giải ngân (USD)"), "aid": _("Viện trợ (USD)")}


def _cell(value):
    """Counts and whole US dollars: integers in the spreadsheet (a missing figure is zero)."""
    return int(value or 0)


@login_required
@require_safe
def country_list(request):
    period, error = period_from(request)
    values = by_country(period)
    rows = sorted(({"code": code, "name": country_name(code), "values": v} for code, v in values.items()),
                  key=lambda r: (-(r["values"].get("in_force") or 0), -(r["values"].get("signed") or 0), fold(r["name"])))
    headers = _headers()
    response = export(request, _("Theo quốc gia"), [_("Mã"), _("Quốc gia"), *(headers[f] for f in LIST_FIGURES)],
                      lambda: [[r["code"], r["name"], *(_cell(r["values"].get(f)) for f in LIST_FIGURES)] for r in rows],
                      f"chi-so-theo-quoc-gia-{period.code}")
    if response:
        return response
    return render(request, "indicators/countries.html", {
        "period": period, "period_error": error, "rows": rows, "figures": LIST_FIGURES,
        "headers": [headers[f] for f in LIST_FIGURES], "definitions": DEFINITIONS, "can_enter": can_enter(request.user)})


_Place = namedtuple("_Place", "pk short_name")


@login_required
@require_safe
def country_detail(request, code):
    code = code.upper()
    if code not in countries:
        raise Http404
    period, error = period_from(request)
    values = by_province(code, period, successor_map())
    # The provinces' names (all of them, former ones too), by one kept statement (core.statements) rather than
    # an IN of as many keys as have a value; the rows show a province's name and link to its page.
    localities = {pk: _Place(pk, name) for pk, name in province_names().items()}
    rows = sorted(({"locality": localities.get(k), "values": v} for k, v in values.items()),
                  key=lambda r: (-(r["values"].get("in_force") or 0), -(r["values"].get("signed") or 0),
                                 r["locality"].short_name if r["locality"] else ""))
    national = total(values)
    headers = _headers()
    name = country_name(code)
    centre = _("Trung ương")
    response = export(request, name[:31], [_("Tỉnh, thành phố"), *(headers[f] for f in FIGURES)],
                      lambda: [[r["locality"].short_name if r["locality"] else centre,
                                *(_cell(r["values"].get(f)) for f in FIGURES)] for r in rows]
                      + [[_("Toàn quốc"), *(_cell(national.get(f)) for f in FIGURES)]],
                      f"chi-so-{code.lower()}-{period.code}")
    if response:
        return response
    return render(request, "indicators/country.html", {
        "period": period, "period_error": error, "code": code, "name": name, "rows": rows, "national": national,
        "figures": FIGURES, "headers": [headers[f] for f in FIGURES], "definitions": DEFINITIONS,
        "can_enter": can_enter(request.user)})
