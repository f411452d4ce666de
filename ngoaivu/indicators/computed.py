"""Computed indicators: counts and sums read from the other apps' registers for a period, grouped by the
province that owns the record (`locality`). Every figure counts every record, whatever its visibility:
these are statistics, not records (a province's internal agreement counts in the national total).

The definitions, stated on the catalogue page:
- agreements signed: agreements whose signing date falls in the period;
- agreements in force: signed by the end of the period and in force today (the register keeps the
  current status, not its history); one whose signing date is unknown, from the year it was entered here;
- active share / dormant: of those in force, the share with (without) an activity recorded in the period;
- delegations out / in: delegations leaving in the period, cancelled ones excluded;
- conferences: international conferences opening in the period, cancelled ones excluded;
- activities, investment pledged / disbursed, aid: activities dated in the period, and the amounts
  recorded on them.

Agreements signed, the activities' counts and amounts of whole years and spans are read from the yearly
totals kept current by `totals.py`, the agreements in force and those active from the counts kept by
`in_force.py`, the delegations and conferences from those kept by `exchange_totals.py` (the same figures,
without scanning the registers); halves and quarters from the registers themselves."""
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from ngoaivu.indicators.choices import Computation, PeriodKind


def _grouped(queryset, **aggregates) -> dict:
    """{name: {locality_id: Decimal}} for each aggregate, in one grouped query."""
    rows = queryset.order_by().values("locality_id").annotate(**aggregates)
    return {name: {row["locality_id"]: Decimal(row[name] or 0) for row in rows} for name in aggregates}


def signed_by(end, prefix=""):
    """The agreements known to be signed by `end`: signed on or before it, or (an old register's record whose
    signing date nobody knows) entered here by then (in_force.py counts it from the year of its entry)."""
    import datetime

    from django.utils import timezone
    after = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
    return Q(**{f"{prefix}signed_on__lte": end}) | Q(**{f"{prefix}signed_on": None, f"{prefix}created_at__lt": after})


def _in_force(period):
    from ngoaivu.agreements.choices import AgreementStatus
    from ngoaivu.agreements.models import Agreement
    return Agreement._base_manager.filter(signed_by(period.end), status=AgreementStatus.IN_FORCE)


def _read(group, period, kept=True) -> dict:
    """One register read for a period: several figures from one grouped query (`kept`: from the yearly
    totals where the period is made of whole years; False reads the registers, as the tests compare)."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.exchanges.choices import ConferenceStatus, DelegationStatus, Direction
    from ngoaivu.exchanges.models import Conference, Delegation
    from ngoaivu.implementation.models import Activity

    span = (period.start, period.end)
    if kept and group in ("signed", "activities") and period.kind in (PeriodKind.YEAR, PeriodKind.SPAN):
        from ngoaivu.indicators import totals
        return totals.read(group, period.start.year, period.end.year)  # the kept yearly totals
    if group == "signed":
        from ngoaivu.agreements.partial_dates import signed_within
        return _grouped(Agreement._base_manager.filter(signed_within(*span)), signed=Count("pk"))
    if group == "in_force":
        # The agreements with an activity in the period, read once from the index on the activities' day
        # and agreement (an IN over one uncorrelated subquery: a correlated EXISTS per agreement in force
        # cost 1.5-3x more at national scale).
        if kept and period.kind in (PeriodKind.YEAR, PeriodKind.SPAN):
            # Whole years: the kept counts of agreements in force per province, signing year and year of
            # activity (a few thousand rows, however large the register).
            from ngoaivu.indicators import in_force
            return in_force.read(period.start.year, period.end.year)
        active = (Activity._base_manager.filter(occurred_on__range=span, agreement__isnull=False)
                  .values("agreement_id").distinct())
        return _grouped(_in_force(period), in_force=Count("pk"), active=Count("pk", filter=Q(pk__in=active)))
    if kept and group in ("delegations", "conferences") and period.kind in (PeriodKind.YEAR, PeriodKind.SPAN):
        from ngoaivu.indicators import exchange_totals
        return exchange_totals.read(group, period.start.year, period.end.year)  # the kept yearly counts
    if group == "delegations":
        delegations = Delegation._base_manager.filter(start_date__range=span).exclude(status=DelegationStatus.CANCELLED)
        return _grouped(delegations, out=Count("pk", filter=Q(direction=Direction.OUTBOUND)),
                        inbound=Count("pk", filter=Q(direction=Direction.INBOUND)))
    if group == "conferences":
        conferences = Conference._base_manager.filter(start_date__range=span).exclude(status=ConferenceStatus.CANCELLED)
        return _grouped(conferences, conferences=Count("pk"))
    activities = Activity._base_manager.filter(occurred_on__range=span)
    return _grouped(activities, activities=Count("pk"), pledged=Sum("investment_pledged_usd"),
                    disbursed=Sum("investment_disbursed_usd"), aid=Sum("aid_usd"))


YEARLY_GROUPS = ("signed", "activities", "delegations", "conferences")  # kept per province and year


def prime(memo: dict, wanted: dict) -> None:
    """Put in `memo` the reads of the groups kept per year (`YEARLY_GROUPS`) for the whole-year periods
    `wanted` asks of each ({group: periods}: a page's period and the one before it, a chart's years), each
    group from one statement over all its periods' years instead of one per period. What each period gets is
    what `_read` gives it."""
    from ngoaivu.indicators import exchange_totals, totals
    modules = {"signed": totals, "activities": totals, "delegations": exchange_totals,
               "conferences": exchange_totals}
    for group, periods in wanted.items():
        whole = [p for p in periods if p.kind in (PeriodKind.YEAR, PeriodKind.SPAN) and (group, p) not in memo]
        if not whole:
            continue
        first, last = min(p.start.year for p in whole), max(p.end.year for p in whole)
        by_year = defaultdict(list)  # each period sums only its own years' rows
        for row in modules[group].yearly(group, first, last):
            by_year[row[1]].append(row)
        for period in whole:
            years = range(period.start.year, period.end.year + 1)
            memo[(group, period)] = modules[group].read(group, years[0], years[-1],
                                                        [row for year in years for row in by_year.get(year, ())])


def group_of(computation) -> str:
    """The register read a computed indicator's figure comes from ("signed", "in_force", …)."""
    return SOURCES[computation][0]


