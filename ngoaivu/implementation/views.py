"""Pages of implementation tracking: an agreement's implementation (commitments, plans, activities,
health timeline), the lists, the national early-warning page, notifications, rules and the capacity
check. Views parse and authorise; actions.py changes state."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngoaivu.agreements.choices import AgreementStatus
from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.panels import HOME_DAYS, home_deadlines
from ngoaivu.core import statements
from ngoaivu.core.attention import attention
from ngoaivu.core.concurrency import add_save_error, form_version, version_of
from ngoaivu.core.files import check_upload
from ngoaivu.core.generic import FilteredListView, editable_or_403, history_entries, page_record_or_404, visible_or_404
from ngoaivu.core.models import Locality, Unit
from ngoaivu.core.scoping import readable_localities
from ngoaivu.core.sweep import job_for
from ngoaivu.implementation import actions, queries, record_counts
from ngoaivu.implementation.sweep import STEP as HEALTH_STEP
from ngoaivu.implementation.choices import (
    COMPLETION_COLOURS, HEALTH_COLOURS, CommitmentStatus, Completion, FulfilmentState, ReviewDecision,
)
from ngoaivu.implementation.filtersets import ActivityFilter, AgreementHealthFilter, CommitmentFilter
from ngoaivu.implementation.list_rows import (
    ACTIVITY_ROW_COLUMNS, COMMITMENT_ROW_COLUMNS, activity_rows, commitment_rows, dormant_rows,
)
from ngoaivu.implementation.forms import (
    ActivityForm, CapacityForm, CommitmentForm, FulfilForm, HealthSettingsForm, PlanForm, PlannedActivityForm,
    ReviewForm,
)
from ngoaivu.implementation.panel_rows import deadline_items, dormant_items, health_cards, overdue_items
from ngoaivu.implementation.models import (
    Activity, CapacityAssessment, Commitment, Fulfilment, HealthChange, HealthSettings, Plan,
    PlannedActivity, Tracking,
)

BEFORE_SIGNING = {AgreementStatus.PROPOSED, AgreementStatus.CONSULTING, AgreementStatus.AWAITING_PM,
                  AgreementStatus.APPROVED}


def can_record_on(user, agreement) -> bool:
    """The owning province's editors, and officers of an implementing unit of that province."""
    scope = user.scope
    if scope.superuser or agreement.locality_id in scope.edit_locality_ids:
        return True
    return Unit.objects.filter(pk__in=scope.edit_unit_ids, locality_id=agreement.locality_id).exists()


def can_record_anywhere(user) -> bool:
    scope = user.scope
    return bool(scope.superuser or scope.edit_locality_ids or scope.edit_unit_ids)


def can_manage_register(user, agreement) -> bool:
    scope = user.scope
    return scope.superuser or agreement.locality_id in scope.edit_locality_ids


def visible_agreement(user, pk):
    return visible_or_404(Agreement.objects.select_related("locality"), user, pk)


def health_context(agreement):
    return {"health_colour": HEALTH_COLOURS.get(agreement.health, "grey")}


# --- the agreement's implementation page ------------------------------------------------------------

# What the implementation page shows of a commitment (deadline() reads due_on and status).
COMMITMENT_COLUMNS = ("agreement_id", "side", "description", "due_on", "recurrence", "status", "fulfilled_late",
                      "responsible_unit__name")


