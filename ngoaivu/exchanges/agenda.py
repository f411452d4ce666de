"""What goes on a user's calendar: delegations, conferences and their deadlines, and — when the agreement
register is installed — its deadlines. One function feeds the month and week pages and the iCalendar feed,
so every view shows the same scoped set."""
import datetime
import html
from dataclasses import dataclass, field
from operator import itemgetter

from django.db.models import Case, F, OuterRef, Q, Subquery, When
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ngoaivu.core import statements
from ngoaivu.core.rows import detail_url, label_of
from ngoaivu.core.scoping import scope_of
from ngoaivu.exchanges.choices import Authority, ConferenceKind, Direction
from ngoaivu.exchanges.models import Conference, ConferenceConsultation, Delegation, DelegationReport


# Not frozen: a national month builds ~1,500 entries, and a frozen dataclass's __init__ (a setattr through
# object per field) cost three times a plain one's; with slots, a quarter less again. Nothing changes an
# entry once made but its markup, written when first asked.
@dataclass(slots=True)
class Entry:
    uid: str            # stable across feeds, so calendar programs update an event instead of duplicating it
    kind: str           # delegation_out, delegation_in, conference, deadline
    title: str
    start: datetime.date
    end: datetime.date  # inclusive
    url: str
    overdue: bool = False
    done: bool = False
    description: str = ""
    locality_id: int | None = None  # the province whose record it is (the feed names it where not implied)
    _html: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def is_deadline(self) -> bool:
        return self.kind == "deadline"

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    @property
    def html(self):
        """The entry's link, byte for byte what exchanges/includes/entry.html writes (with its final newline),
        built once per entry: a month shows a multi-day trip in every cell it covers and again in the list
        below, and a national month holds over a thousand entries (an include each was most of the page)."""
        if self._html is None:
            self._html = self._markup()
        return self._html

    def _markup(self):
        # html.escape, which django.utils.html.escape calls: the same text without its lazy-string wrapper,
        # three times an entry.
        classes = f"exch-entry exch-entry--{html.escape(self.kind)}"
        classes += " exch-entry--overdue" if self.overdue else ""
        classes += " exch-entry--done" if self.done else ""
        prefix = ""  # the labels outside the f-strings, where xgettext reads them
        if self.overdue:
            label = _("Quá hạn:")
            prefix = f"<strong>{html.escape(label)}</strong> "
        elif self.done:
            label = _("Đã xong:")
            prefix = f"{html.escape(label)} "
        return mark_safe(f'<a class="{classes}" href="{html.escape(self.url)}">{prefix}{html.escape(self.title)}</a>\n')


def _deadline(uid, title, day, url, today, done=False, locality_id=None) -> Entry:
    return Entry(uid=uid, kind="deadline", title=title, start=day, end=day, url=url, done=done,
                 overdue=not done and day < today, locality_id=locality_id)


# (start_date, pk) of a (pk, start_date, …) row: sorted in reverse, the models' default order.
_newest_first = itemgetter(1, 0)


