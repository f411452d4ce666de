"""The indicators pages' reads that are built once and run with new values (core.statements): the kept yearly
totals and exchange counts of a span of years, the national delegations by channel, a period's observations,
the successor map, the active indicators and the current provinces. Each equals the same read built on the
spot, for periods taken in an order that reuses every kept statement with other values, and follows a
change made after its first run (a statement is kept, never its rows)."""
import datetime
from decimal import Decimal

import pytest

from ngoaivu.core.models import Locality
from ngoaivu.exchanges.choices import Direction
from ngoaivu.exchanges.models import Delegation
from ngoaivu.indicators import exchange_totals, totals
from ngoaivu.indicators.actions import Entry, save_observations
from ngoaivu.indicators.models import Indicator, Observation, YearTotal
from ngoaivu.indicators.periods import Period
from ngoaivu.indicators.values import _observations, successor_map
from ngoaivu.indicators.views.common import active_indicators
from tests.exchanges import factories

pytestmark = pytest.mark.django_db

SPANS = [(2025, 2025), (2016, 2026), (2026, 2026), (1990, 2100), (2025, 2025)]


def fresh_yearly(module, group, first, last):
    """The read `yearly` keeps, built on the spot by the function its statement is built from."""
    if module is totals:
        names = totals._GROUPS[group]
        rows = YearTotal.objects.filter(year__range=(first, last)).values_list("locality", "year", *names)
        return sorted((locality or None, year, *figures) for locality, year, *figures in rows)
    from django.db.models import Sum
    if group == "conferences":
        rows = exchange_totals._rows(first, last).filter(kind="conference", country="").values_list(
            "locality", "year").annotate(n=Sum("conferences"))
    else:
        rows = exchange_totals._by_channel(first, last).values_list("locality", "year").annotate(
            o=Sum("delegations_out"), i=Sum("delegations_in"))
    return sorted(tuple(row) for row in rows)


def test_kept_reads_equal_fresh_ones_and_follow_changes(world):
    officer = world.users["officer_a"]
    factories.delegation(officer, world.a, title="Đoàn đi Nhật", start_date=datetime.date(2025, 3, 1))
    factories.delegation(officer, world.a, title="Đoàn vào", direction=Direction.INBOUND,
                         start_date=datetime.date(2016, 5, 1))
    assert Delegation.objects.count() >= 2

    def compare():
        for first, last in SPANS:
            for module, group in ((totals, "signed"), (totals, "activities"), (exchange_totals, "delegations"),
                                  (exchange_totals, "conferences")):
                assert sorted(module.yearly(group, first, last)) == fresh_yearly(module, group, first, last), (
                    group, first, last)
            # national (kept) and of a list of provinces (built each time) against the registers' count
            for localities in (None, [world.a.pk]):
                kept_counts = exchange_totals.by_channel(first, last, localities)
                rows = exchange_totals._by_channel(first, last)
                if localities:
                    rows = rows.filter(locality__in=localities)
                fresh = {}
                for channel, out, inbound in rows.values_list("channel", "delegations_out", "delegations_in"):
                    for direction, n in ((Direction.OUTBOUND, out), (Direction.INBOUND, inbound)):
                        fresh[(channel, str(direction))] = fresh.get((channel, str(direction)), 0) + n
                assert {k: v for k, v in kept_counts.items() if v} == {k: v for k, v in fresh.items() if v}

    compare()
    # Not two empty reads compared: the world's agreements are counted by their signing years.
    assert totals.yearly("signed", 1990, 2100) and exchange_totals.yearly("delegations", 1990, 2100)
    # A change after the statements' first runs: the next runs read it.
    factories.delegation(officer, world.a, title="Đoàn thứ ba", start_date=datetime.date(2026, 1, 10))
    compare()
    assert any(row[1] == 2026 and row[2] for row in exchange_totals.yearly("delegations", 2026, 2026))


def test_observations_successors_and_indicators_are_read_again(world):
    entered = Indicator.objects.create(code="sister_cities_kept", name="Địa phương kết nghĩa", unit="count")
    save_observations(world.users["officer_a"], [Entry(entered, world.a, Period.year(2025), Decimal(4))])
    memo = {}
    for period in (Period.year(2025), Period.years(2021, 2025), Period.year(2024), Period.year(2025)):
        memo.clear()
        kept = _observations(entered, period, memo)
        fresh = _observations(entered, period)  # without a memo: the indicator's own statement, built each time
        assert {k: dict(v) for k, v in kept.items()} == {k: dict(v) for k, v in fresh.items()}, period
    assert Observation.objects.filter(indicator=entered).count() == 1

    assert successor_map() == {pk: succ or pk for pk, succ in Locality.objects.values_list("pk", "successor_id")}
    # Any province given a successor after the map's first read: the next read follows it.
    merged = Locality.objects.filter(successor__isnull=True).exclude(pk=world.a.pk).first()
    Locality.objects.filter(pk=merged.pk).update(successor=world.a)
    assert successor_map()[merged.pk] == world.a.pk

    assert entered in active_indicators()
    Indicator.objects.filter(pk=entered.pk).update(is_active=False)
    assert entered not in active_indicators()
    assert active_indicators() == list(Indicator.objects.filter(is_active=True))
