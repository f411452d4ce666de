"""Yearly counts of delegations and conferences kept current (`ExchangeYearTotal`), so that the national
page and the partner countries' pages over whole years and spans read a few hundred rows instead of the
exchanges' registers (tens of thousands of delegations and their stops per request at national scale).

What is counted (the definitions of `computed` and `partner_countries`), cancelled records excluded, under
the record's own province and the year it starts; three kinds of row, told apart by which part of the
key is blank:
- (channel, country "")      every delegation of the channel, out and in (the national page, the channels);
- (channel "", country)      the delegations with a stop in the country, once per country, out and in;
- (channel "", country "")   the conferences.

The rows are kept equal to their recomputation, in the transaction of the change, by adding differences
(an upsert `x = x + excluded.x`):
- a delegation or a conference saved or deleted through the ORM: its share before and after (signals);
- the exchanges' writes that send no signal (a status written by QuerySet.update — a cancellation, the
  sweep —, the stops replaced in bulk) run inside `core.summaries.exchanges_written(...)`, which calls
  `exchanges_before` here: the share of those records before, and the difference after;
- the register's bulk writes (`refresh_summaries`, `apply_changes`) move none of them.
`rebuild()` and `differences()` serve `ngoaivu summaries --rebuild/--check`.
"""
from collections import defaultdict
from decimal import Decimal

from django.db import connection, connections, transaction
from django.db.models import Sum
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

TITLE = "Số đoàn ra, đoàn vào và hội nghị theo năm"  # as `ngoaivu summaries` names it
TABLE = "indicators_exchangeyeartotal"
KEY = ("locality", "year", "channel", "country")
FIELDS = ("delegations_out", "delegations_in", "conferences")
ZERO = (0, 0, 0)
_UPSERT = (f"INSERT INTO {TABLE} ({', '.join(KEY + FIELDS)}) VALUES ({', '.join(['%s'] * (len(KEY) + len(FIELDS)))}) "
           "ON CONFLICT (locality, year, channel, country) DO UPDATE SET {sets}")
_ADD = ", ".join(f"{f} = {TABLE}.{f} + excluded.{f}" for f in FIELDS)
_SET = ", ".join(f"{f} = excluded.{f}" for f in FIELDS)


def _year_sql(conn, column):
    return (f"CAST(EXTRACT(YEAR FROM {column}) AS integer)" if conn.vendor == "postgresql"
            else f"CAST(strftime('%%Y', {column}) AS integer)")


def _in(column, ids) -> tuple[str, list]:
    ids = sorted(ids) or [-1]
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", ids


def _delegation_shares(where="", params=(), stops_where="", stops_params=(), using=None) -> dict:
    """{(locality, year, channel, country): figures} of the delegations `where` selects (d.…), with their
    stops (`stops_where` limits the stops read, s.…)."""
    from ngoaivu.exchanges.choices import DelegationStatus, Direction
    conn = connections[using or "default"]
    with conn.cursor() as cursor:
        cursor.execute(f"SELECT d.id, d.locality_id, {_year_sql(conn, 'd.start_date')}, d.channel, d.direction "
                       f"FROM exchanges_delegation d WHERE d.status <> %s{where}",
                       [str(DelegationStatus.CANCELLED), *params])
        delegations = {pk: (loc, y, channel, direction) for pk, loc, y, channel, direction in cursor.fetchall()}
        cursor.execute("SELECT DISTINCT s.delegation_id, s.country FROM exchanges_delegationstop s "
                       f"WHERE s.country <> ''{stops_where}", list(stops_params))
        stops = cursor.fetchall()
    shares = defaultdict(lambda: [0, 0, 0])
    out = str(Direction.OUTBOUND)
    for loc, y, channel, direction in delegations.values():
        shares[(loc, y, channel, "")][0 if direction == out else 1] += 1
    for pk, country in stops:
        if pk in delegations:
            loc, y, _channel, direction = delegations[pk]
            shares[(loc, y, "", country)][0 if direction == out else 1] += 1
    return {key: tuple(values) for key, values in shares.items()}


