"""How many delegations and conferences each province owns (`ListCount`), kept current so that the two lists,
unfiltered, show their exact total without counting the rows their reader sees: the centre's delegation list
counted its ~40,000 rows at national scale (3 ms of the database, growing with the register). The total itself
is assembled by the one scoping mechanism (core.scoping.ScopedQuerySet.visible_count): a province's own rows
and the centre's every row from here, a mission's countries still counted in the database.

Kept equal to its recomputation, in the transaction of the change (`core.kept`):
- a delegation or a conference created, saved with another province, deleted (ORM signals);
- the exchanges' writes that send no signal (QuerySet.update of an edit, a cancellation, the sweep) run inside
  `core.summaries.records_written(...)`, which calls `records_before` here;
- the register's bulk writes (`refresh_summaries`, `apply_changes`) move none of them.
`rebuild()` and `differences()` serve `ngoaivu summaries --rebuild/--check`.
"""
from functools import partial

from django.db import connections

from ngoaivu.core import kept

TITLE = "Số đoàn ra, đoàn vào và hội nghị theo tỉnh"  # as `ngoaivu summaries` names it
KINDS = {"exchanges.Delegation": ("delegation", "exchanges_delegation"),
         "exchanges.Conference": ("conference", "exchanges_conference")}


def _counted(table, kind, where="", params=(), using=None) -> dict:
    """{(locality id, kind): records} of the rows of `table` that `where` selects."""
    with connections[using or "default"].cursor() as cursor:
        cursor.execute(f"SELECT locality_id, COUNT(*) FROM {table} WHERE 1 = 1 {where} GROUP BY locality_id",
                       list(params))
        return {(int(locality), kind): int(n) for locality, n in cursor.fetchall() if n}


def recompute(locality_ids=None, using=None) -> dict:
    """The rows counted from the registers (of these provinces' delegations and conferences)."""
    where, params = kept.localities_where("locality_id", locality_ids)
    return kept.plus(*(_counted(table, kind, where, params, using=using) for kind, table in KINDS.values()))


TABLE = kept.KeptTable("exchanges_listcount", ("locality", "kind"), ("records",), recompute)
stored, add, rebuild, differences = TABLE.stored, TABLE.add, TABLE.rebuild, TABLE.differences


def counts(model) -> dict:
    """The kept counts of `model`'s list as `visible_count` reads them: {(locality id, visibility): records},
    the visibility empty (delegations and conferences have none)."""
    kind = KINDS[model._meta.label][0]
    return {(locality, ""): n for (locality, of_kind), n in stored().items() if of_kind == kind}


def _share(label, ids) -> dict:
    kind, table = KINDS[label]
    return _counted(table, kind, *kept.and_in("id", ids))


# The exchanges' writes that send no signal (`core.summaries.records_written`); the register's move none.
records_before = kept.records_before_of({label: partial(_share, label) for label in KINDS}, add)
refresh_summaries = apply_changes = kept.moved_by_no_register_write


def connect():
    """Called once from ExchangesConfig.ready()."""
    from ngoaivu.exchanges.models import Conference, Delegation
    for model in (Delegation, Conference):
        kept.follow(model, lambda pk, label=model._meta.label: _share(label, {pk}), add,
                    uid=f"exchanges.list_counts.{model._meta.model_name}.", fields=("locality",))
