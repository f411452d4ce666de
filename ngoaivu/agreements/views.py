"""Pages of the agreement register. A view parses and authorises; actions change state."""
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ngoaivu.agreements import actions, visible_counts
from ngoaivu.agreements.choices import STATUS_COLOURS, EventKind
from ngoaivu.agreements.deadlines import compute_deadlines
from ngoaivu.agreements.filtersets import AgreementFilter
from ngoaivu.agreements.list_rows import agreement_rows
from ngoaivu.agreements.forms import AgreementEditForm, DocumentForm, EventForm, blank_document_form
from ngoaivu.agreements.models import Agreement, Document, Event, StatusChange
from ngoaivu.agreements.next_steps import allowed_for, next_steps
from ngoaivu.core.concurrency import form_version, show_conflict
from ngoaivu.core.generic import (FilteredListView, editable_or_403, history_entries, kept_related,
                                  page_record_or_404, visible_or_404)
from ngoaivu.core.models import Locality, Sector
from ngoaivu.core.rows import listed_partners
from ngoaivu.core.scoping import scope_of
from ngoaivu.coordination.threads import comment_count
from ngoaivu.partners.actions import create_partner
from ngoaivu.partners.alerts import with_warning_flag
from ngoaivu.partners.models import Partner


def can_add_agreements(user) -> bool:
    scope = scope_of(user)
    return bool(scope.superuser or scope.edit_locality_ids)


def _apply_errors(form, error: ValidationError):
    # A plain ValidationError (no field) has no message_dict: it goes to the form's top.
    by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, messages_ in by_field.items():
        target = {"signed_on": "signed", "signed_precision": "signed"}.get(field, field)
        for message in messages_:
            form.add_error(target if target in form.fields else None, message)


# What agreements/list_rows.py reads of a row (the signing date's text reads signed_on, signed_precision and,
# for a historical record, recorded_status; the form's reads form and form_other).
LIST_COLUMNS = ("title", "reference", "form", "form_other", "status", "signed_on", "signed_precision", "historical",
                "recorded_status", "next_due_on", "alert_on", "locality__short_name",
                "signatory_locality__short_name", "signatory_locality__valid_until")


class AgreementListView(FilteredListView):
    model = Agreement
    filterset_class = AgreementFilter
    template_name = "agreements/agreement_list.html"
    sort_fields = {"title": "title", "signed": "signed_on", "status": "status", "locality": "locality__sort_key",
                   "due": "next_due_on"}
    default_sort = ("-signed_on", "-created_at", "-pk")
    search_param = "q"
    per_row_pages = 5  # its first pages walk the order's index (core.generic)
    # The unfiltered register's total: kept per province and visibility (agreements.visible_counts).
    kept_counts = staticmethod(visible_counts.stored)
    kept_country_counts = staticmethod(visible_counts.of_country)
    keep_filter_form = True  # AgreementFilter's form is the same for every user
    # A page's rows as values of the columns they show, their partners in one more values query
    # (agreements/list_rows.py): no Agreement, Locality or Partner instance per row.
    row_columns = LIST_COLUMNS

    def page_rows(self):
        return Agreement.objects.all()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = list(ctx["page_obj"])
        partners = listed_partners(Agreement.partners, [row.pk for row in rows])
        ctx["rows_html"] = agreement_rows(rows, partners, timezone.localdate())
        ctx["can_add"] = can_add_agreements(self.request.user)
        ctx["query"] = self.request.GET.urlencode()
        return ctx


