"""Where the register's bulk writes tell the statistics layer what they changed.

The summaries themselves (what they hold, how they are recomputed) live with their app
(ngoaivu.implementation.summaries, registered in its `ready()`); the register, the import, the partners'
merge and the sweep call these two functions in the transaction of their write, without importing it;
the other registers wrap their signal-less writes in `records_written`. Writes through the ORM (save,
delete, partners.add) need no call: the keeper listens to them. What the keepers share (their tables'
writes, reads and checks) is `core.kept`.

Once a day the sweep compares every kept table with its recomputation and recomputes the rows that differ
(`sweep_step`): a drift left by a write none of the above covers (concurrent writes on PostgreSQL that
the row locks do not order, a restore, a hand-made UPDATE) is mended within a day and logged, instead of
staying on the national figures until someone runs `ngoaivu summaries --rebuild`. At national scale the
comparison takes 6–7 s on PostgreSQL and 19 s on SQLite, reads only, hence daily.
"""
import logging
from contextlib import contextmanager

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ngoaivu.core import kept
from ngoaivu.core.sweep import StepReport

logger = logging.getLogger(__name__)

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


def title_of(keeper) -> str:
    """How `ngoaivu summaries` and the sweep name a keeper."""
    return getattr(keeper, "TITLE", getattr(keeper, "__name__", repr(keeper)))


def kept_tables() -> list[tuple[str, kept.KeptTable]]:
    """(its keeper's title, table) of every kept table: the KeptTables among each keeper module's names.
    A keeper of something else than counts (the delegations' status "reported", whose mending writes status
    history) has none."""
    found, seen = [], set()
    for keeper in keepers():
        for value in vars(keeper).values():
            if isinstance(value, kept.KeptTable) and value.table not in seen:
                seen.add(value.table)
                found.append((title_of(keeper), value))
    return found


def mend_differences() -> list[tuple[str, int]]:
    """Compare every kept table with its recomputation and recompute the provinces (or agreements) of the rows
    that differ: [(the keeper's title, rows mended)]. A check reads the table's rows and then the registers, so
    a write committed between the two reads shows as a difference once: only rows found differing by two
    checks in a row are mended, each logged as a warning, for whoever looks for the write that caused it.
    The mend is the one every bulk write uses (`KeptTable.refresh`: those rows locked, then recomputed), for
    those provinces only: it holds up no other province's writers, and on SQLite holds the write lock for
    that recomputation only. A row still differing after it is logged as an error."""
    mended = []
    for title, table in kept_tables():
        first = table.differences()
        lasting = sorted(set(first) & set(table.differences())) if first else []
        if not lasting:
            continue
        scopes = table.scopes_of(lasting)
        logger.warning("kept table %s (%s) differs from its registers in %d rows, first %r; recomputing %d of "
                       "its scopes", table.table, title, len(lasting), lasting[:5], len(scopes))
        table.refresh(scopes)
        left = table.differences(scopes)
        if left:
            logger.error("kept table %s still differs from its registers after its recomputation: %r",
                         table.table, left[:5])
        mended.append((title, len(lasting)))
    return mended


def sweep_step(run):
    """The sweep's daily step (registered with daily=True): `mend_differences`."""
    mended = mend_differences()
    if not mended:
        return StepReport(0, _("mọi số liệu tổng hợp khớp với sổ đăng ký"))
    # Not counted as changes of state (the sweep's total counts those): said in the message.
    return StepReport(0, _("đã tính lại số liệu tổng hợp khác sổ đăng ký: %(list)s") % {"list": "; ".join(
        ngettext("%(title)s (%(n)d dòng)", "%(title)s (%(n)d dòng)", n) % {"title": title, "n": n}
        for title, n in mended)})
