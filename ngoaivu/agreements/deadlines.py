"""Legal deadlines of an agreement, and the calendar feed other apps read.

- each opinion is due OPINION_WORKING_DAYS working days after it was requested (Law 70, Art. 18–19;
  working days from core.workdays, Tết included);
- the report to the PM and the copy to MOFA are due REPORT_AFTER_SIGNING_DAYS days after signing;
- an agreement that ends on a fixed date is flagged AGREEMENT_EXPIRY_NOTICE_DAYS (90/60/30) before.
"""
import datetime
from collections import namedtuple
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from ngoaivu.agreements.choices import AgreementStatus as S
from ngoaivu.agreements.choices import Channel, DatePrecision, DeadlineKind
from ngoaivu.agreements.choices import EventKind as E
from ngoaivu.agreements.status import effective_expiry
from ngoaivu.core import statements
from ngoaivu.core.rows import detail_url
from ngoaivu.core.scoping import scope_of

# Law 70/2020 is in force from this day: older agreements carry no report deadline in the register.
LAW_70_IN_FORCE = datetime.date(2021, 7, 1)


def expiry_leads() -> tuple[int, ...]:
    return tuple(sorted(settings.AGREEMENT_EXPIRY_NOTICE_DAYS, reverse=True))


def due_soon_days() -> int:
    return settings.AGREEMENT_DUE_SOON_DAYS


def report_days() -> int:
    return settings.REPORT_AFTER_SIGNING_DAYS


@dataclass(frozen=True)
class Deadline:
    kind: str
    date: datetime.date
    label: str
    alert_from: datetime.date
    today: datetime.date
    event: object = None

    @property
    def overdue(self) -> bool:
        return self.date < self.today and self.kind != DeadlineKind.EXPIRY

    @property
    def due_soon(self) -> bool:
        return not self.overdue and self.alert_from <= self.today <= self.date

    @property
    def days_left(self) -> int:
        return (self.date - self.today).days

    @property
    def lead(self) -> int | None:
        return expiry_lead_reached(self)

    @property
    def days_overdue(self) -> int:
        return -self.days_left

    @property
    def state(self) -> str:
        return "overdue" if self.overdue else "due_soon" if self.due_soon else "open"

    @property
    def kind_label(self) -> str:
        return DeadlineKind(self.kind).label


class Terms:
    """The deadlines' texts in the active language and the settings' periods, read once for a run over many
    agreements (a national month computes ~450: a gettext per deadline was a third of the run)."""

    def __init__(self):
        self.soon = datetime.timedelta(days=due_soon_days())
        self.report = datetime.timedelta(days=report_days())
        self.first_lead = datetime.timedelta(days=expiry_leads()[0])
        self.opinion = _("Ý kiến của %(body)s")
        self.mofa_copy = _("Báo cáo Thủ tướng và gửi bản sao cho Bộ Ngoại giao")
        self.renewal_notice = _("Hạn báo trước nếu không muốn tự động gia hạn (gia hạn ngày %(date)s)")
        self.expiry = _("Hết hạn")


