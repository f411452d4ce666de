"""Every edit form round-trips: as the record's owner, change EVERY field of the form to a new valid value,
submit, read the record back from the database and compare field by field.

An edit that answered "Đã lưu thay đổi." and saved nothing (the agreement form compared the instance the
form had already changed with itself) passed every status-code test; only reading the state back finds it.
`ROUND_TRIPS` is the registry: an edit page (a URL name ending in `_edit` or `settings…`, or listed in
EXTRA_EDIT_URLS) without a case fails `test_every_edit_form_has_a_round_trip`, and a form that grows a
field the case does not set fails its round trip.
"""
import datetime
import re
from dataclasses import dataclass, field
from typing import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile
from django.urls import reverse

from tests.test_url_walk import url_names

EDIT_NAME = re.compile(r"(_edit|:settings(_\w+)?)$")
# The account page is the account's edit form; the profile page is one's own account's.
EXTRA_EDIT_URLS = {"core:user_detail", "core:profile"}
TODAY = datetime.date.today()


def d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass
class RoundTrip:
    owner: str                     # persona who may edit the record
    obj: Callable                  # world -> the record
    kwargs: Callable               # world -> URL kwargs
    post: Callable                 # world -> {form field: posted value}, every field a new value
    expect: Callable               # world -> {attribute or reader name: value read back from the database}
    readers: dict = field(default_factory=dict)      # name -> obj -> value (children, files, m2m…)
    unchanged: dict = field(default_factory=dict)    # form field -> why it has a single valid value here
    ignore: dict = field(default_factory=dict)       # form field -> why it is not a fact of the record
    multipart: bool = False
    # One text field changed alone on a second submit (field, new value): a save that only happened when
    # a relation changed as well (the agreement edit) passes the full round trip but not this one.
    solo: tuple = ()
    # Formsets the form carries as attributes (e.g. "stops_formset"): their posted keys (prefix-…) are
    # checked against the formset's own fields, and a solo submit re-sends their rows as the page shows them.
    formsets: tuple = ()


def other_unit(w):
    from ngoaivu.core.models import Unit
    return Unit.objects.filter(locality=w.a, valid_until__isnull=True).exclude(pk=w.unit_a.pk) \
        .exclude(kind="commune_pc").order_by("pk").first()


def sector(w, index=0):
    from ngoaivu.core.models import Sector
    return Sector.objects.filter(is_active=True).order_by("pk")[index]


ONE_PROVINCE = "the officer edits one province: the only choice"
NEW_PARTNER = "adds a new partner to the directory, not a fact of the agreement"

AGREEMENT = RoundTrip(
    solo=("title", "Bản ghi nhớ chỉ sửa tên"),
    owner="officer_a", obj=lambda w: w.agreement_a, kwargs=lambda w: {"pk": w.agreement_a.pk},
    post=lambda w: {
        "signing_unit": w.unit_a.pk, "signatory_name": "UBND tỉnh Lạng Sơn", "co_signatories": [w.b.pk],
        "inherited_from": "UBND huyện Lộc Bình", "reference": "15/2026/TTQT-LS",
        "title": "Biên bản hợp tác Lạng Sơn – Gyeonggi (bản sửa)", "title_en": "Record of cooperation",
        "form": "other", "form_other": "Văn kiện hợp tác", "channel": "people", "sectors": [sector(w).pk],
        "summary": "Hợp tác nông nghiệp và du lịch", "languages": "Tiếng Việt, tiếng Hàn",
        "signer_vn": "Hồ Tiến Thiệu", "signer_foreign": "Kim Dong-yeon", "signed": "05/02/2025",
        "signed_place": "Suwon", "effective_on_signing": "", "in_force_on": "10/02/2025",
        "reported_on": "15/02/2025", "term_months": "60", "expires_on": "10/02/2030", "auto_renew": "on",
        "notice_days": "90", "visibility": "national", "parent": w.impl_agreement_a.pk,
        "parent_relation": "amendment", "partners": [w.partner_jp.pk], "historical": "on",
        "recorded_status": "expired", "recorded_activity_on": "01/03/2025"},
    expect=lambda w: {
        "signing_unit_id": w.unit_a.pk, "signatory_name": "UBND tỉnh Lạng Sơn", "co_signatories": {w.b.pk},
        "inherited_from": "UBND huyện Lộc Bình", "reference": "15/2026/TTQT-LS",
        "title": "Biên bản hợp tác Lạng Sơn – Gyeonggi (bản sửa)", "title_en": "Record of cooperation",
        "form": "other", "form_other": "Văn kiện hợp tác", "channel": "people", "sectors": {sector(w).pk},
        "summary": "Hợp tác nông nghiệp và du lịch", "languages": "Tiếng Việt, tiếng Hàn",
        "signer_vn": "Hồ Tiến Thiệu", "signer_foreign": "Kim Dong-yeon", "signed_on": datetime.date(2025, 2, 5),
        "signed_place": "Suwon", "effective_on_signing": False, "in_force_on": datetime.date(2025, 2, 10),
        "reported_on": datetime.date(2025, 2, 15), "term_months": 60, "expires_on": datetime.date(2030, 2, 10),
        "auto_renew": True, "notice_days": 90, "visibility": "national", "parent_id": w.impl_agreement_a.pk,
        "parent_relation": "amendment", "partners": {w.partner_jp.pk}, "historical": True,
        "recorded_status": "expired", "recorded_activity_on": datetime.date(2025, 3, 1)},
    unchanged={"locality": ONE_PROVINCE, "signatory_locality": "Lạng Sơn has no former province"},
    ignore={name: NEW_PARTNER for name in ("new_partner_name", "new_partner_name_vi", "new_partner_kind",
                                           "new_partner_country", "new_partner_confirm")},
)

