"""The coordination part of the to-do list and daily digest (ngoaivu.core.attention): a province's report
requests due within `DUE_SOON_DAYS` working days or overdue, its returns sent back; the centre's returns to review. Each
list of deadlines comes as two sections, the overdue and the coming ones (`_by_due`), each with its own
count: mixed, its overdue items were listed after the news, unmarked, and ten overdue hid the coming ones."""
import datetime

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ngoaivu.coordination.choices import ReturnStatus
from ngoaivu.coordination.models import ReportReturn
from ngoaivu.core.attention import Section

# Working days: counted in calendar days, a deadline just after Tết (or a long weekend) was listed only
# during the days off, and nobody was told on the last working day before them.
DUE_SOON_DAYS = 3


def due_soon_until(on_day):
    """The last due date listed as coming on `on_day`: DUE_SOON_DAYS working days ahead."""
    from ngoaivu.core.workdays import add_working_days
    return add_working_days(on_day, DUE_SOON_DAYS)
# How long an issued Ministry opinion stays in the province's list (it is news, not a task).
OPINION_NEWS_DAYS = 7


def attention(user, on_day, limit=10):
    scope = user.scope
    sections = [_mentions(user, on_day, limit)]
    if scope.sees_all:
        if not scope.centre_edit and not scope.superuser:
            return sections
        waiting = (ReportReturn.objects.visible_to(user).filter(status=ReturnStatus.SUBMITTED)
                   .select_related("request", "locality").order_by("submitted_at", "pk"))
        # The centre reviews without a deadline of its own: the province's due date is shown, not listed as due.
        s = Section("report_review", _("Báo cáo của tỉnh chờ xem xét"), total=waiting.count())
        for r in waiting[:limit]:
            s.items.append({"title": str(r), "detail": _("hạn %(due)s") % {"due": r.request.due_on.strftime("%d/%m/%Y")},
                            "url": r.get_absolute_url(), "colour": "blue"})
        return [*sections, s, *_opinion_queue(on_day, limit)]
    if not scope.locality_ids:
        return sections
    # The returns its officers and managers answer: the province's read-only accounts and its units' officers
    # read them but are refused every step, so they are not told to act (the list is who acts next).
    own = ReportReturn.objects.filter(locality__in=scope.edit_locality_ids).select_related("request")

    def item(r):
        return {"title": r.request.title, "detail": _("hạn %(due)s") % {"due": r.request.due_on.strftime("%d/%m/%Y")},
                "url": r.get_absolute_url(), "date": r.request.due_on}

    sent_back = own.filter(status=ReturnStatus.RETURNED).order_by("request__due_on", "pk")
    sections += _by_due(sent_back, "request__due_on", on_day, limit, item,
                        ("report_returned_overdue", _("Báo cáo bị trả lại để bổ sung, đã quá hạn")),
                        ("report_returned", _("Báo cáo bị trả lại để bổ sung")))
    due = own.filter(status__in=[ReturnStatus.NOT_STARTED, ReturnStatus.DRAFT],
                     request__due_on__lte=due_soon_until(on_day)).order_by("request__due_on", "pk")
    sections += _by_due(due, "request__due_on", on_day, limit, item,
                        ("report_overdue", _("Yêu cầu báo cáo đã quá hạn")),
                        ("report_due", _("Yêu cầu báo cáo sắp đến hạn")))
    sections.append(_opinions_issued(user, on_day, limit))
    sections.append(_directives(scope, limit))
    return sections


def _directives(scope, limit):
    """Directives the province (or the user's unit) has not acknowledged yet (reminded ones first)."""
    from ngoaivu.coordination.models import DirectiveRecipient
    # A province's own copies and its units' copies addressed to the user, not the copies it sent its units;
    # only the copies the user acknowledges (a viewer, or a unit's officer for the province's copy, is refused).
    mine = (models.Q(unit__isnull=True, locality__in=scope.edit_locality_ids)
            | models.Q(unit__in=scope.edit_unit_ids))
    pending = (DirectiveRecipient.objects.filter(mine, acknowledged_at__isnull=True)
               .select_related("directive").order_by("-reminders", "-directive__issued_on", "pk"))
    s = Section("directives", _("Văn bản chỉ đạo chưa xác nhận"), total=pending.count())
    for r in pending[:limit]:
        detail = r.directive.issued_on.strftime("%d/%m/%Y")
        if r.reminders:
            detail += " — " + ngettext("đã được nhắc %(n)s lần", "đã được nhắc %(n)s lần", r.reminders) % {
                "n": r.reminders}
        s.items.append({"title": str(r.directive), "detail": detail, "url": r.directive.get_absolute_url(),
                        "colour": "orange" if r.reminders else "blue", "overdue": False, "date": r.directive.issued_on})
    return s