def compute_deadlines(agreement, events, today: datetime.date, terms: Terms | None = None) -> list[Deadline]:
    """Open deadlines of one agreement, earliest first. `events` are its events (any order); `terms` (one
    Terms for many agreements) are read here when not given."""
    terms = terms or Terms()
    result = []
    soon = terms.soon
    # An opinion still awaited stays due whatever was recorded after it (an approval or a signing with a
    # written override does not answer it); only an agreement that came to nothing drops it. A historical
    # record carries no legal deadline: its steps were not tracked here.
    if agreement.tracked and agreement.status not in (S.REFUSED, S.WITHDRAWN, S.TERMINATED):
        answered = {e.request_id for e in events if e.kind == E.OPINION_RECEIVED and e.request_id}
        for event in events:
            if event.kind == E.OPINION_REQUESTED and event.pk not in answered and event.due_on:
                result.append(Deadline(DeadlineKind.OPINION, event.due_on,
                                       terms.opinion % {"body": event.consultee},
                                       event.due_on - soon, today, event))
    if (agreement.tracked and agreement.signed_on is not None and agreement.signed_precision == DatePrecision.DAY
            and agreement.signed_on >= LAW_70_IN_FORCE and agreement.reported_on is None
            and agreement.channel != Channel.PARTY and agreement.status not in (S.WITHDRAWN, S.TERMINATED)):
        due = agreement.signed_on + terms.report
        result.append(Deadline(DeadlineKind.MOFA_COPY, due, terms.mofa_copy, due - soon, today))
    if agreement.status in (S.IN_FORCE, S.SIGNED):
        expiry = effective_expiry(agreement, today)
        if expiry is not None:
            if agreement.auto_renew:
                if agreement.notice_days:
                    due = expiry - datetime.timedelta(days=agreement.notice_days)
                    if due >= today:
                        result.append(Deadline(DeadlineKind.EXPIRY, due,
                                               terms.renewal_notice % {"date": expiry.strftime("%d/%m/%Y")},
                                               due - terms.first_lead, today))
            elif expiry >= today:
                result.append(Deadline(DeadlineKind.EXPIRY, expiry, terms.expiry, expiry - terms.first_lead, today))
    return sorted(result, key=lambda d: d.date)


def expiry_lead_reached(deadline: Deadline) -> int | None:
    """The notice mark (90, 60, 30…) an expiry deadline has reached, for the label."""
    if deadline.kind != DeadlineKind.EXPIRY:
        return None
    left = deadline.days_left
    reached = [lead for lead in expiry_leads() if left <= lead]
    return min(reached) if reached else None


def deadline_filter_q(state: str, today: datetime.date) -> Q:
    """Filter on the stored next_due_on / alert_on, so lists filter in SQL."""
    if state == "overdue":
        return Q(next_due_on__lt=today)
    if state == "due_soon":
        return Q(alert_on__lte=today, next_due_on__gte=today)
    return Q(next_due_on__isnull=False)


# An opinion event as compute_deadlines reads it (window_candidates and read_by_keys read these columns only).
_Opinion = namedtuple("_Opinion", "pk kind request_id due_on consultee")


class _Candidate(namedtuple("_Candidate", "pk title status historical recorded_status signed_on signed_precision "
                                          "reported_on channel expires_on auto_renew notice_days term_months "
                                          "locality_id")):
    """An agreement as compute_deadlines reads it (window_candidates and read_by_keys read these columns only)."""
    __slots__ = ()

    @property
    def tracked(self) -> bool:
        from ngoaivu.agreements.models import Agreement
        return Agreement.tracked.fget(self)  # the model's own rule, not a copy


# The agreements that can have a deadline between two days, written as SQL rather than as four querysets and their
# union: building and compiling those was ~40 % of a calendar's register deadlines (a PostgreSQL scope repeats the
# subquery in each of its arms). Four indexed lookups: an open opinion request due in the window; a report due in the
# window (agreement_unreported_idx); a fixed expiry in the window; a self-renewing agreement's notice before its
# renewal, which falls at most NOTICE_DAYS_MAX days before an expiry that rolls forward (the stored one or later),
# hence the wide window for those alone. `auto_renew IN (%s)`, not `auto_renew`: SQLite cannot match the bare column
# to agreement_expiry_idx's second column, and then read the index entry of every agreement in force.
CANDIDATES_SQL = (
    "SELECT agreement_id FROM agreements_event WHERE due_on BETWEEN %s AND %s AND kind = %s"
    " UNION SELECT id FROM agreements_agreement WHERE reported_on IS NULL AND signed_on BETWEEN %s AND %s"
    " UNION SELECT id FROM agreements_agreement WHERE NOT auto_renew AND expires_on BETWEEN %s AND %s"
    " AND status IN (%s, %s)"
    " UNION SELECT id FROM agreements_agreement WHERE auto_renew IN (%s) AND expires_on <= %s AND notice_days > 0"
    " AND status IN (%s, %s)")


