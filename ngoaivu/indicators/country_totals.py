"""Yearly totals per province and partner country kept current (`CountryYearTotal`), so that the list of
partner countries and a country's page over whole years and spans read a few rows instead of every
activity under the country's agreements (a five-year span of the largest partner is tens of thousands of
activities) and every link between agreements and partners (85,000 at national scale, per request).

An activity counts for a country when its agreement has a partner from there, once per country (the
definition of `partner_countries`), under the activity's province and year; an agreement counts the same
way under its own province and signing year: `signed`, and `in_force` while it is in force (the pages sum
`in_force` over the signing years up to the period's end). The rows are kept equal to their
recomputation, in the transaction of the change, by adding differences (an upsert `x = x + excluded.x`):
- an activity created, edited, deleted (also by an agreement's cascade): its share before and after;
- an agreement created, edited (province, signing date, status), deleted: its share before and after;
- the sweep's changes of status (`apply_changes`): the agreements entering or leaving force;
- an agreement's partners added, removed or cleared, from either side: the share of that agreement and
  its activities before and after;
- a partner's country changed, or a partner deleted: the share of its agreements and their activities
  before and after;
- the bulk writes that bypass signals (the partners' merge moves links in bulk) call
  `ngoaivu.core.summaries.refresh_summaries(locality_ids)`: this module is registered there as a keeper
  and recomputes those provinces' rows.
`rebuild()` and `differences()` serve `ngoaivu summaries --rebuild/--check`.
"""
from decimal import Decimal

from django.db import connection, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

TITLE = "Tổng số theo năm và quốc gia đối tác"  # as `ngoaivu summaries` names it
TABLE = "indicators_countryyeartotal"
FIELDS = ("activities", "pledged", "disbursed", "aid", "signed", "in_force")
ZERO = (0,) * len(FIELDS)
_UPSERT = (f"INSERT INTO {TABLE} (locality, country, year, {', '.join(FIELDS)}) "
           f"VALUES ({', '.join(['%s'] * (3 + len(FIELDS)))}) "
           "ON CONFLICT (locality, country, year) DO UPDATE SET {sets}")
_ADD = ", ".join(f"{f} = {TABLE}.{f} + excluded.{f}" for f in FIELDS)
_SET = ", ".join(f"{f} = excluded.{f}" for f in FIELDS)

# The activities of agreements with a partner of a country, per (province, country, year); {where} limits
# the activities. The distinct (agreement, country) pairs make an agreement count once per country.
_SHARES = """
SELECT x.locality_id, c.country, x.y, COUNT(*), SUM(COALESCE(x.investment_pledged_usd, 0)),
       SUM(COALESCE(x.investment_disbursed_usd, 0)), SUM(COALESCE(x.aid_usd, 0))
FROM (SELECT locality_id, agreement_id, {year} AS y, investment_pledged_usd, investment_disbursed_usd, aid_usd
      FROM implementation_activity WHERE agreement_id IS NOT NULL {where}) x
JOIN (SELECT DISTINCT ap.agreement_id, p.country FROM agreements_agreement_partners ap
      JOIN partners_partner p ON p.id = ap.partner_id WHERE p.country <> '') c ON c.agreement_id = x.agreement_id
GROUP BY x.locality_id, c.country, x.y
"""
# The agreements with a partner of a country, once per (agreement, country); {where} limits the agreements.
_AGREEMENTS = """
SELECT a.id, a.locality_id, c.country, {year}, a.status
FROM agreements_agreement a
JOIN (SELECT DISTINCT ap.agreement_id, p.country FROM agreements_agreement_partners ap
      JOIN partners_partner p ON p.id = ap.partner_id WHERE p.country <> '' {links}) c ON c.agreement_id = a.id
WHERE a.signed_on IS NOT NULL {where}
"""


def _year_sql(conn, column="occurred_on"):
    return (f"CAST(EXTRACT(YEAR FROM {column}) AS integer)" if conn.vendor == "postgresql"
            else f"CAST(strftime('%%Y', {column}) AS integer)")


def _shares(where="", params=(), using=None) -> dict:
    """{(locality, country, year): figures} of the activities `where` selects (the agreements' figures at 0)."""
    conn = connections[using or "default"]
    with conn.cursor() as cursor:
        cursor.execute(_SHARES.format(year=_year_sql(conn), where=where), list(params))
        return {(loc, country, y): (int(n), int(p or 0), int(d or 0), int(a or 0), 0, 0)
                for loc, country, y, n, p, d, a in cursor.fetchall()}