@login_required
def agreement_view(request, pk):
    # The tracking row comes with the agreement (one statement fewer); the last capacity assessment is
    # read only for a draft (the page shows it only then).
    agreement = page_record_or_404("implementation agreement page", _agreement_queryset, request.user, pk)
    try:
        tracking = agreement.tracking
    except Tracking.DoesNotExist:
        tracking = None
    today = actions.today()
    rules = HealthSettings.rules_for(agreement.locality_id)
    # Only the columns the page shows of each row (not the search text, notes, descriptions of activities
    # and plans' budgets, which a GROUP BY on SQLite also carried), and of the unit only its name.
    # Each read by a statement built once (core.statements) and run with the agreement's key: building them
    # cost more than reading them.
    read = {name: statements.instances(("implementation agreement page", name), build, agreement.pk)
            for name, build in _RELATED}
    commitments, plans, activities, changes = read["commitments"], read["plans"], read["activities"], read["changes"]
    for c in commitments:
        c.deadline_state = c.deadline(today, rules.due_soon_days)
    scope = request.user.scope
    is_draft = agreement.status in BEFORE_SIGNING
    return render(request, "implementation/agreement.html", {
        "agreement": agreement, "commitments": commitments, "plans": plans, "activities": activities,
        "changes": changes, "tracking": tracking, "today": today, "rules": rules,
        "completion_colour": COMPLETION_COLOURS.get(tracking.completion if tracking else "no_evidence"),
        "completion_label": Completion(tracking.completion if tracking else "no_evidence").label,
        "can_record": can_record_on(request.user, agreement),
        "can_manage": can_manage_register(request.user, agreement),
        "is_draft": is_draft,
        "latest_assessment": CapacityAssessment.objects.filter(agreement=agreement).first() if is_draft else None,
        "health_colours": HEALTH_COLOURS, "scope": scope,
        **health_context(agreement),
    })


_RELATED = (  # what the implementation page lists of its agreement, in this order
    ("commitments", lambda key: Commitment.objects.filter(agreement=key).select_related("responsible_unit")
     .only(*COMMITMENT_COLUMNS)),
    ("plans", lambda key: Plan.objects.filter(agreement=key).only("agreement_id", "year", "status")
     .annotate(n_items=Count("items"))),
    ("activities", lambda key: Activity.objects.filter(agreement=key).select_related("responsible_unit")
     .only("agreement_id", "occurred_on", "title", "kind", "responsible_unit__name")
     .annotate(n_evidence=Count("evidence"))[:50]),
    ("changes", lambda key: HealthChange.objects.filter(agreement=key).order_by("-changed_at", "-sequence")),
)


def _agreement_queryset(user, pk):
    """The agreement of its implementation page; depends on the user's scope only (page_record_or_404)."""
    return Agreement.objects.filter(pk=pk).visible_to(user).select_related("locality", "tracking")


class AgreementHealthList(FilteredListView):
    """Agreements with their implementation health, the list behind the panels' links."""

    model = Agreement
    filterset_class = AgreementHealthFilter
    template_name = "implementation/agreement_list.html"
    sort_fields = {"title": "title", "locality": "locality__sort_key", "last_activity": "last_activity_on",
                   "signed": "signed_on", "health": "health"}
    default_sort = (F("last_activity_on").asc(nulls_first=True), "pk")

    def base_queryset(self):
        return Agreement.objects.filter(status=AgreementStatus.IN_FORCE).select_related("locality", "tracking")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["health_colours"] = HEALTH_COLOURS
        return ctx


# --- commitments ------------------------------------------------------------------------------------

