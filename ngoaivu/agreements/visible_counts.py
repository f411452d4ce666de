"""How many agreements each province owns with each visibility (`VisibleCount`), kept current so that the
register's unfiltered list shows its exact total without counting the rows its reader sees: a province's
COUNT read its ~5,000 agreements (5 ms of the database at national scale, and growing with the register);
the centre's all 50,000. The total itself is assembled by the one scoping mechanism
(core.scoping.ScopedQuerySet.visible_count), which reads these rows for its owner and visibility arms.

Kept equal to its recomputation, in the transaction of the change (`core.kept`):
- an agreement created, saved with another province or visibility, deleted (ORM signals): its share
  before and after (a save whose update_fields name neither column reads nothing);
- the bulk writes that bypass signals (imports, the partners' merge) call
  `ngoaivu.core.summaries.refresh_summaries(locality_ids)`: this module is registered there as a keeper and
  recomputes those provinces' rows;
- the sweep's and the steps' changes of status (`apply_changes`) move no row: status is not part of the key.
`rebuild()` and `differences()` serve `ngoaivu summaries --rebuild/--check`.

The same per partner country (`CountryVisibleCount`, `by_country`): a mission reads the agreements with a
partner of its country, and counting those in the database read every one (Korea: ~9,600 at national
scale, 20 ms). Besides the agreement's own saves and deletes, an agreement's partners added or removed
(from either side) and a partner's new country or deletion move its rows: each is a difference of the
agreements' shares read before and after, in the transaction of the change. The bulk writes (imports, the
merge) refresh the provinces' rows through the same hook.
"""
from django.db import connection, connections
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from ngoaivu.core import kept

TITLE = "Số thỏa thuận theo tỉnh và phạm vi xem"  # as `ngoaivu summaries` names it


def _counted(where="", params=(), using=None) -> dict:
    """{(locality id, 0 for the centre; visibility): agreements} of the agreements `where` selects."""
    with connections[using or "default"].cursor() as cursor:
        cursor.execute("SELECT COALESCE(locality_id, 0), visibility, COUNT(*) FROM agreements_agreement "
                       f"WHERE 1 = 1 {where} GROUP BY COALESCE(locality_id, 0), visibility", list(params))
        return {(int(locality), visibility): int(n) for locality, visibility, n in cursor.fetchall() if n}


def recompute(locality_ids=None, using=None) -> dict:
    """The rows counted from the register (of these provinces; None or 0: the centre's agreements)."""
    return _counted(*kept.localities_where("locality_id", locality_ids), using=using)


TABLE = kept.KeptTable("agreements_visiblecount", ("locality", "visibility"), ("agreements",), recompute)
# stored(): {(locality id, 0 for the centre; visibility): agreements}, rows of zero left out, which
# core.scoping's `visible_count` reads.
stored, add = TABLE.stored, TABLE.add

# An agreement counts once per country of its partners (two Korean partners: one Korean agreement).
_BY_COUNTRY_SQL = """
SELECT COALESCE(a.locality_id, 0), p.country, a.visibility, COUNT(DISTINCT a.id)
FROM agreements_agreement a
JOIN agreements_agreement_partners ap ON ap.agreement_id = a.id
JOIN partners_partner p ON p.id = ap.partner_id
WHERE p.country <> '' {where}
GROUP BY COALESCE(a.locality_id, 0), p.country, a.visibility
"""


def _counted_by_country(where="", params=(), using=None) -> dict:
    """{(locality id, 0 for the centre; country; visibility): agreements} of the agreements `where` selects."""
    with connections[using or "default"].cursor() as cursor:
        cursor.execute(_BY_COUNTRY_SQL.format(where=where), list(params))
        return {(int(locality), country, visibility): int(n) for locality, country, visibility, n in cursor.fetchall()
                if n}


def recompute_by_country(locality_ids=None, using=None) -> dict:
    return _counted_by_country(*kept.localities_where("a.locality_id", locality_ids), using=using)


BY_COUNTRY = kept.KeptTable("agreements_countryvisiblecount", ("locality", "country", "visibility"),
                            ("agreements",), recompute_by_country)


def of_country(code) -> dict:
    """{(locality id, 0 for the centre; visibility): agreements} with a partner of this country, as
    core.scoping's `visible_count` reads them for a mission's country arm."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT locality, visibility, agreements FROM agreements_countryvisiblecount "
                       "WHERE country = %s AND agreements <> 0", [str(code)])
        return {(int(locality), visibility): int(n) for locality, visibility, n in cursor.fetchall()}


def _share_by_country(ids) -> dict:
    """These agreements' rows in `BY_COUNTRY`, as the database holds them now."""
    return _counted_by_country(*kept.and_in("a.id", ids)) if ids else {}