def _agreement_rows(where="", params=(), links="", link_params=(), using=None) -> list[tuple]:
    """[(agreement, locality, country, signing year, status)] of the agreements `where` selects, once per
    country of their partners (`links` limits the partner links read, for a few agreements)."""
    conn = connections[using or "default"]
    with conn.cursor() as cursor:
        cursor.execute(_AGREEMENTS.format(year=_year_sql(conn, "a.signed_on"), where=where, links=links),
                       [*link_params, *params])
        return cursor.fetchall()


def _in_force_status():
    from ngoaivu.agreements.choices import AgreementStatus
    return str(AgreementStatus.IN_FORCE)


def _agreement_shares(rows) -> dict:
    """{(locality, country, year): figures} of these agreement rows (the activities' figures at 0)."""
    in_force, shares = _in_force_status(), {}
    for _pk, loc, country, y, status in rows:
        signed, current = shares.get((loc, country, y), (0, 0))
        shares[(loc, country, y)] = (signed + 1, current + (status == in_force))
    return {key: (0, 0, 0, 0, signed, current) for key, (signed, current) in shares.items()}


def _plus(*parts) -> dict:
    total = {}
    for part in parts:
        for key, values in part.items():
            have = total.get(key, ZERO)
            total[key] = tuple(a + b for a, b in zip(have, values))
    return total


def _of_agreement_ids(agreement_ids) -> dict:
    """The share of these agreements themselves (not their activities)."""
    if not agreement_ids:
        return {}
    where, params = _in("a.id", agreement_ids)
    links, link_params = _in("ap.agreement_id", agreement_ids)
    return _agreement_shares(_agreement_rows(where, params, links, link_params))


def _in(column, ids) -> tuple[str, list]:
    ids = sorted(ids) or [-1]
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", ids


def recompute(locality_ids=None, using=None) -> dict:
    """The rows from the registers (of the activities and agreements of these provinces)."""
    if locality_ids is None:
        return _plus(_shares(using=using), _agreement_shares(_agreement_rows(using=using)))
    ids = {int(i) for i in locality_ids if i}
    return _plus(_shares(*_in("locality_id", ids)), _agreement_shares(_agreement_rows(*_in("a.locality_id", ids))))


def _of_agreements(agreement_ids) -> dict:
    """The share of these agreements and of their activities."""
    if not agreement_ids:
        return {}
    return _plus(_shares(*_in("agreement_id", agreement_ids)), _of_agreement_ids(agreement_ids))


def stored(locality_ids=None) -> dict:
    sql, params = f"SELECT locality, country, year, {', '.join(FIELDS)} FROM {TABLE}", []
    if locality_ids is not None:
        where, params = _in("locality", {int(i) for i in locality_ids if i})
        sql += " WHERE 1 = 1" + where
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(loc, country, y): tuple(int(v) for v in values)
                for loc, country, y, *values in cursor.fetchall() if any(values)}


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


def refresh_summaries(locality_ids) -> None:
    """Recompute the rows of these provinces, and of the provinces whose activities fall under these
    provinces' agreements (a bulk move of partner links changes those), after a bulk write."""
    from ngoaivu.implementation.models import Activity
    ids = {int(i) for i in locality_ids if i}
    if not ids:
        return
    ids |= set(Activity._base_manager.filter(agreement__locality_id__in=ids).order_by()
               .values_list("locality_id", flat=True).distinct())
    where, params = _in("locality", ids)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {TABLE} WHERE 1 = 1{where} ORDER BY id{lock}", params)
        fresh = recompute(ids)
        cursor.execute(f"DELETE FROM {TABLE} WHERE 1 = 1{where}", params)
        _upsert(_SET, sorted((*key, *values) for key, values in fresh.items()))


def apply_changes(changes) -> None:
    """The sweep's changes [(agreement, (status, …) before, (status, …) after)]: the agreements entering or
    leaving force move `in_force` (their province, signing date and partners stay)."""
    in_force = _in_force_status()
    moved = {pk: (after[0] == in_force) - (before[0] == in_force) for pk, before, after in changes
             if (before[0] == in_force) != (after[0] == in_force)}
    ids = sorted(moved)
    deltas = {}
    for start in range(0, len(ids), 500):  # the databases' limit of parameters
        chunk = ids[start:start + 500]
        where, params = _in("a.id", chunk)
        links, link_params = _in("ap.agreement_id", chunk)
        for pk, loc, country, y, _status in _agreement_rows(where, params, links, link_params):
            deltas[(loc, country, y)] = deltas.get((loc, country, y), 0) + moved[pk]
    add({key: (0, 0, 0, 0, 0, n) for key, n in deltas.items() if n})


