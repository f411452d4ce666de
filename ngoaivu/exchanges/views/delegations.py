"""Delegation pages: the filtered list and its export, the record with its timeline, and the steps."""
from functools import cache, partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.coordination.threads import comment_count
from ngoaivu.core.concurrency import form_version
from ngoaivu.core.jobs import export_view
from ngoaivu.core.generic import FilteredListView, editable_or_403, history_entries, kept_related, page_record_or_404
from ngoaivu.core.rows import of_page_keys
from ngoaivu.exchanges import actions, list_counts
from ngoaivu.exchanges.choices import ApprovalAuthority, Channel
from ngoaivu.exchanges.filtersets import DelegationFilter
from ngoaivu.exchanges.forms import (
    ApproveDelegationForm, CancelForm, DelegationForm, ReportForm, ReturnForm,
)
from ngoaivu.exchanges.list_rows import delegation_rows
from ngoaivu.exchanges.models import (
    Delegation, DelegationContact, DelegationEvent, DelegationMember, DelegationReport, DelegationStatusChange,
    DelegationStop,
)
from ngoaivu.exchanges.views.common import (
    action_page, add_action_errors, can_plan, require_planner,
)
from ngoaivu.partners.alerts import with_warning_flag
from ngoaivu.partners.models import Partner


def delegations():
    return (Delegation.objects.select_related("locality", "report")
            .prefetch_related("stops", "partners"))


# The delegation's columns list_rows.delegation_rows writes or tests (report_is_overdue: whether it has a
# report, `report__id`).
DELEGATION_ROW_COLUMNS = ("title", "head_name", "head_title", "direction", "channel", "start_date", "end_date",
                          "decision_date", "cancelled_on", "report_due", "status", "locality__short_name",
                          "report__id")


class DelegationListView(FilteredListView):
    model = Delegation
    filterset_class = DelegationFilter
    template_name = "exchanges/delegation_list.html"
    sort_fields = {"start": "start_date", "title": "title", "status": "status", "due": "report_due"}
    default_sort = ("-start_date", "-pk")

    per_row_pages = 5  # its first pages walk the order's index (core.generic)
    kept_counts = staticmethod(partial(list_counts.counts, Delegation))  # the unfiltered total, kept
    keep_filter_form = True  # the form differs by user only in its locality select, written fresh
    # A page's rows as values of the columns they show, their countries in one more values query
    # (list_rows.delegation_rows): no Delegation, Locality, report or stop instance per row.
    row_columns = DELEGATION_ROW_COLUMNS
    # A searched list reads its matching keys once (up to a thousand, their number is the count; a slice of
    # them the page) instead of counting the matches and reading them again (core.generic.SearchPaginator).
    search_param = "q"

    def page_rows(self):
        return Delegation.objects.all()  # the page's rows by the keys the scoped, filtered search gave

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = list(ctx["page_obj"])
        countries = {}  # {delegation pk: [country code of each stop, in the stops' order]}
        for pk, country in of_page_keys("delegation list countries", lambda keys: DelegationStop.objects.filter(
                delegation_id__in=keys).order_by("position", "pk").values_list("delegation_id", "country"),
                [row.pk for row in rows]):
            countries.setdefault(pk, []).append(country)
        ctx["rows_html"] = delegation_rows(rows, countries, timezone.localdate(), self.request.user.scope.sees_all)
        ctx["can_plan"] = can_plan(self.request.user)
        ctx["export_query"] = self.request.GET.urlencode()
        return ctx


@login_required
def delegation_export(request):
    return export_view(request, "exchanges.delegations_xlsx")


@login_required
def delegation_detail(request, pk):
    delegation = page_record_or_404("delegation page", _detail_queryset, request.user, pk)
    _read_lists(delegation)
    report = getattr(delegation, "report", None)
    return render(request, "exchanges/delegation_detail.html", {
        "delegation": delegation, "report": report,
        # A link each; a report seldom names agreements, and whether it does was asked with the delegation.
        "agreements": report.agreements.only("pk", "title") if report and delegation.report_has_agreements else [],
        "warnings": actions.plan_warnings(delegation),
        "contacts": [(label, [c for c in delegation.contacts.all() if c.channel == value])
                     for value, label in Channel.choices],
        "can_edit": delegation.can_edit,
        "timeline": _timeline(delegation), "history": history_entries(delegation),
    })


def _detail_queryset(user, pk):
    """The delegation of its page, narrowed to the row before the scope (whose subqueries then repeat
    `id = pk`). Whether the user may edit it (editable_by), the number of comments (thread_link) and
    whether its report names agreements are asked inside the same statement, and the province's caps are
    joined to it; each partner comes with whether it has an active warning, so the warnings banner asks
    only when one has (_read_lists). Depends on the user's scope only (core.generic.page_record_or_404)."""
    return (Delegation.objects.filter(pk=pk).visible_to(user).order_by()
            # The province's caps with its row, for plan_warnings (ExchangeSettings.for_locality).
            .select_related("locality__exchange_settings", "report", "unit")
            .annotate(can_edit=Exists(Delegation.objects.editable_by(user).filter(pk=OuterRef("pk"))),
                      comment_count=comment_count("delegation"), report_has_agreements=_report_has_agreements()))


def _read_lists(delegation):
    """The delegation's lists its page shows, each read by a statement built once (core.generic.kept_related)."""
    kept_related(delegation, "stops", lambda key: DelegationStop.objects.filter(delegation=key), "delegation page")
    # Each partner with whether it has an active warning: the warnings banner asks only when one has.
    kept_related(delegation, "partners", lambda key: with_warning_flag(
        Partner.objects.only("name", "name_vi", "country")).filter(delegations=key), "delegation page")
    kept_related(delegation, "members", lambda key: DelegationMember.objects.filter(delegation=key)
                 .select_related("unit"), "delegation page")  # each one's unit
    kept_related(delegation, "contacts", lambda key: DelegationContact.objects.filter(delegation=key),
                 "delegation page")
    kept_related(delegation, "events", lambda key: DelegationEvent.objects.filter(delegation=key)
                 .select_related("created_by"), "delegation page")  # the timeline's "who"


