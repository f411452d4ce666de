"""Where the register's bulk writes tell the statistics layer what they changed.

The summaries themselves (what they hold, how they are recomputed) live with their app
(ngoaivu.implementation.summaries, registered in its `ready()`); the register, the import, the partners'
merge and the sweep call these two functions in the transaction of their write, without importing it;
the other registers wrap their signal-less writes in `records_written`. Writes through the ORM (save,
delete, partners.add) need no call: the keeper listens to them. What the keepers share (their tables'
writes, reads and checks) is `core.kept`.

Once a day the sweep compares every keeper with its recomputation and rebuilds any that differs
(`sweep_step`): a drift left by a write none of the above covers (concurrent writes on PostgreSQL that
the row locks do not order, a restore, a hand-made UPDATE) is mended within a day and logged, instead of
staying on the national figures until someone runs `ngoaivu summaries --rebuild`.
"""
import datetime
import logging
from contextlib import contextmanager

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ngoaivu.core.sweep import StepReport, last_ok_at

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


def mend_differences() -> list[tuple[str, int]]:
    """Compare every keeper with its recomputation and rebuild each that differs: [(its title, rows that
    differed)]. A keeper's check reads its rows and then the registers, so a write committed between the
    two reads shows as a difference once: only a difference found again by a second check is mended (and
    logged as a warning with its first rows, for whoever looks for the write that caused it)."""
    mended = []
    for keeper in keepers():
        if not keeper.differences():
            continue
        found = keeper.differences()
        if not found:
            continue
        logger.warning("kept summaries %r differ from their registers in %d rows (first: %r); rebuilding them",
                       title_of(keeper), len(found), found[:5])
        # As `ngoaivu summaries --rebuild` does: a write counted by the same keeper within the rebuild's own
        # second can still be missed, and the next day's check finds it.
        keeper.rebuild()
        mended.append((title_of(keeper), len(found)))
    return mended


# How often the sweep compares the summaries (at national scale 6–7 s on PostgreSQL and 19 s on SQLite, as long
# as the rest of a steady hourly sweep or longer; reads only, which hold up no writer on either): a day, less an hour so that an hourly cron's drift of a few minutes does not push it to
# every other day.
CHECK_EVERY = datetime.timedelta(hours=23)
STEP = "summaries"


def sweep_step(run):
    """The sweep's step: `mend_differences` once every CHECK_EVERY (always when asked for by name)."""
    last = last_ok_at(STEP)
    if not run.asked and last is not None and timezone.now() - last < CHECK_EVERY:
        return StepReport(0, _("chưa đến lượt (mỗi ngày một lần)"), skipped=True)
    mended = mend_differences()
    if not mended:
        return StepReport(0, _("mọi số liệu tổng hợp khớp với sổ đăng ký"))
    # Not counted as changes of state (the sweep's total counts those): said in the message.
    return StepReport(0, _("đã tính lại số liệu tổng hợp khác sổ đăng ký: %(list)s") % {
        "list": "; ".join(ngettext("%(title)s (%(n)d dòng)", "%(title)s (%(n)d dòng)", n) % {"title": title, "n": n}
                          for title, n in mended)})
