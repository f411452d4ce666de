"""Yearly totals per province and partner country kept current (`CountryYearTotal`), so that the list of
partner countries and a country's page over whole years and spans read a few rows instead of every
activity under the country's agreements (a five-year span of the largest partner is tens of thousands of
activities) and every link between agreements and partners (85,000 at national scale, per request).

An activity counts for a country when its agreement has a partner from there, once per country (the
definition of `partner_countries`), under the activity's province and year; an agreement counts the same
way under its own province and signing year: `signed`, and `in_force` while it is in force (the pages sum
`in_force` over the signing years up to the period's end); one in force whose signing date is unknown, under
the year it was entered here, in `in_force` only. The rows are kept equal to their
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
`rebuild()` and `differences()` serve `ngoaivu summaries --rebuild/--check`; the table's writes and reads
are `core.kept`'s.
"""
from decimal import Decimal

from django.db import connections
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from ngoaivu.core import kept, statements
from ngoaivu.core.kept import and_in, year_of

TITLE = "Tổng số theo năm và quốc gia đối tác"  # as `ngoaivu summaries` names it

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
SELECT a.id, a.locality_id, c.country, {year}, a.status, a.created_at
FROM agreements_agreement a
JOIN (SELECT DISTINCT ap.agreement_id, p.country FROM agreements_agreement_partners ap
      JOIN partners_partner p ON p.id = ap.partner_id WHERE p.country <> '' {links}) c ON c.agreement_id = a.id
