"""Documents: A's yearly report draft (generated) and its province page; A's officers and manager write,
whoever reads A's register reads them, B and the Korean mission get 404. Open data answers everyone,
signed in or not; an agreement that is not public is 404 there."""
import datetime

from tests.url_expectations import Case, statuses

API_ANON = 401
EDITORS_A = ("manager_a", "officer_a")
# Who reads A's documents: the centre, A's accounts and A's Sở; B and the mission do not.
NOT_A = dict(officer_b=404, mission_officer=404)
EDIT_A = dict(NOT_A, central=403, central_viewer=403, unit_officer=403, viewer=403)
OWN_PROVINCE = dict(manager_a=302, officer_a=302, officer_b=302, unit_officer=302, viewer=302)


def populate(world):
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.partners.models import Partner
    from ngoaivu.reports import actions
    user = world.users["officer_a"]
    draft = actions.create_draft(user, world.a, kind="yearly_agreements", year=2026,
                                 issued_on=datetime.date(2027, 1, 15), opening="Mở đầu")
    actions.generate(user, draft)
    # A finished PDF job on another draft (a row of every child record; draft_a keeps no job).
    from ngoaivu.reports.models import PdfJob
    older = actions.create_draft(user, world.a, kind="external_affairs", year=2025,
                                 issued_on=datetime.date(2026, 1, 10))
    PdfJob.objects.create(draft=older, state="done", requested_by=user)
    public = Agreement.objects.create(locality=world.a, title="Bản ghi nhớ công khai Lạng Sơn – Nakhon Phanom",
                                      form="ban_ghi_nho", visibility="public", status="in_force",
                                      signed_on=datetime.date(2025, 3, 1), signed_precision="month")
    # A real register row: every agreement has a foreign partner (the register's export must import back).
    public.partners.add(Partner.objects.create(name="Nakhon Phanom Province", name_vi="Tỉnh Nakhon Phanom",
                                               country="TH", locality=world.a))
    from ngoaivu.implementation import actions as implementation
    implementation.sweep()  # its health, completion and commitment counts, as every agreement has them
    world.records.update({"draft_a": draft, "public_agreement": public})


DRAFT = lambda w: {"pk": w.draft_a.pk}  # noqa: E731
PROVINCE_A = lambda w: {"pk": w.a.pk}  # noqa: E731
NEW_DRAFT = lambda w: {"kind": "external_affairs", "year": 2026, "period": "h1", "issued_on": "15/07/2026"}  # noqa: E731
DRAFT_FORM = {"number": "3", "issued_on": "20/01/2027", "year": 2026, "opening": "Mở đầu đã sửa"}
SETTINGS_FORM = {"parent_body": "UBND TỈNH LẠNG SƠN", "issuing_body": "SỞ NGOẠI VỤ", "symbol": "SNgV",
                 "place_name": "Lạng Sơn", "authority_line": "KT. GIÁM ĐỐC", "signer_title": "PHÓ GIÁM ĐỐC",
                 "committee_symbol": "UBND", "committee_signer_title": "PHÓ CHỦ TỊCH", "archive_line": "Lưu: VT"}
API_NEW = lambda w: {"locality": w.a.pk, "kind": "yearly_agreements", "year": 2025, "issued_on": "2026-01-20"}  # noqa: E731
PUBLIC = lambda w: {"pk": w.public_agreement.pk}  # noqa: E731
ANYONE = statuses(anonymous=200)

CASES = {
    "reports:index": Case(statuses(**OWN_PROVINCE)),
    "reports:documents": Case(statuses(**NOT_A), kwargs=PROVINCE_A),
    "reports:draft_create": Case(statuses(default=405), kwargs=PROVINCE_A, writers=EDITORS_A, post=NOT_A,
                                 data=NEW_DRAFT),
    "reports:settings_edit": Case(statuses(**EDIT_A), kwargs=PROVINCE_A, writers=EDITORS_A, data=SETTINGS_FORM),
    "reports:draft_detail": Case(statuses(**NOT_A), kwargs=DRAFT, writers=EDITORS_A, data=DRAFT_FORM),
    "reports:draft_generate": Case(statuses(default=405), kwargs=DRAFT, writers=EDITORS_A, post=NOT_A),
    "reports:draft_pdf": Case(statuses(default=405), kwargs=DRAFT, writers=EDITORS_A, post=NOT_A),
    "reports:open_data": Case(ANYONE, query="?q=quang+tay"),
    "reports:open_data_detail": Case(ANYONE, kwargs=PUBLIC),
    "reports:open_data_csv": Case(ANYONE),
    "reports:open_data_json": Case(ANYONE, query="?province=1"),
    "reports:open_data_schema": Case(ANYONE),
    "reports:open_data_feed": Case(ANYONE),
    "report-draft-list": Case(statuses(anonymous=API_ANON), writers=EDITORS_A, data=API_NEW,
                              post=dict(central=403, central_viewer=403, unit_officer=403, viewer=403,
                                        mission_officer=403, officer_b=403)),
    # PATCH: the narrative after creation (A's editors); no PUT or DELETE.
    "report-draft-detail": Case(statuses(anonymous=API_ANON, **NOT_A), kwargs=DRAFT, writers=EDITORS_A,
                                data={"opening": "Mở đầu sửa qua API", "number": "5"}),
    "report-draft-generate": Case(statuses(anonymous=API_ANON, default=405), kwargs=DRAFT, writers=EDITORS_A,
                                  post=NOT_A),
    "report-draft-pdf": Case(statuses(anonymous=API_ANON, default=405), kwargs=DRAFT, writers=EDITORS_A, post=NOT_A),
    "report-draft-file": Case(statuses(anonymous=API_ANON, **NOT_A), kwargs=lambda w: {"pk": w.draft_a.pk,
                                                                                       "file": "docx"}),
}
