"""The agreements in force per province and signing year, with their years of activity (`InForceYear`),
kept current so that the national page's "agreements in force", "active share" and "dormant" of whole
years and spans read a few thousand rows: counting them from the register joined with the kept active
years cost two ~50 ms queries per page at national scale, and grew with the register.

What an agreement adds (`_share`): nothing unless it is in force with a signing date; then 1 to (province,
signing year, 0, 0) and 1 to (province, signing year, Y, P) for each year Y with an activity, P its previous
such year (0: none). Read for the years A..B: in force = rows with year 0 and signing year <= B; active =
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
`rebuild()` and `differences()` serve `ngoaivu summaries --rebuild/--check`.
"""
from collections import defaultdict
from decimal import Decimal

from django.db import connection, connections, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

TITLE = "Thỏa thuận còn hiệu lực theo năm ký và năm có hoạt động"  # as `ngoaivu summaries` names it
TABLE = "indicators_inforceyear"
_UPSERT = (f"INSERT INTO {TABLE} (locality, signed, year, since, agreements) VALUES (%s, %s, %s, %s, %s) "
           "ON CONFLICT (locality, signed, year, since) DO UPDATE SET {sets}")
_ADD = f"agreements = {TABLE}.agreements + excluded.agreements"
_SET = "agreements = excluded.agreements"


def _in_force_status():
    from ngoaivu.agreements.choices import AgreementStatus
    return str(AgreementStatus.IN_FORCE)


def _year(column, conn):
    return (f"CAST(EXTRACT(YEAR FROM {column}) AS integer)" if conn.vendor == "postgresql"
            else f"CAST(strftime('%%Y', {column}) AS integer)")


def _share(locality, signed_on, status, years) -> dict:
    """{(locality, signing year, year, since): 1} of one agreement with these years of activity."""
    if status != _in_force_status() or signed_on is None:
        return {}
    locality, signed = int(locality or 0), signed_on.year
    share, since = {(locality, signed, 0, 0): 1}, 0
    for year in sorted(years):
        share[(locality, signed, year, since)] = 1
        since = year
    return share


def _in(column, ids) -> tuple[str, list]:
    ids = sorted(ids) or [-1]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", ids


def _years_of(agreement_ids) -> dict:
    """{agreement: {year: activities}} from the activities of these agreements."""
    found = defaultdict(dict)
    ids = sorted(agreement_ids)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):  # the databases' limit of parameters
            where, params = _in("agreement_id", ids[start:start + 500])
            cursor.execute(f"SELECT agreement_id, {_year('occurred_on', connection)}, COUNT(*) "
                           f"FROM implementation_activity WHERE {where} GROUP BY 1, 2", params)
            for agreement, year, n in cursor.fetchall():
                found[agreement][year] = n
    return found


def _recompute(where="", params=(), using=None) -> dict:
    """The rows from the registers, of the agreements `where` selects (SQL on agreements_agreement a)."""
    conn = connections[using or "default"]
    rows = defaultdict(int)
    sql = (f"SELECT a.id, a.locality_id, a.signed_on, {_year('x.occurred_on', conn)} FROM agreements_agreement a "
           "LEFT JOIN implementation_activity x ON x.agreement_id = a.id "
           f"WHERE a.status = %s AND a.signed_on IS NOT NULL {where} GROUP BY 1, 2, 3, 4 ORDER BY 1, 4")
    with conn.cursor() as cursor:
        cursor.execute(sql, [_in_force_status(), *params])
        current, years = None, []

        def flush():
            if current is not None:
                for key, n in _share(current[1], current[2], _in_force_status(), years).items():
                    rows[key] += n
        for pk, locality, signed_on, year in cursor.fetchall():
            if current is None or pk != current[0]:
                flush()
                current, years = (pk, locality, signed_on), []
            if year is not None:
                years.append(year)
        flush()
    return dict(rows)


def _localities_where(locality_ids) -> tuple[str, list]:
    ids = {int(i or 0) for i in locality_ids}
    real = sorted(i for i in ids if i)
    parts = [_in("a.locality_id", real)[0]] if real else []
    if 0 in ids:
        parts.append("a.locality_id IS NULL")
    return f"AND ({' OR '.join(parts) or '1 = 0'})", real


def recompute(locality_ids=None, using=None) -> dict:
    """{(locality, signing year, year, since): agreements} from the registers (of these provinces)."""
    if locality_ids is None:
        return _recompute(using=using)
    return _recompute(*_localities_where(locality_ids), using=using)


def stored(locality_ids=None) -> dict:
    """The rows as the same dict as `recompute` (rows at zero left out)."""
    sql, params = f"SELECT locality, signed, year, since, agreements FROM {TABLE} WHERE agreements <> 0", []
    if locality_ids is not None:
        where, params = _in("locality", {int(i or 0) for i in locality_ids})
        sql += " AND " + where
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(loc, signed, year, since): n for loc, signed, year, since, n in cursor.fetchall()}


def _upsert(sets, rows, using=None):
    if rows:
        with connections[using or "default"].cursor() as cursor:
            cursor.executemany(_UPSERT.format(sets=sets), rows)


