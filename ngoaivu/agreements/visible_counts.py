"""How many agreements each province owns with each visibility (`VisibleCount`), kept current so that the
register's unfiltered list shows its exact total without counting the rows its reader sees: a province's
COUNT read its ~5,000 agreements (5 ms of the database at national scale, and growing with the register);
the centre's all 50,000. The total itself is assembled by the one scoping mechanism
(core.scoping.ScopedQuerySet.visible_count), which reads these rows for its owner and visibility arms.

Kept equal to its recomputation, in the transaction of the change:
- an agreement created, saved with another province or visibility, deleted (ORM signals): 1 added to its
  (province, visibility) after and taken from the one before (an upsert that adds);
- the bulk writes that bypass signals (imports, the partners' merge) call
  `ngoaivu.core.summaries.refresh_summaries(locality_ids)`: this module is registered there as a keeper and
  recomputes those provinces' rows;
- the sweep's and the steps' changes of status (`apply_changes`) move no row: status is not part of the key.
`rebuild()` and `differences()` serve `ngoaivu summaries --rebuild/--check`.
"""
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from ngoaivu.core import summaries as core_summaries

TITLE = "Số thỏa thuận theo tỉnh và phạm vi xem"  # as `ngoaivu summaries` names it
TABLE = "agreements_visiblecount"
_UPSERT = (f"INSERT INTO {TABLE} (locality, visibility, agreements) VALUES (%s, %s, %s) "
           "ON CONFLICT (locality, visibility) DO UPDATE SET {sets}")
_ADD = f"agreements = {TABLE}.agreements + excluded.agreements"
_SET = "agreements = excluded.agreements"


def kept_counts() -> dict:
    """{(locality id, 0 for the centre; visibility): agreements}, rows of zero left out: what
    core.scoping's `visible_count` reads."""
    return stored()


def stored(locality_ids=None) -> dict:
    return {key: values[0] for key, values in
            core_summaries.stored_rows(TABLE, "visibility", ("agreements",), locality_ids).items()}


def recompute(locality_ids=None) -> dict:
    """The same dict counted from the register itself."""
    sql, params = ("SELECT COALESCE(locality_id, 0), visibility, COUNT(*) FROM agreements_agreement {where} "
                   "GROUP BY COALESCE(locality_id, 0), visibility"), []
    where = ""
    if locality_ids is not None:
        ids = sorted({int(i or 0) for i in locality_ids})
        real = [i for i in ids if i]
        parts = [f"locality_id IN ({', '.join(['%s'] * len(real))})"] if real else []
        if 0 in ids:
            parts.append("locality_id IS NULL")
        where, params = f"WHERE {' OR '.join(parts) or '1 = 0'}", real
    with connection.cursor() as cursor:
        cursor.execute(sql.format(where=where), params)
        return {(int(locality), visibility): int(n) for locality, visibility, n in cursor.fetchall() if n}


def _write(sets, rows):
    # Sorted keys: two transactions adding to the same rows lock them in the same order (no deadlock).
    rows = sorted(rows)
    if rows:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(_UPSERT.format(sets=sets), rows)


def add(moves: dict) -> None:
    """Add {(locality, visibility): difference} to the kept rows."""
    _write(_ADD, [(int(locality or 0), str(visibility), n) for (locality, visibility), n in moves.items() if n])


def refresh_summaries(locality_ids) -> None:
    """Recompute the rows of these provinces (ids; None or 0 for the centre's agreements). The existing
    rows are locked first, so a concurrent addition lands after this."""
    ids = sorted({int(i or 0) for i in locality_ids})
    if not ids:
        return
    marks = ", ".join(["%s"] * len(ids))
    with transaction.atomic(), connection.cursor() as cursor:
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        cursor.execute(f"SELECT id FROM {TABLE} WHERE locality IN ({marks}) ORDER BY id{lock}", ids)
        fresh = recompute(ids)
        cursor.execute(f"DELETE FROM {TABLE} WHERE locality IN ({marks})", ids)
    _write(_SET, [(*key, n) for key, n in fresh.items()])


def apply_changes(changes) -> None:
    """The sweep's changes of status, health and overdue commitments: none is part of the key."""


def rebuild() -> int:
    """Every row recomputed from the register (the command's --rebuild). Returns the number of rows."""
    with transaction.atomic():
        fresh = recompute()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")
        _write(_SET, [(*key, n) for key, n in fresh.items()])
    return len(fresh)


def differences(locality_ids=None) -> list[tuple]:
    """[(locality, visibility, stored, recomputed)] wherever the two disagree."""
    have, want = stored(locality_ids), recompute(locality_ids)
    return [(key[0], key[1], have.get(key, 0), want.get(key, 0))
            for key in sorted(set(have) | set(want)) if have.get(key, 0) != want.get(key, 0)]


# --- receivers: every ORM write that can move a count ---------------------------------------------------

def _key(sender, pk):
    """(locality, visibility) of the agreement as the database holds it now, or None."""
    return sender._base_manager.filter(pk=pk).values_list("locality_id", "visibility").first()


def _pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or (update_fields is not None
                                      and not {"locality", "locality_id", "visibility"} & set(update_fields)):
        instance._visible_count_was = None
        return
    instance._visible_count_was = _key(sender, instance.pk)


def _saved(sender, instance, raw=False, created=False, update_fields=None, **kwargs):
    if raw:
        return
    was = getattr(instance, "_visible_count_was", None)
    if not created and was is None:
        return  # neither column written (or a row that was not there before the save: none to move)
    now = (instance.locality_id, instance.visibility)
    if was is not None and (int(was[0] or 0), str(was[1])) == (int(now[0] or 0), str(now[1])):
        return
    moves = {now: 1}
    if was is not None:
        moves[was] = moves.get(was, 0) - 1
    add(moves)


def _pre_delete(sender, instance, **kwargs):
    instance._visible_count_was = _key(sender, instance.pk)


def _deleted(sender, instance, **kwargs):
    was = getattr(instance, "_visible_count_was", None)
    if was is not None:
        add({was: -1})


def connect():
    """Called once from AgreementsConfig.ready()."""
    from ngoaivu.agreements.models import Agreement
    pre_save.connect(_pre_save, sender=Agreement, dispatch_uid="visible_counts.pre_save")
    post_save.connect(_saved, sender=Agreement, dispatch_uid="visible_counts.saved")
    pre_delete.connect(_pre_delete, sender=Agreement, dispatch_uid="visible_counts.pre_delete")
    post_delete.connect(_deleted, sender=Agreement, dispatch_uid="visible_counts.deleted")