class Maker:
    """Builds the entries of rows, each kind's texts and URLs looked up once per page (a national month
    holds ~1,500 entries: a gettext and a reverse() per row were a third of building one)."""

    def __init__(self, today):
        self.today = today
        self.delegation_url = detail_url("exchanges:delegation_detail")
        self.conference_url = detail_url("exchanges:conference_detail")
        self.directions = {Direction.OUTBOUND: _("Đoàn ra"), Direction.INBOUND: _("Đoàn vào")}
        # The choices' labels translated once a page, not again in every entry's title.
        self.kind_label, self.authority_label = label_of(ConferenceKind.choices), label_of(Authority.choices)
        # Each deadline's text translated once, not per row (a national month holds ~500 deadlines).
        self.texts = {"report": _("Hạn báo cáo kết quả đoàn: %(t)s"), "dossier": _("Hạn nộp hồ sơ hội nghị (%(a)s): %(t)s"),
                      "conference_report": _("Hạn báo cáo sau hội nghị: %(t)s"),
                      "consultation": _("Hạn trả lời ý kiến (%(b)s): %(t)s")}

    def direction_label(self, direction):
        return self.directions.get(direction, self.directions[Direction.INBOUND])

    def delegation(self, pk, direction, title, day_one, last_day, purpose="", locality_id=None):
        return Entry(uid=f"delegation-{pk}", kind=f"delegation_{direction}",
                     title=f"{self.direction_label(direction)}: {title}", start=day_one, end=last_day,
                     url=self.delegation_url(pk), description=purpose, locality_id=locality_id)

    def conference(self, pk, kind, title, day_one, last_day, venue="", locality_id=None):
        return Entry(uid=f"conference-{pk}", kind="conference", title=f"{self.kind_label(kind)}: {title}",
                     start=day_one, end=last_day, url=self.conference_url(pk), description=venue,
                     locality_id=locality_id)

    def delegation_report(self, pk, title, due, done, locality_id=None):
        return _deadline(f"delegation-report-{pk}", self.texts["report"] % {"t": title},
                         due, self.delegation_url(pk), self.today, done, locality_id)

    def dossier(self, pk, authority, title, deadline, locality_id=None):
        return _deadline(f"conference-dossier-{pk}", self.texts["dossier"]
                         % {"a": self.authority_label(authority), "t": title}, deadline,
                         self.conference_url(pk), self.today, locality_id=locality_id)

    def conference_report(self, pk, title, due, done, locality_id=None):
        return _deadline(f"conference-report-{pk}", self.texts["conference_report"] % {"t": title},
                         due, self.conference_url(pk), self.today, done, locality_id)

    def consultation(self, pk, body, title, due, conference_id, locality_id=None):
        return _deadline(f"consultation-{pk}", self.texts["consultation"] % {"b": body, "t": title},
                         due, self.conference_url(conference_id), self.today, locality_id=locality_id)


def entry_order(entry):
    """The calendar's order of entries (a stable sort: ties keep the order they were read in)."""
    return entry.start, entry.kind != "deadline", entry.title


def cell_key(entry, day):
    """A grid cell's order before entry_order: what needs acting on first — overdue deadlines, other
    deadlines, what starts that day, what continues (the cell draws only its first few). The rule itself:
    exchanges.month keeps each day's entries in this order without sorting, and the tests sort by it."""
    return not (entry.is_deadline and entry.overdue), not entry.is_deadline, entry.start != day


def entries_for(user, start: datetime.date, end: datetime.date, today=None, agreements=True,
                locality=None) -> list[Entry]:
    """Everything between `start` and `end` (inclusive) that `user` may see, by date; agreements=False
    leaves out the register's deadlines; `locality`: only that province's records (the centre's filter)."""
    today = today or timezone.localdate()
    entries = _exchange_entries(user, start, end, Maker(today), trips=True, locality=locality)
    if agreements:
        entries += agreement_entries(user, start, end, today, locality=locality)
    return sorted(entries, key=entry_order)


def deadline_entries(user, start, end, today, editable=False) -> list[Entry]:
    """The deadlines of delegations and conferences between `start` and `end` (unsorted); editable=True:
    only those of records the user edits (whoever must act on them)."""
    return _exchange_entries(user, start, end, Maker(today), editable=editable)


