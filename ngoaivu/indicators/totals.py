"""Yearly totals per province kept current, so that the computed indicators of whole years and spans
(agreements signed, activities and the amounts recorded on them) read `YearTotal` rows instead of scanning
the registers: a five-year span of a million activities is a table scan of their amounts otherwise.

They are kept equal to their recomputation from the registers, in the transaction of the change:
- every ORM write (an agreement or an activity created, edited, deleted, also by cascade) adds its
  difference through `core.kept.follow`: the record's share as the database holds it before and after —
  an upsert that adds, so concurrent writes to the same province and year queue on the row instead of
  overwriting each other;
- the bulk writes that bypass signals (the agreements' import, the partners' merge, status refreshes)
  already call `ngoaivu.core.summaries.refresh_summaries(locality_ids)`: this module is registered there as
  a keeper (`apps.py`), and recomputes those provinces' rows.
`rebuild()` recomputes everything and `differences()` lists where rows and registers disagree
(`ngoaivu summaries --check/--rebuild`, which covers every keeper). Periods that are not whole years (a half-year, a quarter)
are still read from the registers (`computed.py`).

The same receivers and hooks keep `ActiveYear`, the years in which each agreement had an activity (with
the number of them, so that removing one activity takes the year away only when it was the last): the
"active share" and "dormant" of whole years and spans read it instead of the activities.
"""
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import BigIntegerField, Count, ExpressionWrapper, F, Sum
from django.db.models.functions import ExtractYear

from ngoaivu.core import kept, statements

TITLE = "Tổng số theo năm của các chỉ số"  # as `ngoaivu summaries` names it
FIELDS = ("signed", "activities", "pledged", "disbursed", "aid")


def _models():
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.implementation.models import Activity
    return Agreement, Activity


def recompute(locality_ids=None, using=None, *, Agreement=None, Activity=None) -> dict:
    """{(locality, year): (signed, activities, pledged, disbursed, aid)} from the registers (locality 0:
    the centre's own agreements). The models can be passed in (a migration's historical ones)."""
    if Agreement is None:
        Agreement, Activity = _models()
    agreements = Agreement._base_manager.exclude(signed_on=None)
    activities = Activity._base_manager.all()
    if locality_ids is not None:
        ids = {int(i or 0) for i in locality_ids}
        real = [i for i in ids if i]
        if 0 in ids:
            from django.db.models import Q
            agreements = agreements.filter(Q(locality_id__in=real) | Q(locality_id=None))
        else:
            agreements = agreements.filter(locality_id__in=real)
        activities = activities.filter(locality_id__in=real)
    result = defaultdict(lambda: [0] * len(FIELDS))
    for row in (agreements.order_by().annotate(y=ExtractYear("signed_on")).values("locality_id", "y")
                .annotate(n=Count("pk"))):
        result[(row["locality_id"] or 0, row["y"])][0] = row["n"]
    for row in (activities.order_by().annotate(y=ExtractYear("occurred_on")).values("locality_id", "y")
                .annotate(n=Count("pk"), p=Sum("investment_pledged_usd"), d=Sum("investment_disbursed_usd"),
                          a=Sum("aid_usd"))):
        figures = result[(row["locality_id"] or 0, row["y"])]
        figures[1:] = [row["n"], int(row["p"] or 0), int(row["d"] or 0), int(row["a"] or 0)]
    return {key: tuple(values) for key, values in result.items()}


def recompute_active(agreement_ids=None, using=None, *, Activity=None) -> dict:
    """{(agreement, year): activities} from the activities (of these agreements)."""
    if Activity is None:
        Activity = _models()[1]
    activities = Activity._base_manager.exclude(agreement=None)
    if agreement_ids is not None:
        activities = activities.filter(agreement_id__in=sorted(agreement_ids))
    return {(row["agreement_id"], row["y"]): row["n"] for row in
            activities.order_by().annotate(y=ExtractYear("occurred_on")).values("agreement_id", "y")
            .annotate(n=Count("pk"))}


YEARS = kept.KeptTable("indicators_yeartotal", ("locality", "year"), FIELDS, recompute)
ACTIVE = kept.KeptTable("indicators_activeyear", ("agreement", "year"), ("activities",), recompute_active)
ZERO, stored, stored_active = YEARS.zero, YEARS.stored, ACTIVE.stored


def add(deltas: dict) -> None:
    """Add {(locality, year): (signed, activities, pledged, disbursed, aid)} and {("active", agreement,
    year): (activities,)} to the rows, in the current transaction; keys sorted so that two transactions
    lock shared rows in the same order."""
    years = {key: values for key, values in deltas.items() if len(key) == 2}
    active = {key[1:]: values[0] for key, values in deltas.items() if len(key) == 3 and any(values)}
    with transaction.atomic():
        YEARS.write(YEARS.rows(years, nonzero=True))
        if active:
            # The counts of agreements in force and active follow the agreements' years (indicators.in_force).
            from ngoaivu.indicators import in_force
            agreements = {agreement for agreement, _year in active}
            before = in_force.active_years(agreements)
            ACTIVE.write(ACTIVE.rows(active))
            in_force.active_years_moved(before, in_force.active_years(agreements))