def _difference(before: dict, after: dict) -> dict:
    deltas = defaultdict(int)
    for key, n in before.items():
        deltas[key] -= n
    for key, n in after.items():
        deltas[key] += n
    return {key: n for key, n in deltas.items() if n}


def add(deltas: dict) -> None:
    """Add the differences, keys sorted so that two transactions lock shared rows in the same order."""
    with transaction.atomic():
        _upsert(_ADD, sorted((*key, n) for key, n in deltas.items() if n))


def refresh_summaries(locality_ids) -> None:
    """Recompute every row of these provinces (ids; None or 0: the centre's agreements) after a bulk write
    the signals did not see. The rows are locked first, so a concurrent `add` lands after this."""
    ids = {int(i or 0) for i in locality_ids}
    if not ids:
        return
    # And the provinces of the agreements these provinces' activities belong to (a bulk move of activities
    # to another province's agreement changes that agreement's years), as the active years are refreshed.
    from ngoaivu.implementation.models import Activity
    real = [i for i in ids if i]
    ids |= {int(i or 0) for i in Activity._base_manager.filter(locality_id__in=real).exclude(agreement=None)
            .order_by().values_list("agreement__locality_id", flat=True).distinct()}
    ids = sorted(ids)
    where, params = _in("locality", ids)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {TABLE} WHERE {where} ORDER BY id{lock}", params)
        fresh = recompute(ids)
        cursor.execute(f"DELETE FROM {TABLE} WHERE {where}", params)
        _upsert(_SET, sorted((*key, n) for key, n in fresh.items()))


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
    for start in range(0, len(ids), 500):
        facts.update({pk: (loc, signed) for pk, loc, signed in Agreement._base_manager.filter(
            pk__in=ids[start:start + 500]).values_list("pk", "locality_id", "signed_on")})
    years = _years_of(ids)
    deltas = defaultdict(int)
    for pk, (was, now) in moved.items():
        if pk not in facts:
            continue
        locality, signed_on = facts[pk]
        active = [y for y, n in years.get(pk, {}).items() if n]
        for key, n in _difference(_share(locality, signed_on, was, active),
                                  _share(locality, signed_on, now, active)).items():
            deltas[key] += n
    add(deltas)


def rebuild(using=None) -> int:
    """Every row recomputed from the registers (the command's --rebuild; the migration)."""
    fresh = recompute(using=using)
    with transaction.atomic(using=using), connections[using or "default"].cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        _upsert(_SET, sorted((*key, n) for key, n in fresh.items()), using)
    return len(fresh)


def differences(locality_ids=None) -> list[tuple]:
    """[(locality, signing year, year, since, stored, recomputed)] wherever the two disagree."""
    have, want = stored(locality_ids), recompute(locality_ids)
    return [(*key, have.get(key, 0), want.get(key, 0))
            for key in sorted(set(have) | set(want)) if have.get(key, 0) != want.get(key, 0)]


# --- reading --------------------------------------------------------------------------------------------

def read(first_year: int, last_year: int) -> dict:
    """What `computed._read("in_force", …)` returns for the years first..last: {"in_force": {locality_id
    (None: the centre): Decimal}, "active": {…}}, the provinces with an agreement in force."""
    in_force, active = {}, {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT locality, SUM(CASE WHEN year = 0 THEN agreements ELSE 0 END), "
            f"SUM(CASE WHEN year = 0 THEN 0 ELSE agreements END) FROM {TABLE} "
            "WHERE signed <= %s AND (year = 0 OR (year BETWEEN %s AND %s AND since < %s)) GROUP BY locality",
            [last_year, first_year, last_year, first_year])
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
        for start in range(0, len(ids), 500):
            where, params = _in("agreement", ids[start:start + 500])
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
        for key, n in _difference(_share(*facts, before.get(pk, ())), _share(*facts, after.get(pk, ()))).items():
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


_AGREEMENT_FIELDS = ("locality_id", "signed_on", "status")


def _agreement_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._in_force_was = None
    instance._in_force_skip = update_fields is not None and not {"locality", "signed_on", "status"} & set(update_fields)
    if raw or instance.pk is None or instance._in_force_skip:
        return
    instance._in_force_was = sender._base_manager.filter(pk=instance.pk).values_list(*_AGREEMENT_FIELDS).first()


def _agreement_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw or getattr(instance, "_in_force_skip", False):
        return
    was = getattr(instance, "_in_force_was", None) or (None, None, None)
    now = tuple(getattr(instance, name) for name in _AGREEMENT_FIELDS)
    if not _share(*was, ()) and not _share(*now, ()):
        return  # in force neither before nor after
    years = [] if created else [y for y, n in _years_of([instance.pk]).get(instance.pk, {}).items() if n]
    add(_difference(_share(*was, years), _share(*now, years)))


def _agreement_deleted(sender, instance, **kwargs):
    facts = tuple(getattr(instance, name) for name in _AGREEMENT_FIELDS)
    if _share(*facts, ()):
        # Its activities went first by cascade (each took its year away): what is left is the agreement.
        years = [y for y, n in _years_of([instance.pk]).get(instance.pk, {}).items() if n]
        add(_difference(_share(*facts, years), {}))


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
