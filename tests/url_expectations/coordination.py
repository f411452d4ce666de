"""Report requests and returns: what each persona gets on each URL."""
import datetime

from tests.url_expectations import Case, statuses

# A's return: read by A's users (units included) and the centre; another province and missions get 404.
SEE_A = dict(officer_b=404, mission_officer=404)
CENTRE = dict(default=403, central=200, central_manager=200, central_viewer=200)
CENTRE_ONLY = dict(default=403, central=200, central_manager=200, central_viewer=200, **SEE_A)


def populate(world):
    from ngoaivu.coordination import actions
    from ngoaivu.coordination.prefill import source_field
    today = datetime.date.today()
    world.records["report_request_a"] = actions.create_request(
        world.users["central"], title="Báo cáo 6 tháng", kind="structured", data_from=today - datetime.timedelta(days=180),
        data_to=today, due_on=today + datetime.timedelta(days=10), localities=[world.a],
        fields=[source_field("delegations_out"), source_field("delegations_in_by_country")])
    world.records["report_return_a"] = world.report_request_a.returns.get()
    from ngoaivu.coordination import directives
    world.records["directive_a"] = directives.send_directive(
        world.users["central"], number="12/BNG-NV", issued_on=today, subject="Hướng dẫn báo cáo", signer="Vụ trưởng",
        localities=[world.a])
    # Rows of every child record, so the scoping checks have something to check.
    actions.save_return(world.users["officer_a"], world.report_return_a, text="Bản nháp")
    directives.reply(world.users["officer_a"], world.directive_a.recipients.get(), text="Đã nhận")
    # A comment with its attachment on A's return (the thread page links it; tests/core/test_files.py checks it).
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ngoaivu.coordination import threads
    world.records["comment_a"] = threads.add_comment(
        world.users["central"], "report_return", world.report_return_a, "Đề nghị bổ sung số liệu",
        attachment=SimpleUploadedFile("Góp ý.pdf", b"%PDF-1.4 comment"))
    from ngoaivu.agreements.models import Event
    from ngoaivu.coordination import opinions
    request = Event.objects.filter(agreement__locality=world.a, kind="opinion_requested", is_mofa=True).first()
    if request is not None:
        opinions.save_draft(world.users["central"], request, verdict="agree", text="Đồng ý")


def _pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


def _return_body(w):
    return {"delegations_out": "2", "delegations_in_by_country__0__label": "Nhật Bản",
            "delegations_in_by_country__0__value": "1", "text": "", "save": "1"}


def _directive_edit_body(w):
    return {"number": "12/BNG-NV", "issued_on": datetime.date.today().strftime("%d/%m/%Y"),
            "subject": "Hướng dẫn báo cáo (sửa)", "signer": "Vụ trưởng", "recipients": "list", "localities": [w.a.pk]}


CASES = {
    "coordination:report_list": Case(statuses()),
    "coordination:report_export": Case(statuses()),
    "coordination:request_create": Case(statuses(default=403, central=200, central_manager=200), writers=("central",)),
    # A province is sent on to its own return; a province the request was not sent to does not see it.
    "coordination:request_detail": Case(statuses(default=302, central=200, central_manager=200, central_viewer=200,
                                                 **SEE_A), kwargs=_pk("report_request_a")),
    "coordination:request_national": Case(statuses(**CENTRE_ONLY), kwargs=_pk("report_request_a")),
    "coordination:request_national_xlsx": Case(statuses(**CENTRE_ONLY), kwargs=_pk("report_request_a")),
    "coordination:return_detail": Case(statuses(**SEE_A), kwargs=_pk("report_return_a")),
    "coordination:return_save": Case(statuses(default=405), kwargs=_pk("report_return_a"),
                                     writers=("manager_a", "officer_a"), post=SEE_A, data=_return_body),
    # The Foreign Ministry's queue: the centre only (A's opinion request to the Ministry is the register's
    # `event_a`, populated before this module).
    "coordination:opinion_queue": Case(statuses(**CENTRE)),
    "coordination:opinion_detail": Case(statuses(**CENTRE), kwargs=_pk("event_a")),
    "coordination:opinion_draft": Case(statuses(default=405), kwargs=_pk("event_a"), writers=("central",)),
    "coordination:opinion_issue": Case(statuses(default=405), kwargs=_pk("event_a"), writers=("central_manager",)),
    "coordination:directive_list": Case(statuses()),
    # The centre sends to provinces; a province's manager to the province's own units.
    "coordination:directive_create": Case(statuses(default=403, central=200, central_manager=200, manager_a=200),
                                          writers=("central", "manager_a")),
    "coordination:directive_detail": Case(statuses(**SEE_A), kwargs=_pk("directive_a")),
    # Corrected by whoever may send it (the centre's officers); the province reads it and may not (403).
    "coordination:directive_edit": Case(statuses(default=403, central=200, central_manager=200, **SEE_A),
                                        kwargs=_pk("directive_a"), writers=("central",), data=_directive_edit_body),
    "coordination:directive_acknowledge": Case(statuses(default=405), kwargs=_pk("directive_a"),
                                               writers=("manager_a", "officer_a"), post=SEE_A),
    "coordination:directive_reply": Case(statuses(default=405), kwargs=_pk("directive_a"),
                                         writers=("manager_a", "officer_a"), post=SEE_A, data={"text": "Đã triển khai."}),
    "coordination:directive_remind": Case(statuses(default=405), kwargs=_pk("directive_a"), writers=("central",),
                                          post=SEE_A),
    # Whoever sees the record reads and writes its conversation.
    "coordination:thread": Case(statuses(**SEE_A), kwargs=lambda w: {"kind": "report_return", "pk": w.report_return_a.pk},
                                writers=("central", "central_viewer", "manager_a", "officer_a", "unit_officer", "viewer"),
                                data={"text": "Trao đổi"}),
    "coordination:return_review": Case(statuses(default=405), kwargs=_pk("report_return_a"), writers=("central",),
                                       post=SEE_A, data={"reason": "Bổ sung", "return": "1"}),
}