DELEGATION = RoundTrip(
    solo=("title", "Đoàn chỉ sửa tên"),
    owner="officer_a", obj=lambda w: w.delegation_a, kwargs=lambda w: {"pk": w.delegation_a.pk},
    post=lambda w: {
        "direction": "in", "channel": "people", "title": "Đoàn Hàn Quốc thăm Lạng Sơn", "unit": w.unit_a.pk,
        "level": "deputy", "head_name": "Nguyễn Thị Hoa", "head_title": "Phó Chủ tịch UBND tỉnh",
        "member_count": "4", "members": "Trần Văn Bình; Chuyên viên; Sở Ngoại vụ",
        # The first row changed in every column, the rest emptied, and a pasted line added as a row.
        "stops-TOTAL_FORMS": "3", "stops-INITIAL_FORMS": "1", "stops-0-country": "KR", "stops-0-city": "Seoul",
        "stops-0-days": "3", "stops-0-partner": str(w.partner_kr.pk), "stops-1-country": "", "stops-1-city": "",
        "stops-1-days": "", "stops-1-partner": "", "stops-2-country": "", "stops-2-city": "", "stops-2-days": "",
        "stops-2-partner": "", "stops_text": "Hàn Quốc; Suwon; 4",
        "partners": [w.partner_kr.pk], "purpose": "Trao đổi kinh nghiệm", "programme": "Ngày 1: hội đàm",
        "start_date": d(TODAY + datetime.timedelta(days=40)), "end_date": d(TODAY + datetime.timedelta(days=43)),
        "funding": "host", "funding_note": "Phía bạn chi trả", "contacts_party": "Đảng Dân chủ Hàn Quốc",
        "contacts_state": "Tỉnh Gyeonggi", "contacts_people": "Hội hữu nghị Hàn – Việt"},
    expect=lambda w: {
        "direction": "in", "channel": "people", "title": "Đoàn Hàn Quốc thăm Lạng Sơn", "unit_id": w.unit_a.pk,
        "level": "deputy", "head_name": "Nguyễn Thị Hoa", "head_title": "Phó Chủ tịch UBND tỉnh", "member_count": 4,
        "members": [("Trần Văn Bình", "Chuyên viên", "Sở Ngoại vụ")], "stops": [("KR", "Seoul", 3, w.partner_kr.pk), ("KR", "Suwon", 4, None)],
        "partners": {w.partner_kr.pk}, "purpose": "Trao đổi kinh nghiệm", "programme": "Ngày 1: hội đàm",
        "start_date": TODAY + datetime.timedelta(days=40), "end_date": TODAY + datetime.timedelta(days=43),
        "funding": "host", "funding_note": "Phía bạn chi trả",
        "contacts": [("party", "Đảng Dân chủ Hàn Quốc"), ("people", "Hội hữu nghị Hàn – Việt"),
                     ("state", "Tỉnh Gyeonggi")]},
    readers={
        "members": lambda o: [(m.full_name, m.title, m.organisation) for m in o.members.order_by("position")],
        "stops": lambda o: [(str(s.country), s.city, s.days, s.partner_id) for s in o.stops.order_by("position")],
        "contacts": lambda o: sorted((c.channel, c.counterpart) for c in o.contacts.all()),
    },
    unchanged={"locality": ONE_PROVINCE},
    formsets=("stops_formset",),
)

