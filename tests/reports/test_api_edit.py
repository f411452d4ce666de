"""Narrative edits through the API after creation: PATCH with the ETag a read returned (412 and nothing
saved when someone saved in between), and the regenerated Word file says the new text."""
import pytest
from rest_framework.test import APIClient

from ngoaivu.core.jobs import run_pending
from ngoaivu.reports.models import DocumentDraft
from tests.reports.helpers import body_text, read_docx, table_rows

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _url(draft):
    return f"/api/reports/drafts/{draft.pk}/"


def _docx(client, draft):
    response = client.get(f"{_url(draft)}files/docx/")
    assert response.status_code == 200
    return read_docx(b"".join(response.streaming_content))


def test_patch_with_the_etag_then_regenerate_writes_the_new_text(world):
    draft = world.draft_a
    client = _client(world.users["officer_a"])
    assert "Mở đầu" in body_text(_docx(client, draft))
    read = client.get(_url(draft))
    etag = read["ETag"]
    assert read.status_code == 200 and etag
    history_before = draft.history.count()
    response = client.patch(_url(draft), {
        "opening": "Năm 2026, tỉnh triển khai đồng bộ các thỏa thuận với Quảng Tây.",
        "assessment": "Một số cam kết chậm do thiếu kinh phí đối ứng.\nCần rà soát các thỏa thuận ký rồi để đấy.",
        "proposals": "Đề nghị Bộ Ngoại giao hỗ trợ tập huấn.", "number": "27",
        "extra_recipients": "Ban Đối ngoại Trung ương"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response["ETag"] and response["ETag"] != etag
    assert response.json()["opening"] == "Năm 2026, tỉnh triển khai đồng bộ các thỏa thuận với Quảng Tây."
    draft.refresh_from_db()
    assert (draft.number, draft.proposals) == ("27", "Đề nghị Bộ Ngoại giao hỗ trợ tập huấn.")
    assert draft.opening.startswith("Năm 2026") and draft.kind == "yearly_agreements" and draft.locality == world.a
    assert draft.history.count() == history_before + 1
    assert draft.history.first().history_user == world.users["officer_a"]
    assert draft.history.first().opening == draft.opening
    # The Word file is older than the text until generated again.
    assert draft.updated_at > draft.generated_at
    assert client.post(f"{_url(draft)}generate/").status_code == 202   # a period report: by the worker
    assert run_pending() == 1
    document = _docx(client, draft)
    text = body_text(document)
    assert "Năm 2026, tỉnh triển khai đồng bộ các thỏa thuận với Quảng Tây." in text
    assert "Một số cam kết chậm do thiếu kinh phí đối ứng." in text   # each line its own paragraph
    assert "Cần rà soát các thỏa thuận ký rồi để đấy." in text
    assert "Đề nghị Bộ Ngoại giao hỗ trợ tập huấn." in text
    assert "Mở đầu" not in text
    left = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs]
    assert any(line.startswith("Số: 27/BC-") for line in left)
    assert "- Ban Đối ngoại Trung ương;" in table_rows(document.tables[-1])[0][0].split("\n")
    # Generating does not move the version: the ETag read after the PATCH still saves.
    assert client.get(_url(draft))["ETag"] == response["ETag"]


def test_a_stale_etag_is_412_and_saves_nothing(world):
    draft = world.draft_a
    officer, manager = _client(world.users["officer_a"]), _client(world.users["manager_a"])
    etag = officer.get(_url(draft))["ETag"]
    assert manager.patch(_url(draft), {"opening": "Bản của quản lý"}, format="json",
                         HTTP_IF_MATCH=manager.get(_url(draft))["ETag"]).status_code == 200
    response = officer.patch(_url(draft), {"opening": "Bản của chuyên viên"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412 and "Manager A" in response.json()["detail"]
    assert "Mở đầu → Bản của quản lý" in response.json()["detail"]
    draft.refresh_from_db()
    assert draft.opening == "Bản của quản lý"
    # A tag of another record is stale too; no If-Match at all writes as before.
    assert officer.patch(_url(draft), {"opening": "x"}, format="json",
                         HTTP_IF_MATCH='"documentdraft-1-v1"').status_code == 412
    assert officer.patch(_url(draft), {"opening": "Không kèm ETag"}, format="json").status_code == 200
    draft.refresh_from_db()
    assert draft.opening == "Không kèm ETag"


def test_patch_keeps_province_kind_and_subject_and_validates_naming_the_field(world):
    draft = world.draft_a
    client = _client(world.users["officer_a"])
    before = draft.opening
    # A change of what the document is answered 200 and kept the old values without a word: it is refused
    # naming them, and nothing of the PATCH is saved (review of 07/12/2026).
    response = client.patch(_url(draft), {"locality": world.b.pk, "kind": "pm_report", "opening": "Giữ tỉnh"},
                            format="json")
    assert response.status_code == 400 and {"locality", "kind"} <= set(response.json()["errors"])
    draft.refresh_from_db()
    assert (draft.locality, draft.kind, draft.opening) == (world.a, "yearly_agreements", before)
    response = client.patch(_url(draft), {"locality": world.a.pk, "kind": "yearly_agreements", "opening": "Giữ tỉnh"},
                            format="json")
    assert response.status_code == 200, "the same province and kind sent back are no change"
    draft.refresh_from_db()
    assert (draft.locality, draft.kind, draft.opening) == (world.a, "yearly_agreements", "Giữ tỉnh")
    response = client.patch(_url(draft), {"year": None}, format="json")
    assert response.status_code == 400 and "year" in response.json()["errors"]
    draft.refresh_from_db()
    assert draft.year == 2026
    assert client.put(_url(draft), {"opening": "x"}, format="json").status_code == 405
    assert client.delete(_url(draft)).status_code == 405
    assert DocumentDraft.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("persona, expected", [
    ("officer_b", 404), ("mission_officer", 404), ("viewer", 403), ("central", 403), ("central_viewer", 403),
    ("unit_officer", 403), ("anonymous", 401)])
def test_who_may_not_patch(world, persona, expected):
    draft = world.draft_a
    before = draft.opening
    response = _client(world.users.get(persona)).patch(_url(draft), {"opening": "Không được sửa"}, format="json")
    assert response.status_code == expected
    draft.refresh_from_db()
    assert draft.opening == before


def test_a_bad_year_or_a_nul_character_is_answered_in_vietnamese_naming_the_field(world):
    """DRF's defaults answered "A valid integer is required." / "Null characters are not allowed."."""
    draft = world.draft_a
    client = _client(world.users["officer_a"])
    before = (draft.year, draft.opening, draft.history.count())
    for year in ("hai nghìn", 99999, 1800):
        response = client.patch(_url(draft), {"year": year}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"]["year"] == ["Năm báo cáo: nhập năm từ 2000 đến 2100, ví dụ 2026"], year
    response = client.patch(_url(draft), {"opening": "Mở\x00đầu", "proposals": "Đề\x00xuất"}, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["opening"] == ["Phần mở đầu, căn cứ: không được chứa ký tự rỗng (NUL)."]
    assert errors["proposals"] == ["Kiến nghị, đề xuất: không được chứa ký tự rỗng (NUL)."]
    created = client.post("/api/reports/drafts/", {"locality": world.a.pk, "kind": "yearly_agreements",
                                                   "year": "20x6", "issued_on": "2026-12-01"}, format="json")
    assert created.status_code == 400 and created.json()["errors"]["year"][0].startswith("Năm báo cáo:")
    draft.refresh_from_db()
    assert (draft.year, draft.opening, draft.history.count()) == before
