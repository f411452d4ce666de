"""Figures a structured return is pre-filled with, from the province's own data for the request's window.

Each source reads through the same functions the home page panels use (exchanges' `figures`, the
implementation panel's `health_counts`), so that what the officer checks here is what their home page
shows for the same window (tests/coordination/test_prefill.py compares them)."""
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from ngoaivu.agreements.models import Agreement
from ngoaivu.core.countries import country_name
from ngoaivu.exchanges import figures
from ngoaivu.exchanges.choices import Direction
from ngoaivu.exchanges.models import Delegation, DelegationStop
from ngoaivu.implementation.models import Activity
from ngoaivu.implementation.queries import health_counts


def _delegations(locality, start, end):
    return figures._live(Delegation.objects.filter(locality=locality)).filter(start_date__range=(start, end))


def delegation_counts(locality, start, end):
    """Delegations out and in whose trip starts in the window (the home panel's `summary` counts a year)."""
    return _delegations(locality, start, end).aggregate(
        out=Count("pk", filter=Q(direction=figures.OUT)), inbound=Count("pk", filter=Q(direction=figures.IN)))


def agreements_signed(locality, start, end):
    from ngoaivu.agreements.partial_dates import signed_within
    return Agreement.objects.filter(signed_within(start, end), locality=locality).count()


def activities(locality, start, end):
    return Activity.objects.filter(locality=locality, occurred_on__range=(start, end)).count()


def dormant(locality, start, end):
    # The health of today's register (the home panel's figure), whatever the window.
    return health_counts(Agreement.objects.filter(locality=locality))["dormant"]


def in_force(locality, start, end):
    return health_counts(Agreement.objects.filter(locality=locality))["total"]


def delegations_in_by_country(locality, start, end):
    """Rows [label, value]: delegations received, per country of origin (a delegation once per country)."""
    stops = (DelegationStop.objects.filter(delegation__in=_delegations(locality, start, end)
                                           .filter(direction=Direction.INBOUND))
             .values("country").annotate(n=Count("delegation", distinct=True)))
    rows = [[country_name(str(r["country"])), r["n"]] for r in stops]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


# key -> (label, type, unit, function)
SOURCES = {
    "agreements_signed": (_("Số thỏa thuận quốc tế đã ký trong kỳ"), "number", _("thỏa thuận"), agreements_signed),
    "delegations_out": (_("Số đoàn ra trong kỳ"), "number", _("đoàn"),
                        lambda l, s, e: delegation_counts(l, s, e)["out"]),
    "delegations_in": (_("Số đoàn vào trong kỳ"), "number", _("đoàn"),
                       lambda l, s, e: delegation_counts(l, s, e)["inbound"]),
    "activities": (_("Số hoạt động triển khai thỏa thuận trong kỳ"), "number", _("hoạt động"), activities),
    "in_force": (_("Số thỏa thuận đang có hiệu lực"), "number", _("thỏa thuận"), in_force),
    "dormant": (_("Số thỏa thuận “ký rồi để đấy”"), "number", _("thỏa thuận"), dormant),
    "delegations_in_by_country": (_("Đoàn vào theo quốc gia"), "table", "", delegations_in_by_country),
}


def source_field(key):
    label, type_, unit, _func = SOURCES[key]
    return {"key": key, "label": str(label), "type": type_, "unit": str(unit), "source": key}


def prefill(fields, locality, start, end) -> dict:
    """The values of the fields that have a source, for this province and window."""
    values = {}
    for f in fields:
        source = SOURCES.get(f.get("source") or "")
        if source:
            values[f["key"]] = source[3](locality, start, end)
    return values