def _exchange_entries(user, start, end, make, trips=False, editable=False, locality=None) -> list[Entry]:
    """The delegations' and conferences' deadlines between `start` and `end`, preceded, when trips=True, by
    the trips and conferences running in that window; in the order the final sort (entry_order) keeps
    among ties: trips, conferences, then the deadlines by kind, each in the models' order (-start_date,
    -pk). Each model is read once for its trips and its deadlines (two statements a calendar instead of
    four), by a statement built once per reader's scope and run with each window's days (core.statements:
    building and compiling the three scoped statements cost more than the rows they read)."""
    # Only the columns the calendar's entries show (not the search text, the content of a conference…).
    # Narrowed to the window before the scope, and the scope tested per row (per_row=True, an EXISTS per
    # row of the window; the attention list's editable_by likewise): a mission's scope as a subquery over its countries' records listed every trip of
    # those countries on PostgreSQL.
    def scoped(records, *place):
        records = records.editable_by(user) if editable else records.visible_to(user, per_row=True)
        # One province's records, inside the reader's scope (a consultation is its conference's): the rule
        # the register's deadlines are narrowed by too (core.scoping's of_locality).
        return records.of_locality(place[0], per_row=True) if place else records
    place = () if locality is None else (getattr(locality, "pk", locality),)

    def read(kind, build):
        """The rows of `build(first, last)` in the reader's scope, for this window (and province)."""
        return statements.rows(("calendar", kind, scope_of(user), trips, editable, bool(place)),
                               lambda first, last, *where: scoped(build(first, last), *where), start, end, *place)

    def delegations(first, last):
        running = Q(start_date__lte=last, end_date__gte=first)
        # A delegation back after its planned day (record_return) was abroad until then: it runs in a window
        # that begins after the planned day too. Its own arm of the OR, on the partial index of the late
        # returns (exchanges_deleg_late_idx), so each arm still reads an index and not every trip.
        back_late = Q(start_date__lte=last, returned_on__gte=first, returned_on__gt=F("end_date"))
        report_due = Q(decision_date__isnull=False, report_due__range=(first, last))
        # Whether the report is in, looked up per delegation on its unique key: as a LEFT JOIN (or an EXISTS,
        # which PostgreSQL hashes) it read every report of the country (33,000 rows) for a month's 365
        # deadlines; a subquery with a LIMIT cannot be hashed, so it is an index lookup per row (per report
        # deadline only: the trips' rows do not need it).
        report_in = Subquery(DelegationReport.objects.filter(delegation=OuterRef("pk")).values("pk")[:1])
        return (Delegation.objects.filter(Q(cancelled_on__isnull=True)
                                          & ((running | back_late | report_due) if trips else report_due))
                .annotate(report_id=Case(When(report_due, then=report_in)) if trips else report_in)
                .order_by().values_list("pk", "start_date", "end_date", "returned_on", "direction", "title",
                                        "purpose", "decision_date", "report_due", "report_id", "locality_id"))

    entries, reports = [], []
    # Sorted here, not by an ORDER BY: with one on start_date SQLite walked that index (every trip before the
    # window's end, 40,000 rows) instead of looking up end_date (the few trips still running in the window).
    # Each row's province is `province`, not `place`: read() reads that (the narrowed province's key) for the
    # statements below.
    for pk, day_one, last_day, returned_on, direction, title, purpose, decided, due, report, province in sorted(
            read("delegations", delegations), key=_newest_first, reverse=True):
        if returned_on is not None:
            last_day = returned_on  # back before or after the planned day (record_return): the trip ended then
        if trips and day_one <= end and last_day >= start:
            entries.append(make.delegation(pk, direction, title, day_one, last_day, purpose, province))
        if decided is not None and due is not None and start <= due <= end:
            reports.append(make.delegation_report(pk, title, due, report is not None, province))

    def conferences(first, last):
        running = Q(start_date__lte=last, end_date__gte=first)
        report_due = Q(decision_date__isnull=False, report_due__range=(first, last))
        # A dossier is owed until it is recorded or the permission is (given on a dossier whose day is not
        # known).
        dossier_due = Q(dossier_submitted_on__isnull=True, decision_date__isnull=True,
                        dossier_deadline__range=(first, last))
        return (Conference.objects.filter(Q(cancelled_on__isnull=True) & (
            (running | dossier_due | report_due) if trips else (dossier_due | report_due)))
            .order_by().values_list("pk", "start_date", "end_date", "kind", "title", "venue", "authority",
                                    "dossier_submitted_on", "dossier_deadline", "decision_date", "report_due",
                                    "report_submitted_on", "locality_id"))

    dossiers, conference_reports = [], []
    for pk, day_one, last_day, kind, title, venue, authority, filed, deadline, decided, due, reported, province in sorted(
            read("conferences", conferences), key=_newest_first, reverse=True):
        if trips and day_one <= end and last_day >= start:
            entries.append(make.conference(pk, kind, title, day_one, last_day, venue, province))
        if filed is None and decided is None and deadline is not None and start <= deadline <= end:
            dossiers.append(make.dossier(pk, authority, title, deadline, province))
        if decided is not None and due is not None and start <= due <= end:
            conference_reports.append(make.conference_report(pk, title, due, bool(reported), province))
    entries += reports + dossiers + conference_reports

    # Scoped as their conference is (core.scoping derives a consultation's scope from it), after the
    # window: `conference IN (the scoped conferences)` read every conference in scope (10,000 nationwide).
    def consultations(first, last):
        return (ConferenceConsultation.objects.filter(conference__cancelled_on__isnull=True, answered_on__isnull=True,
                                                      due_on__range=(first, last))
                .values_list("pk", "body", "conference__title", "due_on", "conference_id", "conference__locality_id"))
    entries += [make.consultation(*row) for row in read("consultations", consultations)]
    return entries


