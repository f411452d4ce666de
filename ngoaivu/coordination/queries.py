"""Read side: the 34-province matrix of a request and the national table consolidated from accepted returns."""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ngoaivu.coordination.choices import RETURN_COLOURS, ReturnStatus, return_overdue
from ngoaivu.coordination.models import ReportReturn
from ngoaivu.core.models import Locality
from ngoaivu.core.rows import detail_url, dmy_hm, escape, label_of, tag
from ngoaivu.core.text import spelling_key


def matrix(request, today) -> tuple[SafeString, list]:
    """The request's 34-province table and its returns counted per status.

    The table's rows (`<tr>`s, one per current province in order) are written here rather than by the
    template per cell (issue 9): 34 rows of lookups, filters and tags were most of the page's CPU. The
    markup is byte for byte what the template wrote (tests/coordination/test_matrix_rows.py keeps it as the
    reference): the province, linked to its return; the return's status, and "overdue" while it waits past
    the deadline; its read receipt; when it was sent. A province the request was not sent to has no return:
    "not asked of this province" ("Không gửi" read as "did not send" to the outside test).
    The counts are of every return of the request, read in the same statement."""
    returns, counts = {}, defaultdict(int)
    for row in request.returns.order_by().values_list(*_RETURN_COLUMNS):
        returns[row[1]] = row
        counts[row[2]] += 1
    url = detail_url("coordination:return_detail")
    status_label = label_of(ReturnStatus.choices)
    overdue, not_sent = _("Quá hạn"), escape(_("Không yêu cầu tỉnh này"))
    seen, not_seen = escape(_("Đã xem")), escape(_("Chưa xem"))
    parts = []
    for locality_id, short_name in Locality.objects.current().order_by("sort_key").values_list("pk", "short_name"):
        name = escape(short_name)
        ret = returns.get(locality_id)
        if ret is None:
            parts.append(f'<tr data-locality="{name}"><td>{name}</td>\n<td><span class="hint">{not_sent}</span></td>\n'
                         f'<td class="read"></td>\n<td></td></tr>')
            continue
        pk, _locality, status, opened_at, full_name, username, submitted_at = ret
        state = tag(status_label(status), RETURN_COLOURS[status])
        if return_overdue(status, request.due_on, today):
            state += f" {tag(overdue, 'red')}"
        # The person who opened it by LEFT JOIN: no user name once their account is deleted.
        opener = (full_name or username) if username is not None else None
        read = f"{seen} {_when_by(opened_at, opener)}" if opened_at is not None else not_seen
        parts.append(f'<tr data-locality="{name}"><td><a href="{escape(url(pk))}">{name}</a></td>\n<td>{state}</td>\n'
                     f'<td class="read">{read}</td>\n<td>{dmy_hm(submitted_at)}</td></tr>')
    return mark_safe("".join(parts)), [{"value": s.value, "label": s.label, "count": counts.get(s.value, 0)}
                                       for s in ReturnStatus]


def recipient_rows(recipients) -> SafeString:
    """The `<tr>`s of a directive's recipients (DirectiveRecipient with their locality, unit and the two
    people selected): who, when it was first opened and by whom, when acknowledged and by whom, how many
    reminders. Written here like the request's table (byte for byte the template's loop,
    tests/coordination/test_matrix_rows.py)."""
    not_seen, not_acknowledged = escape(_("Chưa xem")), escape(_("Chưa xác nhận"))
    parts = []
    for r in recipients:
        opened = _when_by(r.first_opened_at, _name(r.first_opened_by)) if r.first_opened_at else not_seen
        acknowledged = (_when_by(r.acknowledged_at, _name(r.acknowledged_by)) if r.acknowledged_at
                        else not_acknowledged)
        parts.append(f'<tr><td>{escape(r.name)}</td>\n<td>{opened}</td>\n<td>{acknowledged}</td>'
                     f'<td class="num">{formats.localize(r.reminders)}</td></tr>')
    return mark_safe("".join(parts))


def _name(user) -> str | None:
    """A person as the tables name them: their full name, else their user name; None for a deleted account."""
    return (user.full_name or user.username) if user is not None else None


def _when_by(moment, name) -> str:
    """"dd/mm/yyyy hh:mm — name"; the time alone once the account is deleted (the directive's template
    failed on such a row: a 500 for the whole page)."""
    return dmy_hm(moment) if name is None else f"{dmy_hm(moment)} — {escape(name)}"


# A return as the table reads it: the columns of matrix(), the person who first opened it by LEFT JOIN.
_RETURN_COLUMNS = ("pk", "locality_id", "status", "first_opened_at", "first_opened_by__full_name",
                   "first_opened_by__username", "submitted_at")


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


def _row_key(label: str) -> str:
    """A table row's name as the national table matches it across provinces: each province types it, and
    "Nhật Bản", "nhật bản", "Nhật  Bản" (and "Thụy Sĩ", "Thuỵ Sĩ") were separate rows, each with part of the
    figure. Capitals, spaces and the tone mark's place do not count; accents do ("Lào" is not "Lao")."""
    return spelling_key(label)


def consolidate(request) -> National:
    """The accepted structured returns summed: number fields per province and their national total; each
    table field's rows summed by their label across provinces."""
    fields = request.fields
    numbers = [f for f in fields if f["type"] == "number"]
    accepted = (ReportReturn.objects.filter(request=request, status=ReturnStatus.ACCEPTED)
                .select_related("locality").order_by("locality__sort_key"))
    rows, totals = [], [Decimal(0)] * len(numbers)
    tables = {f["key"]: defaultdict(Decimal) for f in fields if f["type"] == "table"}
    shown = {key: {} for key in tables}  # a row's name as the first province (in order) wrote it
    for ret in accepted:
        values = [ret.values.get(f["key"]) for f in numbers]
        for i, v in enumerate(values):
            totals[i] += _exact(v or 0)
        rows.append({"locality": ret.locality.short_name, "values": values})
        for key, summed in tables.items():
            for label, value in ret.values.get(key) or []:
                same = _row_key(label)
                shown[key].setdefault(same, label)
                summed[same] += _exact(value)
    table_rows = [{"field": f, "rows": sorted(((shown[f["key"]][same], _stored(value))
                                               for same, value in tables[f["key"]].items()),
                                              key=lambda r: (-r[1], r[0]))}
                  for f in fields if f["type"] == "table"]
    return National(numbers, rows, [_stored(t) for t in totals], table_rows,
                    [f for f in fields if f["type"] == "text"])


def _exact(value) -> Decimal:
    """A stored figure (an int, or a float written from the typed decimal) as the decimal that was typed:
    summed as floats, 1,1 and 2,2 made a national 3,3000000000000003."""
    return Decimal(str(value))


def _stored(total: Decimal):
    """A total as a return stores a figure (clean_values): an int when whole, else a float."""
    return int(total) if total == total.to_integral_value() else float(total)