WHERE (a.signed_on IS NOT NULL OR a.status = %s) {where}
"""


def _shares(where="", params=(), using=None) -> dict:
    """{(locality, country, year): figures} of the activities `where` selects (the agreements' figures at 0)."""
    conn = connections[using or "default"]
    with conn.cursor() as cursor:
        cursor.execute(_SHARES.format(year=year_of('occurred_on', conn), where=where), list(params))
        return {(loc, country, y): (int(n), int(p or 0), int(d or 0), int(a or 0), 0, 0)
                for loc, country, y, n, p, d, a in cursor.fetchall()}


def _agreement_rows(where="", params=(), links="", link_params=(), using=None) -> list[tuple]:
    """[(agreement, locality, country, signing year, status, dated)] of the agreements `where` selects, once
    per country of their partners (`links` limits the partner links read, for a few agreements). One in force
    whose signing date nobody knows (an old register's record) is there under the year it was entered here,
    not dated: it counts in force from that year (as in_force.py counts it), never as signed."""
    from ngoaivu.indicators.in_force import _entered_year
    conn = connections[using or "default"]
    with conn.cursor() as cursor:
        cursor.execute(_AGREEMENTS.format(year=year_of("a.signed_on", conn), where=where, links=links),
                       [*link_params, _in_force_status(), *params])
        return [(pk, loc, country, _entered_year(entered) if year is None else year, status, year is not None)
                for pk, loc, country, year, status, entered in cursor.fetchall()]


def _in_force_status():
    from ngoaivu.agreements.choices import AgreementStatus
    return str(AgreementStatus.IN_FORCE)


def _agreement_shares(rows) -> dict:
    """{(locality, country, year): figures} of these agreement rows (the activities' figures at 0)."""
    in_force, shares = _in_force_status(), {}
    for _pk, loc, country, y, status, dated in rows:
        signed, current = shares.get((loc, country, y), (0, 0))
        shares[(loc, country, y)] = (signed + dated, current + (status == in_force))
    return {key: (0, 0, 0, 0, signed, current) for key, (signed, current) in shares.items()}


def _of_agreement_ids(agreement_ids) -> dict:
    """The share of these agreements themselves (not their activities)."""
    if not agreement_ids:
        return {}
    where, params = and_in("a.id", agreement_ids)
    links, link_params = and_in("ap.agreement_id", agreement_ids)
    return _agreement_shares(_agreement_rows(where, params, links, link_params))


def recompute(locality_ids=None, using=None) -> dict:
    """The rows from the registers (of the activities and agreements of these provinces)."""
    if locality_ids is None:
        return kept.plus(_shares(using=using), _agreement_shares(_agreement_rows(using=using)))
    ids = {int(i) for i in locality_ids if i}
    return kept.plus(_shares(*and_in("locality_id", ids)), _agreement_shares(_agreement_rows(*and_in("a.locality_id", ids))))


def _of_agreements(agreement_ids) -> dict:
    """The share of these agreements and of their activities."""
    if not agreement_ids:
        return {}
    return kept.plus(_shares(*and_in("agreement_id", agreement_ids)), _of_agreement_ids(agreement_ids))


TABLE = kept.KeptTable("indicators_countryyeartotal", ("locality", "country", "year"),
                       ("activities", "pledged", "disbursed", "aid", "signed", "in_force"), recompute)
ZERO, stored, add, rebuild, differences = TABLE.zero, TABLE.stored, TABLE.add, TABLE.rebuild, TABLE.differences


def refresh_summaries(locality_ids) -> None:
    """Recompute the rows of these provinces, and of the provinces whose activities fall under these
    provinces' agreements (a bulk move of partner links changes those), after a bulk write."""
    from ngoaivu.implementation.models import Activity
    ids = {int(i) for i in locality_ids if i}
    if ids:
        TABLE.refresh(ids | set(Activity._base_manager.filter(agreement__locality_id__in=ids).order_by()
                                .values_list("locality_id", flat=True).distinct()))


def apply_changes(changes) -> None:
    """The sweep's changes [(agreement, (status, …) before, (status, …) after)]: the agreements entering or
    leaving force move `in_force` (their province, signing date and partners stay)."""
    in_force = _in_force_status()
    moved = {pk: (after[0] == in_force) - (before[0] == in_force) for pk, before, after in changes
             if (before[0] == in_force) != (after[0] == in_force)}
    ids = sorted(moved)
    deltas = {}
    for start in range(0, len(ids), kept.CHUNK):
        chunk = ids[start:start + kept.CHUNK]
        where, params = and_in("a.id", chunk)
        links, link_params = and_in("ap.agreement_id", chunk)
        for pk, loc, country, y, _status, _dated in _agreement_rows(where, params, links, link_params):
            deltas[(loc, country, y)] = deltas.get((loc, country, y), 0) + moved[pk]
    add({key: (0, 0, 0, 0, 0, n) for key, n in deltas.items() if n})


# --- reading --------------------------------------------------------------------------------------------

def by_locality(country, first_year, last_year) -> dict:
    """{locality_id: {activities, pledged, disbursed, aid}} of one country over the years (what
    `partner_countries.by_province` reads from the activities otherwise)."""
    from django.db.models import Sum

    from ngoaivu.indicators.models import CountryYearTotal
    # By statements built once (core.statements), here and in agreements_by_locality, run with the country
    # and the years: building and compiling them cost more than the database's work on a country's page.
    rows = statements.rows(("activities by locality",), lambda code, first, last: (
        CountryYearTotal.objects.filter(country=code, year__range=(first, last)).order_by()
        .values("locality").annotate(n=Sum("activities"), p=Sum("pledged"), d=Sum("disbursed"), a=Sum("aid"))
        .filter(n__gt=0).values_list("locality", "n", "p", "d", "a")), country, first_year, last_year)
    return {locality: {"activities": Decimal(n), "pledged": Decimal(p or 0), "disbursed": Decimal(d or 0),
                       "aid": Decimal(a or 0)} for locality, n, p, d, a in rows}


def _counts(rows, key) -> dict:
    """{key: {"signed", "in_force"}} of the grouped rows, a zero left out (as a register count of nothing)."""
    return _signed_in_force(rows.values_list(key, "s", "f"))


def _signed_in_force(rows) -> dict:
    """`_counts` of (key, signed, in force) rows."""
    result = {}
    for key, signed, in_force in rows:
        values = {name: Decimal(n) for name, n in (("signed", signed), ("in_force", in_force)) if n}
        if values:
            result[key] = values
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
    # The years as ranges: compared by <= with the small year column, a marker outside its range makes Django
    # write that nothing can match (by >=, leave the comparison out), and the statement would not be kept
    # (core.statements).
    return _signed_in_force(statements.rows(("agreements by locality",), lambda code, first, last: (
        CountryYearTotal.objects.filter(country=code, year__range=(0, last)).order_by().values("locality")
        .annotate(s=Sum("signed", filter=Q(year__range=(first, last))), f=Sum("in_force"))
        .values_list("locality", "s", "f")), country, first_year, last_year))


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
        add(kept.difference(getattr(instance, "_country_links_was", {}), _of_agreements(agreements)))


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
        add(kept.difference(instance._country_links_was, _of_agreements(agreements)))


def _partner_pre_delete(sender, instance, **kwargs):
    instance._country_agreements = _partner_agreements(instance.pk)
    instance._country_links_was = _of_agreements(instance._country_agreements)


def _partner_deleted(sender, instance, **kwargs):
    agreements = getattr(instance, "_country_agreements", set())
    if agreements:
        add(kept.difference(instance._country_links_was, _of_agreements(agreements)))


def connect():
    """Called once from IndicatorsConfig.ready()."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.implementation.models import Activity
    from ngoaivu.partners.models import Partner
    uid = "indicators.country_totals."
    # An activity's share, and an agreement's own (not its activities'): read before a delete, while the
    # agreement's partner links are there (the cascade removes them before the row's post_delete).
    kept.follow(Activity, _activity_share, add, uid=uid + "activity_")
    kept.follow(Agreement, lambda pk: _of_agreement_ids({pk}), add, uid=uid + "agreement_")
    m2m_changed.connect(_links_changed, sender=Agreement.partners.through, dispatch_uid=uid + "links")
    pre_save.connect(_partner_pre_save, sender=Partner, dispatch_uid=uid + "partner_pre_save")
    post_save.connect(_partner_saved, sender=Partner, dispatch_uid=uid + "partner_saved")
    pre_delete.connect(_partner_pre_delete, sender=Partner, dispatch_uid=uid + "partner_pre_delete")
    post_delete.connect(_partner_deleted, sender=Partner, dispatch_uid=uid + "partner_deleted")
