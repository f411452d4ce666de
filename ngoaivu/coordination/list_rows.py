"""The rows of coordination's lists — directives, the centre's report requests, a province's returns, the
Ministry's opinion queue and its issued opinions — written in Python (issue 9): byte for byte what the
row templates wrote (tests/coordination/test_list_rows.py keeps those as the reference), without a lookup,
filter or tag per cell. Each row ends with the newline the template's loop body ended with."""
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ngoaivu.coordination.choices import OpinionStatus, ReturnStatus, Verdict
from ngoaivu.coordination.templatetags.coordination_tags import working_days_text
from ngoaivu.core.rows import detail_url, dmy, escape, label_of, tag


def directive_rows(rows, province: bool) -> SafeString:
    """`rows`: [{"directive": a Directive with number, issued_on and subject, "copy": the reader's copy or
    None}]; `province`: the reader is a province's, whose copy's state has a column."""
    url = detail_url("coordination:directive_detail")
    acknowledged, seen, unseen = tag(_("Đã xác nhận"), "green"), tag(_("Đã xem"), "blue"), tag(_("Chưa xem"), "yellow")
    parts = []
    for row in rows:
        d, copy = row["directive"], row["copy"]
        parts.append(f'<tr><td>{escape(d.number)}</td><td>{dmy(d.issued_on)}</td>'
                     f'<td><a href="{escape(url(d.pk))}">{escape(d.subject)}</a></td>\n')
        if province:
            state = ("" if copy is None else acknowledged if copy.acknowledged_at
                     else seen if copy.first_opened_at else unseen)
            parts.append(f"<td>{state}</td>")
        parts.append("</tr>\n")
    return mark_safe("".join(parts))


def request_rows(rows) -> SafeString:
    """`rows`: [{"request": a ReportRequest with number, title and its period and deadline, "cells": its
    returns' counts in ReturnStatus's order}]: the centre's list."""
    url = detail_url("coordination:request_detail")
    parts = []
    for row in rows:
        r = row["request"]
        number = f'<br><span class="hint">{escape(r.number)}</span>' if r.number else ""
        cells = "".join(f'<td class="num">{localize(n)}</td>' for n in row["cells"])
        parts.append(f'<tr><td><a href="{escape(url(r.pk))}">{escape(r.title)}</a>{number}</td>\n'
                     f"<td>{dmy(r.data_from)} – {dmy(r.data_to)}</td><td>{dmy(r.due_on)}</td>\n{cells}</tr>\n")
    return mark_safe("".join(parts))


def return_rows(rows) -> SafeString:
    """`rows`: [{"ret": a ReportReturn with its request's title and deadline and its province's short name,
    "overdue": whether it is}]: a province's list of its returns."""
    url = detail_url("coordination:return_detail")
    status = label_of(ReturnStatus.choices)
    overdue = " " + tag(_("Quá hạn"), "red")
    parts = []
    for row in rows:
        ret = row["ret"]
        parts.append(f'<tr><td><a href="{escape(url(ret.pk))}">{escape(ret.request.title)}</a></td>'
                     f"<td>{escape(ret.locality.short_name)}</td>\n<td>{dmy(ret.request.due_on)}</td>"
                     f"<td>{tag(status(ret.status), ret.colour)}{overdue if row['overdue'] else ''}"
                     f"</td></tr>\n")
    return mark_safe("".join(parts))


def opinion_rows(rows) -> SafeString:
    """`rows`: [{"event": an opinion request with its agreement and province, "opinion": its draft or None,
    "left": working days left, "overdue": whether it is}]: the Ministry's queue."""
    url = detail_url("coordination:opinion_detail")
    status = label_of(OpinionStatus.choices)
    undrafted, overdue = tag(_("Chưa soạn"), "grey"), " " + tag(_("Quá hạn"), "red")
    parts = []
    for row in rows:
        event, opinion = row["event"], row["opinion"]
        state = undrafted if opinion is None else tag(status(opinion.status), "yellow")
        parts.append(f'<tr><td><a href="{escape(url(event.pk))}">{escape(event.agreement.title)}</a></td>'
                     f"<td>{escape(event.agreement.locality.short_name)}</td>\n"
                     f"<td>{dmy(event.date)}</td><td>{dmy(event.due_on)}</td>"
                     f"<td>{escape(working_days_text(row['left'], row['overdue']))}</td>\n"
                     f"<td>{state}{overdue if row['overdue'] else ''}</td></tr>\n")
    return mark_safe("".join(parts))


def issued_rows(opinions) -> SafeString:
    """The opinions issued lately, with their request's agreement and province, under the queue."""
    url = detail_url("coordination:opinion_detail")
    verdict = label_of(Verdict.choices)
    met, late = tag(_("Đúng hạn"), "green"), tag(_("Quá hạn"), "red")
    parts = []
    for o in opinions:
        agreement = o.request_event.agreement
        parts.append(f'<tr><td><a href="{escape(url(o.request_event_id))}">{escape(agreement.title)}</a></td>'
                     f"<td>{escape(agreement.locality.short_name)}</td><td>{escape(verdict(o.verdict))}</td>"
                     f"<td>{dmy(o.issued_on)}</td><td>{met if o.deadline_met else late}</td></tr>")
    return mark_safe("".join(parts))
