"""A province merged on 01/7/2025 signs nothing after that day: an agreement signed since then names its
successor. The form, the API, the import and the signing step refuse it, naming the field."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ngoaivu.agreements import actions, imports
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.models import Locality
from tests.agreements.factories import agreement, partner, register_workbook
from tests.agreements.test_pages_and_api import form_data

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 2, 2)


def quang_nam():
    return Locality.objects.by_legacy_code(49)  # merged into Đà Nẵng (world.b) on 01/7/2025


def test_the_form_refuses_a_former_province_signing_after_the_merger(world, client_for):
    client = client_for(world.users["officer_b"])
    response = client.post(reverse("agreements:agreement_create"), form_data(
        world, locality=world.b.pk, signatory_locality=quang_nam().pk, title="Bản ghi nhớ ký sau sáp nhập",
        signed="05/01/2026"))
    assert response.status_code == 200
    assert not Agreement.objects.filter(title="Bản ghi nhớ ký sau sáp nhập").exists()
    errors = response.context["form"].errors["signatory_locality"]
    assert "Quảng Nam" in errors[0] and "Đà Nẵng" in errors[0] and "01/07/2025" in errors[0]
    # Signed before the merger, the former province is the signatory as it was.
    response = client.post(reverse("agreements:agreement_create"), form_data(
        world, locality=world.b.pk, signatory_locality=quang_nam().pk, title="Bản ghi nhớ ký trước sáp nhập",
        signed="30/06/2025"))
    assert response.status_code == 302
    assert Agreement.objects.get(title="Bản ghi nhớ ký trước sáp nhập").signatory_locality == quang_nam()


def test_the_api_refuses_it_with_the_field_named(world, client_for):
    client = client_for(world.users["officer_b"])
    response = client.post("/api/agreements/", {
        "title": "Bản ghi nhớ qua API sau sáp nhập", "form": "ban_ghi_nho", "locality": world.b.pk,
        "signatory_locality": quang_nam().pk, "signed_on": "2026-01-05", "partners": [partner().pk]},
        content_type="application/json")
    assert response.status_code == 400
    assert "Quảng Nam" in response.json()["errors"]["signatory_locality"][0]
    assert not Agreement.objects.filter(title="Bản ghi nhớ qua API sau sáp nhập").exists()


def test_the_import_names_the_row_and_the_province_column(world):
    out = register_workbook([
        {"title": "Thỏa thuận nhập ký trước", "locality": "Quảng Nam", "signed": "2024-03", "status": "Đã ký",
         "partners": "Gyeonggi-do", "countries": "KR"},
        {"title": "Thỏa thuận nhập ký sau", "locality": "Quảng Nam", "signed": "2025-09", "status": "Đã ký",
         "partners": "Gyeonggi-do", "countries": "KR"},
    ])
    result = imports.check_file(out, world.users["officer_b"], today=TODAY)
    assert [(number, column) for number, column, _message in result.errors] == [(3, "Tỉnh, thành phố quản lý")]
    assert "Quảng Nam" in result.errors[0][2]
    assert not Agreement.objects.filter(title__startswith="Thỏa thuận nhập ký").exists()


def test_a_new_draft_in_a_former_provinces_name_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        agreement(world.users["officer_b"], world.b, signatory_locality=quang_nam(), title="Dự thảo mới của Quảng Nam",
                  today=TODAY)
    assert "Quảng Nam" in refused.value.message_dict["signatory_locality"][0]
    assert not Agreement.objects.filter(title="Dự thảo mới của Quảng Nam").exists()


def test_signing_a_draft_of_a_former_province_today_is_refused(world):
    officer = world.users["officer_b"]
    draft = agreement(officer, world.b, title="Dự thảo của Quảng Nam", today=TODAY)
    # A draft registered before the merger in the former province's name, still to be signed.
    Agreement.objects.filter(pk=draft.pk).update(signatory_locality=quang_nam())
    draft.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        actions.record_event(officer, draft, kind="signed", date=TODAY, today=TODAY, override_reason="Đã đủ")
    assert "signatory_locality" in refused.value.message_dict
    draft.refresh_from_db()
    assert draft.signed_on is None and not draft.events.filter(kind="signed").exists()
    # Its other facts still change (an old draft is not locked by its signatory).
    actions.update_agreement(officer, draft, title="Dự thảo của Quảng Nam (sửa)", today=TODAY)
    draft.refresh_from_db()
    assert draft.title == "Dự thảo của Quảng Nam (sửa)"


def test_a_former_co_signatory_of_an_agreement_signed_after_the_merger_is_refused(world, client_for):
    quang_nam_former = quang_nam()
    client = client_for(world.users["officer_a"])
    response = client.post(reverse("agreements:agreement_create"), form_data(
        world, co_signatories=[quang_nam_former.pk], title="Thỏa thuận ký chung sau sáp nhập", signed="05/01/2026"))
    assert response.status_code == 200
    assert not Agreement.objects.filter(title="Thỏa thuận ký chung sau sáp nhập").exists()
    message = response.context["form"].errors["co_signatories"][0]
    assert "Quảng Nam" in message and "Đà Nẵng" in message
    response = client.post("/api/agreements/", {
        "title": "Thỏa thuận ký chung qua API", "form": "ban_ghi_nho", "locality": world.a.pk,
        "co_signatories": [quang_nam_former.pk], "signed_on": "2026-01-05", "partners": [partner().pk]},
        content_type="application/json")
    assert response.status_code == 400 and "Quảng Nam" in response.json()["errors"]["co_signatories"][0]
    out = register_workbook([
        {"title": "Thỏa thuận chung nhập trước", "co_signatories": "Quảng Nam", "signed": "2024-03",
         "status": "Đã ký", "partners": "Gyeonggi-do", "countries": "KR"},
        {"title": "Thỏa thuận chung nhập sau", "co_signatories": "Quảng Nam", "signed": "2026-01",
         "status": "Đã ký", "partners": "Gyeonggi-do", "countries": "KR"},
    ])
    result = imports.check_file(out, world.users["officer_a"], today=TODAY)
    assert [(number, column) for number, column, _message in result.errors] == [(3, "Tỉnh, thành phố cùng ký")]
    assert not Agreement.objects.filter(title__startswith="Thỏa thuận chung").exists()
    # Co-signed before the merger, it is kept as it was.
    response = client.post(reverse("agreements:agreement_create"), form_data(
        world, co_signatories=[quang_nam_former.pk], title="Thỏa thuận ký chung trước sáp nhập", signed="05/01/2025"))
    assert response.status_code == 302
    assert list(Agreement.objects.get(title="Thỏa thuận ký chung trước sáp nhập").co_signatories.all()) == [
        quang_nam_former]
