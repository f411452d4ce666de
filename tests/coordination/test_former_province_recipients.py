"""A report request or a directive sent to a former province (Quảng Nam, merged into Đà Nẵng) is refused
with the merger and what to choose instead — the API answered "invalid pk", the pages "not one of the
available choices" — and nothing is created: no request, no return, no directive, no copy."""
import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from ngoaivu.coordination.models import Directive, DirectiveRecipient, ReportRequest, ReportReturn
from ngoaivu.core.models import Locality

pytestmark = pytest.mark.django_db
DUE = datetime.date.today() + datetime.timedelta(days=20)
MERGED = "Tỉnh, thành phố nhận: Quảng Nam đã hợp nhất vào Đà Nẵng từ 01/07/2025; chọn Đà Nẵng"
FIELDS = [{"key": "trips", "label": "Số đoàn", "type": "number", "unit": "đoàn", "source": ""}]


@pytest.fixture
def quang_nam(world):
    former = Locality.objects.by_legacy_code(49)
    assert former.successor == world.b  # Đà Nẵng
    return former


def _counts():
    return (ReportRequest.objects.count(), ReportReturn.objects.count(), Directive.objects.count(),
            DirectiveRecipient.objects.count())


def _api_request(world, localities, **headers):
    client = APIClient()
    client.force_authenticate(world.users["central"])
    return client.post("/api/coordination/report-requests/", {
        "title": "Báo cáo đột xuất", "kind": "structured", "data_from": "2026-01-01", "data_to": "2026-06-30",
        "due_on": DUE.isoformat(), "localities": localities, "fields": FIELDS}, format="json", **headers)


def test_the_api_refuses_a_former_recipient_with_the_merger_and_creates_nothing(world, quang_nam):
    before = _counts()
    response = _api_request(world, [world.a.pk, quang_nam.pk])
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {"localities": [MERGED]}
    assert _counts() == before
    # An id that is no province keeps DRF's own answer, and creates nothing either.
    missing = _api_request(world, [world.a.pk, 2_000_000_000])
    assert missing.status_code == 400 and MERGED not in str(missing.json())
    assert list(missing.json()["errors"]) == ["localities"]
    assert _counts() == before
    # The successor itself is accepted: one return each for Lạng Sơn and Đà Nẵng.
    created = _api_request(world, [world.a.pk, world.b.pk])
    assert created.status_code == 201, created.content
    report = ReportRequest.objects.get(pk=created.json()["id"])
    assert set(report.returns.values_list("locality_id", flat=True)) == {world.a.pk, world.b.pk}


def test_the_api_says_it_in_english(world, quang_nam):
    before = _counts()
    response = _api_request(world, [quang_nam.pk], HTTP_ACCEPT_LANGUAGE="en")
    with translation.override("en"):
        label = str(translation.gettext("Tỉnh, thành phố nhận"))
    assert label != "Tỉnh, thành phố nhận"  # the catalogue translates it
    assert response.json()["errors"] == {
        "localities": [f"{label}: Quảng Nam was merged into Đà Nẵng on 01/07/2025; choose Đà Nẵng"]}
    assert _counts() == before


def _form_request(client, world, localities):
    return client.post(reverse("coordination:request_create"), {
        "title": "Báo cáo đột xuất", "kind": "free", "data_from": "01/01/2026", "data_to": "30/06/2026",
        "due_on": f"{DUE:%d/%m/%Y}", "recipients": "list", "localities": [str(pk) for pk in localities]})


def _form_directive(client, localities):
    return client.post(reverse("coordination:directive_create"), {
        "number": "31/BNG-NV", "issued_on": datetime.date.today().strftime("%d/%m/%Y"),
        "subject": "Hướng dẫn đón đoàn", "signer": "Cục trưởng", "body": "Nội dung.", "recipients": "list",
        "localities": [str(pk) for pk in localities]})


def test_the_request_form_refuses_a_former_recipient_and_creates_nothing(world, client_for, quang_nam):
    client = client_for(world.users["central"])
    before = _counts()
    response = _form_request(client, world, [world.a.pk, quang_nam.pk])
    assert response.status_code == 200
    assert response.context["form"].errors["localities"] == [MERGED]
    assert MERGED in response.content.decode()
    assert _counts() == before
    accepted = _form_request(client, world, [world.a.pk, world.b.pk])
    assert accepted.status_code == 302
    report = ReportRequest.objects.get(title="Báo cáo đột xuất")
    assert set(report.returns.values_list("locality_id", flat=True)) == {world.a.pk, world.b.pk}


def test_the_directive_form_refuses_a_former_recipient_and_creates_nothing(world, client_for, quang_nam):
    client = client_for(world.users["central"])
    before = _counts()
    response = _form_directive(client, [quang_nam.pk, world.a.pk])
    assert response.status_code == 200
    assert response.context["form"].errors["localities"] == [MERGED]
    assert MERGED in response.content.decode()
    assert _counts() == before
    accepted = _form_directive(client, [world.b.pk, world.a.pk])
    assert accepted.status_code == 302
    assert set(DirectiveRecipient.objects.filter(directive__number="31/BNG-NV")
               .values_list("locality_id", flat=True)) == {world.a.pk, world.b.pk}


def test_two_former_recipients_are_both_named(world, client_for, quang_nam):
    """Bắc Giang (merged into Bắc Ninh) and Quảng Nam together: the form names both, in the order posted."""
    bac_giang = Locality.objects.by_legacy_code(24)
    assert bac_giang.successor_id is not None
    response = _form_directive(client_for(world.users["central"]), [quang_nam.pk, bac_giang.pk])
    assert response.context["form"].errors["localities"] == [
        MERGED, f"Tỉnh, thành phố nhận: Bắc Giang đã hợp nhất vào {bac_giang.successor.short_name} từ 01/07/2025; "
                f"chọn {bac_giang.successor.short_name}"]
    assert not Directive.objects.filter(number="31/BNG-NV").exists()
