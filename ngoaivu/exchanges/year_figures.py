"""This year's figures of the home panels (`YearFigure`): per province and year, the delegations out and in,
those whose result report is in, and the conferences held — cancelled ones left out, by the year they start.
Kept current so that the panel reads a few rows instead of counting the year's records (the centre's panel
counted ~2,000 trips and ~500 conferences a year at national scale, growing with the register).

Kept equal to its recomputation, in the transaction of the change (`core.kept`):
- a delegation or a conference created, edited, deleted through the ORM (signals);
- the exchanges' writes that send no signal (the derived status and the cancellation, written by
  QuerySet.update in `actions`) run inside `core.summaries.records_written(...)`, which calls `records_before`;
- the register's bulk writes (`refresh_summaries`, `apply_changes`) move none of them.
`rebuild()` and `differences()` serve `ngoaivu summaries --rebuild/--check`.
"""
from collections import defaultdict
from functools import partial

from django.db import connection, connections

from ngoaivu.core import kept
from ngoaivu.core.kept import year_of
from ngoaivu.exchanges.choices import DelegationStatus, Direction

# as `ngoaivu summaries` names it
TITLE = "Số đoàn ra, đoàn vào, báo cáo kết quả và hội nghị theo tỉnh và năm"
OUT, IN, REPORTED, CONFERENCE = "out", "in", "reported", "conference"
_MODELS = {"exchanges.Delegation": "delegation", "exchanges.Conference": "conference"}


def _counted(kind, where="", params=(), using=None) -> dict:
    """{(locality id, year, figure): records} of the live delegations or conferences that `where` selects."""
    conn = connections[using or "default"]
    year = year_of("start_date", conn)
    rows = defaultdict(int)
    with conn.cursor() as cursor:
        if kind == "delegation":
            cursor.execute(f"SELECT locality_id, {year}, direction, status = %s, COUNT(*) FROM exchanges_delegation "
                           f"WHERE cancelled_on IS NULL {where} GROUP BY 1, 2, 3, 4",
                           [str(DelegationStatus.REPORTED), *params])
            for locality, y, direction, reported, n in cursor.fetchall():
                rows[(int(locality), int(y), OUT if direction == Direction.OUTBOUND else IN)] += n
                if reported:
                    rows[(int(locality), int(y), REPORTED)] += n
        else:
            cursor.execute(f"SELECT locality_id, {year}, COUNT(*) FROM exchanges_conference "
                           f"WHERE cancelled_on IS NULL {where} GROUP BY 1, 2", list(params))
            for locality, y, n in cursor.fetchall():
                rows[(int(locality), int(y), CONFERENCE)] += n
    return dict(rows)


def recompute(locality_ids=None, using=None) -> dict:
    """The rows counted from the registers (of these provinces' delegations and conferences)."""
    where, params = kept.localities_where("locality_id", locality_ids)
    return kept.plus(*(_counted(kind, where, params, using=using) for kind in _MODELS.values()))


TABLE = kept.KeptTable("exchanges_yearfigure", ("locality", "year", "kind"), ("records",), recompute)
stored, add, rebuild, differences = TABLE.stored, TABLE.add, TABLE.rebuild, TABLE.differences


def totals(year: int, locality_ids=None) -> dict:
    """{figure: records} of the year, over these provinces (None: every one, the centre's own included)."""
    sql, params = f"SELECT kind, SUM(records) FROM {TABLE.table} WHERE year = %s", [year]
    if locality_ids is not None:
        where, more = kept.in_list("locality", locality_ids)
        sql, params = f"{sql} AND {where}", params + more
    found = dict.fromkeys((OUT, IN, REPORTED, CONFERENCE), 0)
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} GROUP BY kind", params)
        found.update({kind: int(n or 0) for kind, n in cursor.fetchall()})
    return found


def _share(label, ids) -> dict:
    return _counted(_MODELS[label], *kept.and_in("id", ids))


# The exchanges' writes that send no signal (`core.summaries.records_written`); the register's move none.
records_before = kept.records_before_of({label: partial(_share, label) for label in _MODELS}, add)
refresh_summaries = apply_changes = kept.moved_by_no_register_write


def connect():
    """Called once from ExchangesConfig.ready()."""
    from ngoaivu.exchanges.models import Conference, Delegation
    for model, fields in ((Delegation, ("locality", "start_date", "cancelled_on", "direction", "status")),
                          (Conference, ("locality", "start_date", "cancelled_on"))):
        kept.follow(model, lambda pk, label=model._meta.label: _share(label, {pk}), add,
                    uid=f"exchanges.year_figures.{model._meta.model_name}.", fields=fields)