@login_required
def commitment_create(request, pk):
    agreement = visible_agreement(request.user, pk)
    if not can_manage_register(request.user, agreement):
        raise PermissionDenied
    commitment = Commitment(agreement=agreement)
    form = CommitmentForm(request.POST or None, instance=commitment, user=request.user, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        actions.save_commitment(request.user, form.save(commit=False))
        messages.success(request, _("Đã thêm cam kết."))
        return redirect("implementation:agreement", pk=agreement.pk)
    return render(request, "implementation/form.html", {
        "form": form, "agreement": agreement, "title": _("Thêm cam kết"), "submit": _("Lưu cam kết"),
        "back": agreement_url(agreement)})


def agreement_url(agreement):
    from django.urls import reverse
    return reverse("implementation:agreement", args=[agreement.pk])


@login_required
def commitment_detail(request, pk):
    commitment = visible_or_404(Commitment.objects.select_related(
        "agreement", "responsible_unit", "sector", "reviewed_by"), request.user, pk)
    today = actions.today()
    rules = HealthSettings.rules_for(commitment.agreement.locality_id)
    can_edit = Commitment.objects.editable_by(request.user).filter(pk=pk).exists()
    return render(request, "implementation/commitment_detail.html", {
        "commitment": commitment, "agreement": commitment.agreement,
        "deadline_state": commitment.deadline(today, rules.due_soon_days),
        "fulfilments": commitment.fulfilments.select_related("reviewed_by", "proposed_by").prefetch_related(
            "reviews__reviewed_by"),
        "pending": commitment.fulfilments.filter(state=FulfilmentState.PROPOSED).first(),
        "can_review": actions.may_review(request.user, commitment),
        "activities": commitment.activities.all()[:50], "can_edit": can_edit,
        "fulfil_form": FulfilForm(initial={"fulfilled_on": today}) if can_edit and commitment.is_open else None,
        "history": history_entries(commitment),
        "version": version_of(commitment),  # the status buttons act on the commitment as shown (core.concurrency)
    })


@login_required
def commitment_edit(request, pk):
    commitment = editable_or_403(Commitment.objects.select_related("agreement"), request.user, pk)
    form = CommitmentForm(request.POST or None, instance=commitment, user=request.user, agreement=commitment.agreement)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_commitment(request.user, form.save(commit=False), version=form_version(form))
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã lưu cam kết."))
            return redirect(commitment)
    return render(request, "implementation/form.html", {
        "form": form, "agreement": commitment.agreement, "title": _("Sửa cam kết"), "submit": _("Lưu cam kết"),
        "back": commitment.get_absolute_url()})


@login_required
def commitment_fulfil(request, pk):
    """The implementing unit proposes a result with its evidence; a reviewer confirms it (four eyes)."""
    commitment = editable_or_403(Commitment.objects.select_related("agreement"), request.user, pk)
    form = FulfilForm(request.POST or None, request.FILES or None, initial={"fulfilled_on": actions.today()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.propose_fulfilment(request.user, commitment, form.cleaned_data["fulfilled_on"],
                                       form.cleaned_data.get("evidence"), form.cleaned_data["note"])
        except ValidationError as error:
            # On the form, the note kept and the file asked again (a colleague's result sent first, the
            # commitment closed meanwhile): a banner on the commitment's page lost what was typed.
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã gửi đề nghị xác nhận hoàn thành. Kết quả chỉ được tính sau khi cán bộ "
                                        "cơ quan ngoại vụ xác nhận."))
            return redirect(commitment)
    return render(request, "implementation/form.html", {
        "form": form, "agreement": commitment.agreement, "title": _("Đề nghị xác nhận hoàn thành cam kết"),
        "lead": str(commitment), "submit": _("Gửi đề nghị xác nhận"), "multipart": True,
        "back": commitment.get_absolute_url()})


@login_required
def fulfilment_review(request, pk):
    """A reviewer confirms or returns a proposed result (never the person who proposed it)."""
    fulfilment = visible_or_404(Fulfilment.objects.select_related(
        "commitment__agreement", "proposed_by"), request.user, pk)
    commitment = fulfilment.commitment
    if not actions.may_review(request.user, commitment, fulfilment.proposed_by_id):
        raise PermissionDenied(_("Bạn không phải người xác nhận kết quả này."))
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.review_fulfilment(request.user, fulfilment, form.cleaned_data["decision"],
                                      form.cleaned_data.get("note", ""))
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã xác nhận kết quả thực hiện cam kết.")
                             if form.cleaned_data["decision"] == ReviewDecision.CONFIRM
                             else _("Đã trả lại kết quả cho cơ quan chủ trì."))
            return redirect(commitment)
    return render(request, "implementation/fulfilment_review.html", {
        "form": form, "fulfilment": fulfilment, "commitment": commitment, "agreement": commitment.agreement})


