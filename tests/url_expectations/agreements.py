"""The agreement register: A's draft with a Korean partner (so the Korean mission sees it), B's with a
Japanese one. Another province's record answers 404; seeing without the right to edit answers 403."""
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.url_expectations import READ, Case, statuses

API_ANON = 401
NOT_B = dict(officer_b=404)
EDIT_A = dict(central=403, central_viewer=403, officer_b=404, unit_officer=403, mission_officer=403, viewer=403)
# A province's consultee list: a mission does not see it at all.
RULE_A = dict(EDIT_A, mission_officer=404)
# Who writes: A's officers and manager on A's records; any province officer adds to their register.
EDITORS_A = ("manager_a", "officer_a")
PROVINCE_EDITORS = ("manager_a", "officer_a", "officer_b")
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
    "agreements:agreement_create": Case(statuses(**ADDERS), writers=PROVINCE_EDITORS),
    "agreements:agreement_export_xlsx": Case(statuses(), writers=READ),
    "agreements:agreement_export_csv": Case(statuses(), query="?q=gyeonggi", writers=READ),
    "agreements:agreement_import": Case(statuses(**ADDERS), writers=PROVINCE_EDITORS),
    "agreements:import_template": Case(statuses(), writers=READ),
    "agreements:agreement_detail": Case(statuses(**NOT_B), kwargs=A, writers=READ),
    "agreements:agreement_edit": Case(statuses(**EDIT_A), kwargs=A, writers=EDITORS_A),
    "agreements:event_create": Case(statuses(**EDIT_A), kwargs=A, query="?kind=opinion_received", writers=EDITORS_A),
    "agreements:document_upload": Case(statuses(default=405), kwargs=A, writers=EDITORS_A, post=NOT_B),
    "agreements:document_delete": Case(statuses(**EDIT_A), kwargs=lambda w: {"pk": w.document_a.pk}, writers=EDITORS_A),
    "agreements:consultee_list": Case(statuses(), writers=READ),
    # Without ?locality= the form adds to the national list: the centre's officer only.
    "agreements:consultee_create": Case(statuses(default=403, central=200), kwargs={"level": "province"}, writers=("central",)),
    "agreements:consultee_adopt": Case(statuses(default=405), kwargs={"level": "department"}, writers=EDITORS_A, post=dict(officer_b=404, mission_officer=404), data=lambda w: {"locality": w.a.pk}),
    "agreements:consultee_edit": Case(statuses(**RULE_A), kwargs=lambda w: {"pk": w.consultee_rule_a.pk}, writers=EDITORS_A),
    "agreements:consultee_delete": Case(statuses(**RULE_A), kwargs=lambda w: {"pk": w.consultee_rule_a.pk}, writers=EDITORS_A),
    "agreement-list": Case(statuses(anonymous=API_ANON), writers=PROVINCE_EDITORS, data=lambda w: {"title": "Thỏa thuận mới", "form": "ban_ghi_nho", "locality": w.a.pk, "partners": [w.partner_kr.pk]}),
    "agreement-detail": Case(statuses(anonymous=API_ANON, **NOT_B), kwargs=A, writers=EDITORS_A, data={"title": "Bản ghi nhớ đã sửa"}),
    "agreement-record-event": Case(statuses(anonymous=API_ANON, default=405), kwargs=A, writers=EDITORS_A, post=NOT_B, data={"kind": "opinion_received", "date": "2026-01-05"}),
    "agreement-event-list": Case(statuses(anonymous=API_ANON)),
    "agreement-event-detail": Case(statuses(anonymous=API_ANON, **NOT_B), kwargs=lambda w: {"pk": w.event_a.pk}),
    "agreement-status-change-list": Case(statuses(anonymous=API_ANON)),
    "agreement-status-change-detail": Case(statuses(anonymous=API_ANON, **NOT_B),
                                           kwargs=lambda w: {"pk": w.status_change_a.pk}),
    "agreement-document-list": Case(statuses(anonymous=API_ANON), writers=PROVINCE_EDITORS,
                                    data=lambda w: {"agreement": w.agreement_a.pk, "kind": "signed_text"}),
    "agreement-document-detail": Case(statuses(anonymous=API_ANON, **NOT_B), kwargs=lambda w: {"pk": w.document_a.pk}),
}