@login_required
def agreement_detail(request, pk):
    agreement = page_record_or_404("agreement page", _detail_queryset, request.user, pk)
    # What the page shows of each partner, and whether it has an active warning (the banner's statement is
    # asked only then).
    kept_related(agreement, "partners", lambda key: with_warning_flag(
        Partner.objects.only("name", "name_vi", "country")).filter(agreements=key), "agreement page")
    # The request an answer replies to is matched by `request_id` among these events (deadlines, consultee
    # checklist), never read through a join.
    # Read in the model's order (what `agreement.events.all()` then gives), shown by day and entry.
    events = sorted(kept_related(agreement, "events", lambda key: Event.objects.filter(agreement=key).select_related(
        "recorded_by", "document"), "agreement page"), key=lambda e: (e.date, e.pk))
    today = timezone.localdate()
    deadlines = compute_deadlines(agreement, events, today)
    changes = kept_related(agreement, "status_changes", lambda key: StatusChange.objects.filter(agreement=key)
                           .select_related("changed_by"), "agreement page")
    kept_related(agreement, "sectors", lambda key: Sector.objects.filter(agreements=key), "agreement page")
    can_edit = agreement.can_edit
    return render(request, "agreements/agreement_detail.html", {
        "agreement": agreement, "events": events, "deadlines": deadlines, "status_changes": changes,
        "documents": agreement.documents.all() if agreement.has_documents else [], "can_edit": can_edit,
        # A legal step's file is part of its record: offered for download, never for deletion.
        "step_documents": {e.document_id for e in events if e.document_id},
        "co_signatories": kept_related(agreement, "co_signatories", lambda key: Locality.objects.filter(
            co_signed_agreements=key), "agreement page") if agreement.has_co_signatories else [],
        "steps": next_steps(agreement, events) if can_edit else [], "history": history_entries(agreement),
        "children": _children(request.user, agreement) if agreement.has_children else [], "colours": STATUS_COLOURS,
        "document_form": blank_document_form() if can_edit else None,
        "capacity": _capacity_step(agreement) if agreement.status in actions.BEFORE_SIGNING else None,
    })


def _detail_queryset(user, pk):
    """The agreement of its page, with what the page would otherwise ask in statements of their own.

    Narrowed to the row before the scope (the scope's subqueries then repeat `id = pk`), and with the
    joins the page shows (not the parent agreement nor the creator: read only when there is one / never
    shown). Whether the user may edit it (editable_by), the number of comments (thread_link), whether
    it has documents, co-signatories or follow-up agreements are asked inside the same statement; the
    partners are read once (the warnings banner and the main facts both list them), each with whether it
    has an active warning (the banner's statement is asked only then: the view reads them). Depends on
    the user's scope only: built once per scope (core.generic.page_record_or_404)."""
    return (Agreement.objects.filter(pk=pk).visible_to(user).order_by()
            .select_related("locality", "signatory_locality", "signing_unit")
            .annotate(**_detail_flags(), can_edit=Exists(Agreement.objects.editable_by(user).filter(pk=OuterRef("pk"))),
                      comment_count=comment_count("agreement")))


@functools.cache
def _detail_flags():
    """Whether the agreement has follow-up agreements, co-signatories, documents: built once per process,
    as comment_count (coordination.threads) is."""
    return {"has_children": Exists(Agreement.objects.filter(parent=OuterRef("pk"))),
            "has_co_signatories": Exists(Agreement.co_signatories.through.objects.filter(agreement=OuterRef("pk"))),
            "has_documents": Exists(Document.objects.filter(agreement=OuterRef("pk")))}


def _children(user, agreement):
    """The visible agreements that follow this one. Looked up through the parent index first: with the
    default ordering, SQLite otherwise walked every agreement by signing date (almost none has a parent,
    so its statistics rate `parent_id = ?` as unselective). Narrowed before the scope (core.scoping), so that
    a mission's country subquery lists the children only."""
    return Agreement.objects.filter(
        pk__in=Agreement.objects.filter(parent=agreement).values("pk")).visible_to(user)