@login_required
@require_POST
def commitment_status(request, pk):
    commitment = editable_or_403(Commitment.objects, request.user, pk)
    status = request.POST.get("status")
    if status not in (CommitmentStatus.IN_PROGRESS, CommitmentStatus.WAIVED, CommitmentStatus.PENDING):
        messages.error(request, _("Chọn một tình trạng hợp lệ."))
    else:
        try:  # refused there when the commitment is closed (it may have been closed since the page was read)
            actions.set_commitment_status(request.user, commitment, status, request.POST.get("note", "").strip(),
                                          version=request.POST.get("version"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã cập nhật tình trạng cam kết: %(status)s.") % {
                "status": CommitmentStatus(status).label})
    return redirect(commitment)


class CommitmentList(FilteredListView):
    model = Commitment
    kept_counts, kept_country_counts, kept_keys = record_counts.list_totals(Commitment)  # the unfiltered total, kept
    keep_filter_form = True  # the form differs by user only in its selects of the database, written fresh
    per_row_pages = 5  # its first pages walk the order's index (core.generic)
    filterset_class = CommitmentFilter
    template_name = "implementation/commitment_list.html"
    sort_fields = {"due": "due_on", "status": "status", "agreement": "agreement__title"}
    default_sort = (F("due_on").asc(nulls_last=True), "pk")

    # A page's rows as values of the columns they show (implementation/list_rows.py), not a commitment, its
    # agreement (45 columns) and its unit per row.
    row_columns = COMMITMENT_ROW_COLUMNS

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rules = HealthSettings.rules_by_locality()
        # "due soon" by the province's own rule, as the commitment's page says
        ctx["rows_html"] = commitment_rows(ctx["page_obj"], actions.today(),
                                           lambda locality_id: rules.get(locality_id, rules[None]).due_soon_days)
        return ctx


# --- activities -------------------------------------------------------------------------------------

class ActivityList(FilteredListView):
    model = Activity
    kept_counts, kept_country_counts, kept_keys = record_counts.list_totals(Activity)  # the unfiltered total, kept
    keep_filter_form = True  # the form differs by user only in its selects of the database, written fresh
    per_row_pages = 5  # its first pages walk the order's index (core.generic)
    filterset_class = ActivityFilter
    template_name = "implementation/activity_list.html"
    sort_fields = {"date": "occurred_on", "title": "title", "kind": "kind"}
    default_sort = ("-occurred_on", "-pk")

    row_columns = ACTIVITY_ROW_COLUMNS  # read as plain rows (implementation/list_rows.py)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_record"] = can_record_anywhere(self.request.user)
        ctx["rows_html"] = activity_rows(ctx["page_obj"])
        return ctx


def _activity_form_page(request, form, activity, agreement, title):
    if request.method == "POST" and form.is_valid():
        saved = _save_activity(request, form)
        if saved is not None:
            return saved
    return render(request, "implementation/form.html", {
        "form": form, "agreement": agreement, "title": title, "submit": _("Lưu hoạt động"), "multipart": True,
        "back": agreement_url(agreement) if agreement else (activity.get_absolute_url() if activity.pk else
                                                             "/implementation/activities/")})


def _save_activity(request, form):
    obj = form.save(commit=False)
    files = [form.cleaned_data["evidence"]] if form.cleaned_data.get("evidence") else []
    before = obj.agreement.health if obj.agreement_id else None
    try:
        actions.save_activity(request.user, obj, form.cleaned_data.get("commitments", []),
                              form.cleaned_data.get("planned_activities", []), files,
                              {0: form.cleaned_data.get("evidence_description", "")}, version=form_version(form))
    except ValidationError as error:
        add_save_error(form, error)
        return None
    else:
        message = _("Đã ghi nhận hoạt động.")
        if obj.agreement_id:
            obj.agreement.refresh_from_db(fields=["health"])
            if obj.agreement.health != before:
                message += " " + _("Tình hình triển khai của thỏa thuận: %(health)s.") % {
                    "health": obj.agreement.get_health_display()}
        messages.success(request, message)
        return redirect(obj)


