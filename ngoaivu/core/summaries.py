"""Where the register's bulk writes tell the statistics layer what they changed.

The summaries themselves (what they hold, how they are recomputed) live with their app
(ngoaivu.implementation.summaries, registered in its `ready()`); the register, the import, the partners'
merge and the sweep call these two functions in the transaction of their write, without importing it;
the other registers wrap their signal-less writes in `records_written`. Writes through the ORM (save,
delete, partners.add) need no call: the keeper listens to them. What the keepers share (their tables'
writes, reads and checks) is `core.kept`.
"""
from contextlib import contextmanager

_keepers = []


def register_summaries(keeper) -> None:
    """`keeper`: a module or object with refresh_summaries(locality_ids), apply_changes(changes),
    rebuild() and differences(); and records_before(model, ids) if it counts records that are written
    without signals (`records_written`)."""
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
def records_written(model, ids):
    """Around a write to these records of `model` (or to their children) that sends no signal
    (QuerySet.update, bulk_create, a bulk delete): the keepers that count them read their share before
    (`records_before(model, ids)`, which returns what to do after, or None for a model they do not count)
    and add the difference after, in the same transaction."""
    ids = {i for i in ids if i}
    after = [keeper.records_before(model, ids) for keeper in _keepers if hasattr(keeper, "records_before")]
    yield
    for done in after:
        if done is not None:
            done()