def rebuild(using=None) -> int:
    fresh = recompute(using=using)
    with transaction.atomic(using=using), connections[using or "default"].cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        _upsert(_SET, sorted((*key, *values) for key, values in fresh.items()), using)
    return len(fresh)


def differences(locality_ids=None) -> list[tuple]:
    """[(locality, country, year, stored, recomputed)] wherever the two disagree."""
    have, want = stored(locality_ids), recompute(locality_ids)
    return [(*key, have.get(key, ZERO), want.get(key, ZERO))
            for key in sorted(set(have) | set(want)) if have.get(key, ZERO) != want.get(key, ZERO)]


# --- reading --------------------------------------------------------------------------------------------

def by_locality(country, first_year, last_year) -> dict:
    """{locality_id: {activities, pledged, disbursed, aid}} of one country over the years (what
    `partner_countries.by_province` reads from the activities otherwise)."""
    from django.db.models import Sum

    from ngoaivu.indicators.models import CountryYearTotal
    rows = (CountryYearTotal.objects.filter(country=country, year__range=(first_year, last_year)).order_by()
            .values("locality").annotate(n=Sum("activities"), p=Sum("pledged"), d=Sum("disbursed"), a=Sum("aid"))
            .filter(n__gt=0))
    return {row["locality"]: {"activities": Decimal(row["n"]), "pledged": Decimal(row["p"] or 0),
                              "disbursed": Decimal(row["d"] or 0), "aid": Decimal(row["a"] or 0)} for row in rows}


def _counts(rows, key) -> dict:
    """{key: {"signed", "in_force"}} of the grouped rows, a zero left out (as a register count of nothing)."""
    result = {}
    for row in rows:
        values = {name: Decimal(row[k]) for name, k in (("signed", "s"), ("in_force", "f")) if row[k]}
        if values:
            result[row[key]] = values
    return result


def agreements_by_country(first_year, last_year) -> dict:
    """{country: {"signed": n, "in_force": n}} of the agreements signed over the years, and of those in
    force signed up to the last year, every country (the list of countries; a zero is left out)."""
    from django.db.models import Q, Sum

    from ngoaivu.indicators.models import CountryYearTotal
    rows = (CountryYearTotal.objects.filter(year__lte=last_year).order_by().values("country")
            .annotate(s=Sum("signed", filter=Q(year__gte=first_year)), f=Sum("in_force")))
    return _counts(rows, "country")


def agreements_by_locality(country, first_year, last_year) -> dict:
    """{locality_id: {"signed": n, "in_force": n}} of one country, as `agreements_by_country`."""
    from django.db.models import Q, Sum

    from ngoaivu.indicators.models import CountryYearTotal
    rows = (CountryYearTotal.objects.filter(country=country, year__lte=last_year).order_by().values("locality")
            .annotate(s=Sum("signed", filter=Q(year__gte=first_year)), f=Sum("in_force")))
    return _counts(rows, "locality")


def activities_by_country(first_year, last_year) -> dict:
    """{country: activities} over the years, every country (the list of countries)."""
    from django.db.models import Sum

    from ngoaivu.indicators.models import CountryYearTotal
    rows = (CountryYearTotal.objects.filter(year__range=(first_year, last_year)).order_by().values("country")
            .annotate(n=Sum("activities")).filter(n__gt=0))
    return {row["country"]: Decimal(row["n"]) for row in rows}


# --- receivers ------------------------------------------------------------------------------------------

def _activity_share(pk) -> dict:
    return _shares(" AND id = %s", [pk]) if pk is not None else {}


def _agreement_pre_save(sender, instance, raw=False, **kwargs):
    instance._country_was = {} if raw or instance.pk is None else _of_agreement_ids({instance.pk})


def _agreement_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        add(_difference(getattr(instance, "_country_was", {}), _of_agreement_ids({instance.pk})))


