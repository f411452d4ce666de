"""Read side: the 34-province matrix of a request and the national table consolidated from accepted returns."""
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from ngoaivu.coordination.choices import ReturnStatus
from ngoaivu.coordination.models import ReportReturn
from ngoaivu.core.models import Locality


def matrix(request, today):
    """One row per current province (the 34), its return's status, read receipt and whether it is overdue;
    a province the request was not sent to has no return."""
    returns = {r.locality_id: r for r in request.returns.select_related("first_opened_by")}
    rows = []
    for locality in Locality.objects.current().order_by("sort_key"):
        ret = returns.get(locality.pk)
        rows.append({"locality": locality, "ret": ret, "overdue": bool(ret and ret.is_overdue(today))})
    return rows


def status_counts(request):
    counts = defaultdict(int)
    for status in request.returns.values_list("status", flat=True):
        counts[status] += 1
    return [{"value": s.value, "label": s.label, "count": counts.get(s.value, 0)} for s in ReturnStatus]


def status_counts_of(request_ids) -> dict:
    """{(request id, status): returns} for the requests of a page, in one query."""
    rows = (ReportReturn.objects.filter(request_id__in=request_ids).values_list("request_id", "status")
            .annotate(n=Count("pk")).order_by())
    return {(request_id, status): n for request_id, status, n in rows}


@dataclass
class National:
    number_fields: list
    rows: list                      # [{"locality": name, "values": [...]}]
    totals: list
    tables: list = field(default_factory=list)   # [{"field": f, "rows": [[label, total]]}]
    text_fields: list = field(default_factory=list)


def consolidate(request) -> National:
    """The accepted structured returns summed: number fields per province and their national total; each
    table field's rows summed by their label across provinces."""
    fields = request.fields
    numbers = [f for f in fields if f["type"] == "number"]
    accepted = (ReportReturn.objects.filter(request=request, status=ReturnStatus.ACCEPTED)
                .select_related("locality").order_by("locality__sort_key"))
    rows, totals = [], [0] * len(numbers)
    tables = {f["key"]: defaultdict(int) for f in fields if f["type"] == "table"}
    for ret in accepted:
        values = [ret.values.get(f["key"]) for f in numbers]
        for i, v in enumerate(values):
            totals[i] += v or 0
        rows.append({"locality": ret.locality.short_name, "values": values})
        for key, summed in tables.items():
            for label, value in ret.values.get(key) or []:
                summed[label] += value
    table_rows = [{"field": f, "rows": sorted(tables[f["key"]].items(), key=lambda r: (-r[1], r[0]))}
                  for f in fields if f["type"] == "table"]
    return National(numbers, rows, totals, table_rows, [f for f in fields if f["type"] == "text"])