# What else is kept per partner country of agreements (another app's counts of their records): [(share of
# agreement ids, add)], moved by the receivers below as the register's own rows are.
_country_followers = [(_share_by_country, BY_COUNTRY.add)]


def follow_countries(share, add) -> None:
    """Keep another table per partner country current through the writes that move an agreement's countries
    (its partners added or removed from either side, a partner's new country or deletion): `share(agreement
    ids)` is what those agreements hold of it now, `add(deltas)` adds a difference."""
    if (share, add) not in _country_followers:
        _country_followers.append((share, add))


def _records_before(model, ids):
    """Every follower's share of these agreements read before a write; the returned callable adds each
    difference after it. The agreements' rows are locked first (PostgreSQL, inside the write's transaction):
    a record written under one of them meanwhile (its insert holds a key-share lock on its agreement) then
    lands wholly before or wholly after the change. Unlocked, an activity committed between the two readings
    was added under the old country by its own save and under the new one by the change's second reading
    (found by an outside review)."""
    from ngoaivu.agreements.models import Agreement
    if ids and connection.features.has_select_for_update and connection.in_atomic_block:
        list(Agreement._base_manager.select_for_update().filter(pk__in=ids).order_by("pk")
             .values_list("pk", flat=True))
    after = [kept.records_before_of({"agreements.Agreement": share}, add)(model, ids)
             for share, add in _country_followers]
    return lambda: [done() for done in after if done is not None]


# Both tables'; a country row's key names its country, a province row's does not.
refresh_summaries, rebuild, differences = kept.over_tables(TABLE, BY_COUNTRY)
apply_changes = kept.moved_by_no_status_change


# --- receivers: the writes that move an agreement's countries ----------------------------------------

def _partners_changing(sender, instance, action, reverse, pk_set=None, **kwargs):
    from ngoaivu.agreements.models import Agreement
    if action in ("pre_add", "pre_remove", "pre_clear"):
        if not reverse:
            ids = {instance.pk}
        elif action == "pre_clear":  # partner.agreements.clear(): the agreements linked before
            ids = set(Agreement._base_manager.filter(partners=instance).values_list("pk", flat=True))
        else:
            ids = set(pk_set or ())
        instance._kept_by_country = _records_before(Agreement, ids)
    elif action in ("post_add", "post_remove", "post_clear"):
        done = getattr(instance, "_kept_by_country", None)
        instance._kept_by_country = None
        if done is not None:
            done()


def _partner_agreements(partner) -> set:
    from ngoaivu.agreements.models import Agreement
    return set(Agreement._base_manager.filter(partners=partner).values_list("pk", flat=True))


def _partner_before_save(sender, instance, raw=False, **kwargs):
    # Read only when the country changes: a partner's other edits move nothing here.
    from ngoaivu.agreements.models import Agreement
    instance._kept_by_country = None
    if raw or instance.pk is None:
        return
    was = sender._base_manager.filter(pk=instance.pk).values_list("country", flat=True).first()
    if str(was or "") != str(instance.country or ""):
        instance._kept_by_country = _records_before(Agreement, _partner_agreements(instance))


def _partner_before_delete(sender, instance, **kwargs):
    # The links go by cascade, which sends no m2m_changed: the share is read while they are there.
    from ngoaivu.agreements.models import Agreement
    instance._kept_by_country = _records_before(Agreement, _partner_agreements(instance))


def _partner_written(sender, instance, raw=False, **kwargs):
    done = getattr(instance, "_kept_by_country", None)
    instance._kept_by_country = None
    if done is not None and not raw:
        done()


def connect():
    """Called once from AgreementsConfig.ready()."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.partners.models import Partner
    kept.follow(Agreement, lambda pk: _counted(*kept.and_in("id", {pk})), add,
                uid="agreements.visible_counts.", fields=("locality", "visibility"))
    kept.follow(Agreement, lambda pk: _share_by_country({pk}), BY_COUNTRY.add,
                uid="agreements.visible_counts.by_country.", fields=("locality", "visibility"))
    m2m_changed.connect(_partners_changing, sender=Agreement.partners.through,
                        dispatch_uid="agreements.visible_counts.partners")
    pre_save.connect(_partner_before_save, sender=Partner, dispatch_uid="agreements.visible_counts.partner_pre_save")
    post_save.connect(_partner_written, sender=Partner, dispatch_uid="agreements.visible_counts.partner_saved")
    pre_delete.connect(_partner_before_delete, sender=Partner,
                       dispatch_uid="agreements.visible_counts.partner_pre_delete")
    post_delete.connect(_partner_written, sender=Partner, dispatch_uid="agreements.visible_counts.partner_deleted")
