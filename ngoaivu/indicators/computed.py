"""Computed indicators: counts and sums read from the other apps' registers for a period, grouped by the
province that owns the record (`locality`). Every figure counts every record, whatever its visibility:
these are statistics, not records (a province's internal agreement counts in the national total).

The definitions, stated on the catalogue page:
- agreements signed: agreements whose signing date falls in the period;
- agreements in force: signed by the end of the period and in force today (the register keeps the
  current status, not its history);
- active share / dormant: of those in force, the share with (without) an activity recorded in the period;
- delegations out / in: delegations leaving in the period, cancelled ones excluded;
- conferences: international conferences opening in the period, cancelled ones excluded;
- activities, investment pledged / disbursed, aid: activities dated in the period, and the amounts
  recorded on them."""
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Sum

from ngoaivu.indicators.choices import Computation


def _grouped(queryset, aggregate) -> dict:
    rows = queryset.order_by().values("locality_id").annotate(v=aggregate)
    return {row["locality_id"]: Decimal(row["v"] or 0) for row in rows}


def _in_force(period):
    from ngoaivu.agreements.choices import AgreementStatus
    from ngoaivu.agreements.models import Agreement
    return Agreement._base_manager.filter(status=AgreementStatus.IN_FORCE, signed_on__lte=period.end)


def _active(period):
    from ngoaivu.implementation.models import Activity
    activity = Activity._base_manager.filter(agreement=OuterRef("pk"), occurred_on__range=(period.start, period.end))
    return _in_force(period).filter(Exists(activity))


def raw_by_locality(computation: str, period) -> tuple[dict, dict | None]:
    """{locality_id (former provinces included): value}, and for a share the {locality_id: denominator}."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.exchanges.choices import ConferenceStatus, DelegationStatus, Direction
    from ngoaivu.exchanges.models import Conference, Delegation
    from ngoaivu.implementation.models import Activity

    span = (period.start, period.end)
    activities = Activity._base_manager.filter(occurred_on__range=span)
    delegations = Delegation._base_manager.filter(start_date__range=span).exclude(status=DelegationStatus.CANCELLED)
    match computation:
        case Computation.AGREEMENTS_SIGNED:
            return _grouped(Agreement._base_manager.filter(signed_on__range=span), Count("pk")), None
        case Computation.AGREEMENTS_IN_FORCE:
            return _grouped(_in_force(period), Count("pk")), None
        case Computation.AGREEMENTS_ACTIVE_SHARE:
            return _grouped(_active(period), Count("pk")), _grouped(_in_force(period), Count("pk"))
        case Computation.AGREEMENTS_DORMANT:
            total, active = _grouped(_in_force(period), Count("pk")), _grouped(_active(period), Count("pk"))
            return {k: v - active.get(k, 0) for k, v in total.items()}, None
        case Computation.DELEGATIONS_OUT:
            return _grouped(delegations.filter(direction=Direction.OUTBOUND), Count("pk")), None
        case Computation.DELEGATIONS_IN:
            return _grouped(delegations.filter(direction=Direction.INBOUND), Count("pk")), None
        case Computation.CONFERENCES:
            conferences = Conference._base_manager.filter(start_date__range=span).exclude(
                status=ConferenceStatus.CANCELLED)
            return _grouped(conferences, Count("pk")), None
        case Computation.ACTIVITIES:
            return _grouped(activities, Count("pk")), None
        case Computation.INVESTMENT_PLEDGED:
            return _grouped(activities, Sum("investment_pledged_usd")), None
        case Computation.INVESTMENT_DISBURSED:
            return _grouped(activities, Sum("investment_disbursed_usd")), None
        case Computation.AID:
            return _grouped(activities, Sum("aid_usd")), None
    raise ValueError(computation)


def by_current_locality(computation, period, today_of: dict) -> tuple[dict, Decimal | None]:
    """{current locality id: value} (a former province's records count for its successor) and the
    national value."""
    values, denominators = raw_by_locality(computation, period)
    merged, merged_den = defaultdict(Decimal), defaultdict(Decimal)
    for locality_id, value in values.items():
        merged[today_of.get(locality_id, locality_id)] += value
    if denominators is None:
        return dict(merged), sum(merged.values(), Decimal(0))
    for locality_id, value in denominators.items():
        merged_den[today_of.get(locality_id, locality_id)] += value
    shares = {k: _share(merged.get(k, 0), d) for k, d in merged_den.items()}
    national = _share(sum(merged.values(), Decimal(0)), sum(merged_den.values(), Decimal(0)))
    return shares, national


def _share(part, whole):
    return None if not whole else (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))
