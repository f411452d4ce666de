"""Figures: a province's page, the centre's table of provinces, and the home page panel."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ngoaivu.core.models import Locality
from ngoaivu.exchanges import figures
from ngoaivu.exchanges.upcoming import open_deadlines


def _year(request):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
def figures_index(request):
    """The centre sees every province; a province user goes straight to their own page."""
    scope = request.user.scope
    if not scope.sees_all:
        if scope.locality_ids:
            return redirect("exchanges:figures_locality", pk=sorted(scope.locality_ids)[0])
        raise PermissionDenied
    year = _year(request)
    delegations, conferences = figures.scoped(request.user)
    rows = figures.per_province(delegations, conferences, year)
    table = [{"locality": loc, **rows.get(loc.pk, {"out": 0, "in": 0, "conferences": 0, "overdue": 0})}
             for loc in Locality.objects.current().order_by("sort_key")]
    return render(request, "exchanges/figures_index.html", {
        "year": year, "table": table, "years": range(timezone.localdate().year + 1, timezone.localdate().year - 8, -1),
        "totals": figures.summary(delegations, conferences, year, kept=figures.kept_totals(request.user, year))})


@login_required
def figures_locality(request, pk):
    locality = get_object_or_404(Locality.objects.current(), pk=pk)
    scope = request.user.scope
    if not (scope.sees_all or locality.pk in scope.locality_ids):
        raise Http404  # another province's figures, like its records
    year = _year(request)
    delegations, conferences = figures.scoped(request.user, locality)
    return render(request, "exchanges/figures_locality.html", {
        "locality": locality, "year": year,
        "summary": figures.summary(delegations, conferences, year,
                                   kept=figures.kept_totals(request.user, year, locality)),
        "by_year": figures.by_year(delegations, conferences), "by_channel": figures.by_channel(delegations, year),
        "by_country": figures.by_country(delegations, year),
        "years": range(timezone.localdate().year + 1, timezone.localdate().year - 8, -1),
        "overdue": delegations.report_overdue(timezone.localdate()).order_by("report_due")[:20],
    })


def sees_figures(request) -> bool:
    """Whether the user has delegations and conferences of their own to count (the centre, or a province or
    unit's): the cheap test the home page makes before placing the panel, which is loaded after the page."""
    scope = request.user.scope
    return bool(scope.sees_all or scope.locality_ids)


def home_panel(request):
    """This year's figures and the deadlines coming up, for province users and the centre."""
    if not sees_figures(request):
        return None
    user = request.user
    scope = user.scope
    year = timezone.localdate().year
    locality = None
    if not scope.sees_all and len(scope.locality_ids) == 1:
        locality = Locality.objects.filter(pk=next(iter(scope.locality_ids))).first()
    delegations, conferences = figures.scoped(user, locality)
    summary = figures.summary(delegations, conferences, year, kept=figures.kept_totals(user, year, locality))
    return {"template": "exchanges/includes/home_panel.html", "summary": summary,
            "locality": locality, "deadlines": open_deadlines(user, limit=8)}