CONFERENCE = RoundTrip(
    solo=("title", "Hội nghị chỉ sửa tên"),
    owner="officer_a", obj=lambda w: w.conference_a, kwargs=lambda w: {"pk": w.conference_a.pk},
    post=lambda w: {
        "title": "Diễn đàn thương mại Lạng Sơn 2026", "kind": "forum", "form": "online", "vietnam_endpoint": "",
        "venue": "Trực tuyến", "start_date": d(TODAY + datetime.timedelta(days=90)),
        "end_date": d(TODAY + datetime.timedelta(days=91)), "organiser_kind": "foreign",
        "organiser_name": "JETRO Hà Nội", "content": "Kết nối doanh nghiệp", "participants_count": "200",
        "foreign_participants_count": "50", "highest_foreign_level": "minister", "topics": ["security"],
        "partners": [w.partner_jp.pk]},
    expect=lambda w: {
        "title": "Diễn đàn thương mại Lạng Sơn 2026", "kind": "forum", "form": "online", "vietnam_endpoint": False,
        "venue": "Trực tuyến", "start_date": TODAY + datetime.timedelta(days=90),
        "end_date": TODAY + datetime.timedelta(days=91), "organiser_kind": "foreign",
        "organiser_name": "JETRO Hà Nội", "content": "Kết nối doanh nghiệp", "participants_count": 200,
        "foreign_participants_count": 50, "highest_foreign_level": "minister", "topics": ["security"],
        "partners": {w.partner_jp.pk}},
    unchanged={"locality": ONE_PROVINCE,
               "organiser_unit": "only for an organiser of the province; this case makes it a foreign one"},
)

COMMITMENT = RoundTrip(
    solo=("description", "Chỉ sửa nội dung"),
    owner="officer_a", obj=lambda w: w.commitment_a, kwargs=lambda w: {"pk": w.commitment_a.pk},
    post=lambda w: {"side": "joint", "description": "Tổ chức hội chợ thường niên", "sector": sector(w, 1).pk,
                    "responsible_unit": other_unit(w).pk, "due_on": "30/06/2027", "recurrence": "yearly",
                    "note": "Luân phiên hai bên", "reviewer": w.users["manager_a"].pk},
    expect=lambda w: {"side": "joint", "description": "Tổ chức hội chợ thường niên", "sector_id": sector(w, 1).pk,
                      "responsible_unit_id": other_unit(w).pk, "due_on": datetime.date(2027, 6, 30),
                      "recurrence": "yearly", "note": "Luân phiên hai bên", "reviewer_id": w.users["manager_a"].pk},
)

