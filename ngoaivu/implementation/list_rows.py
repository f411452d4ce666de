"""The rows of the activity and commitment lists and of the national page's longest-dormant agreements, written
in Python (issue 9): byte for byte what the row loops of their templates wrote (tests/implementation/
test_list_rows.py compares them), the lists' from plain rows of the columns they show rather than three models a
row, without a lookup, filter or include per cell."""
import datetime

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ngoaivu.core.rows import detail_url, dmy, escape, label_of, tag, truncator
from ngoaivu.core.stored_text import translate_stored
from ngoaivu.implementation.choices import OPEN_STATUSES, ActivityKind, CommitmentStatus
from ngoaivu.implementation.health import deadline_state

# The columns each list's rows are read as (FilteredListView.row_columns, which puts `pk` first).
ACTIVITY_ROW_COLUMNS = ("occurred_on", "title", "kind", "agreement_id", "agreement__title", "locality__short_name")
COMMITMENT_ROW_COLUMNS = ("description", "due_on", "status", "agreement__title", "agreement__locality",
                          "responsible_unit__name")
# implementation/_commitment_status.html's colours
STATUS_COLOURS = {CommitmentStatus.FULFILLED: "green", CommitmentStatus.IN_PROGRESS: "blue"}


def activity_rows(activities) -> SafeString:
    """`activities`: rows of ACTIVITY_ROW_COLUMNS (named tuples), in the list's order."""
    url, agreement_url = detail_url("implementation:activity_detail"), detail_url("implementation:agreement")
    kind, truncated = label_of(ActivityKind.choices), truncator()
    parts = []
    for a in activities:
        agreement = (f'<a href="{escape(agreement_url(a.agreement_id))}">{truncated(a.agreement__title, 50)}</a>'
                     if a.agreement_id else "—")
        parts.append(f'<tr><td>{dmy(a.occurred_on)}</td><td><a href="{escape(url(a.pk))}">{escape(a.title)}</a></td>'
                     f"<td>{escape(kind(a.kind))}</td>\n"
                     f"  <td>{agreement}</td><td>{escape(a.locality__short_name or '')}</td></tr>")
    return mark_safe("".join(parts))


def commitment_rows(commitments, today: datetime.date, soon_days) -> SafeString:
    """`commitments`: rows of COMMITMENT_ROW_COLUMNS (named tuples), in the list's order; `soon_days(locality_id)`:
    the days before its due date a commitment of that province's agreement is "due soon" (its own rule, as the
    commitment's page says)."""
    url, status = detail_url("implementation:commitment_detail"), label_of(CommitmentStatus.choices)
    truncated = truncator()
    # implementation/_deadline_tag.html, with the newline that closes the file
    states = {"overdue": tag(_("Quá hạn"), "red") + "\n", "due_soon": tag(_("Sắp đến hạn"), "yellow") + "\n"}
    parts = []
    for c in commitments:
        # Commitment.deadline, on a row of its columns
        state = deadline_state(c.due_on, today, soon_days(c.agreement__locality), c.status in OPEN_STATUSES)
        parts.append(f'<tr><td><a href="{escape(url(c.pk))}">{truncated(c.description, 80)}</a></td>'
                     f"<td>{truncated(c.agreement__title, 50)}</td>"
                     f"<td>{escape(c.responsible_unit__name or '—')}</td>\n"
                     f"  <td>{dmy(c.due_on) or '—'} {states.get(state, chr(10))}</td>"
                     f"<td>{tag(status(c.status), STATUS_COLOURS.get(c.status, 'grey'))}\n</td></tr>")
    return mark_safe("".join(parts))


def dormant_rows(agreements) -> SafeString:
    """The national page's agreements dormant for longest (queries.dormant_list: with their province and the day
    they went quiet, `idle_since`), in their order."""
    url, truncated = detail_url("implementation:agreement"), truncator()
    parts = []
    for a in agreements:
        parts.append(f'<tr><td><a href="{escape(url(a.pk))}">{truncated(a.title, 70)}</a></td>'
                     f"<td>{escape(a.locality.short_name)}</td>"
                     f"<td>{dmy(a.idle_since) or '—'}</td><td>{escape(translate_stored(a.health_reasons))}</td></tr>")
    return mark_safe("".join(parts))
