"""How many agreements each province owns with each visibility (`VisibleCount`), kept current so that the
register's unfiltered list shows its exact total without counting the rows its reader sees: a province's
COUNT read its ~5,000 agreements (5 ms of the database at national scale, and growing with the register);
the centre's all 50,000. The total itself is assembled by the one scoping mechanism
(core.scoping.ScopedQuerySet.visible_count), which reads these rows for its owner and visibility arms.

Kept equal to its recomputation, in the transaction of the change (`core.kept`):
- an agreement created, saved with another province or visibility, deleted (ORM signals): its share
  before and after (a save whose update_fields name neither column reads nothing);
- the bulk writes that bypass signals (imports, the partners' merge) call
  `ngoaivu.core.summaries.refresh_summaries(locality_ids)`: this module is registered there as a keeper and
  recomputes those provinces' rows;
- the sweep's and the steps' changes of status (`apply_changes`) move no row: status is not part of the key.
`rebuild()` and `differences()` serve `ngoaivu summaries --rebuild/--check`.
"""
from django.db import connections

from ngoaivu.core import kept

TITLE = "Số thỏa thuận theo tỉnh và phạm vi xem"  # as `ngoaivu summaries` names it


def _counted(where="", params=(), using=None) -> dict:
    """{(locality id, 0 for the centre; visibility): agreements} of the agreements `where` selects."""
    with connections[using or "default"].cursor() as cursor:
        cursor.execute("SELECT COALESCE(locality_id, 0), visibility, COUNT(*) FROM agreements_agreement "
                       f"WHERE 1 = 1 {where} GROUP BY COALESCE(locality_id, 0), visibility", list(params))
        return {(int(locality), visibility): int(n) for locality, visibility, n in cursor.fetchall() if n}


def recompute(locality_ids=None, using=None) -> dict:
    """The rows counted from the register (of these provinces; None or 0: the centre's agreements)."""
    return _counted(*kept.localities_where("locality_id", locality_ids), using=using)


TABLE = kept.KeptTable("agreements_visiblecount", ("locality", "visibility"), ("agreements",), recompute)
# stored(): {(locality id, 0 for the centre; visibility): agreements}, rows of zero left out, which
# core.scoping's `visible_count` reads.
stored, add, rebuild, differences = TABLE.stored, TABLE.add, TABLE.rebuild, TABLE.differences
refresh_summaries = TABLE.refresh


def apply_changes(changes) -> None:
    """The sweep's changes of status, health and overdue commitments: none is part of the key."""


def connect():
    """Called once from AgreementsConfig.ready()."""
    from ngoaivu.agreements.models import Agreement
    kept.follow(Agreement, lambda pk: _counted(*kept.and_in("id", {pk})), add,
                uid="agreements.visible_counts.", fields=("locality", "visibility"))
