"""Indicators by partner country: for a period, what the provinces did with each foreign country —
agreements signed and in force with a partner of that country, delegations that went there or came from
there, and the activities carried out under those agreements with the amounts recorded on them. Read from
the registers, counting every record whatever its visibility, as the other computed indicators (these
are statistics, not records); a former province's records count for its successor.

The definitions, stated on the page (`DEFINITIONS`):
- an agreement counts once for a country however many of its partners are from there, and for each
  country it has a partner from;
- a delegation counts for each country among its stops (cancelled ones excluded), once per country;
- an activity counts for a country when its agreement has a partner from there.

The agreements and activities of whole years and spans are read from the totals per province, country
and year kept current by `country_totals.py`, the delegations from the counts kept by `exchange_totals.py`;
halves and quarters from the registers themselves.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _

from ngoaivu.agreements.partial_dates import signed_within
from ngoaivu.indicators.computed import signed_by

DEFINITIONS = [
    _("Thỏa thuận ký: thỏa thuận có ngày ký trong kỳ và có ít nhất một đối tác của quốc gia; một thỏa thuận "
      "có đối tác của nhiều quốc gia được tính cho mỗi quốc gia."),
    _("Thỏa thuận đang có hiệu lực: ký đến cuối kỳ và hiện đang có hiệu lực."),
    _("Đoàn ra, đoàn vào: đoàn có ngày đi trong kỳ và có điểm đến (đoàn ra) hoặc nơi đến từ (đoàn vào) là "
      "quốc gia, trừ đoàn đã hủy."),
    _("Hoạt động: hoạt động có ngày diễn ra trong kỳ, thuộc thỏa thuận có đối tác của quốc gia; kèm vốn đầu tư "
      "và viện trợ ghi trên các hoạt động đó."),
]
FIGURES = ("signed", "in_force", "delegations_out", "delegations_in", "activities", "pledged", "disbursed", "aid")
# The figures the list of countries shows (the amounts need one query per country: on its own page).
LIST_FIGURES = FIGURES[:5]


@dataclass
class CountryRow:
    """One line of a table: a country (the list) or a province (a country's page)."""

    key: object
    values: dict = field(default_factory=dict)

    def get(self, name):
        return self.values.get(name)


def _agreements_with(country):
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.partners.models import Partner
    partner = Partner._base_manager.filter(country=country, agreements=OuterRef("pk"))
    return Agreement._base_manager.filter(Exists(partner))


def _delegations(period):
    from ngoaivu.exchanges.choices import DelegationStatus
    from ngoaivu.exchanges.models import Delegation
    return Delegation._base_manager.filter(start_date__range=(period.start, period.end)).exclude(
        status=DelegationStatus.CANCELLED)


def _by(rows, key, name, into):
    for row in rows:
        if row["n"]:  # a count filtered to nothing (delegations of the other direction) is no figure
            into[row[key]][name] = Decimal(row["n"])


_ACTIVITIES_BY_COUNTRY = """
SELECT c.country, SUM(x.n) FROM (SELECT agreement_id, COUNT(*) AS n FROM implementation_activity
                                WHERE occurred_on BETWEEN %s AND %s AND agreement_id IS NOT NULL GROUP BY agreement_id) x
JOIN (SELECT DISTINCT ap.agreement_id, p.country FROM agreements_agreement_partners ap
      JOIN partners_partner p ON p.id = ap.partner_id WHERE p.country <> '') c ON c.agreement_id = x.agreement_id
GROUP BY c.country
"""


def _whole_years(period) -> bool:
    from ngoaivu.indicators.choices import PeriodKind
    return period.kind in (PeriodKind.YEAR, PeriodKind.SPAN)


def by_country(period, kept=True) -> dict:
    """{country code: {figure: Decimal}} of every country with a record, national (LIST_FIGURES); the
    agreements, delegations and activities of whole years and spans from the kept totals (`kept` False: from
    the registers)."""
    from ngoaivu.agreements.choices import AgreementStatus
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.exchanges.choices import Direction
    result = defaultdict(dict)
    if kept and _whole_years(period):
        from ngoaivu.indicators import country_totals
        for code, values in country_totals.agreements_by_country(period.start.year, period.end.year).items():
            result[code].update(values)
    else:
        links = Agreement.partners.through._default_manager.exclude(partner__country="")
        _by(links.filter(signed_within(period.start, period.end, "agreement__signed_on")).values("partner__country")
            .annotate(n=Count("agreement_id", distinct=True)), "partner__country", "signed", result)
        _by(links.filter(signed_by(period.end, "agreement__"), agreement__status=AgreementStatus.IN_FORCE)
            .values("partner__country").annotate(n=Count("agreement_id", distinct=True)), "partner__country",
            "in_force", result)
    if kept and _whole_years(period):
        from ngoaivu.indicators import exchange_totals
        for code, values in exchange_totals.delegations_by_country(period.start.year, period.end.year).items():
            result[code].update(values)
    else:
        stops = _delegations(period).values("stops__country")
        _by(stops.filter(direction=Direction.OUTBOUND).annotate(n=Count("pk", distinct=True)), "stops__country",
            "delegations_out", result)
        _by(stops.filter(direction=Direction.INBOUND).annotate(n=Count("pk", distinct=True)), "stops__country",
            "delegations_in", result)
    # Activities counted per agreement first (the index on day and agreement), then per country through
    # the distinct (agreement, country) pairs: an agreement with two partners of a country counts once.
    if kept and _whole_years(period):
        from ngoaivu.indicators import country_totals
        for code, n in country_totals.activities_by_country(period.start.year, period.end.year).items():
            result[code]["activities"] = n
    else:
        with connection.cursor() as cursor:
            cursor.execute(_ACTIVITIES_BY_COUNTRY, [period.start, period.end])
            for code, n in cursor.fetchall():
                if n:
                    result[code]["activities"] = Decimal(n)
    return {code: values for code, values in result.items() if code}


def by_province(country, period, today_of: dict, kept=True) -> dict:
    """{current locality id (None: the centre's own): {figure: Decimal}} of one country (FIGURES); the
    agreements, delegations, activities and their amounts of whole years and spans from the kept totals per
    province and country (`country_totals`, `exchange_totals`; `kept` False: from the registers)."""
    from ngoaivu.agreements.choices import AgreementStatus
    from ngoaivu.exchanges.choices import Direction
    from ngoaivu.implementation.models import Activity
    span = (period.start, period.end)
    raw = defaultdict(dict)
    if kept and _whole_years(period):
        from ngoaivu.indicators import country_totals
        for locality_id, values in country_totals.agreements_by_locality(
                country, period.start.year, period.end.year).items():
            raw[locality_id].update(values)
    else:
        agreements = _agreements_with(country).order_by().values("locality_id")
        _by(agreements.filter(signed_within(*span)).annotate(n=Count("pk")), "locality_id", "signed", raw)
        _by(agreements.filter(signed_by(period.end), status=AgreementStatus.IN_FORCE)
            .annotate(n=Count("pk")), "locality_id", "in_force", raw)
    if kept and _whole_years(period):
        from ngoaivu.indicators import exchange_totals
        for locality_id, values in exchange_totals.delegations_by_locality(
                country, period.start.year, period.end.year).items():
            raw[locality_id].update(values)
    else:
        delegations = _delegations(period).filter(stops__country=country).order_by().values("locality_id")
        _by(delegations.annotate(n=Count("pk", distinct=True, filter=Q(direction=Direction.OUTBOUND))),
            "locality_id", "delegations_out", raw)
        _by(delegations.annotate(n=Count("pk", distinct=True, filter=Q(direction=Direction.INBOUND))),
            "locality_id", "delegations_in", raw)
    if kept and _whole_years(period):
        from ngoaivu.indicators import country_totals
        for locality_id, values in country_totals.by_locality(country, period.start.year, period.end.year).items():
            raw[locality_id].update(values)
    else:
        activities = (Activity._base_manager.filter(occurred_on__range=span, agreement__in=_agreements_with(country))
                      .order_by().values("locality_id"))
        for row in activities.annotate(n=Count("pk"), p=Sum("investment_pledged_usd"),
                                       d=Sum("investment_disbursed_usd"), a=Sum("aid_usd")):
            raw[row["locality_id"]].update(activities=Decimal(row["n"]), pledged=Decimal(row["p"] or 0),
                                           disbursed=Decimal(row["d"] or 0), aid=Decimal(row["a"] or 0))
    merged = defaultdict(lambda: defaultdict(Decimal))
    for locality_id, values in raw.items():
        today = today_of.get(locality_id, locality_id)
        for name, value in values.items():
            merged[today][name] += value
    # A province with only zeros (a delegation count filtered to nothing) is left out.
    return {k: dict(v) for k, v in merged.items() if any(v.values())}


def total(rows: dict) -> dict:
    """The national line: the sum over provinces of each figure."""
    sums = defaultdict(Decimal)
    for values in rows.values():
        for name, value in values.items():
            sums[name] += value
    return dict(sums)
