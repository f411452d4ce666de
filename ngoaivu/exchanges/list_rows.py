"""The rows of the delegation and conference lists, written in Python (issue 9): byte for byte what the
row templates wrote (tests/exchanges/test_list_rows.py compares both), without a lookup, filter or
include per cell."""
import datetime

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ngoaivu.core.rows import detail_url, dmy, escape, label_of, partners_cell, tag
from ngoaivu.exchanges.choices import (
    CONFERENCE_STATUS_COLOURS, DELEGATION_STATUS_COLOURS, Authority, Channel, ConferenceForm, ConferenceKind,
    ConferenceStatus, DelegationStatus, Direction,
)
from ngoaivu.core.countries import country_name
from ngoaivu.exchanges.models import Conference, conference_dossier_late, delegation_report_overdue


def delegation_rows(delegations, countries: dict, today: datetime.date, sees_all: bool) -> SafeString:
    """`delegations` are rows of the view's DELEGATION_ROW_COLUMNS (named tuples), `countries` the country
    codes of their stops by primary key, in the stops' order."""
    url = detail_url("exchanges:delegation_detail")
    direction, channel, status = label_of(Direction.choices), label_of(Channel.choices), label_of(DelegationStatus.choices)
    overdue = tag(_("Quá hạn"), "red")
    parts = []
    for d in delegations:
        locality = f" · {escape(d.locality__short_name)}" if sees_all else ""
        if d.decision_date and not d.cancelled_on:
            late = delegation_report_overdue(d.decision_date, d.cancelled_on, d.report_due, d.report__id is not None, today)
            due = dmy(d.report_due) + (f" {overdue}" if late else "")
        else:
            due = "—"
        parts.append(
            f'<tr>\n    <td><a href="{escape(url(d.pk))}">{escape(d.title)}</a><br><span class="small muted">'
            f"{escape(d.head_name)} — {escape(d.head_title)}{locality}</span></td>\n"
            f'    <td>{escape(direction(d.direction))}<br><span class="small">{escape(channel(d.channel))}</span></td>\n'
            f'    <td>{", ".join(escape(country_name(code)) for code in countries.get(d.pk, ()))}</td>\n'
            f'    <td><time datetime="{d.start_date.isoformat() if d.start_date else ""}">{dmy(d.start_date)}</time>'
            f"–{dmy(d.end_date)}</td>\n"
            f"    <td>{due}</td>\n"
            f"    <td>{tag(status(d.status), DELEGATION_STATUS_COLOURS.get(d.status, 'grey'))}</td>\n  </tr>")
    return mark_safe("".join(parts))


def conference_rows(conferences, partners: dict, today: datetime.date, sees_all: bool) -> SafeString:
    """`conferences` are rows of the view's CONFERENCE_ROW_COLUMNS (named tuples), `partners` their partners
    by primary key (core.rows.listed_partners)."""
    url = detail_url("exchanges:conference_detail")
    kind, form, authority = label_of(ConferenceKind.choices), label_of(ConferenceForm.choices), label_of(Authority.choices)
    status = label_of(ConferenceStatus.choices)
    late, report_overdue = tag(_("Nộp muộn"), "red"), tag(_("Báo cáo quá hạn"), "red")
    parts = []
    for c in conferences:
        locality = f" · {escape(c.locality__short_name)}" if sees_all else ""
        dates = dmy(c.start_date) + (f"–{dmy(c.end_date)}" if c.end_date != c.start_date else "")
        # Conference.dossier_late, with the page's today
        is_late = conference_dossier_late(c.dossier_deadline, c.dossier_submitted_on, c.decision_date, today)
        parts.append(
            f'<tr>\n    <td><a href="{escape(url(c.pk))}">{escape(c.title)}</a><br><span class="small muted">'
            f"{escape(kind(c.kind))} · {escape(form(c.form))}{locality}</span></td>\n"
            f"    <td>{dates}</td>\n"
            f"    <td>{partners_cell(partners.get(c.pk), '—')}</td>\n"
            f"    <td>{escape(authority(c.authority))}</td>\n"
            f"    <td>{dmy(c.dossier_deadline)}{f' {late}' if is_late and c.status != 'cancelled' else ''}</td>\n"
            f"    <td>{tag(status(c.status), CONFERENCE_STATUS_COLOURS.get(c.status, 'grey'))}"
            # The model's own rule, on a row of its columns (a named tuple has the attributes it reads).
            f"{f' {report_overdue}' if Conference.report_is_overdue(c, today) else ''}</td>\n  </tr>")
    return mark_safe("".join(parts))