def _conference_shares(where="", params=(), using=None) -> dict:
    from ngoaivu.exchanges.choices import ConferenceStatus
    conn = connections[using or "default"]
    with conn.cursor() as cursor:
        year = _year_sql(conn, "c.start_date")
        cursor.execute(f"SELECT c.locality_id, {year}, COUNT(*) FROM exchanges_conference c "
                       f"WHERE c.status <> %s{where} GROUP BY c.locality_id, {year}",
                       [str(ConferenceStatus.CANCELLED), *params])
        return {(loc, y, "", ""): (0, 0, int(n)) for loc, y, n in cursor.fetchall()}


def _of(delegation_ids=(), conference_ids=()) -> dict:
    """The share of these delegations and conferences as the database holds them now."""
    shares = {}
    if delegation_ids:
        shares.update(_delegation_shares(*_in("d.id", delegation_ids), *_in("s.delegation_id", delegation_ids)))
    if conference_ids:
        shares = _plus(shares, _conference_shares(*_in("c.id", conference_ids)))
    return shares


def _plus(*parts) -> dict:
    total = {}
    for part in parts:
        for key, values in part.items():
            total[key] = tuple(a + b for a, b in zip(total.get(key, ZERO), values))
    return total


def recompute(locality_ids=None, using=None) -> dict:
    """The rows from the registers (of the delegations and conferences of these provinces)."""
    if locality_ids is None:
        return _plus(_delegation_shares(using=using), _conference_shares(using=using))
    ids = {int(i) for i in locality_ids if i}
    where, params = _in("d.locality_id", ids)
    stops = (" AND s.delegation_id IN (SELECT d.id FROM exchanges_delegation d WHERE 1 = 1" + where + ")", params)
    return _plus(_delegation_shares(where, params, *stops), _conference_shares(*_in("c.locality_id", ids)))


def stored(locality_ids=None) -> dict:
    sql, params = f"SELECT {', '.join(KEY + FIELDS)} FROM {TABLE}", []
    if locality_ids is not None:
        where, params = _in("locality", {int(i) for i in locality_ids if i})
        sql += " WHERE 1 = 1" + where
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {tuple(row[:4]): tuple(int(v) for v in row[4:]) for row in cursor.fetchall() if any(row[4:])}


def _upsert(sets, rows, using=None):
    if rows:
        with connections[using or "default"].cursor() as cursor:
            cursor.executemany(_UPSERT.format(sets=sets), rows)


def _difference(before: dict, after: dict) -> dict:
    deltas = {}
    for sign, shares in ((-1, before), (1, after)):
        for key, values in shares.items():
            row = deltas.setdefault(key, [0] * len(FIELDS))
            for i, v in enumerate(values):
                row[i] += sign * v
    return {key: tuple(values) for key, values in deltas.items() if any(values)}


def add(deltas: dict) -> None:
    """Add the differences, keys sorted so that two transactions lock shared rows in the same order."""
    with transaction.atomic():
        _upsert(_ADD, sorted((*key, *values) for key, values in deltas.items()))


def exchanges_before(delegation_ids, conference_ids):
    """Read the share of these records before a write that sends no signal; the returned callable adds
    the difference after it (`core.summaries.exchanges_written`)."""
    before = _of(delegation_ids, conference_ids)
    return lambda: add(_difference(before, _of(delegation_ids, conference_ids)))


def refresh_summaries(locality_ids) -> None:
    """The register's bulk writes (agreements, partners) move no delegation or conference: nothing to do
    (the exchanges' own signal-less writes go through `exchanges_before`)."""


def apply_changes(changes) -> None:
    """The agreements' sweep moves no delegation or conference."""


def rebuild(using=None) -> int:
    fresh = recompute(using=using)
    with transaction.atomic(using=using), connections[using or "default"].cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        _upsert(_SET, sorted((*key, *values) for key, values in fresh.items()), using)
    return len(fresh)


def differences(locality_ids=None) -> list[tuple]:
    """[(locality, year, channel, country, stored, recomputed)] wherever the two disagree."""
    have, want = stored(locality_ids), recompute(locality_ids)
    return [(*key, have.get(key, ZERO), want.get(key, ZERO))
            for key in sorted(set(have) | set(want)) if have.get(key, ZERO) != want.get(key, ZERO)]