def _by_due(queryset, due, on_day, limit, item, late, coming):
    """Two sections of deadlines from `queryset` (in due order): (key, title) `late` of those whose `due`
    lookup is before `on_day`, `coming` of the others; `item(row)` writes an item but its colour and
    overdue flag."""
    sections = []
    for (key, title), overdue, rows in ((late, True, queryset.filter(**{f"{due}__lt": on_day})),
                                        (coming, False, queryset.filter(**{f"{due}__gte": on_day}))):
        s = Section(key, title, total=rows.count(), deadlines=True)
        s.items = [{**item(row), "colour": "red" if overdue else "yellow", "overdue": overdue}
                   for row in rows[:limit]]
        sections.append(s)
    return sections


def _opinion_queue(on_day, limit):
    """The provinces' opinion requests to the Ministry due within DUE_SOON_DAYS working days, or past due."""
    from django.urls import reverse

    from ngoaivu.coordination.opinions import open_queue

    def item(e):
        return {"title": e.agreement.title, "detail": _("%(province)s — hạn %(due)s") % {
            "province": e.agreement.locality.short_name, "due": e.due_on.strftime("%d/%m/%Y")},
            "url": reverse("coordination:opinion_detail", args=[e.pk]), "date": e.due_on}

    due = open_queue().filter(due_on__lte=due_soon_until(on_day))
    return _by_due(due, "due_on", on_day, limit, item,
                   ("ministry_opinions_overdue", _("Ý kiến Bộ Ngoại giao đã quá hạn")),
                   ("ministry_opinions", _("Ý kiến Bộ Ngoại giao sắp đến hạn")))


def _opinions_issued(user, on_day, limit):
    """The Ministry's opinions issued in the app on the province's agreements in the last days."""
    from ngoaivu.agreements.panels import own_register
    from ngoaivu.coordination.models import MinistryOpinion
    issued = (MinistryOpinion.objects.filter(status="issued", request_event__agreement__in=own_register(user),
                                             issued_on__gte=on_day - datetime.timedelta(days=OPINION_NEWS_DAYS))
              .select_related("request_event__agreement").order_by("-issued_on", "-pk"))
    s = Section("ministry_opinion_issued", _("Bộ Ngoại giao đã có ý kiến"), total=issued.count())
    for o in issued[:limit]:
        agreement = o.request_event.agreement
        s.items.append({"title": agreement.title, "detail": f"{o.get_verdict_display()} — {o.issued_on:%d/%m/%Y}",
                        "url": agreement.get_absolute_url(), "colour": "green", "overdue": False, "date": o.issued_on})
    return s


MENTION_DAYS = 7


def _mentions(user, on_day, limit):
    """Comments of the last days that mention the user (on records they can still see)."""
    from ngoaivu.coordination.models import Comment
    from ngoaivu.coordination.threads import record_url
    since = on_day - datetime.timedelta(days=MENTION_DAYS)
    # Read through the records' scope: a mention was checked when written, but its reader may since have
    # moved to another province (or the record to another owner); the list and the digest quote the text.
    found = (Comment.objects.visible_to(user).filter(mentions=user, at__date__gte=since).select_related("by")
             .order_by("-at", "-pk"))
    s = Section("mentions", _("Được nhắc đến trong trao đổi"), total=found.count())
    for c in found[:limit]:
        s.items.append({"title": c.text[:100], "detail": c.by.username if c.by else "",
                        "url": record_url(c.record_kind, c.record_id), "colour": "blue", "overdue": False,
                        "date": c.at.date()})
    return s