@login_required
def activity_create(request, pk=None):
    agreement = None
    if pk is not None:
        agreement = visible_agreement(request.user, pk)
        if not can_record_on(request.user, agreement):
            raise PermissionDenied
    elif not can_record_anywhere(request.user):
        raise PermissionDenied
    activity = Activity(agreement=agreement, locality_id=agreement.locality_id if agreement else None)
    form = ActivityForm(request.POST or None, request.FILES or None, instance=activity, user=request.user,
                        agreement=agreement)
    return _activity_form_page(request, form, activity, agreement, _("Ghi nhận hoạt động triển khai"))


@login_required
def activity_detail(request, pk, evidence_error="", evidence_description=""):
    """The activity's page; `evidence_error`: why the evidence just sent was refused, shown on the upload form
    with the description typed (evidence_add)."""
    activity = visible_or_404(Activity.objects.select_related(
        "agreement", "locality", "responsible_unit", "created_by"), request.user, pk)
    return render(request, "implementation/activity_detail.html", {
        "activity": activity, "agreement": activity.agreement, "evidence": activity.evidence.all(),
        "commitments": activity.commitments.all(), "planned": activity.planned_activities.all(),
        "can_edit": Activity.objects.editable_by(request.user).filter(pk=pk).exists(),
        "history": history_entries(activity), "evidence_error": evidence_error,
        "evidence_description": evidence_description})


@login_required
def activity_edit(request, pk):
    activity = editable_or_403(Activity.objects.select_related("agreement"), request.user, pk)
    form = ActivityForm(request.POST or None, request.FILES or None, instance=activity, user=request.user,
                        agreement=activity.agreement)
    return _activity_form_page(request, form, activity, activity.agreement, _("Sửa hoạt động"))


@login_required
def activity_delete(request, pk):
    activity = editable_or_403(Activity.objects.select_related("agreement"), request.user, pk)
    if request.method == "POST":
        agreement = activity.agreement
        actions.delete_activity(request.user, activity)
        messages.success(request, _("Đã xóa hoạt động “%(title)s”.") % {"title": activity.title})
        return redirect(agreement_url(agreement) if agreement else "implementation:activity_list")
    return render(request, "implementation/confirm_delete.html", {
        "object": activity, "agreement": activity.agreement, "back": activity.get_absolute_url(),
        "title": _("Xóa hoạt động này?"),
        "consequence": _("Hoạt động và các minh chứng kèm theo sẽ bị xóa; tình hình triển khai của thỏa thuận được tính lại.")})


@login_required
@require_POST
def evidence_add(request, pk):
    activity = editable_or_403(Activity.objects, request.user, pk)
    f = request.FILES.get("file")
    try:
        if f is None:
            raise ValueError(_("Chọn tệp minh chứng"))
        check_upload(f, _("Minh chứng"))
    except Exception as error:  # ValidationError or the ValueError above
        # On the upload form of the activity's page, the description typed kept (a redirect with a banner
        # lost it).
        return activity_detail(request, activity.pk, " ".join(getattr(error, "messages", [str(error)])),
                               request.POST.get("description", "")[:200])
    actions.add_evidence(request.user, activity, f, request.POST.get("description", "")[:200])
    messages.success(request, _("Đã thêm minh chứng."))
    return redirect(activity)


# --- plans ------------------------------------------------------------------------------------------

