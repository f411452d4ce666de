"""The API's writes checked by what they leave behind (review of 07/12/2026):

- a PATCH of the signing date alone skipped the rule on former provinces co-signing (the form always sends the
  co-signatories, so only the API met it; the action now reads the stored ones);
- recording an agreement's event ignored If-Match, as no other step does;
- a report request naming a province twice was a server error;
- a key the resource does not have, or a read-only one sent with another value, answered 200 and saved
  nothing; a document's province or kind likewise;
- a reference already used was refused naming the columns, not on the reference field;
- two agreements could each be the other's parent;
- the throttled answer ended in English."""
import datetime

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from ngoaivu.agreements import actions
from ngoaivu.agreements.models import Agreement, Event
from ngoaivu.core.models import Locality

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_patch_of_the_signing_date_alone_meets_the_co_signatory_rule(world):
    former = Locality.objects.filter(valid_until__isnull=False).exclude(successor=world.a).order_by("pk").first()
    agreement = actions.create_agreement(world.users["officer_a"], locality=world.a, partners=[world.partner_kr],
                                         form="ban_ghi_nho", title="Thỏa thuận ký chung", historical=True,
                                         signed_on=datetime.date(2024, 5, 1), co_signatories=[former])
    client = api(world.users["officer_a"])

    alone = client.patch(f"/api/agreements/{agreement.pk}/", {"signed_on": "2025-10-01"}, format="json")

    assert alone.status_code == 400 and "co_signatories" in alone.json()["errors"]
    assert Agreement.objects.get(pk=agreement.pk).signed_on == datetime.date(2024, 5, 1)
    # The action itself, whoever calls it (an import, a future form that leaves them out).
    from django.core.exceptions import ValidationError
    with pytest.raises(ValidationError) as refused:
        actions.update_agreement(world.users["officer_a"], Agreement.objects.get(pk=agreement.pk),
                                 signed_on=datetime.date(2025, 10, 1))
    assert "co_signatories" in refused.value.message_dict
    assert Agreement.objects.get(pk=agreement.pk).signed_on == datetime.date(2024, 5, 1)


def test_recording_an_event_honours_if_match(world):
    officer, manager = api(world.users["officer_a"]), api(world.users["manager_a"])
    a = world.agreement_a
    etag = officer.get(f"/api/agreements/{a.pk}/").headers["ETag"]
    assert manager.patch(f"/api/agreements/{a.pk}/", {"title": "Bản ghi nhớ (quản lý đã sửa)"},
                         format="json").status_code == 200
    before = Event.objects.filter(agreement=a).count()
    body = {"kind": "opinion_requested", "date": TODAY.isoformat(), "consultee": "Bộ Công Thương"}

    stale = officer.post(f"/api/agreements/{a.pk}/events/", body, format="json", HTTP_IF_MATCH=etag)

    assert stale.status_code == 412
    assert Event.objects.filter(agreement=a).count() == before
    fresh = officer.get(f"/api/agreements/{a.pk}/").headers["ETag"]
    assert officer.post(f"/api/agreements/{a.pk}/events/", body, format="json", HTTP_IF_MATCH=fresh).status_code == 201
    assert Event.objects.filter(agreement=a).count() == before + 1


def test_a_report_request_naming_a_province_twice_has_one_return(world):
    from ngoaivu.coordination.models import ReportRequest
    answer = api(world.users["central"]).post("/api/coordination/report-requests/", {
        "title": "Báo cáo 6 tháng", "data_from": "2026-01-01", "data_to": "2026-06-30",
        "due_on": (TODAY + datetime.timedelta(days=20)).isoformat(), "localities": [world.a.pk, world.a.pk]},
        format="json")
    assert answer.status_code == 201
    request = ReportRequest.objects.get(pk=answer.json()["id"])
    assert list(request.returns.values_list("locality_id", flat=True)) == [world.a.pk]


