"""Conference pages (Decision 06/2020): list and export, the record, and the steps of its dossier."""
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.coordination.threads import comment_count
from ngoaivu.core.concurrency import form_version
from ngoaivu.core.jobs import export_view
from ngoaivu.core.generic import (FilteredListView, editable_or_403, history_entries, kept_related, page_record_or_404,
                                  visible_or_404)
from ngoaivu.core.rows import listed_partners
from ngoaivu.exchanges import actions, list_counts, rules
from ngoaivu.exchanges.rules import days_text
from ngoaivu.exchanges.filtersets import ConferenceFilter
from ngoaivu.exchanges.forms import (
    AnswerForm, ApproveConferenceForm, CancelForm, ConferenceFormForm, ConferenceReportForm, ConsultationForm,
    DossierForm,
)
from ngoaivu.exchanges.list_rows import conference_rows
from ngoaivu.exchanges.models import Conference, ConferenceConsultation, ConferenceStatusChange
from ngoaivu.partners.models import Partner
from ngoaivu.exchanges.views.common import (
    action_page, add_action_errors, can_plan, require_planner,
)


def conferences():
    return Conference.objects.select_related("locality", "organiser_unit")


# The conference's columns list_rows.conference_rows writes or tests (dossier lateness, report_is_overdue).
CONFERENCE_ROW_COLUMNS = ("title", "kind", "form", "start_date", "end_date", "authority", "status",
                          "dossier_deadline", "dossier_submitted_on", "decision_date", "cancelled_on",
                          "report_submitted_on", "report_due", "locality__short_name")


class ConferenceListView(FilteredListView):
    model = Conference
    filterset_class = ConferenceFilter
    template_name = "exchanges/conference_list.html"
    sort_fields = {"start": "start_date", "title": "title", "status": "status", "deadline": "dossier_deadline"}
    default_sort = ("-start_date", "-pk")

    per_row_pages = 5  # its first pages walk the order's index (core.generic)
    kept_counts = staticmethod(partial(list_counts.counts, Conference))  # the unfiltered total, kept
    keep_filter_form = True  # the form differs by user only in its locality select, written fresh
    # A page's rows as values of the columns they show, their partners in one more values query
    # (exchanges/list_rows.py): no Conference, Locality or Partner instance per row.
    row_columns = CONFERENCE_ROW_COLUMNS
    # A searched list reads its matching keys once (up to a thousand, their number is the count; a slice of
    # them the page) instead of counting the matches and reading them again (core.generic.SearchPaginator).
    search_param = "q"

    def page_rows(self):
        return Conference.objects.all()  # the page's rows by the keys the scoped, filtered search gave

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = list(ctx["page_obj"])
        partners = listed_partners(Conference.partners, [row.pk for row in rows])
        ctx["rows_html"] = conference_rows(rows, partners, timezone.localdate(), self.request.user.scope.sees_all)
        ctx["can_plan"] = can_plan(self.request.user)
        ctx["export_query"] = self.request.GET.urlencode()
        return ctx


@login_required
def conference_export(request):
    return export_view(request, "exchanges.conferences_xlsx")


@login_required
def conference_detail(request, pk):
    conf = page_record_or_404("conference page", _detail_queryset, request.user, pk)
    kept_related(conf, "consultations", lambda key: ConferenceConsultation.objects.filter(conference=key),
                 "conference page")
    kept_related(conf, "partners", lambda key: Partner.objects.only("name", "name_vi", "country").filter(conferences=key),
                 "conference page")
    timeline = []
    for change in kept_related(conf, "status_changes", lambda key: ConferenceStatusChange.objects.filter(
            conference=key).select_related("created_by"), "conference page"):
        _old, new = change.labels()
        timeline.append({"when": timezone.localdate(change.created_at), "title": _("Trạng thái: %(new)s") % {"new": new},
                         "text": change.reason, "who": change.created_by})
    return render(request, "exchanges/conference_detail.html", {
        "conference": conf, "can_edit": conf.can_edit,
        "reasons": rules.authority_reasons(conf.highest_foreign_level, conf.topics),
        "in_scope": rules.within_decision_06(conf.form, conf.vietnam_endpoint),
        "dossier_warnings": actions.dossier_warnings(conf) if conf.status != "cancelled" else [],
        "timeline": timeline, "history": history_entries(conf),
    })


def _detail_queryset(user, pk):
    """The conference of its page, narrowed to the row before the scope (whose subqueries then repeat
    `id = pk`), as the delegation's page reads its own: whether the user may edit it (editable_by) and the
    number of comments (thread_link) are asked inside the same statement; of the partners, only the
    columns the page writes (a link, the name and the country: read by the view). Depends on the user's
    scope only (core.generic.page_record_or_404)."""
    return (conferences().filter(pk=pk).visible_to(user).order_by()
            .annotate(can_edit=Exists(Conference.objects.editable_by(user).filter(pk=OuterRef("pk"))),
                      comment_count=comment_count("conference")))


