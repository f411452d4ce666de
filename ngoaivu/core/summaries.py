"""Where the register's bulk writes tell the statistics layer what they changed.

The summaries themselves (what they hold, how they are recomputed) live with their app
(ngoaivu.implementation.summaries, registered in its `ready()`); the register, the import, the partners'
merge and the sweep call these two functions in the transaction of their write, without importing it;
the exchanges wrap their signal-less writes in `exchanges_written`. Writes through the ORM (save, delete,
partners.add) need no call: the keeper listens to them.
"""
from contextlib import contextmanager

_keepers = []


def register_summaries(keeper) -> None:
    """`keeper`: a module or object with refresh_summaries(locality_ids), apply_changes(changes),
    rebuild() and differences()."""
    if keeper not in _keepers:
        _keepers.append(keeper)


def keepers() -> list:
    return list(_keepers)


def refresh_summaries(locality_ids) -> None:
    """Recompute every summary row of these provinces (ids; None for the centre's own agreements): after
    a write the ORM's signals do not see (raw SQL, bulk_create, QuerySet.update) that may have moved an
    agreement, its status, province or partners, or a partner's country."""
    locality_ids = set(locality_ids)
    for keeper in _keepers:
        keeper.refresh_summaries(locality_ids)


def apply_changes(changes) -> None:
    """[(agreement id, (status, health, overdue commitments) before, after)] for agreements whose province
    and partners stay: a cheap difference instead of a recomputation (the sweep)."""
    changes = list(changes)
    for keeper in _keepers:
        keeper.apply_changes(changes)


@contextmanager
def exchanges_written(delegation_ids=(), conference_ids=()):
    """Around a write to these delegations or conferences (or their stops) that sends no signal
    (QuerySet.update, bulk_create, a bulk delete): the keepers that count them (`exchanges_before`) read
    their share before, and add the difference after, in the same transaction."""
    delegation_ids, conference_ids = {i for i in delegation_ids if i}, {i for i in conference_ids if i}
    after = [keeper.exchanges_before(delegation_ids, conference_ids) for keeper in _keepers
             if hasattr(keeper, "exchanges_before")]
    yield
    for done in after:
        done()


def stored_rows(table, key, fields, locality_ids=None, convert=tuple) -> dict:
    """A keeper's rows as {(locality, key): convert(values)}, rows of zeros left out, to compare with its
    recomputation; `locality_ids` limits them to those provinces (None or 0: the centre's own row)."""
    from django.db import connection
    sql, params = f"SELECT locality, {key}, {', '.join(fields)} FROM {table}", []
    if locality_ids is not None:
        ids = sorted({int(i or 0) for i in locality_ids}) or [-1]
        sql += f" WHERE locality IN ({', '.join(['%s'] * len(ids))})"
        params = ids
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(locality, part): convert(values) for locality, part, *values in cursor.fetchall() if any(values)}
