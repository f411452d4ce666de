"""Pages and API: scoping, refusals explained on the form, events recorded, search, home panel."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ngoaivu.agreements.models import Agreement
from tests.agreements.factories import partner

pytestmark = pytest.mark.django_db


def form_data(world, **extra):
    data = {"locality": world.a.pk, "title": "Bản ghi nhớ hợp tác với tỉnh Chungcheong Bắc", "form": "ban_ghi_nho",
            "channel": "state", "visibility": "internal", "partners": [partner("Chungcheongbuk-do").pk],
            "effective_on_signing": "on"}
    data.update(extra)
    return data


def test_officer_registers_a_draft_and_sees_it_in_the_list(world, client_for):
    client = client_for(world.users["officer_a"])
    response = client.post(reverse("agreements:agreement_create"), form_data(world))
    agreement = Agreement.objects.get(title="Bản ghi nhớ hợp tác với tỉnh Chungcheong Bắc")
    assert response.status_code == 302 and response.url == agreement.get_absolute_url()
    page = client.get(reverse("agreements:agreement_list") + "?q=chungcheong+bac")
    assert agreement.title in page.content.decode()


def test_the_form_explains_each_refusal_and_saves_nothing(world, client_for):
    client = client_for(world.users["officer_a"])
    before = Agreement.objects.count()
    future = (datetime.date.today() + datetime.timedelta(days=10)).strftime("%d/%m/%Y")
    response = client.post(reverse("agreements:agreement_create"), form_data(
        world, title="Hiệp định hợp tác", signed=future, expires_on="01/01/2020", partners=[]))
    html = response.content.decode()
    assert response.status_code == 200 and Agreement.objects.count() == before
    assert "Có lỗi cần sửa" in html
    assert "Không dùng tên gọi “Hiệp định”" in html
    assert "Ngày ký không được sau hôm nay" in html
    assert "Chọn ít nhất một đối tác nước ngoài" in html
    response = client.post(reverse("agreements:agreement_create"), form_data(world, signed="10/01/2024",
                                                                             expires_on="01/01/2020"))
    assert "Ngày hết hạn phải sau ngày ký" in response.content.decode()


def test_a_new_partner_that_looks_like_an_existing_one_is_offered_instead(world, client_for):
    existing = partner("Chungcheongbuk-do")
    client = client_for(world.users["officer_a"])
    response = client.post(reverse("agreements:agreement_create"), form_data(
        world, partners=[], new_partner_name="CHUNGCHEONGBUK DO", new_partner_country="KR"))
    assert "Đã có đối tác" in response.content.decode()
    assert response.context["form"].data.getlist("partners") == [str(existing.pk)]


def test_officer_of_another_province_gets_404_and_viewer_or_unit_officer_cannot_edit(world, client_for):
    a = world.agreement_a
    assert client_for(world.users["officer_b"]).get(a.get_absolute_url()).status_code == 404
    for persona in ("viewer", "unit_officer", "central"):
        assert client_for(world.users[persona]).get(a.get_absolute_url()).status_code == 200
        response = client_for(world.users[persona]).post(reverse("agreements:event_create", args=[a.pk]),
                                                         {"kind": "approved", "date": "01/01/2026"})
        assert response.status_code == 403


def test_recording_a_mofa_opinion_through_the_page(world, client_for):
    a = world.agreement_a
    request = a.events.get(kind="opinion_requested")
    client = client_for(world.users["officer_a"])
    pdf = SimpleUploadedFile("y-kien.pdf", b"%PDF-1.4 ok", content_type="application/pdf")
    response = client.post(reverse("agreements:event_create", args=[a.pk]), {
        "kind": "opinion_received", "date": datetime.date.today().strftime("%d/%m/%Y"), "request": request.pk,
        "opinion": "agree", "file": pdf})
    assert response.status_code == 302
    assert a.events.filter(kind="opinion_received", opinion="agree", is_mofa=True, document__isnull=False).exists()


def test_a_file_that_is_not_what_its_name_says_is_refused(world, client_for):
    client = client_for(world.users["officer_a"])
    fake = SimpleUploadedFile("ban-ky.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post(reverse("agreements:document_upload", args=[world.agreement_a.pk]),
                           {"kind": "signed_text", "file": fake})
    assert "Tệp: nội dung tệp không khớp với đuôi .pdf" in response.content.decode()


def test_home_page_of_the_province_shows_overdue_deadlines(world, client_for):
    from ngoaivu.agreements import actions
    from tests.agreements.factories import agreement
    officer = world.users["officer_a"]
    a = agreement(officer, world.a, title="Bản ghi nhớ cần gửi bản sao", signed_on=datetime.date.today()
                  - datetime.timedelta(days=30), today=datetime.date.today())
    actions.refresh(a)
    from tests.core.test_lazy_panels import assembled  # the home page as shown once its panels have loaded
    html = assembled(client_for(officer))
    assert "Báo cáo Thủ tướng và gửi bản sao cho Bộ Ngoại giao — Bản ghi nhớ cần gửi bản sao" in html
    assert "Bản ghi nhớ cần gửi bản sao" not in assembled(client_for(world.users["officer_b"]))


def test_api_lists_filters_creates_and_records_an_event_within_scope(world, client_for):
    officer = client_for(world.users["officer_a"])
    listing = officer.get("/api/agreements/?q=gyeonggi").json()
    assert [row["id"] for row in listing["results"]] == [world.agreement_a.pk]
    assert client_for(world.users["officer_b"]).get(f"/api/agreements/{world.agreement_a.pk}/").status_code == 404
    created = officer.post("/api/agreements/", {"locality": world.a.pk, "title": "Ý định thư hợp tác du lịch",
                                                "form": "y_dinh_thu", "partners": [world.partner_kr.pk]},
                           content_type="application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "proposed"
    refused = officer.post("/api/agreements/", {"locality": world.b.pk, "title": "Công ước",
                                                "partners": [world.partner_kr.pk]}, content_type="application/json")
    assert refused.status_code == 400 and set(refused.json()["errors"]) >= {"locality"}
    pk = created.json()["id"]
    event = officer.post(f"/api/agreements/{pk}/events/", {"kind": "opinion_requested", "date": "2026-02-13",
                                                            "consultee": "Bộ Ngoại giao", "is_mofa": True},
                         content_type="application/json")
    assert event.status_code == 201 and event.json()["due_on"] == "2026-03-03"
    assert officer.get(f"/api/agreements/{pk}/").json()["status"] == "consulting"
    viewer = client_for(world.users["viewer"]).post(f"/api/agreements/{pk}/events/", {"kind": "approved", "date": "2026-02-14"},
                                                     content_type="application/json")
    assert viewer.status_code == 403
