"""Computed indicators equal counts made directly on the registers for the same period and scope."""
import datetime
from decimal import Decimal

from django.db.models import Sum

from ngoaivu.agreements.models import Agreement
from ngoaivu.exchanges.choices import DelegationStatus, Direction
from ngoaivu.exchanges.models import Conference, Delegation
from ngoaivu.implementation.models import Activity
from ngoaivu.indicators.periods import Period
from ngoaivu.indicators.values import figures


def _direct(period, locality):
    span = (period.start, period.end)
    delegations = Delegation.objects.filter(locality=locality, start_date__range=span).exclude(
        status=DelegationStatus.CANCELLED)
    activities = Activity.objects.filter(locality=locality, occurred_on__range=span)
    in_force = Agreement.objects.filter(locality=locality, status="in_force", signed_on__lte=period.end)
    return {
        "agreements_in_force": in_force.count(),
        "agreements_dormant": in_force.count() - in_force.filter(activities__occurred_on__range=span).distinct().count(),
        "agreements_signed": Agreement.objects.filter(locality=locality, signed_on__range=span).count(),
        "delegations_out": delegations.filter(direction=Direction.OUTBOUND).count(),
        "delegations_in": delegations.filter(direction=Direction.INBOUND).count(),
        "conferences": Conference.objects.filter(locality=locality, start_date__range=span).exclude(
            status="cancelled").count(),
        "activities": activities.count(),
        "activity_aid": activities.aggregate(s=Sum("aid_usd"))["s"] or 0,
    }


def test_computed_equal_direct_counts(db, world, ind):
    # The URL-walk world holds agreements, delegations, conferences and activities of provinces A and B.
    assert Agreement.objects.filter(locality=world.a).exists()
    year = max(d.year for d in Agreement.objects.filter(signed_on__isnull=False).values_list("signed_on", flat=True))
    seen = {}
    for period in (Period.year(year), Period.years(year - 5, year + 2), Period.years(2000, 2030)):
        for locality in (world.a, world.b):
            for code, count in _direct(period, locality).items():
                got = figures(ind[code], period).get(locality.pk)
                assert (got or 0) == Decimal(count), (code, period, locality, got, count)
                seen[code] = seen.get(code, 0) + count
        national = figures(ind["agreements_signed"], period).national
        assert national == Agreement.objects.filter(signed_on__range=(period.start, period.end)).count()
    # The comparison is not vacuous: the world has records of each kind counted.
    assert all(seen[code] > 0 for code in ("agreements_signed", "delegations_out", "conferences", "activities")), seen


def test_computed_counts_a_new_record(db, world, ind):
    period = Period.year(1995)
    before = figures(ind["agreements_signed"], period).get(world.a.pk) or 0
    agreement = Agreement.objects.filter(locality=world.a).first()
    # Saved as the register's actions do (an ORM write: the kept yearly totals follow it).
    agreement.signed_on = datetime.date(1995, 5, 5)
    agreement.save()
    assert figures(ind["agreements_signed"], period).get(world.a.pk) == before + 1
