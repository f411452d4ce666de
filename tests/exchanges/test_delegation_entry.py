"""Delegations as officials enter them: destinations as rows (country, place, days, partner), the approving
authority as a choice the province's rules give, and delegations imported from XLSX or CSV (preview,
all-or-nothing, errors naming row and column)."""
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ngoaivu.exchanges import actions, imports, rules
from ngoaivu.exchanges.choices import ApprovalAuthority, Channel, DelegationLevel
from ngoaivu.core.models import ImportRun
from ngoaivu.exchanges.models import Delegation, ExchangeSettings
from ngoaivu.partners.models import Partner
from tests.exchanges import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def plan_post(world, **extra):
    data = {"locality": world.a.pk, "direction": "out", "channel": "state", "title": "Đoàn thăm Hàn Quốc",
            "level": "deputy", "head_name": "Hoàng Văn Nam", "head_title": "Phó Chủ tịch UBND tỉnh",
            "member_count": "3", "purpose": "Hợp tác", "start_date": "9/3/2026", "end_date": "14/3/2026",
            "funding": "budget", "stops-TOTAL_FORMS": "2", "stops-INITIAL_FORMS": "0"}
    for i in range(2):
        for col in ("country", "city", "days", "partner"):
            data.setdefault(f"stops-{i}-{col}", "")
    data.update(extra)
    return data


def test_destinations_become_rows_with_their_partner_and_pasted_lines_join_them(world, client_for):
    suwon = Partner.objects.create(name="Suwon-si", name_vi="Thành phố Suwon", country="KR")
    response = client_for(world.users["officer_a"]).post(reverse("exchanges:delegation_create"), plan_post(
        world, **{"stops-0-country": "KR", "stops-0-city": "Suwon", "stops-0-days": "5",
                  "stops-0-partner": str(suwon.pk), "stops_text": "Nhật Bản; Shizuoka; 2"}))
    assert response.status_code == 302
    d = Delegation.objects.get(title="Đoàn thăm Hàn Quốc")
    assert [(str(s.country), s.city, s.days, s.partner_id) for s in d.stops.order_by("position")] == [
        ("KR", "Suwon", 5, suwon.pk), ("JP", "Shizuoka", 2, None)]
    # The edit form shows them as rows again.
    form = client_for(world.users["officer_a"]).get(reverse("exchanges:delegation_edit", args=[d.pk])).context["form"]
    rows = [(f["country"].value(), f["city"].value(), f["days"].value(), f["partner"].value())
            for f in form.stops_formset.forms if f["country"].value()]
    assert rows == [("KR", "Suwon", 5, suwon.pk), ("JP", "Shizuoka", 2, None)]
    # The page carries the partner chosen (picker, single choice), not the directory's every name.
    page = client_for(world.users["officer_a"]).get(reverse("exchanges:delegation_edit", args=[d.pk])).content.decode()
    assert f'name="stops-0-partner" value="{suwon.pk}"' in page and "<datalist" not in page


