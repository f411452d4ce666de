"""The centre's queue of the provinces' opinion requests to the Foreign Ministry, and one request's page:
the clock, the draft text and capacity check, the draft opinion, approval and issue."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ngoaivu.agreements.choices import DocumentKind
from ngoaivu.coordination import actions, opinions
from ngoaivu.coordination.forms import OpinionDraftForm, OpinionIssueForm
from ngoaivu.coordination.list_rows import issued_rows, opinion_rows
from ngoaivu.coordination.models import MinistryOpinion
from ngoaivu.coordination.views import PER_PAGE
from ngoaivu.core.concurrency import add_save_error, form_version
from ngoaivu.core.generic import history_entries
from ngoaivu.core.workdays import WorkingCalendar


def _centre(user):
    if not user.scope.sees_all:
        raise PermissionDenied(_("Hàng đợi ý kiến của Bộ Ngoại giao dành cho cơ quan trung ương."))


def working_days_left(calendar, today, due):
    """Working days from today to the due date (negative when past): the 7-working-day clock."""
    if due is None:
        return None
    if due >= today:
        return calendar.working_days_between(today, due)
    return -calendar.working_days_between(due, today)


@login_required
@require_safe
def opinion_queue(request):
    _centre(request.user)
    today = actions.today()
    calendar = WorkingCalendar()
    # Paged as the other lists (it showed the first 200 and said nothing of the rest), the count shown.
    page = Paginator(opinions.open_queue(), PER_PAGE).get_page(request.GET.get("page"))
    events = list(page)
    drafted = {o.request_event_id: o for o in MinistryOpinion.objects.filter(request_event__in=events)}  # one query
    rows = [{"event": e, "opinion": drafted.get(e.pk),
             "left": working_days_left(calendar, today, e.due_on), "overdue": bool(e.due_on and e.due_on < today)}
            for e in events]
    issued = list(MinistryOpinion.objects.filter(status="issued").select_related("request_event__agreement__locality")
                  .order_by("-issued_on", "-pk")[:20])
    return render(request, "coordination/opinion_queue.html", {
        "rows": rows, "rows_html": opinion_rows(rows), "page_obj": page, "issued": issued,
        "issued_html": issued_rows(issued)})


def _event(request, pk):
    _centre(request.user)
    return get_object_or_404(opinions.ministry_requests().select_related("agreement", "agreement__locality"), pk=pk)


def _page(request, event, draft_form=None, issue_form=None):
    opinion = MinistryOpinion.objects.filter(request_event=event).first()
    user = request.user
    is_open = not event.answers.exists()
    if draft_form is None and is_open and opinions.is_central_officer(user):
        draft_form = OpinionDraftForm(initial={"verdict": opinion.verdict, "text": opinion.text} if opinion else None,
                                      opinion=opinion)
    if issue_form is None and is_open and opinion and opinions.is_central_manager(user):
        issue_form = OpinionIssueForm(initial={"issued_on": actions.today()}, opinion=opinion)
    drafts = event.agreement.documents.filter(kind=DocumentKind.DRAFT)
    return render(request, "coordination/opinion_detail.html", {
        "event": event, "agreement": event.agreement, "opinion": opinion, "drafts": drafts, "is_open": is_open,
        "draft_form": draft_form, "issue_form": issue_form, "today": actions.today(),
        "overdue": bool(is_open and event.due_on and event.due_on < actions.today()),
        "left": working_days_left(WorkingCalendar(), actions.today(), event.due_on) if is_open else None,
        "history": history_entries(opinion) if opinion else []})


@login_required
@require_safe
def opinion_detail(request, pk):
    return _page(request, _event(request, pk))


@login_required
@require_POST
def opinion_draft(request, pk):
    event = _event(request, pk)
    if not opinions.is_central_officer(request.user):
        raise PermissionDenied
    form = OpinionDraftForm(request.POST, opinion=MinistryOpinion.objects.filter(request_event=event).first())
    if form.is_valid():
        try:
            opinions.save_draft(request.user, event, verdict=form.cleaned_data["verdict"], text=form.cleaned_data["text"],
                                version=form_version(form))
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã lưu dự thảo ý kiến, chờ lãnh đạo phê duyệt."))
            return redirect("coordination:opinion_detail", pk=event.pk)
    return _page(request, event, draft_form=form)


@login_required
@require_POST
def opinion_issue(request, pk):
    event = _event(request, pk)
    if not opinions.is_central_manager(request.user):
        raise PermissionDenied
    form = OpinionIssueForm(request.POST, request.FILES, opinion=MinistryOpinion.objects.filter(request_event=event).first())
    if form.is_valid():
        try:
            opinions.approve_and_issue(request.user, event, signed_file=form.cleaned_data.get("signed_file"),
                                       issued_on=form.cleaned_data["issued_on"], version=form_version(form))
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã ban hành ý kiến; tỉnh nhận được ngay trên hồ sơ thỏa thuận."))
            return redirect("coordination:opinion_detail", pk=event.pk)
    return _page(request, event, issue_form=form)
