"""How many commitments each host body is responsible for (`UnitCommitmentCount`), kept current so that the
commitment list's host-body select (implementation.filtersets.units_offered) offers the bodies with
commitments by reading these rows: asked of the commitments, the centre's and the missions' select probed the
commitments of every body, 3,884 at national scale (4.5 ms of the database on every visit, growing with the
bodies).

Kept equal to its recomputation, in the transaction of the change (`core.kept`):
- a commitment created, given another host body, deleted (ORM signals; an agreement's delete cascades to its
  commitments, each of which subtracts itself; a body with commitments cannot be deleted);
- commitments written without signals, inside `core.summaries.records_written`;
- the register's bulk writes (`refresh_summaries`) and the sweep (`apply_changes`) move none: a commitment's
  host body is its own, not its agreement's.
`rebuild()` and `differences()` serve `ngoaivu summaries --rebuild/--check`.
"""
from django.db import connections

from ngoaivu.core import kept

TITLE = "Số cam kết theo cơ quan chủ trì"  # as `ngoaivu summaries` names it


def _counted(where="", params=(), using=None) -> dict:
    """{(unit id,): commitments} of the commitments with a host body that `where` (SQL to follow a
    condition) selects."""
    with connections[using or "default"].cursor() as cursor:
        cursor.execute("SELECT responsible_unit_id, COUNT(*) FROM implementation_commitment "
                       f"WHERE responsible_unit_id IS NOT NULL {where} GROUP BY responsible_unit_id", list(params))
        return {(int(unit),): int(n) for unit, n in cursor.fetchall() if n}


def recompute(unit_ids=None, using=None) -> dict:
    """The rows counted from the commitments (of these bodies; None: of every body)."""
    return _counted(*(("", []) if unit_ids is None else kept.and_in("responsible_unit_id", unit_ids)), using=using)


TABLE = kept.KeptTable("implementation_unitcommitmentcount", ("unit",), ("commitments",), recompute)
rebuild, differences = TABLE.rebuild, TABLE.differences
refresh_summaries = apply_changes = kept.moved_by_no_register_write


def _share(ids) -> dict:
    return _counted(*kept.and_in("id", ids)) if ids else {}


records_before = kept.records_before_of({"implementation.Commitment": _share}, TABLE.add)


def connect():
    """Called once from ImplementationConfig.ready()."""
    from ngoaivu.implementation.models import Commitment
    kept.follow(Commitment, lambda pk: _share({pk}), TABLE.add, uid="implementation.unit_counts.commitment.",
                fields=("responsible_unit",))