def _agreement_pre_delete(sender, instance, **kwargs):
    # Read while its partner links are there (the cascade removes them before this row's post_delete).
    instance._country_own_was = _of_agreement_ids({instance.pk})


def _agreement_deleted(sender, instance, **kwargs):
    add(_difference(getattr(instance, "_country_own_was", {}), {}))


def _activity_pre_save(sender, instance, raw=False, **kwargs):
    instance._country_was = {} if raw or instance.pk is None else _activity_share(instance.pk)


def _activity_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        add(_difference(getattr(instance, "_country_was", {}), _activity_share(instance.pk)))


def _activity_pre_delete(sender, instance, **kwargs):
    # Read before the cascade removes the agreement's partner links (they go before this row's post_delete).
    instance._country_was = _activity_share(instance.pk)


def _activity_deleted(sender, instance, **kwargs):
    add(_difference(getattr(instance, "_country_was", {}), {}))


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    from ngoaivu.agreements.models import Agreement
    if action not in ("pre_add", "pre_remove", "pre_clear", "post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        agreements = {instance.pk}
    elif action.startswith("pre_"):
        agreements = set(pk_set) if pk_set else set(
            Agreement._base_manager.filter(partners=instance).values_list("pk", flat=True))
        instance._country_agreements = agreements
    else:
        agreements = getattr(instance, "_country_agreements", set())
    if action.startswith("pre_"):
        instance._country_links_was = _of_agreements(agreements)
    else:
        add(_difference(getattr(instance, "_country_links_was", {}), _of_agreements(agreements)))


def _partner_agreements(partner_pk):
    from ngoaivu.agreements.models import Agreement
    return set(Agreement._base_manager.filter(partners=partner_pk).values_list("pk", flat=True))


def _partner_pre_save(sender, instance, raw=False, **kwargs):
    instance._country_agreements = set()
    if raw or instance.pk is None:
        return
    old = sender._base_manager.filter(pk=instance.pk).values_list("country", flat=True).first()
    if old is not None and str(old) != str(instance.country or ""):
        instance._country_agreements = _partner_agreements(instance.pk)
        instance._country_links_was = _of_agreements(instance._country_agreements)


def _partner_saved(sender, instance, raw=False, **kwargs):
    agreements = getattr(instance, "_country_agreements", set())
    if not raw and agreements:
        add(_difference(instance._country_links_was, _of_agreements(agreements)))


def _partner_pre_delete(sender, instance, **kwargs):
    instance._country_agreements = _partner_agreements(instance.pk)
    instance._country_links_was = _of_agreements(instance._country_agreements)


def _partner_deleted(sender, instance, **kwargs):
    agreements = getattr(instance, "_country_agreements", set())
    if agreements:
        add(_difference(instance._country_links_was, _of_agreements(agreements)))


def connect():
    """Called once from IndicatorsConfig.ready()."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.implementation.models import Activity
    from ngoaivu.partners.models import Partner
    uid = "indicators.country_totals."
    pre_save.connect(_activity_pre_save, sender=Activity, dispatch_uid=uid + "activity_pre_save")
    post_save.connect(_activity_saved, sender=Activity, dispatch_uid=uid + "activity_saved")
    pre_delete.connect(_activity_pre_delete, sender=Activity, dispatch_uid=uid + "activity_pre_delete")
    post_delete.connect(_activity_deleted, sender=Activity, dispatch_uid=uid + "activity_deleted")
    pre_save.connect(_agreement_pre_save, sender=Agreement, dispatch_uid=uid + "agreement_pre_save")
    post_save.connect(_agreement_saved, sender=Agreement, dispatch_uid=uid + "agreement_saved")
    pre_delete.connect(_agreement_pre_delete, sender=Agreement, dispatch_uid=uid + "agreement_pre_delete")
    post_delete.connect(_agreement_deleted, sender=Agreement, dispatch_uid=uid + "agreement_deleted")
    m2m_changed.connect(_links_changed, sender=Agreement.partners.through, dispatch_uid=uid + "links")
    pre_save.connect(_partner_pre_save, sender=Partner, dispatch_uid=uid + "partner_pre_save")
    post_save.connect(_partner_saved, sender=Partner, dispatch_uid=uid + "partner_saved")
    pre_delete.connect(_partner_pre_delete, sender=Partner, dispatch_uid=uid + "partner_pre_delete")
    post_delete.connect(_partner_deleted, sender=Partner, dispatch_uid=uid + "partner_deleted")