def _save_agreement(request, form, agreement=None):
    partners = list(form.cleaned_data["partners"])
    with transaction.atomic():
        new = form.new_partner()
        if new:
            partners.append(create_partner(request.user, allow_duplicate=True, **new))
        fields = form.agreement_fields()
        kwargs = dict(partners=partners, sectors=list(form.cleaned_data["sectors"]),
                      co_signatories=list(form.cleaned_data["co_signatories"]))
        if agreement is None:
            return actions.create_agreement(request.user, **kwargs, **fields)
        actions.update_agreement(request.user, agreement, version=form_version(form), **kwargs, **fields)
        return agreement


@login_required
def agreement_create(request):
    if not can_add_agreements(request.user):
        raise PermissionDenied
    form = AgreementEditForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = _save_agreement(request, form)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Đã đăng ký thỏa thuận “%(title)s”.") % {"title": agreement.title})
            return redirect(agreement)
    return render(request, "agreements/agreement_form.html", {"form": form})


@login_required
def agreement_edit(request, pk):
    agreement = editable_or_403(Agreement.objects, request.user, pk)
    form = AgreementEditForm(request.POST or None, instance=agreement, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            _save_agreement(request, form, agreement)
        except ValidationError as error:
            show_conflict(form, error) or _apply_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(agreement)
    return render(request, "agreements/agreement_form.html", {"form": form, "agreement": agreement})


@login_required
def event_create(request, pk):
    agreement = editable_or_403(Agreement.objects, request.user, pk)
    kind = request.POST.get("kind") or request.GET.get("kind")
    if kind not in EventKind.values or not allowed_for(agreement, kind):
        return render(request, "agreements/event_choose.html", {
            "agreement": agreement, "steps": next_steps(agreement, list(agreement.events.all()))})
    # The consultee checklist links here with the body's name filled in.
    initial = {"consultee": request.GET.get("consultee", ""), "is_mofa": request.GET.get("is_mofa") == "1"}
    form = EventForm(request.POST or None, request.FILES or None, agreement=agreement, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_event(request.user, agreement, kind, data["date"], note=data.get("note", ""),
                                 consultee=data.get("consultee", ""), is_mofa=data.get("is_mofa", False),
                                 request=data.get("request"), opinion=data.get("opinion", ""),
                                 new_expires_on=data.get("new_expires_on"), place=data.get("place", ""),
                                 file=data.get("file"), override_reason=data.get("override_reason", ""))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Đã ghi nhận: %(event)s.") % {"event": EventKind(kind).label})
            return redirect(agreement)
    return render(request, "agreements/event_form.html", {
        "agreement": agreement, "form": form, "kind_label": EventKind(kind).label, "kind": kind,
        "capacity": _capacity_step(agreement) if kind == EventKind.OPINION_REQUESTED else None})


def _capacity_step(agreement):
    """The capacity check a draft passes through before opinions are requested: its latest result, or
    None when it has not been done (the page then prompts for it)."""
    from ngoaivu.implementation.models import CapacityAssessment
    return {"latest": CapacityAssessment.objects.filter(agreement=agreement).order_by("-assessed_at", "-pk").first()}


@login_required
@require_http_methods(["POST"])
def document_upload(request, pk):
    agreement = editable_or_403(Agreement.objects, request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_document(request.user, agreement, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Đã tải lên văn bản."))
            return redirect(agreement.get_absolute_url() + "#documents")
    return render(request, "agreements/document_form.html", {"agreement": agreement, "form": form})


@login_required
def document_delete(request, pk):
    document = visible_or_404(Document.objects.select_related("agreement"), request.user, pk)
    agreement = editable_or_403(Agreement.objects, request.user, document.agreement_id)
    records_a_step = actions.records_a_step(document)
    if request.method == "POST" and not records_a_step:
        actions.delete_document(request.user, document)
        messages.success(request, _("Đã xóa văn bản “%(name)s”.") % {"name": document})
        return redirect(agreement.get_absolute_url() + "#documents")
    return render(request, "agreements/document_confirm_delete.html", {
        "document": document, "agreement": agreement, "records_a_step": records_a_step},
        status=409 if request.method == "POST" else 200)
