"""The agreements in force per province and signing year, with their years of activity (`InForceYear`),
kept current so that the national page's "agreements in force", "active share" and "dormant" of whole
years and spans read a few thousand rows: counting them from the register joined with the kept active
years cost two ~50 ms queries per page at national scale, and grew with the register.

What an agreement adds (`_share`): nothing unless it is in force; then 1 to (province,
signing year, 0, 0) and 1 to (province, signing year, Y, P) for each year Y with an activity, P its previous
such year (0: none); of one whose signing date is unknown, the year it was entered here. Read for the years A..B: in force = rows with year 0 and signing year <= B; active =
rows with A <= Y <= B, P < A and signing year <= B (each agreement active in the span has exactly one such
row: its first active year in the span). A count per year would not do: an agreement active in two years
of a span must count once.

Kept equal to its recomputation, in the transaction of the change, by adding the difference of the
agreements' shares (an upsert that adds):
- an activity created, edited (year or agreement), deleted, also by an agreement's cascade: `totals.add`,
  which keeps the agreements' active years one activity at a time, hands over the agreements' years before
  and after its write (`active_years_moved`), and their shares before and after are added; the
  agreement's row is locked in the activity's pre_save/pre_delete, before any kept row (FOR NO KEY UPDATE:
  it does not conflict with the key-share locks of the activities' foreign keys), so that two writes to the
  activities of one agreement read each other's result;
- an agreement created, edited (status, signing date, province), deleted: its share before and after;
- the sweep's changes of status (`apply_changes`): the agreements entering or leaving force;
- the bulk writes that bypass signals (imports, the partners' merge, status refreshes by update()) call
  `ngoaivu.core.summaries.refresh_summaries(locality_ids)`: this module is registered there as a keeper and
  recomputes those provinces' rows.
`rebuild()` and `differences()` serve `ngoaivu summaries --rebuild/--check`; the table's writes and reads
are `core.kept`'s.
"""
import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import connection, connections
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from ngoaivu.core import kept
from ngoaivu.core.kept import in_list, localities_where, year_of

TITLE = "Thỏa thuận còn hiệu lực theo năm ký và năm có hoạt động"  # as `ngoaivu summaries` names it


def _in_force_status():
    from ngoaivu.agreements.choices import AgreementStatus
    return str(AgreementStatus.IN_FORCE)


def _entered_year(created_at) -> int | None:
    """The local year of an agreement's entry in the register (a raw SQLite row gives it as text, in UTC)."""
    if created_at is None:
        return None
    if isinstance(created_at, str):
        from django.utils.dateparse import parse_datetime
        created_at = parse_datetime(created_at)
    if timezone.is_naive(created_at):
        created_at = timezone.make_aware(created_at, datetime.timezone.utc)
    return timezone.localtime(created_at).year


def _share(locality, signed_on, status, created_at, years) -> dict:
    """{(locality, signing year, year, since): 1} of one agreement with these years of activity. One in force
    whose signing date nobody knows (an old register's record) was signed by the time it was entered here: it
    counts from the year of its entry (in force today, it was missing from the current year's count)."""
    if status != _in_force_status():
        return {}
    signed = signed_on.year if signed_on is not None else _entered_year(created_at)
    if signed is None:
        return {}
    locality = int(locality or 0)
    share, since = {(locality, signed, 0, 0): 1}, 0
    for year in sorted(years):
        share[(locality, signed, year, since)] = 1
        since = year
    return share


def _years_of(agreement_ids) -> dict:
    """{agreement: {year: activities}} from the activities of these agreements."""
    found = defaultdict(dict)
    ids = sorted(agreement_ids)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), kept.CHUNK):
            where, params = in_list("agreement_id", ids[start:start + kept.CHUNK])
            cursor.execute(f"SELECT agreement_id, {year_of('occurred_on', connection)}, COUNT(*) "
                           f"FROM implementation_activity WHERE {where} GROUP BY 1, 2", params)
            for agreement, year, n in cursor.fetchall():
                found[agreement][year] = n
    return found