# computation -> (register read, figure, denominator figure for a share)
SOURCES = {
    Computation.AGREEMENTS_SIGNED: ("signed", "signed", None),
    Computation.AGREEMENTS_IN_FORCE: ("in_force", "in_force", None),
    Computation.AGREEMENTS_ACTIVE_SHARE: ("in_force", "active", "in_force"),
    Computation.AGREEMENTS_DORMANT: ("in_force", "dormant", None),
    Computation.DELEGATIONS_OUT: ("delegations", "out", None),
    Computation.DELEGATIONS_IN: ("delegations", "inbound", None),
    Computation.CONFERENCES: ("conferences", "conferences", None),
    Computation.ACTIVITIES: ("activities", "activities", None),
    Computation.INVESTMENT_PLEDGED: ("activities", "pledged", None),
    Computation.INVESTMENT_DISBURSED: ("activities", "disbursed", None),
    Computation.AID: ("activities", "aid", None),
}


def raw_by_locality(computation: str, period, memo: dict | None = None) -> tuple[dict, dict | None]:
    """{locality_id (former provinces included): value}, and for a share the {locality_id: denominator}.
    `memo` (one per request) keeps each register read of a period, which serves several indicators."""
    group, name, denominator = SOURCES[computation]
    memo = {} if memo is None else memo
    key = (group, period)
    if key not in memo:
        memo[key] = _read(group, period)
    read = memo[key]
    if name == "dormant":
        return {k: v - read["active"].get(k, 0) for k, v in read["in_force"].items()}, None
    return read[name], (read[denominator] if denominator else None)


def by_current_locality(computation, period, today_of: dict, memo=None) -> tuple[dict, Decimal | None]:
    """{current locality id: value} (a former province's records count for its successor) and the
    national value."""
    values, denominators = raw_by_locality(computation, period, memo)
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


def no_share_reason(indicator, period, place) -> str | None:
    """Why a computed share has no value for `place` (a province's name, or "toàn quốc") and `period`: its
    denominator is zero there. A bare "—" beside counts that read 0 said nothing of it. None for the other
    indicators, whose missing value needs no formula to explain."""
    if not indicator.is_computed or SOURCES[indicator.computation][2] is None:
        return None
    return _("%(indicator)s — %(place)s, kỳ %(period)s: không tính được vì không có thỏa thuận nào đang có hiệu "
             "lực đến cuối kỳ (tỷ lệ = số thỏa thuận có hoạt động trong kỳ ÷ số thỏa thuận đang có hiệu lực).") % {
        "indicator": indicator, "place": place, "period": period}


def _share(part, whole):
    return None if not whole else (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))


def delegations_by_channel(period, locality_id, today_of: dict, kept=True) -> list[dict]:
    """Delegations out and in of a period per channel of external affairs (Party, State, people), of one
    current province (its former provinces' included) or national (None); cancelled ones excluded, as
    the delegation indicators count them. [{channel, label, out, inbound}] in the channels' order. Whole
    years and spans from the kept yearly counts (`kept` False: from the register)."""
    from ngoaivu.core.choices import Channel
    from ngoaivu.exchanges.choices import DelegationStatus, Direction
    from ngoaivu.exchanges.models import Delegation
    localities = (None if locality_id is None
                  else [k for k, v in today_of.items() if v == locality_id] + [locality_id])
    if kept and period.kind in (PeriodKind.YEAR, PeriodKind.SPAN):
        from ngoaivu.indicators import exchange_totals
        counts = exchange_totals.by_channel(period.start.year, period.end.year, localities)
        return [{"channel": value, "label": label, "out": counts[(value, Direction.OUTBOUND)],
                 "inbound": counts[(value, Direction.INBOUND)]} for value, label in Channel.choices]
    delegations = Delegation._base_manager.filter(start_date__range=(period.start, period.end)).exclude(
        status=DelegationStatus.CANCELLED)
    if localities is not None:
        delegations = delegations.filter(locality_id__in=localities)
    counts = defaultdict(int)
    for channel, direction, n in (delegations.order_by().values_list("channel", "direction")
                                  .annotate(n=Count("pk"))):
        counts[(channel, direction)] += n
    return [{"channel": value, "label": label, "out": counts[(value, Direction.OUTBOUND)],
             "inbound": counts[(value, Direction.INBOUND)]} for value, label in Channel.choices]