def _conference_form_page(request, form, heading, submit, perform, obj=None):
    if request.method == "POST" and form.is_valid():
        try:
            conf = perform(form.model_data())
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Đã lưu hội nghị “%(t)s”. Thẩm quyền cho phép: %(a)s; hạn nộp hồ sơ: %(d)s.")
                             % {"t": conf.title, "a": conf.get_authority_display(),
                                "d": f"{conf.dossier_deadline:%d/%m/%Y}"})
            return redirect(conf.get_absolute_url())
    return render(request, "exchanges/form.html", {
        "form": form, "object": obj, "heading": heading, "submit": submit,
        "back_url": "exchanges:conference_list", "back_label": _("Hội nghị, hội thảo quốc tế")})


@login_required
def conference_create(request):
    require_planner(request.user)
    form = ConferenceFormForm(request.POST or None, user=request.user)
    return _conference_form_page(request, form, _("Đăng ký hội nghị, hội thảo quốc tế"), _("Lưu"),
                                 lambda data: actions.plan_conference(request.user, data=data))


@login_required
def conference_edit(request, pk):
    conf = editable_or_403(conferences(), request.user, pk)
    form = ConferenceFormForm(request.POST or None, user=request.user, conference=conf)
    return _conference_form_page(request, form, _("Sửa thông tin hội nghị"), _("Lưu thay đổi"),
                                 lambda data: actions.update_conference(request.user, conf, data=data,
                                                                        version=form_version(form)), obj=conf)


@login_required
def conference_dossier(request, pk):
    conf = editable_or_403(conferences(), request.user, pk)
    form = DossierForm(request.POST or None, initial={"submitted_on": conf.dossier_submitted_on})

    def perform(d):
        warnings = actions.submit_dossier(request.user, conf, submitted_on=d["submitted_on"])
        for warning in warnings:  # late filing is flagged, not refused
            messages.warning(request, warning)
        return conf
    return action_page(request, obj=conf, form=form, heading=_("Ghi nhận nộp hồ sơ"), submit=_("Ghi nhận"),
                       hint=_("Hạn nộp hồ sơ: %(d)s (%(a)s).") % {"d": f"{conf.dossier_deadline:%d/%m/%Y}",
                                                                 "a": conf.get_authority_display()},
                       perform=perform, success=_("Đã ghi nhận ngày nộp hồ sơ."))


@login_required
def conference_consultation(request, pk):
    conf = editable_or_403(conferences(), request.user, pk)
    form = ConsultationForm(request.POST or None)
    return action_page(
        request, obj=conf, form=form, heading=_("Gửi lấy ý kiến"), submit=_("Ghi nhận"),
        hint=_("Cơ quan được hỏi trả lời trong %(n)s (tính theo ngày dương lịch).") % {
            "n": days_text(rules.consultation_days())},
        perform=lambda d: actions.request_consultation(request.user, conf, body=d["body"], sent_on=d["sent_on"]) and conf,
        success=_("Đã ghi nhận việc gửi lấy ý kiến."), versioned=False)  # adds a consultation, changes no fact


@login_required
def consultation_answer(request, pk):
    consultation = visible_or_404(ConferenceConsultation.objects, request.user, pk)
    conf = editable_or_403(conferences(), request.user, consultation.conference_id)
    form = AnswerForm(request.POST or None)
    return action_page(
        request, obj=conf, form=form, heading=_("Ghi nhận ý kiến của %(b)s") % {"b": consultation.body},
        submit=_("Ghi nhận"),
        perform=lambda d: actions.record_consultation_answer(request.user, consultation, answered_on=d["answered_on"],
                                                             opinion=d["opinion"], note=d["note"]) and conf,
        success=_("Đã ghi nhận ý kiến."), versioned=False)  # a second answer is refused by the action


@login_required
def conference_approve(request, pk):
    conf = editable_or_403(conferences(), request.user, pk)
    form = ApproveConferenceForm(request.POST or None)
    return action_page(
        request, obj=conf, form=form, heading=_("Ghi nhận văn bản cho phép"), submit=_("Ghi nhận"),
        hint=_("Thẩm quyền cho phép: %(a)s.") % {"a": conf.get_authority_display()},
        perform=lambda d: actions.approve_conference(request.user, conf, decision_number=d["decision_number"],
                                                     decision_date=d["decision_date"]),
        success=_("Đã ghi nhận văn bản cho phép."))


@login_required
def conference_report(request, pk):
    conf = editable_or_403(conferences(), request.user, pk)
    form = ConferenceReportForm(request.POST or None, request.FILES or None)
    return action_page(
        request, obj=conf, form=form, heading=_("Nộp báo cáo sau hội nghị"), submit=_("Gửi báo cáo"),
        perform=lambda d: actions.submit_conference_report(request.user, conf, submitted_on=d["submitted_on"],
                                                           text=d["text"], file=d.get("file")),
        success=_("Đã nộp báo cáo sau hội nghị."))


@login_required
def conference_cancel(request, pk):
    conf = editable_or_403(conferences(), request.user, pk)
    form = CancelForm(request.POST or None)
    return action_page(
        request, obj=conf, form=form, heading=_("Hủy hội nghị"), submit=_("Hủy hội nghị này"), warning_button=True,
        perform=lambda d: actions.cancel_conference(request.user, conf, cancelled_on=d["cancelled_on"],
                                                    reason=d["reason"]),
        success=_("Đã hủy hội nghị."))