def agreement_entries(user, start, end, today, locality=None) -> list[Entry]:
    """Deadlines of the agreement register, if that app provides them (`locality`: of that province's
    agreements only)."""
    try:
        from ngoaivu.agreements.deadlines import deadlines_for
    except ImportError:  # the register is optional for the calendar
        return []
    rows = deadlines_for(user, start, end, today=today, locality=locality)
    # The date's digits by isoformat, not strftime (six times slower, for ~450 deadlines a national month).
    # An opinion's UID names its request: two bodies asked on one day had one UID, and calendar programs
    # kept one of the two deadlines.
    return [Entry(uid=f"agreement-{row['kind']}-{row['url'].strip('/').replace('/', '-')}-"
                      f"{row['date'].isoformat().replace('-', '')}"
                      + (f"-{row['request_id']}" if row.get("request_id") else ""),
                  kind="deadline", title=row["title"], start=row["date"], end=row["date"], url=row["url"],
                  overdue=bool(row.get("overdue")), locality_id=row.get("locality_id")) for row in rows]


def month_grid(year: int, month: int) -> list[list[datetime.date]]:
    """Weeks (Monday first) covering the month, days of neighbouring months included."""
    first = datetime.date(year, month, 1)
    day = first - datetime.timedelta(days=first.weekday())
    weeks = []
    while True:
        weeks.append([day + datetime.timedelta(days=i) for i in range(7)])
        day += datetime.timedelta(days=7)
        if day.month != month:
            break
    return weeks


def by_day(entries, first: datetime.date, last: datetime.date) -> dict[datetime.date, list[Entry]]:
    """Each day from `first` to `last` → the entries covering it, in the entries' order: one pass over the
    entries and the days each covers (testing every entry against every day of a national month was 60,000
    tests)."""
    days = {first + datetime.timedelta(days=i): [] for i in range((last - first).days + 1)}
    for entry in entries:
        day, end = max(entry.start, first), min(entry.end, last)
        while day <= end:
            days[day].append(entry)
            day += datetime.timedelta(days=1)
    return days


# How far ahead the attention list shows delegation and conference deadlines, and how far back it keeps
# the overdue ones.
ATTENTION_AHEAD_DAYS = 30
ATTENTION_BACK_DAYS = 366


def attention(user, on_day, limit=10):
    """The delegations' and conferences' part of the attention list (ngoaivu.core.attention): result
    reports of delegations, conference dossiers, consultations and reports — overdue ones in their own
    section, never among the coming ones — for the people who edit those records."""
    from ngoaivu.core.attention import Section
    if not user.is_authenticated:
        return []
    entries = [e for e in deadline_entries(user, on_day - datetime.timedelta(days=ATTENTION_BACK_DAYS),
                                           on_day + datetime.timedelta(days=ATTENTION_AHEAD_DAYS), on_day,
                                           editable=True) if not e.done]
    entries.sort(key=lambda e: (e.start, e.title))
    sections = []
    for key, title, chosen, colour in (
            ("exchanges_overdue", _("Báo cáo đoàn, hồ sơ và báo cáo hội nghị đã quá hạn"),
             [e for e in entries if e.overdue], "red"),
            ("exchanges_due", _("Báo cáo đoàn, hồ sơ và báo cáo hội nghị sắp đến hạn"),
             [e for e in entries if not e.overdue], "yellow")):
        section = Section(key, title, total=len(chosen), deadlines=True)
        for e in chosen[:limit]:
            section.items.append({"title": e.title, "detail": e.start.strftime("%d/%m/%Y"), "url": e.url,
                                  "colour": colour, "date": e.start, "overdue": e.overdue})
        sections.append(section)
    return sections
