"""Yearly counts of delegations and conferences kept current (`ExchangeYearTotal`), so that the national
page and the partner countries' pages over whole years and spans read a few hundred rows instead of the
exchanges' registers (tens of thousands of delegations and their stops per request at national scale).

What is counted (the definitions of `computed` and `partner_countries`), cancelled records excluded, under
the record's own province and the year it starts; rows of `kind` delegation with a channel and no country
(every delegation of the channel, out and in: the national page, the channels) or with a country and no
channel (the delegations with a stop in the country, once per country, out and in); rows of kind conference
with neither.

The rows are kept equal to their recomputation, in the transaction of the change, by adding differences
(`core.kept`):
- a delegation or a conference saved or deleted through the ORM: its share before and after (signals);
- the exchanges' writes that send no signal (a status written by QuerySet.update — a cancellation, the
  sweep —, the stops replaced in bulk) run inside `core.summaries.records_written(...)`, which calls
  `records_before` here: the share of those records before, and the difference after;
- the register's bulk writes (`refresh_summaries`, `apply_changes`) move none of them.
`rebuild()` and `differences()` serve `ngoaivu summaries --rebuild/--check`.
"""
from collections import defaultdict
from decimal import Decimal

from django.db import connections
from django.db.models import Sum

from ngoaivu.core import kept, statements
from ngoaivu.core.kept import and_in, year_of
from ngoaivu.indicators.choices import ExchangeKind

TITLE = "Số đoàn ra, đoàn vào và hội nghị theo năm"  # as `ngoaivu summaries` names it


def _delegation_shares(where="", params=(), stops_where="", stops_params=(), using=None) -> dict:
    """{(locality, year, kind, channel, country): figures} of the delegations `where` selects (d.…), with
    their stops (`stops_where` limits the stops read, s.…)."""
    from ngoaivu.exchanges.choices import DelegationStatus, Direction
    conn = connections[using or "default"]
    with conn.cursor() as cursor:
        cursor.execute(f"SELECT d.id, d.locality_id, {year_of('d.start_date', conn)}, d.channel, d.direction "
                       f"FROM exchanges_delegation d WHERE d.status <> %s{where}",
                       [str(DelegationStatus.CANCELLED), *params])
        delegations = {pk: (loc, y, channel, direction) for pk, loc, y, channel, direction in cursor.fetchall()}
        cursor.execute("SELECT DISTINCT s.delegation_id, s.country FROM exchanges_delegationstop s "
                       f"WHERE s.country <> ''{stops_where}", list(stops_params))
        stops = cursor.fetchall()
    shares = defaultdict(lambda: [0, 0, 0])
    out, kind = str(Direction.OUTBOUND), str(ExchangeKind.DELEGATION)
    for loc, y, channel, direction in delegations.values():
        shares[(loc, y, kind, channel, "")][0 if direction == out else 1] += 1
    for pk, country in stops:
        if pk in delegations:
            loc, y, _channel, direction = delegations[pk]
            shares[(loc, y, kind, "", country)][0 if direction == out else 1] += 1
    return {key: tuple(values) for key, values in shares.items()}


def _conference_shares(where="", params=(), using=None) -> dict:
    from ngoaivu.exchanges.choices import ConferenceStatus
    conn = connections[using or "default"]
    kind = str(ExchangeKind.CONFERENCE)
    with conn.cursor() as cursor:
        year = year_of("c.start_date", conn)
        cursor.execute(f"SELECT c.locality_id, {year}, COUNT(*) FROM exchanges_conference c "
                       f"WHERE c.status <> %s{where} GROUP BY c.locality_id, {year}",
                       [str(ConferenceStatus.CANCELLED), *params])
        return {(loc, y, kind, "", ""): (0, 0, int(n)) for loc, y, n in cursor.fetchall()}


def _of(delegation_ids=(), conference_ids=()) -> dict:
    """The share of these delegations and conferences as the database holds them now."""
    shares = {}
    if delegation_ids:
        shares.update(_delegation_shares(*and_in("d.id", delegation_ids), *and_in("s.delegation_id", delegation_ids)))
    if conference_ids:
        shares = kept.plus(shares, _conference_shares(*and_in("c.id", conference_ids)))
    return shares


def recompute(locality_ids=None, using=None) -> dict:
    """The rows from the registers (of the delegations and conferences of these provinces)."""
    if locality_ids is None:
        return kept.plus(_delegation_shares(using=using), _conference_shares(using=using))
    ids = {int(i) for i in locality_ids if i}
    where, params = and_in("d.locality_id", ids)
    stops = (" AND s.delegation_id IN (SELECT d.id FROM exchanges_delegation d WHERE 1 = 1" + where + ")", params)
    return kept.plus(_delegation_shares(where, params, *stops), _conference_shares(*and_in("c.locality_id", ids)))


TABLE = kept.KeptTable("indicators_exchangeyeartotal", ("locality", "year", "kind", "channel", "country"),
                       ("delegations_out", "delegations_in", "conferences"), recompute)
ZERO, stored, add, rebuild, differences = TABLE.zero, TABLE.stored, TABLE.add, TABLE.rebuild, TABLE.differences

# The exchanges' writes that send no signal (`core.summaries.records_written`): what is read of the records
# of each model; the register's bulk writes and its sweep move no delegation or conference.
records_before = kept.records_before_of({"exchanges.Delegation": lambda ids: _of(delegation_ids=ids),
                                         "exchanges.Conference": lambda ids: _of(conference_ids=ids)}, add)
