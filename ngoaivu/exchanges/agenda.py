"""What goes on a user's calendar: delegations, conferences and their deadlines, and — when the agreement
register is installed — its deadlines. One function feeds the month and week pages and the iCalendar feed,
so every view shows the same scoped set."""
import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.exchanges.choices import Direction
from ngoaivu.exchanges.models import Conference, ConferenceConsultation, Delegation


@dataclass(frozen=True)
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

    @property
    def is_deadline(self) -> bool:
        return self.kind == "deadline"

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def _deadline(uid, title, day, url, today, done=False) -> Entry:
    return Entry(uid=uid, kind="deadline", title=title, start=day, end=day, url=url, done=done,
                 overdue=not done and day < today)


def entries_for(user, start: datetime.date, end: datetime.date, today=None, agreements=True) -> list[Entry]:
    """Everything between `start` and `end` (inclusive) that `user` may see, by date; agreements=False
    leaves out the register's deadlines."""
    today = today or timezone.localdate()
    entries = []
    delegations = (Delegation.objects.visible_to(user).filter(cancelled_on__isnull=True)
                   .select_related("report").prefetch_related("stops"))
    for d in delegations.filter(start_date__lte=end, end_date__gte=start):
        label = _("Đoàn ra") if d.direction == Direction.OUTBOUND else _("Đoàn vào")
        entries.append(Entry(uid=f"delegation-{d.pk}", kind=f"delegation_{d.direction}", title=f"{label}: {d.title}",
                             start=d.start_date, end=d.end_date, url=d.get_absolute_url(),
                             description=d.purpose))
    conferences = Conference.objects.visible_to(user).filter(cancelled_on__isnull=True)
    for c in conferences.filter(start_date__lte=end, end_date__gte=start):
        entries.append(Entry(uid=f"conference-{c.pk}", kind="conference", title=f"{c.get_kind_display()}: {c.title}",
                             start=c.start_date, end=c.end_date, url=c.get_absolute_url(),
                             description=c.venue))
    entries += deadline_entries(user, start, end, today)
    if agreements:
        entries += agreement_entries(user, start, end, today)
    return sorted(entries, key=lambda e: (e.start, e.kind != "deadline", e.title))


def deadline_entries(user, start, end, today, editable=False) -> list[Entry]:
    """The deadlines of delegations and conferences between `start` and `end` (unsorted); editable=True:
    only those of records the user edits (whoever must act on them)."""
    entries = []
    scoped = (lambda model: model.objects.editable_by(user)) if editable else (lambda model: model.objects.visible_to(user))
    delegations = scoped(Delegation).filter(cancelled_on__isnull=True).select_related("report")
    for d in delegations.filter(decision_date__isnull=False, report_due__range=(start, end)):
        done = hasattr(d, "report")
        entries.append(_deadline(f"delegation-report-{d.pk}", _("Hạn báo cáo kết quả đoàn: %(t)s") % {"t": d.title},
                                 d.report_due, d.get_absolute_url(), today, done))
    conferences = scoped(Conference).filter(cancelled_on__isnull=True)
    for c in conferences.filter(dossier_submitted_on__isnull=True, dossier_deadline__range=(start, end)):
        entries.append(_deadline(f"conference-dossier-{c.pk}", _("Hạn nộp hồ sơ hội nghị (%(a)s): %(t)s")
                                 % {"a": c.get_authority_display(), "t": c.title}, c.dossier_deadline,
                                 c.get_absolute_url(), today))
    for c in conferences.filter(decision_date__isnull=False, report_due__range=(start, end)):
        entries.append(_deadline(f"conference-report-{c.pk}", _("Hạn báo cáo sau hội nghị: %(t)s") % {"t": c.title},
                                 c.report_due, c.get_absolute_url(), today, bool(c.report_submitted_on)))
    consultations = (ConferenceConsultation.objects.filter(conference__in=conferences, answered_on__isnull=True,
                                                           due_on__range=(start, end)).select_related("conference"))
    for k in consultations:
        entries.append(_deadline(f"consultation-{k.pk}", _("Hạn trả lời ý kiến (%(b)s): %(t)s")
                                 % {"b": k.body, "t": k.conference.title}, k.due_on,
                                 k.conference.get_absolute_url(), today))
    return entries


def agreement_entries(user, start, end, today) -> list[Entry]:
    """Deadlines of the agreement register, if that app provides them."""
    try:
        from ngoaivu.agreements.deadlines import deadlines_for
    except ImportError:  # the register is optional for the calendar
        return []
    rows = deadlines_for(user, start, end, today=today)
    return [Entry(uid=f"agreement-{row['kind']}-{row['url'].strip('/').replace('/', '-')}-{row['date']:%Y%m%d}",
                  kind="deadline", title=row["title"], start=row["date"], end=row["date"], url=row["url"],
                  overdue=bool(row.get("overdue"))) for row in rows]


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


def upcoming_deadlines(user, today=None, days=30) -> list[Entry]:
    """Deadlines from 60 days back (so overdue ones stay visible) to `days` ahead, for the home page."""
    today = today or timezone.localdate()
    # The register shows its own deadlines on the home page; here only the deadlines of delegations and
    # conferences (neither the register's deadlines nor the trips and meetings themselves are read).
    rows = deadline_entries(user, today - datetime.timedelta(days=60), today + datetime.timedelta(days=days), today)
    return sorted((e for e in rows if not e.done and (e.overdue or e.start >= today)),
                  key=lambda e: (e.start, e.title))


def overlapping(entries, start, end):
    return [e for e in entries if e.start <= end and e.end >= start]



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
        section = Section(key, title, total=len(chosen))
        for e in chosen[:limit]:
            section.items.append({"title": e.title, "detail": e.start.strftime("%d/%m/%Y"), "url": e.url,
                                  "colour": colour, "date": e.start, "overdue": e.overdue})
        sections.append(section)
    return sections