@login_required
def plan_create(request, pk):
    agreement = visible_agreement(request.user, pk)
    if not can_manage_register(request.user, agreement):
        raise PermissionDenied
    plan = Plan(agreement=agreement)
    form = PlanForm(request.POST or None, request.FILES or None, instance=plan, user=request.user, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        plan = actions.save_plan(request.user, form.save(commit=False))
        messages.success(request, _("Đã lập kế hoạch năm %(year)s.") % {"year": plan.year})
        return redirect(plan)
    return render(request, "implementation/form.html", {
        "form": form, "agreement": agreement, "title": _("Lập kế hoạch triển khai"), "submit": _("Lưu kế hoạch"),
        "multipart": True, "back": agreement_url(agreement)})


@login_required
def plan_detail(request, pk):
    plan = visible_or_404(Plan.objects.select_related("agreement", "responsible_unit"), request.user, pk)
    can_edit = Plan.objects.editable_by(request.user).filter(pk=pk).exists()
    form = PlannedActivityForm(request.POST or None, user=request.user, plan=plan) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            item = form.save(commit=False)
            item.plan = plan
            actions.save_planned_activity(request.user, item)
            messages.success(request, _("Đã thêm hoạt động dự kiến."))
            return redirect(plan)
    rules = HealthSettings.rules_for(plan.agreement.locality_id)
    items = plan.items.select_related("responsible_unit", "commitment").prefetch_related(
        Prefetch("activities", queryset=Activity.objects.only("pk", "title", "occurred_on")))
    return render(request, "implementation/plan_detail.html", {
        "plan": plan, "agreement": plan.agreement, "items": items, "form": form, "can_edit": can_edit,
        "due_on": rules.plan_due_on(plan.year), "history": history_entries(plan)})


@login_required
def plan_edit(request, pk):
    plan = editable_or_403(Plan.objects.select_related("agreement"), request.user, pk)
    form = PlanForm(request.POST or None, request.FILES or None, instance=plan, user=request.user, agreement=plan.agreement)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_plan(request.user, form.save(commit=False), version=form_version(form))
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect(plan)
    return render(request, "implementation/form.html", {
        "form": form, "agreement": plan.agreement, "title": _("Sửa kế hoạch năm %(year)s") % {"year": plan.year},
        "submit": _("Lưu kế hoạch"), "multipart": True, "back": plan.get_absolute_url()})


@login_required
@require_POST
def planned_delete(request, pk):
    item = visible_or_404(PlannedActivity.objects.select_related("plan"), request.user, pk)
    if not Plan.objects.editable_by(request.user).filter(pk=item.plan_id).exists():
        raise PermissionDenied
    actions.delete_planned_activity(request.user, item)
    messages.success(request, _("Đã xóa hoạt động dự kiến."))
    return redirect(item.plan)


# --- early warning ----------------------------------------------------------------------------------

def home_panel(request):
    """The province's (or the country's) early warning on the home page."""
    user = request.user
    scope = user.scope
    if not scope.authenticated or (not scope.locality_ids and not scope.sees_all):
        return None
    today = actions.today()
    agreements, own_key = queries.own_agreements(user), ("own", scope)
    # The summary rows of the user's provinces (own_agreements: theirs, every one for the centre).
    counts = queries.summary_counts(None if scope.sees_all else scope.locality_ids)
    if scope.sees_all:
        return {"template": "implementation/panel_national.html", "counts": counts, "cards": health_cards(counts["rows"]),
                "dormant": queries.dormant_list(agreements, 5, key=own_key), "health_colours": HEALTH_COLOURS}
    deadlines, _total = queries.next_deadlines(user, today, days=HOME_DAYS, limit=8, found=home_deadlines(request),
                                               plans_read=8)
    unit_user = queries.is_unit_user(user)
    # a unit's own commitments; a province's figure as the national page shows it (kept per agreement by
    # the sweep, summed with the health counts). Counting the province's overdue commitments here instead
    # (so that one left open under an expired agreement counts too) read them all: 4 → 20 ms of database
    # CPU on PostgreSQL and 10 → 320 ms on SQLite at national scale (issue 9); not done.
    overdue_total = (queries.overdue_commitments(user, today, in_force=True).count() if unit_user
                     else counts["overdue"])
    # The lists behind the panel's links, narrowed to what it counted: the user's province (the lists read
    # every record the officer may see, other provinces' agreements marked national among them).
    own = sorted(scope.locality_ids)
    list_filter = f"&locality={own[0]}" if len(own) == 1 and not unit_user else ""
    # The overdue link: the commitments counted, of agreements in force; a unit's, its own (the list
    # shows a unit officer every commitment of the province too).
    units = sorted(scope.unit_ids)
    overdue_filter = "overdue=true&in_force=true" + (
        f"&responsible_unit={units[0]}" if unit_user and len(units) == 1 else list_filter)
    dormant = queries.dormant_list(agreements, 8, columns=("title", "health_reasons"), key=own_key)
    overdue = _first_overdue(user, today, 8)
    return {"template": "implementation/panel_province.html", "counts": counts, "list_filter": list_filter,
            "cards": health_cards(counts["rows"], list_filter), "overdue_filter": overdue_filter,
            "dormant": dormant, "dormant_items": dormant_items(dormant), "dormant_total": counts["dormant"],
            "overdue": overdue, "overdue_items": overdue_items(overdue), "overdue_total": overdue_total,
            "deadlines": deadlines, "deadline_items": deadline_items(deadlines),
            "health_colours": HEALTH_COLOURS, "unit_user": unit_user}


def _first_overdue(user, today, limit):
    """The earliest-due overdue commitments of the user's agreements in force only (queries.overdue_commitments),
    as the panel's total counts them (the summary rows count no other: the panel listed a province's overdue
    commitments of expired and terminated agreements under a smaller total). In one query: PostgreSQL walks
    the open commitments' index (due_on, id) and stops at the `limit`-th of the user's; only what the panel
    writes is read (description, due date, the unit's name), not the agreement's 45 columns. Built once per
    scope and run with each day (core.statements)."""
    return statements.instances(
        ("first overdue commitments", user.scope, limit),
        lambda day: (queries.overdue_commitments(user, day, in_force=True).order_by("due_on", "pk")
                     .select_related("responsible_unit").only("description", "due_on", "responsible_unit__name")[:limit]),
        today)


def sees_national(user) -> bool:
    return user.is_authenticated and user.scope.sees_all


@login_required
def national(request):
    if not sees_national(request.user):
        raise PermissionDenied(_("Trang toàn quốc dành cho cơ quan trung ương."))
    sort = request.GET.get("sort", "-dormant")
    csort = request.GET.get("csort", "-in_force")
    provinces = queries.province_figures(sort)
    countries = queries.country_figures(csort)
    longest = queries.dormant_list(Agreement.objects.all(), 20, key="country")
    return render(request, "implementation/national.html", {
        "provinces": provinces, "totals": queries.national_totals(provinces), "countries": countries,
        "figures_key": queries.figures_key(provinces, countries),
        "longest": longest, "longest_rows": dormant_rows(longest), "current_sort": sort, "country_sort": csort,
        "today": actions.today()})


@login_required
def notifications(request):
    sections = attention(request.user, actions.today())
    return render(request, "implementation/notifications.html", {"sections": sections,
                                                                 "urgency": queries.by_urgency(sections)})


# --- rules ------------------------------------------------------------------------------------------

def can_edit_rules(user, locality) -> bool:
    scope = user.scope
    if scope.superuser or scope.centre_edit:
        return True
    return locality is not None and locality.pk in scope.manage_locality_ids


@login_required
def settings_list(request):
    rows = {r.locality_id: r for r in HealthSettings.objects.select_related("locality")}
    localities = readable_localities(request.user)
    rules = HealthSettings.rules_by_locality()
    return render(request, "implementation/settings_list.html", {
        "job": job_for(HEALTH_STEP), "national": rules[None], "national_row": rows.get(None),
        "can_edit_national": can_edit_rules(request.user, None),
        "provinces": [{"locality": l, "row": rows.get(l.pk), "rules": rules.get(l.pk, rules[None]),
                       "can_edit": can_edit_rules(request.user, l)} for l in localities]})


@login_required
def settings_edit(request, locality_pk=None):
    locality = None
    if locality_pk is not None:
        locality = get_object_or_404(Locality.objects.current(), pk=locality_pk)
        if not (request.user.scope.sees_all or locality.pk in request.user.scope.locality_ids):
            raise Http404
    if not can_edit_rules(request.user, locality):
        raise PermissionDenied
    row = HealthSettings.objects.filter(locality=locality).first() or HealthSettings(locality=locality)
    form = HealthSettingsForm(request.POST or None, instance=row, national=locality is None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_settings(request.user, form.save(commit=False), version=form_version(form))
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã lưu quy tắc. Các thỏa thuận sẽ được đánh giá lại theo quy tắc mới trong "
                                        "lần quét tới; tiến độ hiện ở trang này."))
            return redirect("implementation:settings")
    title = (_("Quy tắc đánh giá — %(name)s") % {"name": locality.short_name} if locality
             else _("Quy tắc đánh giá — mặc định toàn quốc"))
    # Who changed the rules, and when: they decide which agreements are flagged, so their history is shown to
    # those who may change them (empty for rules not saved yet: the national default then applies).
    return render(request, "implementation/form.html", {"form": form, "title": title, "submit": _("Lưu quy tắc"),
                                                        "back": "/implementation/settings/", "show_history": True,
                                                        "history": history_entries(row) if row.pk else []})


