"""The agreement register: A's draft with a Korean partner (so the Korean mission sees it), B's with a
Japanese one. Another province's record answers 404; seeing without the right to edit answers 403."""
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.url_expectations import Case, statuses

API_ANON = 401
NOT_B = dict(officer_b=404)
EDIT_A = dict(central=403, central_viewer=403, officer_b=404, unit_officer=403, mission_officer=403, viewer=403)
# A province's consultee list: a mission does not see it at all.
RULE_A = dict(EDIT_A, mission_officer=404)
ADDERS = dict(central=403, central_viewer=403, unit_officer=403, mission_officer=403, viewer=403)


def populate(world):
    from ngoaivu.agreements import actions
    from ngoaivu.partners.models import Partner
    kr = Partner.objects.create(name="Gyeonggi-do", name_vi="Tỉnh Gyeonggi", country="KR")
    jp = Partner.objects.create(name="Shizuoka Prefecture", name_vi="Tỉnh Shizuoka", country="JP")
    today = datetime.date.today()
    a = actions.create_agreement(world.users["officer_a"], locality=world.a, partners=[kr], form="ban_ghi_nho",
                                 title="Bản ghi nhớ hợp tác Lạng Sơn – Gyeonggi")
    actions.record_event(world.users["officer_a"], a, "opinion_requested", today, consultee="Bộ Ngoại giao", is_mofa=True)
    b = actions.create_agreement(world.users["officer_b"], locality=world.b, partners=[jp], form="thoa_thuan",
                                 title="Thỏa thuận hợp tác Đà Nẵng – Shizuoka")
    doc = actions.add_document(world.users["officer_a"], a, kind="signed_text", title="Dự thảo",
                               file=SimpleUploadedFile("du-thao.pdf", b"%PDF-1.4 test"))
    from ngoaivu.agreements.models import ConsulteeRule
    rule_a = ConsulteeRule.objects.create(locality=world.a, level="department", consultee="Sở Ngoại vụ Lạng Sơn")
    world.records.update({"consultee_rule_a": rule_a})
    world.records.update({"agreement_a": a, "agreement_b": b, "document_a": doc, "partner_kr": kr, "partner_jp": jp,
                          "event_a": a.events.last(), "status_change_a": a.status_changes.last()})


A = lambda w: {"pk": w.agreement_a.pk}  # noqa: E731

CASES = {
    "agreements:agreement_list": Case(statuses()),
    "agreements:agreement_create": Case(statuses(**ADDERS)),
    "agreements:agreement_export_xlsx": Case(statuses()),
    "agreements:agreement_export_csv": Case(statuses(), query="?q=gyeonggi"),
    "agreements:agreement_import": Case(statuses(**ADDERS)),
    "agreements:import_template": Case(statuses()),
    "agreements:agreement_detail": Case(statuses(**NOT_B), kwargs=A),
    "agreements:agreement_edit": Case(statuses(**EDIT_A), kwargs=A),
    "agreements:event_create": Case(statuses(**EDIT_A), kwargs=A, query="?kind=opinion_received"),
    "agreements:document_upload": Case(statuses(default=405), kwargs=A),
    "agreements:document_delete": Case(statuses(**EDIT_A), kwargs=lambda w: {"pk": w.document_a.pk}),
    "agreements:consultee_list": Case(statuses()),
    # Without ?locality= the form adds to the national list: the centre's officer only.
    "agreements:consultee_create": Case(statuses(default=403, central=200), kwargs={"level": "province"}),
    "agreements:consultee_adopt": Case(statuses(default=405), kwargs={"level": "department"}),
    "agreements:consultee_edit": Case(statuses(**RULE_A), kwargs=lambda w: {"pk": w.consultee_rule_a.pk}),
    "agreements:consultee_delete": Case(statuses(**RULE_A), kwargs=lambda w: {"pk": w.consultee_rule_a.pk}),
    "agreement-list": Case(statuses(anonymous=API_ANON)),
    "agreement-detail": Case(statuses(anonymous=API_ANON, **NOT_B), kwargs=A),
    "agreement-record-event": Case(statuses(anonymous=API_ANON, default=405), kwargs=A),
    "agreement-event-list": Case(statuses(anonymous=API_ANON)),
    "agreement-event-detail": Case(statuses(anonymous=API_ANON, **NOT_B), kwargs=lambda w: {"pk": w.event_a.pk}),
    "agreement-status-change-list": Case(statuses(anonymous=API_ANON)),
    "agreement-status-change-detail": Case(statuses(anonymous=API_ANON, **NOT_B),
                                           kwargs=lambda w: {"pk": w.status_change_a.pk}),
    "agreement-document-list": Case(statuses(anonymous=API_ANON)),
    "agreement-document-detail": Case(statuses(anonymous=API_ANON, **NOT_B), kwargs=lambda w: {"pk": w.document_a.pk}),
}