refresh_summaries = apply_changes = kept.moved_by_no_register_write

# --- reading --------------------------------------------------------------------------------------------

def _rows(first_year, last_year):
    from ngoaivu.indicators.models import ExchangeYearTotal
    return ExchangeYearTotal.objects.filter(year__range=(first_year, last_year)).order_by()


def _by_channel(first_year, last_year):
    """The delegations' rows per channel (the others are per country)."""
    return _rows(first_year, last_year).filter(kind=ExchangeKind.DELEGATION, country="")


def yearly(group, first_year, last_year) -> list[tuple]:
    """The kept rows of "delegations" or "conferences" for the years first..last: [(locality_id, year,
    *figures)] — (out, in) or (conferences,) — one statement however many periods a page sums from them."""
    def build(first, last):
        if group == "conferences":
            # country="" is every conference row's: written, it reads them through exchange_total_country_idx
            # (country, year) instead of every row of the years, the delegations' per-country rows too
            # (SQLite: 45,700 → 16,600 instructions for ten years at 50,000 agreements).
            return _rows(first, last).filter(kind=ExchangeKind.CONFERENCE, country="").values_list(
                "locality", "year").annotate(n=Sum("conferences"))
        return (_by_channel(first, last).values_list("locality", "year")
                .annotate(o=Sum("delegations_out"), i=Sum("delegations_in")))
    # Built once per group (core.statements) and run with the years: building it cost more than reading its
    # few hundred rows, twice a national page.
    return statements.rows(("indicators yearly exchanges", group), build, first_year, last_year)


def read(group, first_year, last_year, rows=None) -> dict:
    """What `computed._read` returns for "delegations" or "conferences" over the years: {figure:
    {locality_id: Decimal}}, only the provinces with a record in the span (as the grouped register query).
    `rows`: `yearly()` of a span holding these years."""
    sums = defaultdict(lambda: [0, 0])
    for locality, year, *figures in yearly(group, first_year, last_year) if rows is None else rows:
        if first_year <= year <= last_year:
            total = sums[locality]
            for i, value in enumerate(figures):
                total[i] += value or 0
    if group == "conferences":
        return {"conferences": {locality: Decimal(n) for locality, (n, _) in sums.items() if n > 0}}
    sums = {locality: total for locality, total in sums.items() if any(total)}
    return {"out": {locality: Decimal(o) for locality, (o, _i) in sums.items()},
            "inbound": {locality: Decimal(i) for locality, (_o, i) in sums.items()}}


def by_channel(first_year, last_year, locality_ids=None) -> dict:
    """{(channel, direction): delegations} over the years, of these provinces (None: national)."""
    from ngoaivu.exchanges.choices import Direction

    def build(first, last):
        kept = _by_channel(first, last)
        if locality_ids is not None:
            kept = kept.filter(locality__in=locality_ids)
        return kept.values_list("channel").annotate(o=Sum("delegations_out"), i=Sum("delegations_in"))
    if locality_ids is None:  # the national page's: built once (core.statements), run with the years
        rows = statements.rows(("indicators delegations by channel",), build, first_year, last_year)
    else:  # a province's list of keys (with its former provinces) varies: built each time
        rows = build(first_year, last_year)
    counts = defaultdict(int)
    for channel, out, inbound in rows:
        counts[(channel, str(Direction.OUTBOUND))] += out or 0
        counts[(channel, str(Direction.INBOUND))] += inbound or 0
    return counts


def _by(rows, key) -> dict:
    return _figures(_summed(rows, key))


def _summed(rows, key):
    """(key, delegations out, delegations in) of the rows grouped by `key`."""
    return rows.values(key).annotate(o=Sum("delegations_out"), i=Sum("delegations_in")).values_list(key, "o", "i")


def _figures(rows) -> dict:
    """{key: {"delegations_out", "delegations_in"}} of (key, out, in) rows, a zero left out."""
    result = {}
    for key, out, inbound in rows:
        values = {name: Decimal(n) for name, n in (("delegations_out", out), ("delegations_in", inbound)) if n}
        if values:
            result[key] = values
    return result


def delegations_by_country(first_year, last_year) -> dict:
    """{country: {"delegations_out", "delegations_in"}} over the years, every country (a zero left out)."""
    return _by(_rows(first_year, last_year).filter(kind=ExchangeKind.DELEGATION).exclude(country=""), "country")


def delegations_by_locality(country, first_year, last_year) -> dict:
    """{locality_id: {"delegations_out", "delegations_in"}} of one country over the years. By a statement
    built once (core.statements) and run with the country and the years: building and compiling it cost more
    than the database's work on a country's page."""
    return _figures(statements.rows(
        ("delegations by locality",), lambda code, first, last: _summed(
            _rows(first, last).filter(kind=ExchangeKind.DELEGATION, country=code), "locality"),
        country, first_year, last_year))


# --- receivers ------------------------------------------------------------------------------------------

def connect():
    """Called once from IndicatorsConfig.ready(): the ORM's writes of delegations and conferences."""
    from ngoaivu.exchanges.models import Conference, Delegation
    for model, kind in ((Delegation, "delegation_ids"), (Conference, "conference_ids")):
        kept.follow(model, lambda pk, kind=kind: _of(**{kind: {pk}}), add,
                    uid=f"indicators.exchange_totals.{model.__name__.lower()}_")