@pytest.mark.parametrize("body, field", [({"status": "terminated"}, "status"), ({"titel": "Bản ghi nhớ"}, "titel")])
def test_a_field_that_cannot_be_written_is_refused_by_name(world, body, field):
    a = world.agreement_a
    before = Agreement.objects.get(pk=a.pk)
    answer = api(world.users["officer_a"]).patch(f"/api/agreements/{a.pk}/", {**body, "summary": "Tóm tắt mới"},
                                                 format="json")
    assert answer.status_code == 400 and field in answer.json()["errors"]
    after = Agreement.objects.get(pk=a.pk)
    assert (after.status, after.summary) == (before.status, before.summary), "nothing is saved"


def test_a_record_read_and_sent_back_whole_still_saves(world):
    client = api(world.users["officer_a"])
    a = world.agreement_a
    body = client.get(f"/api/agreements/{a.pk}/").json()
    body["summary"] = "Tóm tắt sửa qua API, gửi lại cả bản ghi"
    answer = client.put(f"/api/agreements/{a.pk}/", body, format="json")
    assert answer.status_code == 200, answer.json()
    assert Agreement.objects.get(pk=a.pk).summary == "Tóm tắt sửa qua API, gửi lại cả bản ghi"


def test_a_documents_province_and_kind_are_fixed(world):
    from ngoaivu.reports.models import DocumentDraft
    answer = api(world.users["officer_a"]).patch(f"/api/reports/drafts/{world.draft_a.pk}/",
                                                 {"locality": world.b.pk, "number": "99"}, format="json")
    assert answer.status_code in (400, 403)
    stored = DocumentDraft.objects.get(pk=world.draft_a.pk)
    assert stored.locality_id == world.a.pk and stored.number != "99"
    answer = api(world.users["officer_a"]).patch(f"/api/reports/drafts/{world.draft_a.pk}/",
                                                 {"kind": "external_affairs"}, format="json")
    if stored.kind != "external_affairs":
        assert answer.status_code == 400 and "kind" in answer.json()["errors"]
        assert DocumentDraft.objects.get(pk=world.draft_a.pk).kind == stored.kind


def test_a_reference_in_use_is_refused_on_the_reference_field(world):
    actions.update_agreement(world.users["officer_a"], world.impl_agreement_a, reference="01/2026/TT")
    answer = api(world.users["officer_a"]).patch(f"/api/agreements/{world.agreement_a.pk}/",
                                                 {"reference": "01/2026/TT"}, format="json")
    assert answer.status_code == 400
    assert answer.json()["errors"]["reference"] == [
        f"Số, ký hiệu “01/2026/TT” đã là của thỏa thuận mã hồ sơ {world.impl_agreement_a.pk}"]


def test_two_agreements_cannot_be_each_others_parent(world):
    client = api(world.users["officer_a"])
    a, b = world.agreement_a, world.impl_agreement_a
    assert client.patch(f"/api/agreements/{a.pk}/", {"parent": b.pk, "parent_relation": "amendment"},
                        format="json").status_code == 200
    answer = client.patch(f"/api/agreements/{b.pk}/", {"parent": a.pk, "parent_relation": "amendment"}, format="json")
    assert answer.status_code == 400 and "parent" in answer.json()["errors"]
    assert Agreement.objects.get(pk=b.pk).parent_id is None


def test_the_throttled_answer_is_in_one_language(world):
    cache.clear()
    client = APIClient()
    body = {"username": "officer_a", "password": "wrong password"}
    answers = [client.post("/api/auth/token/", body, format="json") for _ in range(25)]
    throttled = [a for a in answers if a.status_code == 429]
    cache.clear()
    assert throttled
    detail = throttled[0].json()["detail"]
    assert detail.startswith("Quá nhiều yêu cầu, hãy thử lại sau ") and detail.endswith(" giây.")
    assert "Expected" not in detail


def test_the_browsable_apis_form_token_is_no_unknown_field(world, client_for):
    """The HTML form of DRF's browsable API sends its CSRF token beside the fields: refused as a field the
    resource does not have, no record could be added from it (review of this session's change)."""
    client = client_for(world.users["officer_a"])
    answer = client.post("/api/agreements/", {"title": "Bản ghi nhớ qua trang API", "form": "ban_ghi_nho",
                                              "locality": world.a.pk, "partners": [world.partner_kr.pk],
                                              "csrfmiddlewaretoken": "x" * 64})
    assert answer.status_code == 201
    assert Agreement.objects.filter(title="Bản ghi nhớ qua trang API").exists()
