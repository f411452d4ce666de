"""The statistics layer: the national figures kept current instead of recomputed on every request.

What the national page, the province home panels and the per-country statement show is one function of
the register: for each agreement in force, its province, its health, its overdue commitments and the
countries of its partners. `Summary` holds that function's sums per province (country "") and per
province and partner country. It is kept equal to its recomputation from the source, in the transaction
of the change, by two mechanisms:

- `refresh_summaries(locality_ids)` recomputes the rows of a few provinces (a province's agreements, not
  the country's). Every ORM write that can move a figure calls it through the receivers at the bottom
  (an agreement saved or deleted, its partners changed, a partner's country changed or the partner
  deleted), and so do the bulk writes that bypass signals (import, refresh of status). Exposed for any
  other bulk write (the partners' merge).
- `apply_changes(changes)` adds the difference of many agreements' own figures (status, health,
  overdue) when their province and partners stay as they are: the sweep's steps, where every agreement
  of the country may change and recomputing every province per chunk would cost more than the writes.

`rebuild()` recomputes everything; `differences()` lists where the rows and the source disagree
(`ngoaivu summaries --rebuild/--check`, one command for every keeper). The table's writes and reads are
`core.kept`'s.
"""
from collections import defaultdict

from django.db import connections
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from ngoaivu.core import kept

TITLE = "Số liệu tổng hợp theo tỉnh và nước đối tác"  # as `ngoaivu summaries` names it

IN_FORCE = "in_force"

# Sums per province (country "") and per province and partner country. An agreement counts once per
# country: through its first partner of that country (NOT EXISTS on the (agreement, partner) unique index).
_PROVINCE_SQL = """
SELECT COALESCE(a.locality_id, 0), '', COUNT(*),
       SUM(CASE WHEN a.health = 'active' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.health = 'at_risk' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.health = 'dormant' THEN 1 ELSE 0 END),
       COALESCE(SUM(a.overdue_commitments), 0)
FROM agreements_agreement a
WHERE a.status = 'in_force' {where} GROUP BY a.locality_id
"""
_COUNTRY_SQL = """
SELECT COALESCE(a.locality_id, 0), p.country, COUNT(*),
       SUM(CASE WHEN a.health = 'active' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.health = 'at_risk' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.health = 'dormant' THEN 1 ELSE 0 END),
       COALESCE(SUM(a.overdue_commitments), 0)
FROM agreements_agreement a
JOIN agreements_agreement_partners ap ON ap.agreement_id = a.id
JOIN partners_partner p ON p.id = ap.partner_id
WHERE a.status = 'in_force' AND p.country <> '' {where}
  AND NOT EXISTS (SELECT 1 FROM agreements_agreement_partners ap2
                  JOIN partners_partner p2 ON p2.id = ap2.partner_id
                  WHERE ap2.agreement_id = a.id AND ap2.partner_id < ap.partner_id AND p2.country = p.country)
GROUP BY a.locality_id, p.country
"""


def recompute(locality_ids=None, using=None) -> dict:
    """{(locality, country): (in_force, active, at_risk, dormant, overdue)} from the register itself."""
    where, params = kept.localities_where("a.locality_id", locality_ids)
    result = {}
    with connections[using or "default"].cursor() as cursor:
        for sql in (_PROVINCE_SQL, _COUNTRY_SQL):
            cursor.execute(sql.format(where=where), params)
            for locality, country, *values in cursor.fetchall():
                result[(int(locality), country or "")] = tuple(int(v or 0) for v in values)
    return result


# PostgreSQL writes all rows in one statement from one array per column.
TABLE = kept.KeptTable("implementation_summary", ("locality", "country"),
                       ("in_force", "active", "at_risk", "dormant", "overdue"), recompute,
                       array_types=("integer", "varchar", "integer", "integer", "integer", "integer", "integer"))
ZERO, stored, refresh_summaries, differences = TABLE.zero, TABLE.stored, TABLE.refresh, TABLE.differences
rebuild = TABLE.rebuild  # after a restore; the migration


def figures(status, health, overdue) -> tuple:
    """One agreement's share of its rows."""
    if status != IN_FORCE:
        return ZERO
    return (1, int(health == "active"), int(health == "at_risk"), int(health == "dormant"), int(overdue or 0))


