"""Report requests: the centre's list, form, 34-province matrix and national table; the province's inbox
and its return (read receipt on first opening, draft, submit); the centre's review (accept / send back)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, F, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from ngoaivu.coordination import actions, queries
from ngoaivu.coordination.choices import OPEN_STATUSES, ReturnStatus
from ngoaivu.coordination.forms import ReturnForm, RequestForm, ReviewForm
from ngoaivu.coordination.list_rows import request_rows, return_rows
from ngoaivu.coordination.models import ReportRequest, ReportReturn
from ngoaivu.core.concurrency import StaleEdit, add_save_error, form_version
from ngoaivu.core.exports import Sheet, attachment, xlsx
from ngoaivu.core.generic import history_entries, visible_or_404


def _returns(user):
    return ReportReturn.objects.visible_to(user).select_related("request", "locality")


PER_PAGE = 25


@login_required
@require_safe
def report_list(request):
    """The centre: the requests it sent, newest first, with their counts. A province: its returns, the open
    ones first (the nearest deadline first), then the others (the latest first). Both paged in the
    database, so ten years of requests neither slow the page nor fall off its end."""
    user, today = request.user, actions.today()
    term = request.GET.get("q", "")
    status = request.GET.get("status", "")
    if user.scope.sees_all:
        qs = ReportRequest.objects.visible_to(user)
        if term:
            qs = qs.search(term)
        # only the columns a row writes (not the body, nor the fields' JSON decoded per row)
        page = Paginator(qs.order_by("-due_on", "-pk").only("number", "title", "data_from", "data_to", "due_on"),
                         PER_PAGE).get_page(request.GET.get("page"))
        counts = queries.status_counts_of([r.pk for r in page])
        rows = [{"request": r, "cells": [counts.get((r.pk, v), 0) for v in ReturnStatus.values]} for r in page]
        return render(request, "coordination/request_list.html", {
            "rows": rows, "rows_html": request_rows(rows), "page_obj": page, "q": term, "can_send": actions.can_send(user),
            "statuses": ReturnStatus.choices})
    returns = _returns(user)
    if term:
        returns = returns.filter(request__in=ReportRequest.objects.visible_to(user).search(term))
    if status in ReturnStatus.values:
        returns = returns.filter(status=status)
    is_open = Case(When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1))
    open_due = Case(When(status__in=OPEN_STATUSES, then=F("request__due_on")))
    closed_due = Case(When(status__in=OPEN_STATUSES, then=Value(None)), default=F("request__due_on"))
    # only the columns a row writes (not the return's text and values, nor the request's body and fields)
    returns = returns.only("status", "request__title", "request__due_on", "locality__short_name")
    page = Paginator(returns.order_by(is_open, open_due, closed_due.desc(), "pk"), PER_PAGE).get_page(
        request.GET.get("page"))
    returns = [{"ret": r, "overdue": r.is_overdue(today)} for r in page]
    return render(request, "coordination/inbox.html", {
        "returns": returns, "rows_html": return_rows(returns), "page_obj": page, "q": term,
        "status": status, "statuses": ReturnStatus.choices})


@login_required
def request_create(request):
    if not actions.can_send(request.user):
        raise PermissionDenied
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            report = actions.create_request(
                request.user, title=d["title"], number=d["number"], kind=d["kind"], body=d["body"],
                data_from=d["data_from"], data_to=d["data_to"], due_on=d["due_on"],
                localities=form.chosen_localities(), fields=form.request_fields())
        except ValidationError as error:
            add_save_error(form, error)
        else:
            n = report.returns.count()  # one province is "1 province" in English, not "1 provinces"
            messages.success(request, ngettext("Đã gửi yêu cầu báo cáo đến %(n)s tỉnh, thành phố.",
                                               "Đã gửi yêu cầu báo cáo đến %(n)s tỉnh, thành phố.", n) % {"n": n})
            return redirect(report)
    return render(request, "coordination/request_form.html", {"form": form})


@login_required
@require_safe
def request_detail(request, pk):
    report = visible_or_404(ReportRequest.objects, request.user, pk)
    if not request.user.scope.sees_all:
        ret = _returns(request.user).filter(request=report).order_by("pk").first()
        if ret is None:
            raise PermissionDenied
        return redirect(ret)
    today = actions.today()
    rows_html, counts = queries.matrix(report, today)
    return render(request, "coordination/request_detail.html", {
        "report": report, "rows_html": rows_html, "counts": counts, "asked": sum(c["count"] for c in counts),
        "history": history_entries(report)})


def _national(request, pk):
    report = visible_or_404(ReportRequest.objects, request.user, pk)
    if not request.user.scope.sees_all or not report.structured:
        raise PermissionDenied
    return report, queries.consolidate(report)


@login_required
@require_safe
def request_national(request, pk):
    report, national = _national(request, pk)
    return render(request, "coordination/national.html", {"report": report, "national": national})


@login_required
@require_safe
def request_national_export(request, pk):
    report, national = _national(request, pk)
    headers = [_("Tỉnh, thành phố")] + [f["label"] + (f" ({f['unit']})" if f.get("unit") else "")
                                        for f in national.number_fields]
    rows = [[r["locality"], *r["values"]] for r in national.rows] + [[_("Toàn quốc"), *national.totals]]
    sheets = [Sheet(_("Tổng hợp"), headers, rows, widths=[28] + [18] * len(national.number_fields))]
    for i, table in enumerate(national.tables, start=1):
        sheets.append(Sheet(_("Bảng %(n)s") % {"n": i}, [table["field"]["label"], _("Số liệu")],
                            [list(r) for r in table["rows"]], widths=[40, 14]))
    return attachment(xlsx(*sheets), f"tong-hop-bao-cao-{report.pk}.xlsx")


@login_required
@require_safe
def return_detail(request, pk):
    ret = get_object_or_404(_returns(request.user), pk=pk)
    actions.mark_opened(request.user, ret)
    editable = actions.can_answer(request.user, ret) and ret.status in OPEN_STATUSES
    reviewable = actions.can_review(request.user, ret.request) and ret.status == ReturnStatus.SUBMITTED
    return _return_page(request, ret, form=ReturnForm(report_return=ret) if editable else None,
                        review_form=ReviewForm(report_return=ret) if reviewable else None)


def _return_page(request, ret, **forms):
    values = ret.values or {}
    transitions = list(ret.transitions.select_related("by"))
    return render(request, "coordination/return_detail.html", {
        "ret": ret, "report": ret.request, "overdue": ret.is_overdue(actions.today()), "transitions": transitions,
        "comment": transitions[-1].reason if transitions and ret.status == ReturnStatus.RETURNED else "",
        "shown": [{"field": f, "value": values.get(f["key"])} for f in ret.request.fields],
        "history": history_entries(ret), **forms})


@login_required
@require_POST
def return_save(request, pk):
    ret = get_object_or_404(_returns(request.user), pk=pk)
    if not actions.can_answer(request.user, ret):
        raise PermissionDenied
    form = ReturnForm(request.POST, request.FILES, report_return=ret)
    if form.is_valid():
        submit = "submit" in request.POST
        try:
            actions.save_return(request.user, ret, values=form.values(), text=form.cleaned_data["text"],
                                submit=submit, attachment=form.cleaned_data.get("attachment"),
                                version=form_version(form))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã gửi báo cáo cho trung ương.") if submit else _("Đã lưu bản nháp."))
            return redirect(ret)
    return _return_page(request, ret, form=form)


def _add_errors(form, error):
    """A table field's error goes on its first row (the form has no field of the table's own key)."""
    if hasattr(error, "error_dict") and not isinstance(error, StaleEdit):  # a stale save: add_save_error shows it
        error = ValidationError({name if name in form.fields or f"{name}__0__label" not in form.fields
                                 else f"{name}__0__label": errors for name, errors in error.error_dict.items()})
    add_save_error(form, error)


@login_required
@require_POST
def return_review(request, pk):
    ret = get_object_or_404(_returns(request.user), pk=pk)
    if not actions.can_review(request.user, ret.request):
        raise PermissionDenied
    form = ReviewForm(request.POST, report_return=ret)
    form.is_valid()
    accept = "accept" in request.POST
    try:
        actions.review_return(request.user, ret, accept=accept, reason=form.cleaned_data.get("reason", ""),
                              version=form_version(form))
    except ValidationError as error:
        add_save_error(form, error)
        return _return_page(request, ret, review_form=form)
    messages.success(request, _("Đã tiếp nhận báo cáo.") if accept else _("Đã trả lại báo cáo để bổ sung."))
    return redirect(ret)


@login_required
@require_safe
def report_export(request):
    """The report requests of the user's list (the centre: every return; a province: its own), one row each.
    Every one: ten years of requests to the 34 provinces are some 5,100 returns, and a file cut at 5,000 left
    the oldest out without a word. Only the columns a row writes are read (not the returns' values and text,
    nor the requests' body and fields), row by row, so the whole register stays a cheap file."""
    returns = (_returns(request.user).order_by("-request__due_on", "request_id", "locality__sort_key")
               .only("status", "first_opened_at", "request__number", "request__title", "request__data_from",
                     "request__data_to", "request__due_on", "locality__short_name")
               .iterator(chunk_size=2000))
    today = actions.today()
    rows = [[r.request.number, r.request.title, r.locality.short_name, r.request.data_from, r.request.data_to,
             r.request.due_on, r.get_status_display(), _("Có") if r.is_overdue(today) else "",
             timezone.localdate(r.first_opened_at) if r.first_opened_at else None] for r in returns]  # Hà Nội's day, as on the page
    headers = [_("Số, ký hiệu"), _("Yêu cầu"), _("Tỉnh, thành phố"), _("Số liệu từ ngày"), _("Số liệu đến ngày"),
               _("Hạn gửi"), _("Tình trạng"), _("Quá hạn"), _("Mở lần đầu")]
    return attachment(xlsx(Sheet(_("Báo cáo"), headers, rows, widths=[14, 50, 20, 14, 14, 12, 16, 10, 14])),
                      "yeu-cau-bao-cao.xlsx")


@login_required
def thread(request, kind, pk):
    """The conversation on a record: read and written by whoever sees the record."""
    from ngoaivu.coordination import threads
    from ngoaivu.coordination.forms import CommentForm
    record = threads.record_or_404(request.user, kind, pk)
    form = CommentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            threads.add_comment(request.user, kind, record, form.cleaned_data["text"],
                                attachment=form.cleaned_data.get("attachment"))
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã gửi ý kiến trao đổi."))
            return redirect("coordination:thread", kind=kind, pk=pk)
    return render(request, "coordination/thread.html", {
        "record": record, "kind": kind, "comments": threads.comments(kind, pk), "form": form})