# --- the API: the same scoping as the pages ---------------------------------------------------------------
API_SEE_A = dict(anonymous=401, **SEE_A)


def _api_request_body(w):
    today = datetime.date.today()
    return {"title": "Báo cáo đột xuất", "data_from": str(today - datetime.timedelta(days=30)), "data_to": str(today),
            "due_on": str(today + datetime.timedelta(days=7)), "localities": [w.a.pk]}


API_RETURN_BODY = {"values": {"delegations_out": 2, "delegations_in_by_country": [["Nhật Bản", 1]]}, "text": ""}

CASES.update({
    "coordination-request-list": Case(statuses(anonymous=401), writers=("central",), data=_api_request_body),
    "coordination-request-detail": Case(statuses(**API_SEE_A), kwargs=_pk("report_request_a")),
    "coordination-return-list": Case(statuses(anonymous=401)),
    # PATCH saves the fields sent, PUT the whole answer (refused unless it names every field): the step's writers.
    "coordination-return-detail": Case(statuses(**API_SEE_A), kwargs=_pk("report_return_a"),
                                       writers=("manager_a", "officer_a"), post=SEE_A, data=API_RETURN_BODY),
    "coordination-return-save": Case(statuses(anonymous=401, default=405), kwargs=_pk("report_return_a"),
                                     writers=("manager_a", "officer_a"), post=SEE_A, data=API_RETURN_BODY),
    "coordination-return-submit": Case(statuses(anonymous=401, default=405), kwargs=_pk("report_return_a"),
                                       writers=("manager_a", "officer_a"), post=SEE_A, data=API_RETURN_BODY),
    "coordination-return-accept": Case(statuses(anonymous=401, default=405), kwargs=_pk("report_return_a"),
                                       writers=("central",), post=SEE_A),
    "coordination-return-return": Case(statuses(anonymous=401, default=405), kwargs=_pk("report_return_a"),
                                       writers=("central",), post=SEE_A, data={"reason": "Bổ sung"}),
    "coordination-directive-list": Case(statuses(anonymous=401)),
    "coordination-directive-detail": Case(statuses(**API_SEE_A), kwargs=_pk("directive_a")),
    "coordination-directive-acknowledge": Case(statuses(anonymous=401, default=405), kwargs=_pk("directive_a"),
                                               writers=("manager_a", "officer_a"), post=SEE_A),
    "coordination-opinion-list": Case(statuses(anonymous=401, **CENTRE)),
    "coordination-opinion-detail": Case(statuses(anonymous=401, **CENTRE), kwargs=_pk("event_a")),
})

# Replies, drafting and issuing through the API: the same actions and checks as the pages. A reply is sent
# as multipart/form-data (the walk's JSON body is refused 415 for the writers, a refusal for the others).
CASES.update({
    "coordination-directive-replies": Case(statuses(**API_SEE_A), kwargs=_pk("directive_a"),
                                           writers=("manager_a", "officer_a")),
    "coordination-opinion-draft": Case(statuses(anonymous=401, default=405), kwargs=_pk("event_a"),
                                       writers=("central",), data={"verdict": "agree", "text": ""}),
    "coordination-opinion-issue": Case(statuses(anonymous=401, default=405), kwargs=_pk("event_a"),
                                       writers=("central_manager",)),
})