def candidate_keys(start, end, report_start, report_end, renewal_end) -> RawSQL:
    """The keys of the agreements that may have a deadline between `start` and `end` (CANDIDATES_SQL), for
    `pk__in`: a report is due in the window of those signed between `report_start` and `report_end` (the
    window less the days from signing to the report); a self-renewing agreement's notice in it of those
    whose stored expiry is by `renewal_end` (NOTICE_DAYS_MAX after it). Each day a value of its own, as a
    kept statement (core.statements) takes them."""
    day = connection.ops.adapt_datefield_value
    in_force = (str(S.IN_FORCE), str(S.SIGNED))
    return RawSQL(CANDIDATES_SQL, (day(start), day(end), str(E.OPINION_REQUESTED), day(report_start), day(report_end),
                                   day(start), day(end), *in_force, True, day(renewal_end), *in_force))


def window_candidates(scoped, start: datetime.date, end: datetime.date, terms: Terms, key, *values,
                      narrow_first=True) -> list[tuple]:
    """[(agreement, its opinion events)] of the agreements that may have a deadline between `start` and
    `end`, as compute_deadlines reads them (plain rows); `scoped(agreements, *values)` narrows a queryset of
    agreements to the reader's, and `key` names what it writes into the statement besides `values` (the
    reader's scope): the two statements are built once per key and run with each window's days
    (core.statements; building them was most of a province's calendar month). Every deadline of theirs in
    that window is computed from these (not those outside it: an agreement's opinions are read only when
    one of its requests falls due in the window). `narrow_first`: the scope is applied to the candidates
    (deadlines_for's readers test it per candidate, `per_row`; with a scope of arrays its subqueries would
    repeat the candidates, core.scoping), else the candidates are taken from the scope's records (its
    subqueries then read the scope alone)."""
    from ngoaivu.agreements.models import NOTICE_DAYS_MAX, Agreement, Event

    # The candidates are found first (a few hundred ids in the whole country) and only those are checked
    # against the reader's scope: with four ORed IN conditions PostgreSQL read every agreement of a large
    # province (5,000 rows, 3,000 pages) and tested each against the sets.
    def candidates(first, last, report_first, report_last, renewal_last, *more):
        keys = candidate_keys(first, last, report_first, report_last, renewal_last)
        if narrow_first:
            agreements = scoped(Agreement.objects.filter(pk__in=keys), *more)
        else:
            agreements = scoped(Agreement.objects.all(), *more).filter(pk__in=keys)
        return agreements.distinct().order_by().values_list(*_Candidate._fields)

    # Only the agreements with a request due in the window can have an opinion deadline in it, so only
    # theirs are read, by a subquery rather than a list of every candidate's id (~450 to send).
    def opinions(first, last):
        requested = Event.objects.filter(kind=E.OPINION_REQUESTED, due_on__range=(first, last)).values("agreement_id")
        return _opinions(Event.objects.filter(agreement_id__in=requested))

    days = (start, end, start - terms.report, end - terms.report,
            end + datetime.timedelta(days=NOTICE_DAYS_MAX))
    return _with_opinions(statements.rows(("deadline candidates", key), candidates, *days, *values),
                          statements.rows(("deadline candidates' opinions",), opinions, start, end))


def _opinions(events):
    """The opinions' requests and answers (the only events that make deadlines) of `events`, in their usual
    order, as `_with_opinions` reads them."""
    return (events.filter(kind__in=(E.OPINION_REQUESTED, E.OPINION_RECEIVED)).order_by("date", "recorded_at", "pk")
            .values_list("pk", "agreement_id", "kind", "request_id", "due_on", "consultee"))


def _with_opinions(candidate_rows, opinion_rows) -> list[tuple]:
    """[(agreement, its opinion events)] of rows of `_Candidate`'s columns and of `_opinions`'s."""
    candidates = [_Candidate(*row) for row in candidate_rows]
    events = {a.pk: [] for a in candidates}
    for row in opinion_rows:
        if row[1] in events:  # else an agreement out of the reader's scope (not a candidate)
            events[row[1]].append(_Opinion(row[0], row[2], row[3], row[4], row[5]))
    return [(a, events[a.pk]) for a in candidates]