# --- reading --------------------------------------------------------------------------------------------

def _rows(first_year, last_year):
    from ngoaivu.indicators.models import ExchangeYearTotal
    return ExchangeYearTotal.objects.filter(year__range=(first_year, last_year)).order_by()


def read(group, first_year, last_year) -> dict:
    """What `computed._read` returns for "delegations" or "conferences" over the years: {figure:
    {locality_id: Decimal}}, only the provinces with a record in the span (as the grouped register query)."""
    if group == "conferences":
        rows = _rows(first_year, last_year).filter(channel="", country="").values("locality").annotate(
            n=Sum("conferences")).filter(n__gt=0)
        return {"conferences": {row["locality"]: Decimal(row["n"]) for row in rows}}
    rows = (_rows(first_year, last_year).exclude(channel="").filter(country="").values("locality")
            .annotate(o=Sum("delegations_out"), i=Sum("delegations_in")))
    rows = [row for row in rows if row["o"] or row["i"]]
    return {"out": {row["locality"]: Decimal(row["o"]) for row in rows},
            "inbound": {row["locality"]: Decimal(row["i"]) for row in rows}}


def by_channel(first_year, last_year, locality_ids=None) -> dict:
    """{(channel, direction): delegations} over the years, of these provinces (None: national)."""
    from ngoaivu.exchanges.choices import Direction
    rows = _rows(first_year, last_year).exclude(channel="").filter(country="")
    if locality_ids is not None:
        rows = rows.filter(locality__in=locality_ids)
    counts = defaultdict(int)
    for row in rows.values("channel").annotate(o=Sum("delegations_out"), i=Sum("delegations_in")):
        counts[(row["channel"], str(Direction.OUTBOUND))] += row["o"] or 0
        counts[(row["channel"], str(Direction.INBOUND))] += row["i"] or 0
    return counts


def _by(rows, key) -> dict:
    result = {}
    for row in rows.values(key).annotate(o=Sum("delegations_out"), i=Sum("delegations_in")):
        values = {name: Decimal(row[k]) for name, k in (("delegations_out", "o"), ("delegations_in", "i")) if row[k]}
        if values:
            result[row[key]] = values
    return result


def delegations_by_country(first_year, last_year) -> dict:
    """{country: {"delegations_out", "delegations_in"}} over the years, every country (a zero left out)."""
    return _by(_rows(first_year, last_year).filter(channel="").exclude(country=""), "country")


def delegations_by_locality(country, first_year, last_year) -> dict:
    """{locality_id: {"delegations_out", "delegations_in"}} of one country over the years."""
    return _by(_rows(first_year, last_year).filter(channel="", country=country), "locality")


# --- receivers ------------------------------------------------------------------------------------------

def _receivers(kind):
    def share(pk):
        return _of(**{kind: {pk}}) if pk is not None else {}

    def pre_save_(sender, instance, raw=False, **kwargs):
        instance._exchange_was = {} if raw or instance.pk is None else share(instance.pk)

    def saved(sender, instance, raw=False, **kwargs):
        if not raw:
            add(_difference(getattr(instance, "_exchange_was", {}), share(instance.pk)))

    def pre_delete_(sender, instance, **kwargs):
        # Read while its stops are there (the cascade removes them before this row's post_delete).
        instance._exchange_was = share(instance.pk)

    def deleted(sender, instance, **kwargs):
        add(_difference(getattr(instance, "_exchange_was", {}), {}))
    return pre_save_, saved, pre_delete_, deleted


def connect():
    """Called once from IndicatorsConfig.ready()."""
    from ngoaivu.exchanges.models import Conference, Delegation
    for model, kind in ((Delegation, "delegation_ids"), (Conference, "conference_ids")):
        uid = f"indicators.exchange_totals.{model.__name__.lower()}_"
        for signal, receiver, name in zip((pre_save, post_save, pre_delete, post_delete), _receivers(kind),
                                          ("pre_save", "saved", "pre_delete", "deleted")):
            signal.connect(receiver, sender=model, weak=False, dispatch_uid=uid + name)