def refresh_summaries(locality_ids) -> None:
    """Recompute every row of these provinces (ids; None or 0: the centre's agreements) after a bulk write
    the signals did not see, and the active years of the agreements of these provinces and of those their
    activities belong to."""
    ids = {int(i or 0) for i in locality_ids}
    if not ids:
        return
    Agreement, Activity = _models()
    real = [i for i in ids if i]
    with transaction.atomic():
        YEARS.refresh(ids)
        agreements = set(Agreement._base_manager.filter(locality_id__in=real).values_list("pk", flat=True))
        if 0 in ids:
            agreements |= set(Agreement._base_manager.filter(locality=None).values_list("pk", flat=True))
        agreements |= set(Activity._base_manager.filter(locality_id__in=real).exclude(agreement=None)
                          .values_list("agreement_id", flat=True).distinct())
        ACTIVE.refresh(agreements)


def apply_changes(changes) -> None:
    """The sweep's changes of status and health move no yearly total (signing dates and activities stay)."""


def rebuild(Agreement=None, Activity=None, using=None) -> int:
    """Every row recomputed from the registers (the command's --rebuild; the migrations, with their
    historical models). Returns the number of rows."""
    from django.db import connections
    # Migration 0003 calls this before 0006 creates the active years (0006 fills them itself).
    has_active = ACTIVE.table in connections[using or "default"].introspection.table_names()
    with transaction.atomic(using=using):
        rows = YEARS.rebuild(using, fresh=recompute(Agreement=Agreement, Activity=Activity))
        if has_active:
            rows += ACTIVE.rebuild(using, fresh=recompute_active(Activity=Activity))
    return rows


def differences(locality_ids=None) -> list[tuple]:
    """[(locality, year, stored figures, recomputed figures)] wherever the two disagree; then, over every
    agreement (`locality_ids` None), [("thỏa thuận N", year, stored count, recomputed count)] of the
    active years."""
    found = YEARS.differences(locality_ids)
    if locality_ids is None:
        found += [(f"thỏa thuận {agreement}", *rest) for agreement, *rest in ACTIVE.differences()]
    return found


# --- reading --------------------------------------------------------------------------------------------

_GROUPS = {"signed": ("signed",), "activities": ("activities", "pledged", "disbursed", "aid")}
_AMOUNTS = {"pledged", "disbursed", "aid"}  # YearTotal's DecimalFields, of whole dollars


def yearly(group: str, first_year: int, last_year: int) -> list[tuple]:
    """The kept rows of "signed" or "activities" for the years first..last: [(locality_id (None: the
    centre), year, *figures)], one statement however many periods a page then sums from them (`read`)."""
    from ngoaivu.indicators.models import YearTotal
    names = _GROUPS[group]
    # The amounts as the numbers they are (whole dollars), not through Django's decimal converter: on SQLite it
    # made and quantized a Decimal of each of ~1,200 values a national page reads (about 1 ms of its 8), which
    # `read` adds up and makes one Decimal of anyway. PostgreSQL's driver gives Decimals as before.
    columns = [ExpressionWrapper(F(name), output_field=BigIntegerField()) if name in _AMOUNTS else name
               for name in names]
    # Built once per group (core.statements), run with the years: building it cost more than reading it.
    rows = statements.rows(("indicators yearly totals", group), lambda first, last: (
        YearTotal.objects.filter(year__range=(first, last)).order_by().values_list("locality", "year", *columns)),
        first_year, last_year)
    return [(locality or None, year, *figures) for locality, year, *figures in rows]


def read(group: str, first_year: int, last_year: int, rows=None) -> dict:
    """What `computed._read` returns for "signed" or "activities" over the years first..last:
    {figure: {locality_id (None: the centre): Decimal}}, only the provinces with a record in the span
    (as the grouped register query gives them). `rows`: `yearly()` of a span holding these years."""
    names = _GROUPS[group]
    sums = defaultdict(lambda: [0] * len(names))
    for locality, year, *figures in yearly(group, first_year, last_year) if rows is None else rows:
        if first_year <= year <= last_year:
            total = sums[locality]
            for i, value in enumerate(figures):
                total[i] += value or 0
    return {name: {locality: Decimal(total[i]) for locality, total in sums.items() if total[0] > 0}
            for i, name in enumerate(names)}


# --- receivers: every ORM write that moves a total -------------------------------------------------------

def _activity_share(locality_id, occurred_on, pledged, disbursed, aid, agreement_id) -> dict:
    if occurred_on is None:
        return {}
    share = {}
    if locality_id is not None:
        share[(locality_id, occurred_on.year)] = (0, 1, int(pledged or 0), int(disbursed or 0), int(aid or 0))
    if agreement_id is not None:
        share[("active", agreement_id, occurred_on.year)] = (1,)
    return share


def _agreement_share(locality_id, signed_on) -> dict:
    return {} if signed_on is None else {(locality_id or 0, signed_on.year): (1, 0, 0, 0, 0)}


_ACTIVITY_FIELDS = ("locality_id", "occurred_on", "investment_pledged_usd", "investment_disbursed_usd", "aid_usd",
                    "agreement_id")
_AGREEMENT_FIELDS = ("locality_id", "signed_on")


def _as_stored(model, share, names):
    """pk → the record's share as the database holds it ({} when it is gone): read before and after each
    write (`kept.follow`), never from the instance, whose fields a save with `update_fields` writes only in
    part."""
    def of(pk):
        row = model._base_manager.filter(pk=pk).values_list(*names).first()
        return share(*row) if row else {}
    return of


def connect():
    """Called once from IndicatorsConfig.ready()."""
    Agreement, Activity = _models()
    for model, share, names, label in ((Activity, _activity_share, _ACTIVITY_FIELDS, "activity"),
                                       (Agreement, _agreement_share, _AGREEMENT_FIELDS, "agreement")):
        kept.follow(model, _as_stored(model, share, names), add, uid=f"indicators.totals.{label}_",
                    fields=tuple(name.removesuffix("_id") for name in names))
