"""The API asks for a document, generates it and downloads it; scoped like the pages."""

import pytest
from rest_framework.test import APIClient

from ngoaivu.core.jobs import run_pending
from ngoaivu.core.models import Job
from ngoaivu.reports.models import DocumentDraft, PdfJob
from tests.reports.helpers import YEAR, make_registers, read_docx, table_rows

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_officer_requests_generates_and_downloads_a_yearly_report(world):
    make_registers(world)
    client = _client(world.users["officer_a"])
    response = client.post("/api/reports/drafts/", {"locality": world.a.pk, "kind": "yearly_agreements",
                                                    "year": YEAR, "issued_on": "2027-02-05", "number": "4",
                                                    "opening": "Mở đầu qua API"}, format="json")
    assert response.status_code == 201, response.content
    draft = DocumentDraft.objects.get(pk=response.json()["id"])
    assert (draft.locality, draft.opening, draft.created_by) == (world.a, "Mở đầu qua API", world.users["officer_a"])
    # A period report is made by the background worker: 202, nothing written yet, `generating` until it ran.
    response = client.post(f"/api/reports/drafts/{draft.pk}/generate/")
    assert response.status_code == 202 and response.json()["files"] == {} and response.json()["generating"] is True
    draft.refresh_from_db()
    assert not draft.docx and draft.generated_at is None
    assert client.post(f"/api/reports/drafts/{draft.pk}/generate/").status_code == 202  # the same job again
    assert Job.objects.filter(kind="reports.generate").count() == 1
    assert run_pending() == 1
    response = client.get(f"/api/reports/drafts/{draft.pk}/")
    assert response.json()["generating"] is False and set(response.json()["files"]) == {"docx", "xlsx"}
    assert [d["generating"] for d in client.get("/api/reports/drafts/").json()["results"]
            if d["id"] == draft.pk] == [False]
    response = client.get(f"/api/reports/drafts/{draft.pk}/files/docx/")
    assert response.status_code == 200
    document = read_docx(b"".join(response.streaming_content))
    assert table_rows(document.tables[0])[0][0].startswith("UBND TỈNH LẠNG SƠN")
    assert "Mở đầu qua API" in [p.text for p in document.paragraphs]
    assert client.get(f"/api/reports/drafts/{draft.pk}/files/pdf/").status_code == 404


def test_pdf_request_is_a_job_or_a_clear_error(world, settings):
    client = _client(world.users["officer_a"])
    draft = world.draft_a
    settings.SOFFICE = "/nonexistent/soffice"
    response = client.post(f"/api/reports/drafts/{draft.pk}/pdf/")
    assert response.status_code == 503 and "LibreOffice" in response.json()["detail"]
    assert not PdfJob.objects.filter(draft=draft).exists()
    settings.SOFFICE = ""
    from ngoaivu.reports import pdf
    if pdf.available():
        response = client.post(f"/api/reports/drafts/{draft.pk}/pdf/")
        assert response.status_code == 202 and response.json()["state"] == "pending"
        assert PdfJob.objects.get(draft=draft).state == "pending"


def test_other_province_gets_404_and_a_viewer_403(world):
    draft = world.draft_a
    b = _client(world.users["officer_b"])
    assert b.get(f"/api/reports/drafts/{draft.pk}/").status_code == 404
    assert b.get(f"/api/reports/drafts/{draft.pk}/files/docx/").status_code == 404
    assert b.post(f"/api/reports/drafts/{draft.pk}/generate/").status_code == 404
    assert draft.pk not in [d["id"] for d in b.get("/api/reports/drafts/").json()["results"]]
    response = b.post("/api/reports/drafts/", {"locality": world.a.pk, "kind": "yearly_agreements", "year": YEAR,
                                               "issued_on": "2027-02-05"}, format="json")
    assert response.status_code == 403
    assert not DocumentDraft.objects.filter(locality=world.a, year=YEAR, issued_on="2027-02-05").exists()
    viewer = _client(world.users["viewer"])
    assert viewer.get(f"/api/reports/drafts/{draft.pk}/").status_code == 200
    assert viewer.post(f"/api/reports/drafts/{draft.pk}/generate/").status_code == 403


def test_an_agreement_of_another_province_is_refused_naming_the_field(world):
    client = _client(world.users["officer_a"])
    response = client.post("/api/reports/drafts/", {"locality": world.a.pk, "kind": "pm_report",
                                                    "agreement": world.agreement_b.pk, "issued_on": "2027-02-05"},
                           format="json")
    assert response.status_code == 400 and "agreement" in response.json()["errors"]
