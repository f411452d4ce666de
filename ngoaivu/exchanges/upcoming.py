"""The home panel's deadlines of delegations and conferences: the first few open ones of a window around
today, overdue ones first. The calendar's `agenda.deadline_entries` reads every deadline of a window, done
or not; a national panel showing eight of them read the 34,000 delegations and 10,000 conferences of the
country for it. Here each kind of deadline is read open only, in date order, up to the date of its eighth
row, from a partial index on the open deadlines' dates (`exchanges_deleg_open_due_idx`,
`exchanges_conf_open_doss_idx`, `exchanges_conf_open_rep_idx`, `exchanges_cons_open_due_idx`)."""
import datetime

from django.db.models import Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ngoaivu.core import statements
from ngoaivu.core.scoping import scope_of
from ngoaivu.exchanges.agenda import Entry, Maker
from ngoaivu.exchanges.models import OPEN_APPROVED, Conference, ConferenceConsultation, Delegation

BACK_DAYS = 60  # overdue deadlines stay on the panel this long


def _up_to_nth(qs, field, limit, end):
    """The rows of `qs` whose `field` is on or before that of its `limit`-th row by `field` — all rows of
    that last date, since ties are ordered by their title afterwards, in Python, as the calendar orders
    them (the database's collation is not Python's)."""
    nth = qs.order_by(field).values(field)[limit - 1:limit]
    # In the model's default order, as the calendar reads them: entries of the same date and title keep it.
    return qs.filter(**{f"{field}__lte": Coalesce(Subquery(nth), Value(end))})


def open_deadlines(user, limit=8, today=None, days=30) -> list[Entry]:
    """The first `limit` deadlines not yet met, by date then title, from BACK_DAYS ago to `days` ahead:
    results reports of delegations, conference dossiers, consultations and conference reports of the
    records `user` may see. The same entries, in the same order, as the first `limit` open deadlines of
    `agenda.deadline_entries` over that window."""
    today = today or timezone.localdate()
    start, end = today - datetime.timedelta(days=BACK_DAYS), today + datetime.timedelta(days=days)
    make = Maker(today)  # the calendar's texts, uids and URLs of each kind of deadline
    scope = scope_of(user)

    def read(kind, open_between, field, columns):
        """The rows of one kind of deadline: the `limit` first of `open_between(start, end)` in the reader's
        scope, by a statement built once per scope and limit and run with each day's window (core.statements:
        building and compiling the four scoped statements cost more than the database's work)."""
        return statements.rows(
            ("exchanges open deadlines", kind, scope, limit),
            lambda first, last: _up_to_nth(open_between(first, last).visible_to(user), field, limit, last)
            .values_list(*columns), start, end)

    entries = []
    # "No report yet" is read from the kept status, as Delegation.objects.report_overdue reads it, and
    # written literally for SQLite to take the partial index.
    for pk, title, due, locality in read(
            "delegation reports", lambda first, last: Delegation.objects.filter(
                status__in_literals=OPEN_APPROVED, decision_date__isnull=False, cancelled_on__isnull=True,
                report_due__range=(first, last)),
            "report_due", ("pk", "title", "report_due", "locality_id")):
        entries.append(make.delegation_report(pk, title, due, False, locality))
    live = Conference.objects.filter(cancelled_on__isnull=True)
    # Owed until recorded or until the permission is (agenda's dossier_due).
    for pk, title, authority, deadline, locality in read(
            "dossiers", lambda first, last: live.filter(dossier_submitted_on__isnull=True, decision_date__isnull=True,
                                                        dossier_deadline__range=(first, last)),
            "dossier_deadline", ("pk", "title", "authority", "dossier_deadline", "locality_id")):
        entries.append(make.dossier(pk, authority, title, deadline, locality))
    for pk, title, due, locality in read(
            "conference reports", lambda first, last: live.filter(decision_date__isnull=False,
                                                                  report_submitted_on__isnull=True,
                                                                  report_due__range=(first, last)),
            "report_due", ("pk", "title", "report_due", "locality_id")):
        entries.append(make.conference_report(pk, title, due, False, locality))
    # Scoped through their conference by a join (a consultation's scope is its conference's), not by
    # `conference IN (every visible conference)`, which listed the country's conferences for the centre.
    for pk, body, title, due, conference_id, locality in read(
            "consultations", lambda first, last: ConferenceConsultation.objects.filter(
                conference__cancelled_on__isnull=True, answered_on__isnull=True, due_on__range=(first, last)),
            "due_on", ("pk", "body", "conference__title", "due_on", "conference_id", "conference__locality_id")):
        entries.append(make.consultation(pk, body, title, due, conference_id, locality))
    return sorted(entries, key=lambda e: (e.start, e.title))[:limit]