PLAN = RoundTrip(
    solo=("note", "Chỉ sửa ghi chú"),
    owner="officer_a", obj=lambda w: w.plan_a, kwargs=lambda w: {"pk": w.plan_a.pk}, multipart=True,
    post=lambda w: {"year": "2030", "status": "approved", "responsible_unit": other_unit(w).pk,
                    "approved_on": "15/01/2026", "budget_vnd": "150000000",
                    "document": SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 ke hoach"), "note": "Kế hoạch sửa"},
    expect=lambda w: {"year": 2030, "status": "approved", "responsible_unit_id": other_unit(w).pk,
                      "approved_on": datetime.date(2026, 1, 15), "budget_vnd": 150000000,
                      "document_name": "ke-hoach.pdf", "note": "Kế hoạch sửa"},
    readers={"document_name": lambda o: o.document.name.rsplit("/", 1)[-1] if o.document else ""},
)

ACTIVITY = RoundTrip(
    solo=("title", "Chỉ sửa tên hoạt động"),
    owner="officer_a", obj=lambda w: w.activity_a, kwargs=lambda w: {"pk": w.activity_a.pk}, multipart=True,
    post=lambda w: {"kind": "training", "title": "Tập huấn xúc tiến đầu tư", "occurred_on": "20/02/2025",
                    "responsible_unit": other_unit(w).pk, "description": "Hai ngày", "participants": "30 cán bộ",
                    "commitments": [w.commitment_a.pk], "planned_activities": [w.planned_a.pk],
                    "investment_pledged_usd": "1000", "investment_disbursed_usd": "500", "aid_usd": "200",
                    "people_trained": "30", "trade_value_usd": "7000", "results": "Cấp chứng chỉ"},
    expect=lambda w: {"kind": "training", "title": "Tập huấn xúc tiến đầu tư", "occurred_on": datetime.date(2025, 2, 20),
                      "responsible_unit_id": other_unit(w).pk, "description": "Hai ngày", "participants": "30 cán bộ",
                      "commitments": {w.commitment_a.pk}, "planned_activities": {w.planned_a.pk},
                      "investment_pledged_usd": 1000, "investment_disbursed_usd": 500, "aid_usd": 200,
                      "people_trained": 30, "trade_value_usd": 7000, "results": "Cấp chứng chỉ"},
    ignore={"evidence": "adds an evidence file (its own record), tested with the evidence upload",
            "evidence_description": "the description of that new evidence file"},
)

PARTNER = RoundTrip(
    solo=("notes", "Chỉ sửa ghi chú"),
    # The partner officer_a added and nobody else uses (a shared partner is the centre's to edit).
    owner="officer_a", obj=lambda w: w.partner_a, kwargs=lambda w: {"pk": w.partner_a.pk},
    post=lambda w: {"name": "Gyeonggi Province", "name_vi": "Tỉnh Kyonggi", "kind": "gov_agency", "country": "JP",
                    "parent": w.partner_jp.pk, "website": "https://www.gg.go.kr", "notes": "Đối tác lâu năm",
                    "registration_number": "KR-41", "wikidata_id": "Q20937", "aliases": "Gyeonggi\n경기도"},
    expect=lambda w: {"name": "Gyeonggi Province", "name_vi": "Tỉnh Kyonggi", "kind": "gov_agency", "country": "JP",
                      "parent_id": w.partner_jp.pk, "website": "https://www.gg.go.kr", "notes": "Đối tác lâu năm",
                      "registration_number": "KR-41", "wikidata_id": "Q20937", "aliases": sorted(["Gyeonggi", "경기도"])},
    readers={"country": lambda o: str(o.country), "aliases": lambda o: sorted(o.alias_names)},
)

CONSULTEE_RULE = RoundTrip(
    solo=("basis", "Chỉ sửa căn cứ"),
    owner="officer_a", obj=lambda w: w.consultee_rule_a, kwargs=lambda w: {"pk": w.consultee_rule_a.pk},
    post=lambda w: {"consultee": "Công an tỉnh Lạng Sơn", "is_mofa": "on", "condition": "security",
                    "position": "7", "basis": "Quy chế 12/2024"},
    expect=lambda w: {"consultee": "Công an tỉnh Lạng Sơn", "is_mofa": True, "condition": "security",
                      "position": 7, "basis": "Quy chế 12/2024"},
)


def exchange_settings(w):
    from ngoaivu.exchanges.models import ExchangeSettings
    return ExchangeSettings.for_locality(w.a)


EXCHANGE_SETTINGS = RoundTrip(
    solo=("basis", "Chỉ sửa căn cứ"),
    owner="manager_a", obj=exchange_settings, kwargs=lambda w: {"pk": w.a.pk},
    post=lambda w: {"report_days": "20", "report_in_working_days": "on", "conference_report_days": "25",
                    "max_trips_per_official": "3", "max_members_leader": "12", "max_members_deputy": "8",
                    "max_members_department": "6", "max_days": "12", "max_countries": "4",
                    "max_days_per_country": "5", "no_enterprise_funding": "on", "basis": "Quyết định 9/2026",
                    "authority_leader": "politburo", "authority_deputy": "standing_committee",
                    "authority_department": "council", "authority_party": "other"},
    expect=lambda w: {"report_days": 20, "report_in_working_days": True, "conference_report_days": 25,
                      "max_trips_per_official": 3, "max_members_leader": 12, "max_members_deputy": 8,
                      "max_members_department": 6, "max_days": 12, "max_countries": 4, "max_days_per_country": 5,
                      "no_enterprise_funding": True, "basis": "Quyết định 9/2026",
                      "authority_leader": "politburo", "authority_deputy": "standing_committee",
                      "authority_department": "council", "authority_party": "other"},
)


def health_settings(locality_name):
    def get(w):
        from ngoaivu.implementation.models import HealthSettings
        locality = getattr(w, locality_name) if locality_name else None
        return HealthSettings.objects.filter(locality=locality).first() or HealthSettings(locality=locality)
    return get


HEALTH_VALUES = {"dormant_months": 20, "grace_months": 9, "plan_months": 4, "at_risk_months": 10,
                 "due_soon_days": 21, "plan_due_day": 20, "plan_due_month": 11, "historical_grace_months": 18}
HEALTH_LOCALITY = RoundTrip(
    owner="manager_a", obj=health_settings("a"), kwargs=lambda w: {"locality_pk": w.a.pk},
    post=lambda w: {**{k: str(v) for k, v in HEALTH_VALUES.items()}, "overdue_at_risk": "false"},
    expect=lambda w: {**HEALTH_VALUES, "overdue_at_risk": False},
)
HEALTH_NATIONAL = RoundTrip(
    owner="central", obj=health_settings(None), kwargs=lambda w: {},
    post=lambda w: {**{k: str(v) for k, v in HEALTH_VALUES.items()}, "overdue_at_risk": ""},
    expect=lambda w: {**HEALTH_VALUES, "overdue_at_risk": False},
)

USER = RoundTrip(
    solo=("job_title", "Chỉ sửa chức vụ"),
    owner="central_manager", obj=lambda w: w.user_b, kwargs=lambda w: {"pk": w.user_b.pk},
    post=lambda w: {"full_name": "Lê Thị Đào", "job_title": "Chuyên viên", "email": "dao@example.vn",
                    "is_active": ""},
    expect=lambda w: {"full_name": "Lê Thị Đào", "job_title": "Chuyên viên", "email": "dao@example.vn",
                      "is_active": False},
)

PROFILE_OWN = RoundTrip(
    solo=("job_title", "Chỉ sửa chức vụ của mình"),
    owner="officer_a", obj=lambda w: w.users["officer_a"], kwargs=lambda w: {},
    post=lambda w: {"full_name": "Hoàng Văn Sửa", "job_title": "Phó Trưởng phòng", "email": "sua@langson.gov.vn"},
    expect=lambda w: {"full_name": "Hoàng Văn Sửa", "job_title": "Phó Trưởng phòng", "email": "sua@langson.gov.vn"},
)


def issuer_settings(w):
    from ngoaivu.reports.actions import settings_for
    return settings_for(w.a)


def province_template(w):
    from ngoaivu.reports.engine import BASE_TEMPLATE
    return SimpleUploadedFile("mau-lang-son.docx", BASE_TEMPLATE.read_bytes())


ISSUER_SETTINGS = RoundTrip(
    solo=("signer_name", "Trần Văn Bình"),
    owner="officer_a", obj=issuer_settings, kwargs=lambda w: {"pk": w.a.pk}, multipart=True,
    post=lambda w: {"parent_body": "UBND TỈNH LẠNG SƠN (MỚI)", "issuing_body": "VĂN PHÒNG UBND TỈNH",
                    "symbol": "VPUBND", "place_name": "TP. Lạng Sơn", "authority_line": "TL. CHỦ TỊCH",
                    "signer_title": "CHÁNH VĂN PHÒNG", "signer_name": "Nguyễn Văn An",
                    "committee_symbol": "UBND-VP", "committee_collective_line": "TM. ỦY BAN NHÂN DÂN",
                    "committee_authority_line": "KT. CHỦ TỊCH", "committee_signer_title": "PHÓ CHỦ TỊCH",
                    "committee_signer_name": "Hoàng Văn Nghiệm",
                    "recipients": "UBND tỉnh\nSở Tư pháp", "archive_line": "Lưu: VT, NV",
                    "template": province_template(w)},
    expect=lambda w: {"parent_body": "UBND TỈNH LẠNG SƠN (MỚI)", "issuing_body": "VĂN PHÒNG UBND TỈNH",
                      "symbol": "VPUBND", "place_name": "TP. Lạng Sơn", "authority_line": "TL. CHỦ TỊCH",
                      "signer_title": "CHÁNH VĂN PHÒNG", "signer_name": "Nguyễn Văn An",
                      "committee_symbol": "UBND-VP", "committee_collective_line": "TM. ỦY BAN NHÂN DÂN",
                      "committee_authority_line": "KT. CHỦ TỊCH", "committee_signer_title": "PHÓ CHỦ TỊCH",
                      "committee_signer_name": "Hoàng Văn Nghiệm",
                      "recipients": "UBND tỉnh\nSở Tư pháp", "archive_line": "Lưu: VT, NV",
                      "template": "mau-lang-son.docx"},
    readers={"template": lambda o: o.template.display_name if o.template else ""},
    ignore={"clear_template": "an instruction to drop the stored template, not a fact"},
)

REPORT_DRAFT = RoundTrip(
    solo=("opening", "Chỉ sửa phần mở đầu"),
    owner="officer_a", obj=lambda w: w.draft_a, kwargs=lambda w: {"pk": w.draft_a.pk},
    post=lambda w: {"number": "15", "issued_on": "20/01/2027", "year": "2025", "opening": "Căn cứ Luật 70/2020",
                    "assessment": "Đánh giá chung", "proposals": "Đề xuất tập huấn",
                    "extra_recipients": "Sở Tư pháp"},
    expect=lambda w: {"number": "15", "issued_on": datetime.date(2027, 1, 20), "year": 2025,
                      "opening": "Căn cứ Luật 70/2020", "assessment": "Đánh giá chung",
                      "proposals": "Đề xuất tập huấn", "extra_recipients": "Sở Tư pháp"},
)

def _indicator_by_code(w, code):
    from ngoaivu.indicators.models import Indicator
    return Indicator.objects.get(code=code)


INDICATOR = RoundTrip(
    solo=("name", "Chỉ số chỉ sửa tên"),
    owner="central", obj=lambda w: w.target_a.indicator, kwargs=lambda w: {"code": "fdi_registered"},
    post=lambda w: {"name": "Vốn FDI đăng ký mới", "name_en": "FDI newly registered", "definition": "Định nghĩa mới",
                    "definition_en": "New definition", "unit": "count", "higher_is_better": "", "source": "Bộ Tài chính", "method": "computed",
                    "computation": "conferences", "aggregation": "last", "position": "999", "is_active": ""},
    expect=lambda w: {"name": "Vốn FDI đăng ký mới", "name_en": "FDI newly registered", "definition": "Định nghĩa mới",
                      "definition_en": "New definition", "unit": "count", "higher_is_better": False, "source": "Bộ Tài chính", "method": "computed",
                      "computation": "conferences", "aggregation": "last", "position": 999, "is_active": False},
    unchanged={"code": "the URL names the indicator by its code"},
)

TARGET = RoundTrip(
    solo=("basis", "Chỉ sửa căn cứ"),
    owner="officer_a", obj=lambda w: w.target_a, kwargs=lambda w: {"pk": w.target_a.pk},
    # The span moves to 2027–2031: the posted form has the steps of those years (2026's is dropped).
    post=lambda w: {"indicator": _indicator_by_code(w, "foreign_visitors").pk, "first_year": "2027",
                    "last_year": "2031", "value": "600", "basis": "Nghị quyết Đại hội", "step_2026": "",
                    "step_2027": "20", "step_2028": "30", "step_2029": "40", "step_2030": "50"},
    expect=lambda w: {"indicator_id": _indicator_by_code(w, "foreign_visitors").pk, "first_year": 2027,
                      "last_year": 2031, "value": 600, "basis": "Nghị quyết Đại hội",
                      "steps": {(2027, 20), (2028, 30), (2029, 40), (2030, 50)}},
    readers={"steps": lambda o: {(s.year, float(s.value)) for s in o.steps.all()}},
    unchanged={"locality": ONE_PROVINCE},
)

OPPORTUNITY = RoundTrip(
    solo=("title", "Cơ hội chỉ sửa tiêu đề"),
    owner="officer_a", obj=lambda w: w.opp_a, kwargs=lambda w: {"pk": w.opp_a.pk}, multipart=True,
    post=lambda w: {"kind": "partner_seeks", "title": "Tỉnh Gyeonggi tìm tỉnh hợp tác nông nghiệp",
                    "sectors": [sector(w).pk], "country": "KR", "preferred_countries": ["JP", "KR"],
                    "partner": w.partner_kr.pk, "sought": "Hợp tác giống lúa", "offered": "Đất nông nghiệp",
                    "deadline": "30/06/2027", "contact": "Phòng Hợp tác, 0205 3870 000",
                    "document": SimpleUploadedFile("co-hoi.pdf", b"%PDF-1.4 co hoi"), "status": "closed"},
    expect=lambda w: {"kind": "partner_seeks", "title": "Tỉnh Gyeonggi tìm tỉnh hợp tác nông nghiệp",
                      "sectors": {sector(w).pk}, "country": "KR", "preferred_countries": ["JP", "KR"],
                      "partner_id": w.partner_kr.pk, "sought": "Hợp tác giống lúa", "offered": "Đất nông nghiệp",
                      "deadline": datetime.date(2027, 6, 30), "contact": "Phòng Hợp tác, 0205 3870 000",
                      "document_name": "co-hoi.pdf", "status": "closed"},
    readers={"country": lambda o: str(o.country),
             "preferred_countries": lambda o: sorted(str(c) for c in o.preferred_countries),
             "document_name": lambda o: o.document.name.rsplit("/", 1)[-1] if o.document else ""},
)

PROFILE = RoundTrip(
    solo=("strengths", "Chỉ sửa thế mạnh"),
    owner="officer_a", obj=lambda w: w.profile_a, kwargs=lambda w: {"locality_pk": w.a.pk},
    post=lambda w: {"strengths": "Cửa khẩu quốc tế, nông sản", "sectors": [sector(w).pk, sector(w, 1).pk],
                    "priority_countries": ["CN", "KR"]},
    expect=lambda w: {"strengths": "Cửa khẩu quốc tế, nông sản", "sectors": {sector(w).pk, sector(w, 1).pk},
                      "priority_countries": ["CN", "KR"]},
    readers={"priority_countries": lambda o: sorted(str(c) for c in o.priority_countries)},
)

DIRECTIVE = RoundTrip(
    solo=("subject", "Chỉ sửa trích yếu"),
    owner="central", obj=lambda w: w.directive_a, kwargs=lambda w: {"pk": w.directive_a.pk}, multipart=True,
    # A has replied, so it stays; B is added.
    post=lambda w: {"number": "13/BNG-NV", "issued_on": d(TODAY - datetime.timedelta(days=1)),
                    "subject": "Hướng dẫn báo cáo 6 tháng (đính chính)", "body": "Nội dung đã sửa điểm 2.",
                    "signer": "Phó Vụ trưởng", "attachment": SimpleUploadedFile("chi-dao.pdf", b"%PDF-1.4 chi dao"),
                    "recipients": "list", "localities": [w.a.pk, w.b.pk]},
    expect=lambda w: {"number": "13/BNG-NV", "issued_on": TODAY - datetime.timedelta(days=1),
                      "subject": "Hướng dẫn báo cáo 6 tháng (đính chính)", "body": "Nội dung đã sửa điểm 2.",
                      "signer": "Phó Vụ trưởng", "attachment_name": "chi-dao.pdf", "localities": {w.a.pk, w.b.pk}},
    readers={"attachment_name": lambda o: o.attachment.name.rsplit("/", 1)[-1] if o.attachment else "",
             "localities": lambda o: set(o.recipients.values_list("locality_id", flat=True))},
    ignore={"region": "read only when the recipients are a region; the ticked list is the fact"},
)

ROUND_TRIPS = {
    "coordination:directive_edit": DIRECTIVE,
    "reports:settings_edit": ISSUER_SETTINGS,
    "reports:draft_detail": REPORT_DRAFT,
    "indicators:indicator_edit": INDICATOR,
    "indicators:target_edit": TARGET,
    "agreements:agreement_edit": AGREEMENT,
    "agreements:consultee_edit": CONSULTEE_RULE,
    "exchanges:delegation_edit": DELEGATION,
    "exchanges:conference_edit": CONFERENCE,
    "exchanges:settings": EXCHANGE_SETTINGS,
    "implementation:commitment_edit": COMMITMENT,
    "implementation:plan_edit": PLAN,
    "implementation:activity_edit": ACTIVITY,
    "implementation:settings_locality": HEALTH_LOCALITY,
    "implementation:settings_national": HEALTH_NATIONAL,
    "partners:partner_edit": PARTNER,
    "partners:opportunity_edit": OPPORTUNITY,
    "partners:profile_edit": PROFILE,
    "core:user_detail": USER,
    "core:profile": PROFILE_OWN,
}
# Pages whose name looks like an edit form but which are not one.
NOT_EDIT_FORMS = {
    "implementation:settings": "the list of the provinces' rules, no form",
}


def edit_url_names():
    return {n for n in url_names() if EDIT_NAME.search(n)} | EXTRA_EDIT_URLS


def test_every_edit_form_has_a_round_trip():
    missing = edit_url_names() - set(ROUND_TRIPS) - set(NOT_EDIT_FORMS)
    assert not missing, f"Add a RoundTrip to tests/test_edit_round_trip.py for: {sorted(missing)}"
    stale = set(ROUND_TRIPS) - url_names()
    assert not stale, f"Round trips for URLs that no longer exist: {sorted(stale)}"


def read(case, obj, name):
    if name in case.readers:
        return case.readers[name](obj)
    value = getattr(obj, name)
    if hasattr(value, "values_list"):  # a many-to-many manager
        return set(value.values_list("pk", flat=True))
    return value


def page_values(form):
    """Every field as the page shows it (what a browser submits when nothing is touched)."""
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(value, datetime.date):
            value = d(value)
        elif isinstance(value, bool):
            value = "on" if value else ""
        elif value is None or isinstance(value, FieldFile):  # empty, or a stored file (not sent again)
            value = ""
        data[bound.name] = value
    return data


def formset_values(form, case):
    """The rows of the form's formsets as the page shows them, with their management form."""
    data = {}
    for name in case.formsets:
        formset = getattr(form, name)
        for bound in formset.management_form:
            data[bound.html_name] = bound.value()
        for row in formset.forms:
            for bound in row:
                value = bound.value()
                data[bound.html_name] = "" if value is None else value
    return data


def formset_keys(form, case) -> set:
    return {key for name in case.formsets for key in formset_values(form, case)
            if not key.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"))}


def hidden_and_unchanged(form, case):
    """What the page itself carries: hidden fields (the version token) and the fields kept as they are."""
    data = {}
    for name in [*(f.name for f in form.hidden_fields()), *case.unchanged]:
        value = form[name].value()
        data[name] = "" if value is None else value
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROUND_TRIPS))
def test_every_field_of_the_edit_form_is_saved(name, world, client_for):
    case = ROUND_TRIPS[name]
    client = client_for(world.users[case.owner])
    url = reverse(name, kwargs=case.kwargs(world))
    page = client.get(url)
    assert page.status_code == 200, f"{case.owner} GET {url}: {page.status_code}"
    form = page.context["form"]
    posted = case.post(world)
    row_keys = formset_keys(form, case)
    posted_rows = {k for k in posted if k in row_keys or k.endswith("TOTAL_FORMS") or k.endswith("INITIAL_FORMS")}
    if case.formsets:  # every column of the formsets' rows is posted
        columns = {k.split("-", 2)[-1] for k in row_keys}
        assert columns <= {k.split("-", 2)[-1] for k in posted_rows}, f"{name}: post every column {sorted(columns)}"
    posted_fields = {k for k in posted if k not in posted_rows}
    visible = {f.name for f in form.visible_fields()}
    assert visible == posted_fields | set(case.unchanged) | set(case.ignore), (
        f"{name}: the form's fields and the round trip differ; set a new value for "
        f"{sorted(visible - posted_fields - set(case.unchanged) - set(case.ignore))}, "
        f"drop {sorted((posted_fields | set(case.unchanged) | set(case.ignore)) - visible)}")

    expected = case.expect(world)
    before = case.obj(world)
    if before.pk:
        before = type(before)._default_manager.get(pk=before.pk)
        same = [k for k, v in expected.items() if read(case, before, k) == v]
        assert not same, f"{name}: the new values must differ from the stored ones: {same}"

    response = client.post(url, {**hidden_and_unchanged(form, case), **posted})
    if response.status_code != 302:
        errors = response.context["form"].errors if response.context and "form" in response.context else response
        pytest.fail(f"{name}: the edit was refused: {errors}")

    after = case.obj(world)
    after = type(after)._default_manager.get(pk=after.pk)
    differences = {k: (read(case, after, k), v) for k, v in expected.items() if read(case, after, k) != v}
    assert not differences, f"{name}: stored (left) differs from what was submitted (right): {differences}"

    if case.solo:
        field_name, value = case.solo
        form = client.get(url).context["form"]
        response = client.post(url, {**page_values(form), **formset_values(form, case), field_name: value})
        assert response.status_code == 302, f"{name}: changing {field_name} alone was refused"
        after = type(after)._default_manager.get(pk=after.pk)
        assert getattr(after, field_name) == value, f"{name}: changing {field_name} alone saved nothing"


