"""The documents' part of the to-do list: a failed or finished PDF until an editor of the province looks at
it, and drafts without a Word file or edited after it. Only A's editors are told about A's documents."""
import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from ngoaivu.core.attention import attention
from ngoaivu.reports import actions, pdf
from ngoaivu.reports.models import PdfJob

pytestmark = pytest.mark.django_db
DAY = datetime.date(2027, 1, 20)
TOLD = ("officer_a", "manager_a")
NOT_TOLD = ("officer_b", "viewer", "central", "central_viewer", "unit_officer", "mission_officer")


def _items(user, key):
    return {item["url"]: item for s in attention(user, DAY) if s.key == key for item in s.items}


def _told(world, key, draft):
    return {name for name in (*TOLD, *NOT_TOLD) if draft.get_absolute_url() in _items(world.users[name], key)}


@pytest.fixture
def draft(world):
    return actions.create_draft(world.users["officer_a"], world.a, kind="yearly_agreements", year=2024,
                                issued_on=DAY, opening="Mở đầu báo cáo 2024")


def test_a_draft_waits_for_its_word_file_until_generated_and_again_after_an_edit(world, draft):
    assert _told(world, "reports_not_generated", draft) == set(TOLD)
    item = _items(world.users["manager_a"], "reports_not_generated")[draft.get_absolute_url()]
    assert "chưa tạo tệp Word" in item["detail"] and item["overdue"] is False and "date" not in item
    actions.generate(world.users["officer_a"], draft)
    draft.refresh_from_db()
    assert draft.docx and draft.generated_at and draft.updated_at <= draft.generated_at
    assert _told(world, "reports_not_generated", draft) == set()
    actions.update_draft(world.users["manager_a"], draft, opening="Mở đầu đã sửa")
    draft.refresh_from_db()
    assert draft.opening == "Mở đầu đã sửa" and draft.updated_at > draft.generated_at
    assert _told(world, "reports_not_generated", draft) == set(TOLD)
    item = _items(world.users["officer_a"], "reports_not_generated")[draft.get_absolute_url()]
    assert "đã sửa sau lần tạo tệp Word" in item["detail"]
    actions.generate(world.users["officer_a"], draft)
    assert _told(world, "reports_not_generated", draft) == set()


def _convert_failing(docx, name=""):
    raise pdf.PdfError("LibreOffice không chuyển được văn bản sang PDF: lỗi thử")


def _convert_ok(docx, name=""):
    return b"%PDF-1.4 test", 0.5


def test_a_failed_then_a_finished_pdf_reach_the_province_editors_until_one_looks(world, draft, monkeypatch,
                                                                                client_for):
    officer = world.users["officer_a"]
    actions.generate(officer, draft)
    failed = PdfJob.objects.create(draft=draft, requested_by=officer)
    monkeypatch.setattr(pdf, "convert", _convert_failing)
    assert actions.run_pdf_jobs() == (0, 1)
    failed.refresh_from_db()
    assert failed.state == "failed" and failed.seen_at is None
    assert _told(world, "reports_pdf_failed", draft) == set(TOLD)
    item = _items(officer, "reports_pdf_failed")[draft.get_absolute_url()]
    assert "lỗi thử" in item["detail"] and item["colour"] == "red"
    # The to-do page lists it for A's officer, not for B's.
    assert draft.get_absolute_url() in client_for(officer).get(reverse("implementation:notifications")).content.decode()
    assert draft.get_absolute_url() not in client_for(world.users["officer_b"]).get(
        reverse("implementation:notifications")).content.decode()
    # Looking does not count for someone who cannot edit A's documents: B gets 404, the viewer reads.
    assert client_for(world.users["officer_b"]).get(draft.get_absolute_url()).status_code == 404
    assert client_for(world.users["viewer"]).get(draft.get_absolute_url()).status_code == 200
    failed.refresh_from_db()
    assert failed.seen_at is None
    # A's manager opens the page: off the list of both A's editors.
    assert client_for(world.users["manager_a"]).get(draft.get_absolute_url()).status_code == 200
    failed.refresh_from_db()
    assert failed.seen_at is not None
    assert _told(world, "reports_pdf_failed", draft) == set()

    # Asked again, converted: "ready" for A's editors; the older failure stays off the list.
    done = PdfJob.objects.create(draft=draft, requested_by=officer)
    monkeypatch.setattr(pdf, "convert", _convert_ok)
    assert actions.run_pdf_jobs() == (1, 0)
    done.refresh_from_db()
    draft.refresh_from_db()
    assert done.state == "done" and draft.pdf
    assert _told(world, "reports_pdf_ready", draft) == set(TOLD)
    assert _told(world, "reports_pdf_failed", draft) == set()
    # Downloading the PDF through the API counts as looking at it.
    client = APIClient()
    client.force_authenticate(officer)
    response = client.get(f"/api/reports/drafts/{draft.pk}/files/pdf/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 test"
    done.refresh_from_db()
    assert done.seen_at is not None
    assert _told(world, "reports_pdf_ready", draft) == set()


def test_the_centre_is_told_only_of_the_jobs_it_asked_for(world, draft, monkeypatch, settings):
    """An administrator (who edits every province) asking for A's PDF hears of it; the other pending,
    unseen jobs of A are not the centre's business."""
    from ngoaivu.core.models import User
    admin = User.objects.create_superuser("admin-reports", password="x")
    actions.generate(world.users["officer_a"], draft)
    PdfJob.objects.create(draft=draft, requested_by=admin)
    monkeypatch.setattr(pdf, "convert", _convert_ok)
    actions.run_pdf_jobs()
    assert draft.get_absolute_url() in _items(admin, "reports_pdf_ready")
    assert draft.get_absolute_url() in _items(world.users["officer_a"], "reports_pdf_ready")
    assert draft.get_absolute_url() not in _items(world.users["central"], "reports_pdf_ready")