@cache
def _report_has_agreements():
    # Built once per process, as comment_count (coordination.threads) is.
    return Exists(DelegationReport.agreements.through.objects.filter(delegationreport__delegation=OuterRef("pk")))


def _timeline(delegation):
    """Events and status changes together, newest first (MOJ timeline)."""
    items = [{"when": e.date, "at": e.created_at, "title": e.get_kind_display(), "text": e.note,
              "who": e.created_by} for e in delegation.events.all()]
    for change in kept_related(delegation, "status_changes", lambda key: DelegationStatusChange.objects.filter(
            delegation=key).select_related("created_by"), "delegation page"):
        old, new = change.labels()
        items.append({"when": timezone.localdate(change.created_at), "at": change.created_at,
                      "title": _("Trạng thái: %(new)s") % {"new": new}, "text": change.reason,
                      "who": change.created_by})
    return sorted(items, key=lambda i: (i["when"], i["at"]), reverse=True)


@login_required
def delegation_create(request):
    require_planner(request.user)
    form = DelegationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            delegation = actions.plan_delegation(
                request.user, data=form.model_data(), stops=form.cleaned_data["stops"],
                members=form.cleaned_data["members"], contacts=form.contacts(),
                partners=form.cleaned_data["partners"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Đã lưu kế hoạch đoàn “%(t)s”.") % {"t": delegation.title})
            return redirect(delegation.get_absolute_url())
    return render(request, "exchanges/delegation_form.html", {
        "form": form, "heading": _("Lập kế hoạch đoàn ra, đoàn vào"), "submit": _("Lưu kế hoạch"),
        "back_url": "exchanges:delegation_list", "back_label": _("Đoàn ra, đoàn vào")})


@login_required
def delegation_edit(request, pk):
    delegation = editable_or_403(delegations(), request.user, pk)
    form = DelegationForm(request.POST or None, user=request.user, delegation=delegation)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_delegation(request.user, delegation, data=form.model_data(),
                                      stops=form.cleaned_data["stops"], members=form.cleaned_data["members"],
                                      contacts=form.contacts(), partners=form.cleaned_data["partners"],
                                      version=form_version(form))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(delegation.get_absolute_url())
    return render(request, "exchanges/delegation_form.html", {
        "form": form, "object": delegation, "heading": _("Sửa thông tin đoàn"), "submit": _("Lưu thay đổi")})


@login_required
def delegation_approve(request, pk):
    delegation = editable_or_403(delegations(), request.user, pk)
    expected = actions.expected_authority(delegation)
    form = ApproveDelegationForm(request.POST or None, initial={
        "authority": delegation.approval_authority or expected, "authority_note": delegation.approval_authority_note,
        "decision_number": delegation.decision_number, "decision_date": delegation.decision_date})
    form.fields["authority"].help_text = _("Theo quy định của tỉnh, đoàn này do %(a)s phê duyệt") % {
        "a": ApprovalAuthority(expected).label}
    return action_page(
        request, obj=delegation, form=form, heading=_("Ghi nhận phê duyệt đoàn"), submit=_("Ghi nhận phê duyệt"),
        perform=lambda d: actions.approve_delegation(request.user, delegation, authority=d["authority"],
                                                     authority_note=d["authority_note"],
                                                     decision_number=d["decision_number"],
                                                     decision_date=d["decision_date"]),
        success=_("Đã ghi nhận phê duyệt đoàn."))


@login_required
def delegation_return(request, pk):
    delegation = editable_or_403(delegations(), request.user, pk)
    form = ReturnForm(request.POST or None, initial={"returned_on": delegation.returned_on or delegation.end_date})
    return action_page(
        request, obj=delegation, form=form, heading=_("Ghi nhận kết thúc chuyến đi"), submit=_("Ghi nhận"),
        hint=_("Hạn nộp báo cáo kết quả tính từ ngày này."),
        perform=lambda d: actions.record_return(request.user, delegation, returned_on=d["returned_on"],
                                                note=d["note"]),
        success=_("Đã ghi nhận ngày về. Báo cáo kết quả cần nộp theo hạn trên trang này."))


@login_required
def delegation_report(request, pk):
    delegation = editable_or_403(delegations(), request.user, pk)
    form = ReportForm(request.POST or None, request.FILES or None, user=request.user, delegation=delegation)
    return action_page(
        request, obj=delegation, form=form, heading=_("Nộp báo cáo kết quả"), submit=_("Gửi báo cáo"),
        perform=lambda d: actions.submit_report(
            request.user, delegation, submitted_on=d["submitted_on"], summary=d["summary"], results=d["results"],
            file=d.get("file"), agreements=d["agreements"], contacts=form.contacts()).delegation,
        success=_("Đã nộp báo cáo kết quả của đoàn."))


@login_required
def delegation_cancel(request, pk):
    delegation = editable_or_403(delegations(), request.user, pk)
    form = CancelForm(request.POST or None)
    return action_page(
        request, obj=delegation, form=form, heading=_("Hủy đoàn"), submit=_("Hủy đoàn này"), warning_button=True,
        perform=lambda d: actions.cancel_delegation(request.user, delegation, cancelled_on=d["cancelled_on"],
                                                    reason=d["reason"]),
        success=_("Đã hủy đoàn."))