# --- capacity check ---------------------------------------------------------------------------------

def _earlier_agreements(user, agreement, partner_ids, countries, limit=30):
    """The `limit` agreements with the same partners or countries signed last, then the unsigned ones (newest
    first) if fewer: one order on both databases (PostgreSQL puts NULLs first in a descending order, SQLite
    last). Each row is tested as it comes, along the signing date's index (EXISTS, and the scope per row): a
    DISTINCT over every column of all of them sorted a mission's 9,500 Korean agreements on disk (96 ms)."""
    matching = Agreement.partners.through.objects.filter(
        Q(partner__in=partner_ids) | Q(partner__country__in=countries), agreement=OuterRef("pk"))
    related = (Agreement.objects.filter(Exists(matching)).exclude(pk=agreement.pk).visible_to(user, per_row=True)
               .select_related("locality").prefetch_related("partners"))
    earlier = list(related.filter(signed_on__isnull=False).order_by("-signed_on", "-pk")[:limit])
    if len(earlier) < limit:
        earlier += related.filter(signed_on__isnull=True).order_by("-pk")[:limit - len(earlier)]
    return earlier


@login_required
def capacity(request, pk):
    agreement = visible_agreement(request.user, pk)
    can_edit = can_manage_register(request.user, agreement) and agreement.status in BEFORE_SIGNING
    form = CapacityForm(request.POST or None, user=request.user, agreement=agreement,
                        initial={"responsible_unit": agreement.signing_unit_id,
                                 "several_fields": agreement.sectors.count() >= 2}) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            assessment = actions.assess_capacity(request.user, agreement, data.get("responsible_unit"),
                                                 {k: data.get(k) for k in CapacityAssessment.CHECKLIST}, data.get("note", ""))
            label = actions.READINESS_LABELS[assessment.result][0]
            messages.success(request, _("Đã lưu đánh giá năng lực: %(result)s.") % {"result": label})
            return redirect("implementation:capacity", pk=agreement.pk)
    unit = agreement.signing_unit
    if form is not None and form.is_bound and form.is_valid():
        unit = form.cleaned_data.get("responsible_unit") or unit
    partner_ids = list(agreement.partners.values_list("pk", flat=True))
    countries = [c for c in agreement.countries]
    earlier = _earlier_agreements(request.user, agreement, partner_ids, countries)
    for other in earlier:
        other.same_partner = any(p.pk in partner_ids for p in other.partners.all())
    assessments = CapacityAssessment.objects.filter(agreement=agreement).select_related(
        "assessed_by", "responsible_unit", "opinion_request")
    for a in assessments:
        a.result_label, a.result_colour = actions.READINESS_LABELS.get(a.result, (a.result, "grey"))
    return render(request, "implementation/capacity.html", {
        "agreement": agreement, "form": form, "record": actions.unit_record(unit) if unit else None,
        "unit": unit, "earlier": earlier, "assessments": assessments, "health_colours": HEALTH_COLOURS,
        "is_draft": agreement.status in BEFORE_SIGNING, "checklist": CapacityAssessment.CHECKLIST})
