"""The documents pages: a province's documents (what can be generated, drafts), its issuer settings, a
draft's narrative with its history and files, generation and the PDF request."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ngoaivu.core.concurrency import add_save_error, form_version, show_conflict
from ngoaivu.core.generic import history_entries, visible_or_404
from ngoaivu.core.scoping import readable_localities, scope_of
from ngoaivu.reports import actions, pdf
from ngoaivu.reports.choices import DocumentKind
from ngoaivu.reports.forms import DraftForm, IssuerSettingsForm, NewDraftForm
from ngoaivu.reports.models import DocumentDraft


def _province(user, pk):
    return get_object_or_404(readable_localities(user), pk=pk)


@login_required
@require_safe
def index(request):
    """The user's own province's documents; the centre picks a province."""
    provinces = readable_localities(request.user).order_by("sort_key")  # Vietnamese order of the short names
    own = [p for p in provinces if p.pk in scope_of(request.user).locality_ids]
    if len(own) == 1:
        return redirect("reports:documents", pk=own[0].pk)
    return render(request, "reports/index.html", {"provinces": provinces})


@login_required
@require_safe
def documents(request, pk):
    locality = _province(request.user, pk)
    can_edit = actions.may_edit(request.user, locality)
    drafts = (DocumentDraft.objects.visible_to(request.user).filter(locality=locality)
              .select_related("agreement", "delegation").prefetch_related("pdf_jobs"))
    form = NewDraftForm(locality=locality, initial={"issued_on": actions.default_issued_on(),
                                                    "year": actions.default_issued_on().year}) if can_edit else None
    return render(request, "reports/documents.html", {
        "locality": locality, "drafts": drafts, "form": form, "can_edit": can_edit, "kinds": DocumentKind.choices,
        "settings": actions.settings_for(locality), "pdf_available": pdf.available()})


@login_required
@require_POST
def draft_create(request, pk):
    locality = _province(request.user, pk)
    if not actions.may_edit(request.user, locality):
        raise PermissionDenied
    form = NewDraftForm(request.POST, locality=locality)
    if form.is_valid():
        try:
            draft = actions.create_draft(request.user, locality, **form.cleaned_data)
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã tạo dự thảo. Viết các phần nội dung rồi bấm “Lưu và tạo tệp Word”."))
            return redirect(draft)
    drafts = DocumentDraft.objects.visible_to(request.user).filter(locality=locality)
    return render(request, "reports/documents.html", {
        "locality": locality, "drafts": drafts, "form": form, "can_edit": True, "kinds": DocumentKind.choices,
        "settings": actions.settings_for(locality), "pdf_available": pdf.available()}, status=400)


@login_required
def settings_edit(request, pk):
    locality = _province(request.user, pk)
    if not actions.may_edit(request.user, locality):
        raise PermissionDenied
    row = actions.settings_for(locality)
    form = IssuerSettingsForm(request.POST or None, request.FILES or None, instance=row)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in actions.SETTINGS_FIELDS}
        try:
            actions.save_settings(request.user, locality, version=form_version(form),
                                  template=form.cleaned_data.get("template"),
                                  clear_template=form.cleaned_data.get("clear_template"), **data)
        except ValidationError as error:
            if not show_conflict(form, error):
                add_save_error(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin ban hành văn bản."))
            return redirect("reports:documents", pk=locality.pk)
    # Who changed the issuing details (the signer, the issuing body), and when: shown to those who may change them.
    return render(request, "reports/settings_form.html", {"form": form, "locality": locality, "row": row,
                                                          "history": history_entries(row) if row.pk else []})


def _draft(user, pk):
    return visible_or_404(DocumentDraft.objects.select_related("locality"), user, pk)


@login_required
def draft_detail(request, pk):
    draft = _draft(request.user, pk)
    can_edit = actions.may_edit(request.user, draft.locality)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = DraftForm(request.POST or None, instance=draft) if can_edit else None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in actions.DRAFT_FIELDS}
        try:
            draft = actions.update_draft(request.user, draft, version=form_version(form), **data)
        except ValidationError as error:
            if not show_conflict(form, error):
                add_save_error(form, error)
        else:
            if "generate" in request.POST:
                return _generate(request, draft, saved=True)
            else:
                messages.success(request, _("Đã lưu nội dung dự thảo."))
            return redirect(draft)
    draft.refresh_from_db()
    if request.method == "GET" and can_edit:
        actions.mark_pdf_seen(request.user, draft)   # the page shows the job's result: off the to-do list
    return render(request, "reports/draft_detail.html", {
        "draft": draft, "form": form, "can_edit": can_edit, "job": draft.last_job,
        "background": draft.kind in actions.IN_BACKGROUND,
        "generating": actions.generating(draft) if draft.kind in actions.IN_BACKGROUND else None,
        "history": history_entries(draft), "pdf_available": pdf.available(),
        "pdf_missing": pdf.missing_message()})


@login_required
@require_POST
def draft_generate(request, pk):
    draft = _draft(request.user, pk)
    if not actions.may_edit(request.user, draft.locality):
        raise PermissionDenied
    return _generate(request, draft)


def _generate(request, draft, saved=False):
    """The draft's files made now, or, for the kinds that read a period of the registers, by the background
    worker: its job's page follows it and links back to the draft."""
    if draft.kind in actions.IN_BACKGROUND:
        job = actions.generate_later(request.user, draft)
        if saved:
            messages.success(request, _("Đã lưu nội dung dự thảo."))
        return redirect("core:job_detail", job.pk)
    actions.generate(request.user, draft)
    messages.success(request, _("Đã lưu nội dung và tạo tệp Word.") if saved else
                     _("Đã tạo tệp Word từ số liệu hiện có."))
    return redirect(draft)


@login_required
@require_POST
def draft_pdf(request, pk):
    draft = _draft(request.user, pk)
    if not actions.may_edit(request.user, draft.locality):
        raise PermissionDenied
    try:
        actions.request_pdf(request.user, draft)
    except pdf.PdfError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã gửi yêu cầu tạo bản PDF. Bản PDF sẽ có sau lần xử lý tới; "
                                    "trạng thái hiện ở trang này."))
    return redirect(draft)