HUGE_ID = "476499575256834383061975040"  # the fuzzer's number: past SQLite's 64-bit integers


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROUND_TRIPS))
def test_an_id_no_record_can_have_is_refused_naming_the_field_and_changes_nothing(name, world, client_for):
    """Each multiple choice of each edit form posted with an id past 64 bits: Django's own field ran
    `pk IN (…)` with it and SQLite raised OverflowError (a 500). Now the page comes back with the error on
    that field, and the record reads as before."""
    from django import forms
    case = ROUND_TRIPS[name]
    client = client_for(world.users[case.owner])
    url = reverse(name, kwargs=case.kwargs(world))
    form = client.get(url).context["form"]
    choices = [bound.name for bound in form if isinstance(bound.field, forms.ModelMultipleChoiceField)]
    obj = case.obj(world)
    for field_name in choices:
        before = {k: read(case, type(obj)._default_manager.get(pk=obj.pk), k) for k in case.expect(world)}
        response = client.post(url, {**page_values(form), **formset_values(form, case), field_name: [HUGE_ID]})
        assert response.status_code == 200, f"{name}.{field_name}: {response.status_code}"
        assert field_name in response.context["form"].errors
        after = {k: read(case, type(obj)._default_manager.get(pk=obj.pk), k) for k in case.expect(world)}
        assert after == before, f"{name}.{field_name}: the refused submit changed the record"