def _recompute(where="", params=(), using=None) -> dict:
    """The rows from the registers, of the agreements `where` selects (SQL on agreements_agreement a)."""
    conn = connections[using or "default"]
    rows = defaultdict(int)
    sql = (f"SELECT a.id, a.locality_id, a.signed_on, a.created_at, {year_of('x.occurred_on', conn)} "
           "FROM agreements_agreement a LEFT JOIN implementation_activity x ON x.agreement_id = a.id "
           f"WHERE a.status = %s {where} GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 5")
    with conn.cursor() as cursor:
        cursor.execute(sql, [_in_force_status(), *params])
        current, years = None, []

        def flush():
            if current is not None:
                for key, n in _share(current[1], current[2], _in_force_status(), current[3], years).items():
                    rows[key] += n
        for pk, locality, signed_on, created_at, year in cursor.fetchall():
            if current is None or pk != current[0]:
                flush()
                current, years = (pk, locality, signed_on, created_at), []
            if year is not None:
                years.append(year)
        flush()
    return dict(rows)


def recompute(locality_ids=None, using=None) -> dict:
    """{(locality, signing year, year, since): agreements} from the registers (of these provinces)."""
    return _recompute(*localities_where("a.locality_id", locality_ids), using=using)


TABLE = kept.KeptTable("indicators_inforceyear", ("locality", "signed", "year", "since"), ("agreements",), recompute)
stored, add, rebuild, differences = TABLE.stored, TABLE.add, TABLE.rebuild, TABLE.differences


def refresh_summaries(locality_ids) -> None:
    """Recompute every row of these provinces (ids; None or 0: the centre's agreements) after a bulk write
    the signals did not see; and of the provinces of the agreements these provinces' activities belong to
    (a bulk move of activities to another province's agreement changes that agreement's years), as the
    active years are refreshed."""
    from ngoaivu.implementation.models import Activity
    ids = {int(i or 0) for i in locality_ids}
    if ids:
        real = [i for i in ids if i]
        TABLE.refresh(ids | {int(i or 0) for i in Activity._base_manager.filter(locality_id__in=real).exclude(
            agreement=None).order_by().values_list("agreement__locality_id", flat=True).distinct()})


def apply_changes(changes) -> None:
    """The sweep's changes [(agreement, (status, …) before, (status, …) after)]: the agreements entering or
    leaving force (their province and signing date stay)."""
    from ngoaivu.agreements.models import Agreement
    in_force = _in_force_status()
    moved = {pk: (before[0], after[0]) for pk, before, after in changes
             if (before[0] == in_force) != (after[0] == in_force)}
    if not moved:
        return
    ids = sorted(moved)
    facts = {}
    for start in range(0, len(ids), kept.CHUNK):
        facts.update({pk: (loc, signed, entered) for pk, loc, signed, entered in Agreement._base_manager.filter(
            pk__in=ids[start:start + kept.CHUNK]).values_list("pk", "locality_id", "signed_on", "created_at")})
    years = _years_of(ids)
    deltas = defaultdict(int)
    for pk, (was, now) in moved.items():
        if pk not in facts:
            continue
        locality, signed_on, entered = facts[pk]
        active = [y for y, n in years.get(pk, {}).items() if n]
        for key, n in kept.difference(_share(locality, signed_on, was, entered, active),
                                      _share(locality, signed_on, now, entered, active)).items():
            deltas[key] += n
    add(deltas)


# --- reading --------------------------------------------------------------------------------------------

def read(first_year: int, last_year: int) -> dict:
    """What `computed._read("in_force", …)` returns for the years first..last: {"in_force": {locality_id
    (None: the centre): Decimal}, "active": {…}}, the provinces with an agreement in force."""
    in_force, active = {}, {}
    # Two arms, each a range of in_force_year_idx (year first, every column read in it): written as one OR,
    # both databases read the whole table (11,600 rows at 50,000 agreements, half of them at 5,000), where
    # the arms read the in-force rows and the span's years (1,400 rows for a year; bench/RESULTS.md).
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT locality, SUM(n), SUM(a) FROM (SELECT locality, agreements AS n, 0 AS a FROM {TABLE.table} "
            "WHERE year = 0 AND signed <= %s UNION ALL SELECT locality, 0, agreements FROM "
            f"{TABLE.table} WHERE year BETWEEN %s AND %s AND since < %s AND signed <= %s) rows GROUP BY locality",
            [last_year, first_year, last_year, first_year, last_year])
        for locality, n, a in cursor.fetchall():
            if n:
                in_force[locality or None] = Decimal(n)
                active[locality or None] = Decimal(a or 0)
    return {"in_force": in_force, "active": active}


# --- receivers ------------------------------------------------------------------------------------------

