"""Pages of Vietnam's missions abroad: the list (the centre) and a mission's page — the provinces' ties
with the countries it is accredited to. What a mission's officers read is decided once, in core.scoping
(their scope's country_codes are the mission's accredited countries); these pages only group it."""
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from ngoaivu.agreements.choices import Health
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.models import Membership, Mission
from ngoaivu.core.scoping import scope_of
from ngoaivu.exchanges.choices import ConferenceStatus, DelegationStatus
from ngoaivu.exchanges.models import Conference, Delegation
from ngoaivu.partners.models import PartnerWarning

UPCOMING_DELEGATIONS = 30


def may_open_mission(user, mission) -> bool:
    """The centre opens every mission's page; a mission's officers open their own; provinces none."""
    scope = scope_of(user)
    return scope.sees_all or mission.pk in scope.mission_ids


def is_mission_user(user) -> bool:
    return bool(scope_of(user).mission_ids)


def is_centre_user(user) -> bool:
    return scope_of(user).sees_all


@login_required
def mission_list(request):
    if not is_centre_user(request.user):
        raise PermissionDenied
    missions = Mission.objects.annotate(officers=Count("memberships")).order_by("country", "kind", "name")
    return render(request, "partners/mission_list.html", {"missions": missions})


@login_required
def mission_home(request):
    """'My mission': a mission officer's own page (the first of theirs), the list for the centre."""
    scope = scope_of(request.user)
    if scope.mission_ids:
        return redirect(Mission.objects.filter(pk__in=scope.mission_ids).order_by("pk").first())
    if scope.sees_all:
        return redirect("partners:mission_list")
    raise PermissionDenied


def _register_link(**params):
    query = QueryDict(mutable=True)
    query.update({key: value for key, value in params.items() if value})
    return reverse("agreements:agreement_list") + "?" + query.urlencode()


def agreement_ties(user, codes):
    """Per country and province, the count of agreements of each health, with links to the register
    filtered the same way; only agreements the reader sees (an agreement with partners of two of the
    countries counts once in each)."""
    rows = (Agreement.objects.visible_to(user).filter(partners__country__in=codes)
            .values("partners__country", "locality_id", "locality__short_name", "health")
            .annotate(n=Count("pk", distinct=True)))
    table = defaultdict(lambda: {health: 0 for health in Health.values})
    names = {}
    for row in rows:
        key = (row["partners__country"], row["locality_id"])
        table[key][row["health"]] += row["n"]
        names[key] = row["locality__short_name"]
    result = []
    for (country, locality_id), counts in sorted(table.items(), key=lambda item: (
            codes.index(item[0][0]), names[item[0]] or "")):
        result.append({
            "country": country, "locality": names[(country, locality_id)], "total": sum(counts.values()),
            "link": _register_link(country=country, locality=locality_id),
            "cells": [{"n": counts[health], "link": _register_link(country=country, locality=locality_id,
                                                                  health=health)} for health in Health.values]})
    return result


def upcoming_delegations(user, codes, today):
    """Delegations to or from the countries that have not ended yet and are not cancelled."""
    # Filtered before scoping, so that the scope's subqueries are narrowed to these (core.scoping).
    return (Delegation.objects
            .filter(pk__in=Delegation.objects.filter(stops__country__in=codes).values("pk"), end_date__gte=today)
            .exclude(status=DelegationStatus.CANCELLED).visible_to(user)
            .select_related("locality").prefetch_related("stops")
            .order_by("start_date", "pk")[:UPCOMING_DELEGATIONS])


def upcoming_conferences(user, codes, today):
    """Conferences with partners from the countries that have not ended yet and are not cancelled. A
    mission reads them through its scope (Conference.SCOPE_COUNTRY, the partners' countries); the filter
    here narrows the centre's view to this mission's countries."""
    return (Conference.objects
            .filter(pk__in=Conference.objects.filter(partners__country__in=codes).values("pk"), end_date__gte=today)
            .exclude(status=ConferenceStatus.CANCELLED).visible_to(user)
            .select_related("locality").prefetch_related("partners")
            .order_by("start_date", "pk")[:UPCOMING_DELEGATIONS])


def active_warnings(user, codes):
    return (PartnerWarning.objects.visible_to(user).filter(lifted_at__isnull=True, partner__country__in=codes)
            .select_related("partner", "mission").order_by("-issued_at", "-pk"))


@login_required
def mission_detail(request, pk):
    mission = get_object_or_404(Mission, pk=pk)
    if not may_open_mission(request.user, mission):
        raise PermissionDenied
    codes = mission.country_codes
    today = timezone.localdate()
    return render(request, "partners/mission_detail.html", {
        "mission": mission, "codes": codes, "healths": Health.choices,
        "ties": agreement_ties(request.user, codes),
        "delegations": upcoming_delegations(request.user, codes, today),
        "conferences": upcoming_conferences(request.user, codes, today),
        "warnings": active_warnings(request.user, codes),
        "officers": Membership.objects.filter(mission=mission, user__is_active=True).select_related("user")
                    .order_by("user__full_name")})


def home_panel(request):
    """A link to 'my mission' on a mission officer's home page."""
    scope = scope_of(request.user)
    if not scope.mission_ids:
        return None
    return {"template": "partners/includes/mission_panel.html",
            "missions": Mission.objects.filter(pk__in=scope.mission_ids).order_by("name")}