def read_by_keys(pks) -> list[tuple]:
    """[(agreement, its opinion events)] of the agreements `pks` (in no order) as compute_deadlines reads them:
    plain rows of the columns it reads (`_Candidate`), not models with the wide text columns (a home panel's 8
    with all their events, 0.6–0.9 ms), and their opinions' requests and answers; by two statements built once
    per number of keys (core.statements: a panel's few agreements cost more to build and compile than to
    read)."""
    from ngoaivu.agreements.models import Agreement, Event
    pks = list(pks)
    if not pks:
        return []
    return _with_opinions(
        statements.rows(("agreements as read", len(pks)),
                        lambda *keys: Agreement.objects.filter(pk__in=keys).order_by().values_list(*_Candidate._fields),
                        *pks),
        statements.rows(("opinions of agreements", len(pks)),
                        lambda *keys: _opinions(Event.objects.filter(agreement_id__in=keys)), *pks))


def deadlines_for(user, start: datetime.date, end: datetime.date, today: datetime.date | None = None,
                  locality=None) -> list[dict]:
    """Deadlines between start and end (inclusive) of the agreements `user` may see (and, given `locality`,
    that province holds or co-signs: core.scoping's of_locality), for calendars: [{"date", "title", "url",
    "kind", "overdue", "locality_id"}], by date ("locality_id": the province that holds the agreement, which
    the centre's feed names; "request_id": the opinion request an opinion deadline answers, else None)."""
    today = today or datetime.date.today()
    terms = Terms()
    # The candidates are filtered first and the scope tested on each of them (per_row) on SQLite and for a
    # reader with a country's subquery (a mission): SQLite planned the narrowed array form worse for a large
    # province (the scope's co-signatory subqueries repeat the union), and a mission's country subquery, not
    # narrowed, would list every agreement of its countries (Korea: 9,000, 34 ms), narrowed it repeated the
    # union, planned twice on every request (PostgreSQL plans this statement with each window's days); a
    # test per candidate, fenced (core.scoping.PerRowExists), halves that planning: a mission's statement
    # 3.6 → 2.6 ms this month (bench/RESULTS.md, forty-sixth session). A reader without a country's subquery
    # (a province, the centre) on PostgreSQL takes the candidates from its scope instead: the scope's
    # co-signatory subqueries, repeating the union, made PostgreSQL plan it three times on every request: a
    # province's statement 1.8 → 1.1 ms (bench/RESULTS.md, forty-fifth session).
    scope = scope_of(user)
    per_row = connection.vendor == "sqlite" or bool(scope.country_codes or scope.mission_ids)
    url = detail_url("agreements:agreement_detail")
    rows = []
    def scoped(agreements, *place):
        agreements = agreements.visible_to(user, per_row=per_row)
        # Narrowed to a province: the agreements it holds and those it co-signs, as its own calendar shows.
        return agreements.of_locality(place[0], per_row=per_row) if place else agreements
    place = () if locality is None else (getattr(locality, "pk", locality),)
    for agreement, events in window_candidates(scoped, start, end, terms, ("calendar", scope, bool(place)), *place,
                                               narrow_first=per_row):
        for deadline in compute_deadlines(agreement, events, today, terms):
            if start <= deadline.date <= end:
                rows.append({"date": deadline.date, "title": f"{deadline.label} — {agreement.title}",
                             "url": url(agreement.pk),
                             "kind": deadline.kind, "overdue": deadline.overdue,
                             "locality_id": agreement.locality_id,
                             # The request an opinion deadline answers: two bodies asked on one day are two
                             # deadlines of one agreement, kind and day (the feed's UIDs tell them apart).
                             "request_id": deadline.event.pk if deadline.event is not None else None})
    # the URL last: two deadlines of one day and title keep one order whatever order the statement gave them in
    return sorted(rows, key=lambda row: (row["date"], row["title"], row["url"]))