def _lock(agreement_ids) -> None:
    """Lock these agreements' rows for the rest of the transaction (PostgreSQL), before an activity's write
    touches any kept row: two writes to the activities of one agreement then read each other's result, and
    the locks are taken in the order the register's own writes take them (agreement first). FOR NO KEY
    UPDATE does not conflict with the key-share locks of the activities' foreign keys."""
    from ngoaivu.agreements.models import Agreement
    ids = sorted(i for i in agreement_ids if i is not None)
    if ids and connection.features.has_select_for_update and connection.in_atomic_block:
        list(Agreement._base_manager.filter(pk__in=ids).order_by("pk").select_for_update(
            no_key=connection.features.has_select_for_no_key_update).values_list("pk", flat=True))


def active_years(agreement_ids) -> dict:
    """{agreement: {years with an activity}} as the kept active years (`totals.ActiveYear`) hold them."""
    found = defaultdict(set)
    ids = sorted(set(agreement_ids))
    with connection.cursor() as cursor:
        for start in range(0, len(ids), kept.CHUNK):
            where, params = in_list("agreement", ids[start:start + kept.CHUNK])
            cursor.execute(f"SELECT agreement, year FROM indicators_activeyear WHERE activities > 0 AND {where}", params)
            for agreement, year in cursor.fetchall():
                found[agreement].add(year)
    return found


def active_years_moved(before: dict, after: dict) -> None:
    """Called by `totals.add` around its write of the active years (every activity written through the
    ORM, one at a time, also by an agreement's cascade): the agreements whose years changed."""
    from ngoaivu.agreements.models import Agreement
    changed = sorted(pk for pk in set(before) | set(after) if before.get(pk, set()) != after.get(pk, set()))
    if not changed:
        return
    deltas = defaultdict(int)
    for pk, *facts in Agreement._base_manager.filter(pk__in=changed).values_list("pk", *_AGREEMENT_FIELDS):
        for key, n in kept.difference(_share(*facts, before.get(pk, ())), _share(*facts, after.get(pk, ()))).items():
            deltas[key] += n
    add(deltas)


def _activity_pre_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    old = None if instance.pk is None else sender._base_manager.filter(pk=instance.pk).values_list(
        "agreement_id", flat=True).first()
    _lock({old, instance.agreement_id})


def _activity_pre_delete(sender, instance, **kwargs):
    _lock({instance.agreement_id})


_AGREEMENT_FIELDS = ("locality_id", "signed_on", "status", "created_at")


def _agreement_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._in_force_was = None
    instance._in_force_skip = (update_fields is not None
                               and not {"locality", "locality_id", "signed_on", "status"} & set(update_fields))
    if raw or instance.pk is None or instance._in_force_skip:
        return
    instance._in_force_was = sender._base_manager.filter(pk=instance.pk).values_list(*_AGREEMENT_FIELDS).first()


def _agreement_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw or getattr(instance, "_in_force_skip", False):
        return
    was = getattr(instance, "_in_force_was", None) or (None,) * len(_AGREEMENT_FIELDS)
    # What the row holds now: a save with update_fields writes only part of what the instance holds.
    now = sender._base_manager.filter(pk=instance.pk).values_list(*_AGREEMENT_FIELDS).first()
    if not _share(*was, ()) and not _share(*now, ()):
        return  # in force neither before nor after
    years = [] if created else [y for y, n in _years_of([instance.pk]).get(instance.pk, {}).items() if n]
    add(kept.difference(_share(*was, years), _share(*now, years)))


def _agreement_deleted(sender, instance, **kwargs):
    facts = tuple(getattr(instance, name) for name in _AGREEMENT_FIELDS)
    if _share(*facts, ()):
        # Its activities went first by cascade (each took its year away): what is left is the agreement.
        years = [y for y, n in _years_of([instance.pk]).get(instance.pk, {}).items() if n]
        add(kept.difference(_share(*facts, years), {}))


def connect():
    """Called once from IndicatorsConfig.ready()."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.implementation.models import Activity
    uid = "indicators.in_force."
    # The activities' years reach this module through `totals.add` (active_years_moved); here, the lock.
    pre_save.connect(_activity_pre_save, sender=Activity, dispatch_uid=uid + "activity_pre_save")
    pre_delete.connect(_activity_pre_delete, sender=Activity, dispatch_uid=uid + "activity_pre_delete")
    pre_save.connect(_agreement_pre_save, sender=Agreement, dispatch_uid=uid + "agreement_pre_save")
    post_save.connect(_agreement_saved, sender=Agreement, dispatch_uid=uid + "agreement_saved")
    post_delete.connect(_agreement_deleted, sender=Agreement, dispatch_uid=uid + "agreement_deleted")