@pytest.mark.parametrize("row, message", [
    ({"stops-1-country": "", "stops-1-city": "Busan"}, "Nước đến, dòng 2, cột “Quốc gia”: Chọn quốc gia"),
    ({"stops-1-country": "KR", "stops-1-days": "năm"}, "Nước đến, dòng 2, cột “Số ngày”: Số ngày phải là một số"),
    ({"stops-1-country": "KR", "stops-1-partner": "999999"},
     "Nước đến, dòng 2, cột “Đối tác (gõ để tìm)”: không tìm thấy đối tác đã chọn trong danh mục"),
])
def test_a_bad_destination_row_is_named_and_nothing_is_saved(world, client_for, row, message):
    before = Delegation.objects.count()
    response = client_for(world.users["officer_a"]).post(reverse("exchanges:delegation_create"), plan_post(
        world, **{"stops-0-country": "KR", **row}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Delegation.objects.count() == before


def test_a_partner_of_another_country_is_refused_on_its_row(world, client_for):
    shizuoka = Partner.objects.create(name="Shizuoka Prefecture", country="JP")
    response = client_for(world.users["officer_a"]).post(reverse("exchanges:delegation_create"), plan_post(
        world, **{"stops-0-country": "KR", "stops-0-partner": str(shizuoka.pk)}))
    assert "thuộc Nhật Bản, không phải nước của dòng này" in response.content.decode()
    assert not Delegation.objects.filter(title="Đoàn thăm Hàn Quốc").exists()


def test_no_destination_at_all_is_refused(world, client_for):
    response = client_for(world.users["officer_a"]).post(reverse("exchanges:delegation_create"), plan_post(world))
    assert "Nhập ít nhất một nước" in response.content.decode()
    assert not Delegation.objects.filter(title="Đoàn thăm Hàn Quốc").exists()


# --- The approving authority ---------------------------------------------------------------------------

@pytest.mark.parametrize("level, channel, expected", [
    (DelegationLevel.LEADER, Channel.STATE, ApprovalAuthority.STANDING_COMMITTEE),
    (DelegationLevel.LEADER, Channel.PARTY, ApprovalAuthority.STANDING_COMMITTEE),
    (DelegationLevel.DEPUTY, Channel.STATE, ApprovalAuthority.STANDING_BOARD),
    (DelegationLevel.DEPARTMENT, Channel.PEOPLE, ApprovalAuthority.PC_CHAIR),
    (DelegationLevel.DEPARTMENT, Channel.PARTY, ApprovalAuthority.STANDING_BOARD),
])
def test_the_authority_follows_the_heads_level_and_the_channel(level, channel, expected):
    assert rules.delegation_authority(level, channel, ExchangeSettings()) == expected


def test_the_approve_page_offers_the_provinces_authority_and_a_changed_setting_changes_it(world, client_for):
    d = factories.delegation(world.users["officer_a"], world.a, level=DelegationLevel.DEPARTMENT)
    client = client_for(world.users["officer_a"])
    url = reverse("exchanges:delegation_approve", args=[d.pk])
    assert client.get(url).context["form"]["authority"].value() == ApprovalAuthority.PC_CHAIR
    ExchangeSettings.objects.create(locality=world.a, authority_department=ApprovalAuthority.STANDING_BOARD)
    assert client.get(url).context["form"]["authority"].value() == ApprovalAuthority.STANDING_BOARD
    response = client.post(url, {"authority": "standing_board", "authority_note": "",
                                 "decision_number": "7/QĐ-TU", "decision_date": f"{TODAY:%d/%m/%Y}"})
    assert response.status_code == 302
    d.refresh_from_db()
    assert (d.approval_authority, d.approval_authority_display) == ("standing_board", "Thường trực Tỉnh ủy")


def test_other_authority_needs_its_name_and_free_text_is_refused(world):
    d = factories.delegation(world.users["officer_a"], world.a)
    with pytest.raises(Exception) as refused:
        actions.approve_delegation(world.users["officer_a"], d, authority="other", decision_number="1",
                                   decision_date=TODAY)
    assert "authority_note" in refused.value.message_dict
    with pytest.raises(Exception) as refused:
        actions.approve_delegation(world.users["officer_a"], d, authority="Ban Thường vụ", decision_number="1",
                                   decision_date=TODAY)
    assert "authority" in refused.value.message_dict
    d.refresh_from_db()
    assert d.decision_date is None
    actions.approve_delegation(world.users["officer_a"], d, authority="other", authority_note="Ban Bí thư Trung ương Đoàn",
                               decision_number="1", decision_date=TODAY)
    d.refresh_from_db()
    assert d.approval_authority_display == "Ban Bí thư Trung ương Đoàn"


@pytest.mark.parametrize("text, expected", [
    ("Ban Thường vụ Tỉnh ủy", ("standing_committee", "")),
    ("BTV Tỉnh ủy", ("standing_committee", "")),
    ("Thường trực Tỉnh ủy", ("standing_board", "")),
    ("Chủ tịch UBND tỉnh", ("pc_chair", "")),
    ("Thường trực HĐND tỉnh", ("council", "")),
    ("Ban Bí thư", ("politburo", "")),
    ("Hội đồng quản trị công ty", ("other", "Hội đồng quản trị công ty")),
    ("", ("", "")),
])
def test_free_text_authorities_of_old_records_map_to_a_choice_or_keep_their_words(text, expected):
    assert rules.authority_from_text(text) == expected


def test_the_migration_turns_the_typed_authorities_into_choices(world):
    from importlib import import_module

    from django.apps import apps
    migration = import_module("ngoaivu.exchanges.migrations.0005_delegation_authority_choice_and_stop_partner")
    d1 = factories.delegation(world.users["officer_a"], world.a)
    d2 = factories.delegation(world.users["officer_a"], world.a)
    # As the column held them before (free text fits once the migration has run: the test writes raw rows).
    Delegation.objects.filter(pk=d1.pk).update(approval_authority="pc_chair")
    Delegation.objects.filter(pk=d2.pk).update(approval_authority="UB MTTQ")
    migration.authority_text_to_choice(apps, None)
    assert Delegation.objects.get(pk=d1.pk).approval_authority == "pc_chair"  # a code is left as it is
    d2 = Delegation.objects.get(pk=d2.pk)
    assert (d2.approval_authority, d2.approval_authority_note) == ("other", "UB MTTQ")


# --- Import ----------------------------------------------------------------------------------------------

HEAD = [header for _key, header, _hint in imports.COLUMNS]


def xlsx(rows, headers=HEAD) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("doan.xlsx", out.getvalue())


def good_row(**values):
    row = {"title": "Đoàn lãnh đạo tỉnh thăm Hàn Quốc", "locality": "Lạng Sơn", "direction": "Đoàn ra",
           "channel": "Ngoại giao Nhà nước", "level": "Cấp phó lãnh đạo tỉnh", "head_name": "Nguyễn Văn A",
           "head_title": "Phó Chủ tịch UBND tỉnh", "member_count": 5, "destinations": "Hàn Quốc; Suwon; 5",
           "purpose": "Xúc tiến đầu tư", "start_date": "02/03/2025", "end_date": "08/03/2025", "funding": "",
           "authority": "Ban Thường vụ Tỉnh ủy", "decision_number": "12/QĐ-UBND", "decision_date": "10/02/2025"}
    row.update(values)
    return [row.get(key) for key, _h, _hint in imports.COLUMNS]


def test_an_import_previews_then_creates_every_row_once(world, client_for):
    client = client_for(world.users["officer_a"])
    url = reverse("exchanges:delegation_import")
    before = Delegation.objects.count()
    rows = [good_row(), good_row(title="Đoàn Sở Công Thương thăm Lào", destinations="Lào; Viêng Chăn; 3 | Thái Lan",
                                 level="", authority="", decision_number="", decision_date="")]
    preview = client.post(url, {"file": xlsx(rows)})
    assert preview.status_code == 200 and preview.context["result"].ok
    assert Delegation.objects.count() == before  # the preview writes nothing
    token = preview.context["run"].token
    assert client.post(url, {"confirm": "1", "token": str(token)}).status_code == 302
    assert Delegation.objects.count() == before + 2
    korea = Delegation.objects.get(title="Đoàn lãnh đạo tỉnh thăm Hàn Quốc")
    assert [(str(s.country), s.city, s.days) for s in korea.stops.all()] == [("KR", "Suwon", 5)]
    assert (korea.approval_authority, korea.decision_number, korea.locality_id) == (
        "standing_committee", "12/QĐ-UBND", world.a.pk)
    laos = Delegation.objects.get(title="Đoàn Sở Công Thương thăm Lào")
    assert [str(s.country) for s in laos.stops.all()] == ["LA", "TH"] and laos.decision_date is None
    # A second confirmation of the same preview creates nothing more.
    client.post(url, {"confirm": "1", "token": str(token)})
    assert Delegation.objects.count() == before + 2
    assert ImportRun.objects.get(token=token).created == 2


def test_a_bad_row_changes_nothing_and_the_error_names_row_and_column(world, client_for):
    client = client_for(world.users["officer_a"])
    before = Delegation.objects.count()
    rows = [good_row(), good_row(destinations="Atlantis; Thủ đô; 2"), good_row(start_date="31/02/2025"),
            good_row(locality="Đà Nẵng")]
    response = client.post(reverse("exchanges:delegation_import"), {"file": xlsx(rows)})
    errors = response.context["result"].errors
    assert (3, "Nước đến", "Dòng 1: không nhận ra nước “Atlantis”; viết tên nước, ví dụ Nhật Bản") in errors
    assert (4, "Ngày đi", "“31/02/2025” không phải là ngày dd/mm/yyyy") in errors
    assert (5, "Tỉnh, thành phố", "Bạn không có quyền nhập đoàn của Thành phố Đà Nẵng") in errors
    assert response.context["run"] is None
    assert Delegation.objects.count() == before
    assert "dòng" in response.content.decode().lower() and "Atlantis" in response.content.decode()


def test_a_csv_with_a_former_province_name_imports_like_xlsx(world, client_for):
    from ngoaivu.core.exports import csv_bytes
    row = good_row(locality="lang son", start_date="2025-03-02", end_date="2025-03-08", decision_date="2025-02-10")
    data = csv_bytes(HEAD, [row])
    response = client_for(world.users["officer_a"]).post(
        reverse("exchanges:delegation_import"), {"file": SimpleUploadedFile("doan.csv", data)})
    result = response.context["result"]
    assert result.ok, result.errors
    assert result.rows[0].data["start_date"] == datetime.date(2025, 3, 2)
    assert result.rows[0].data["locality"] == world.a


def test_a_confirmation_after_the_user_lost_the_province_imports_nothing(world, client_for):
    client = client_for(world.users["officer_a"])
    preview = client.post(reverse("exchanges:delegation_import"), {"file": xlsx([good_row()])})
    run = preview.context["run"]
    other = world.users["officer_b"]
    before = Delegation.objects.count()
    ImportRun.objects.filter(pk=run.pk).update(created_by=other)
    client_for(other).post(reverse("exchanges:delegation_import"), {"confirm": "1", "token": str(run.token)})
    assert Delegation.objects.count() == before


def test_the_template_imports_as_it_is(world, client_for):
    """The downloadable template's example row is itself a valid import (and has no formula)."""
    client = client_for(world.users["officer_a"])
    template = client.get(reverse("exchanges:delegation_import_template"))
    assert template.status_code == 200
    from openpyxl import load_workbook
    cells = [c for row in load_workbook(io.BytesIO(template.content)).worksheets[0].iter_rows() for c in row]
    assert cells and not [c for c in cells if c.data_type == "f"]
    preview = client.post(reverse("exchanges:delegation_import"),
                          {"file": SimpleUploadedFile("mau.xlsx", template.content)})
    result = preview.context["result"]
    assert result.ok, result.errors
    assert result.rows[0].stops == [{"country": "KR", "city": "Suwon", "days": 5}]
