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
    entries = []
    # "No report yet" is read from the kept status, as Delegation.objects.report_overdue reads it, and
    # written literally for SQLite to take the partial index.
    delegations = (Delegation.objects.filter(status__in_literals=OPEN_APPROVED, decision_date__isnull=False,
                                             cancelled_on__isnull=True, report_due__range=(start, end))
                   .visible_to(user))
    for pk, title, due, locality in (_up_to_nth(delegations, "report_due", limit, end)
                                     .values_list("pk", "title", "report_due", "locality_id")):
        entries.append(make.delegation_report(pk, title, due, False, locality))
    live = Conference.objects.filter(cancelled_on__isnull=True)
    # Owed until recorded or until the permission is (agenda's dossier_due).
    dossiers = live.filter(dossier_submitted_on__isnull=True, decision_date__isnull=True,
                           dossier_deadline__range=(start, end)).visible_to(user)
    for pk, title, authority, deadline, locality in (_up_to_nth(dossiers, "dossier_deadline", limit, end)
                                                     .values_list("pk", "title", "authority", "dossier_deadline",
                                                                  "locality_id")):
        entries.append(make.dossier(pk, authority, title, deadline, locality))
    reports = live.filter(decision_date__isnull=False, report_submitted_on__isnull=True,
                          report_due__range=(start, end)).visible_to(user)
    for pk, title, due, locality in (_up_to_nth(reports, "report_due", limit, end)
                                     .values_list("pk", "title", "report_due", "locality_id")):
        entries.append(make.conference_report(pk, title, due, False, locality))
    # Scoped through their conference by a join (a consultation's scope is its conference's), not by
    # `conference IN (every visible conference)`, which listed the country's conferences for the centre.
    consultations = (ConferenceConsultation.objects.filter(conference__cancelled_on__isnull=True,
                                                           answered_on__isnull=True, due_on__range=(start, end))
                     .visible_to(user))
    for pk, body, title, due, conference_id, locality in (_up_to_nth(consultations, "due_on", limit, end)
                                                          .values_list("pk", "body", "conference__title", "due_on",
                                                                       "conference_id", "conference__locality_id")):
        entries.append(make.consultation(pk, body, title, due, conference_id, locality))
    return sorted(entries, key=lambda e: (e.start, e.title))[:limit]