def apply_changes(changes) -> int:
    """Add the difference of agreements whose own figures changed while their province and partners did
    not: `changes` is [(agreement id, (status, health, overdue) before, the same after)]. Reads the
    province and partner countries of the changed ones (two queries per thousand) and writes one upsert
    per row touched, in the current transaction. Returns the number of rows touched."""
    moved = {}
    for pk, before, after in changes:
        old, new = figures(*before), figures(*after)
        if old != new:
            moved[pk] = tuple(n - o for n, o in zip(new, old))
    if not moved:
        return 0
    from ngoaivu.agreements.models import Agreement
    pks = sorted(moved)
    places, countries = {}, defaultdict(set)
    for start in range(0, len(pks), 900):
        chunk = pks[start:start + 900]
        # any_of: one array parameter on PostgreSQL (core.bulk), an IN list of at most 900 on SQLite
        places.update(Agreement._base_manager.filter(pk__any_of=chunk).values_list("pk", "locality_id"))
        through = Agreement.partners.through
        for agreement_id, country in (through.objects.filter(agreement_id__any_of=chunk)
                                      .exclude(partner__country="").values_list("agreement_id", "partner__country")):
            countries[agreement_id].add(country)
    sums = defaultdict(lambda: [0] * len(ZERO))
    for pk, delta in moved.items():
        if pk not in places:
            continue
        locality = places[pk] or 0
        for key in [(locality, "")] + [(locality, c) for c in countries[pk]]:
            row = sums[key]
            for i, d in enumerate(delta):
                row[i] += d
    return TABLE.add({key: tuple(values) for key, values in sums.items()})


# --- receivers: every ORM write that can move a figure ------------------------------------------------

def _agreement_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    # The province it leaves, when an edit moves it (its old province's rows change too).
    if raw or instance.pk is None or (
            update_fields is not None and not {"locality", "locality_id"} & set(update_fields)):
        instance._summary_was = None
        return
    instance._summary_was = (sender._base_manager.filter(pk=instance.pk).values_list("locality_id", flat=True)
                             .first())


def _agreement_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    refresh_summaries({instance.locality_id, getattr(instance, "_summary_was", None) or instance.locality_id})


def _agreement_deleted(sender, instance, **kwargs):
    refresh_summaries({instance.locality_id})


def _partners_changed(sender, instance, action, reverse, pk_set=None, **kwargs):
    from ngoaivu.agreements.models import Agreement
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        if action != "pre_clear":
            refresh_summaries({instance.locality_id})
        return
    # partner.agreements.add(...) / clear(): the agreements named, or (clear) those linked before.
    if action == "pre_clear":
        instance._summary_localities = set(Agreement._base_manager.filter(partners=instance)
                                           .values_list("locality_id", flat=True))
        return
    if action == "post_clear":
        localities = getattr(instance, "_summary_localities", set())
    else:
        localities = set(Agreement._base_manager.filter(pk__in=pk_set or ()).values_list("locality_id", flat=True))
    refresh_summaries(localities)


def _partner_localities(partner) -> set:
    from ngoaivu.agreements.models import Agreement
    return set(Agreement._base_manager.filter(partners=partner).values_list("locality_id", flat=True).distinct())


def _partner_pre_save(sender, instance, raw=False, **kwargs):
    instance._summary_country = None
    if raw or instance.pk is None:
        return
    instance._summary_country = sender._base_manager.filter(pk=instance.pk).values_list("country", flat=True).first()


def _partner_saved(sender, instance, raw=False, created=False, **kwargs):
    # A partner's new country moves its agreements from one country's rows to another's, in the
    # transaction of the change (partners.actions.update_partner is atomic).
    if raw or created or str(getattr(instance, "_summary_country", None) or "") == str(instance.country or ""):
        return
    refresh_summaries(_partner_localities(instance))


def _partner_pre_delete(sender, instance, **kwargs):
    # The links go by cascade, which sends no m2m_changed: remember whose figures they were.
    instance._summary_localities = _partner_localities(instance)


def _partner_deleted(sender, instance, **kwargs):
    refresh_summaries(getattr(instance, "_summary_localities", set()))


def connect():
    """Called once from ImplementationConfig.ready()."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.partners.models import Partner
    pre_save.connect(_agreement_pre_save, sender=Agreement, dispatch_uid="summaries.agreement_pre_save")
    post_save.connect(_agreement_saved, sender=Agreement, dispatch_uid="summaries.agreement_saved")
    post_delete.connect(_agreement_deleted, sender=Agreement, dispatch_uid="summaries.agreement_deleted")
    m2m_changed.connect(_partners_changed, sender=Agreement.partners.through, dispatch_uid="summaries.partners")
    pre_save.connect(_partner_pre_save, sender=Partner, dispatch_uid="summaries.partner_pre_save")
    post_save.connect(_partner_saved, sender=Partner, dispatch_uid="summaries.partner_saved")
    pre_delete.connect(_partner_pre_delete, sender=Partner, dispatch_uid="summaries.partner_pre_delete")
    post_delete.connect(_partner_deleted, sender=Partner, dispatch_uid="summaries.partner_deleted")
