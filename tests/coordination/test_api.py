"""The coordination API: every write is checked in the database afterwards, and a province never reads
another's return or directive copy through it."""
import datetime
import json

import pytest
from django.urls import reverse

from ngoaivu.coordination import actions, directives
from ngoaivu.coordination.choices import ReturnStatus
from ngoaivu.coordination.models import DirectiveRecipient, ReportRequest, ReportReturn, ReturnTransition

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
FIELDS = [{"key": "trips", "label": "Số đoàn", "type": "number", "unit": "đoàn", "source": ""}]


def _post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def _request(world):
    return actions.create_request(world.users["central"], title="Báo cáo quý", kind="structured",
                                  data_from=TODAY - datetime.timedelta(days=90), data_to=TODAY,
                                  due_on=TODAY + datetime.timedelta(days=5), localities=[world.a, world.b],
                                  fields=FIELDS)


def test_the_centre_creates_a_request_and_each_province_gets_one_return(world, client_for):
    due = (TODAY + datetime.timedelta(days=20)).isoformat()  # a due date still ahead (a past one is refused)
    body = {"title": "Báo cáo đột xuất về đoàn vào", "kind": "structured", "data_from": "2026-01-01",
            "data_to": "2026-06-30", "due_on": due, "localities": [world.a.pk, world.b.pk],
            "fields": FIELDS}
    response = _post(client_for(world.users["central"]), reverse("coordination-request-list"), body)
    assert response.status_code == 201, response.content
    request = ReportRequest.objects.get(pk=response.json()["id"])
    assert (request.title, request.due_on, request.fields[0]["key"]) == (
        "Báo cáo đột xuất về đoàn vào", datetime.date.fromisoformat(due), "trips")
    assert set(request.returns.values_list("locality_id", "status")) == {
        (world.a.pk, ReturnStatus.NOT_STARTED), (world.b.pk, ReturnStatus.NOT_STARTED)}
    refused = _post(client_for(world.users["officer_a"]), reverse("coordination-request-list"), body)
    assert refused.status_code == 403
    assert ReportRequest.objects.filter(title=body["title"]).count() == 1


def test_a_return_goes_through_save_submit_return_and_accept_with_its_transitions_stored(world, client_for):
    ret = _request(world).returns.get(locality=world.a)
    province, centre = client_for(world.users["officer_a"]), client_for(world.users["central"])
    url = lambda step: reverse(f"coordination-return-{step}", args=[ret.pk])  # noqa: E731

    assert _post(province, url("save"), {"values": {"trips": 3}}).status_code == 200
    ret.refresh_from_db()
    assert (ret.status, ret.values) == (ReturnStatus.DRAFT, {"trips": 3})

    bad = _post(province, url("submit"), {"values": {"trips": "ba"}})
    assert bad.status_code == 400 and "trips" in bad.json()["errors"]
    ret.refresh_from_db()
    assert (ret.status, ret.values) == (ReturnStatus.DRAFT, {"trips": 3})

    assert _post(province, url("submit"), {"values": {"trips": 4}}).status_code == 200
    ret.refresh_from_db()
    assert (ret.status, ret.values["trips"]) == (ReturnStatus.SUBMITTED, 4) and ret.submitted_at is not None

    assert _post(province, url("accept")).status_code == 403, "a province does not review its own return"
    assert _post(centre, url("return")).status_code == 400, "returning needs a comment"
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.SUBMITTED

    assert _post(centre, url("return"), {"reason": "Bổ sung số đoàn vào"}).status_code == 200
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.RETURNED
    assert _post(province, url("submit"), {"values": {"trips": 5}}).status_code == 200
    assert _post(centre, url("accept")).status_code == 200
    ret.refresh_from_db()
    assert (ret.status, ret.values["trips"]) == (ReturnStatus.ACCEPTED, 5)
    assert list(ReturnTransition.objects.filter(report_return=ret).values_list("to_status", "reason")) == [
        (ReturnStatus.DRAFT, ""), (ReturnStatus.SUBMITTED, ""), (ReturnStatus.RETURNED, "Bổ sung số đoàn vào"),
        (ReturnStatus.SUBMITTED, ""), (ReturnStatus.ACCEPTED, "")]
    assert _post(province, url("save"), {"values": {"trips": 9}}).status_code == 400
    ret.refresh_from_db()
    assert ret.values["trips"] == 5


def test_a_province_never_reads_or_writes_another_provinces_return(world, client_for):
    request = _request(world)
    mine, theirs = request.returns.get(locality=world.a), request.returns.get(locality=world.b)
    province = client_for(world.users["officer_a"])
    listed = province.get(reverse("coordination-return-list")).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    ids = {r["id"] for r in rows}
    assert mine.pk in ids and theirs.pk not in ids
    assert set(ReportReturn.objects.filter(pk__in=ids).values_list("locality_id", flat=True)) == {world.a.pk}
    assert province.get(reverse("coordination-return-detail", args=[theirs.pk])).status_code == 404
    assert _post(province, reverse("coordination-return-submit", args=[theirs.pk]),
                 {"values": {"trips": 1}}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.status, theirs.values) == (ReturnStatus.NOT_STARTED, {})
    # The centre reads both.
    centre = client_for(world.users["central"]).get(reverse("coordination-return-list")).json()
    centre_rows = centre["results"] if isinstance(centre, dict) else centre
    assert {r["id"] for r in centre_rows} >= {mine.pk, theirs.pk}


def test_a_province_acknowledges_its_copy_of_a_directive_only(world, client_for):
    directive = directives.send_directive(world.users["central"], number="5/BNG-NV", issued_on=TODAY,
                                          subject="Hướng dẫn đón đoàn", signer="Vụ trưởng", localities=[world.a, world.b])
    response = _post(client_for(world.users["officer_a"]),
                     reverse("coordination-directive-acknowledge", args=[directive.pk]))
    assert response.status_code == 200
    copy_a = DirectiveRecipient.objects.get(directive=directive, locality=world.a)
    copy_b = DirectiveRecipient.objects.get(directive=directive, locality=world.b)
    assert copy_a.acknowledged_by == world.users["officer_a"] and copy_a.first_opened_at is not None
    assert copy_b.acknowledged_at is None
    read = client_for(world.users["officer_a"]).get(reverse("coordination-directive-detail", args=[directive.pk]))
    assert [c["locality"] for c in read.json()["recipients"]] == [world.a.pk], "B's copy is not shown to A"
    assert _post(client_for(world.users["central"]),
                 reverse("coordination-directive-acknowledge", args=[directive.pk])).status_code == 403
    assert DirectiveRecipient.objects.filter(directive=directive, acknowledged_at__isnull=False).count() == 1


def test_the_opinion_queue_is_the_centres(world, client_for):
    assert client_for(world.users["officer_a"]).get(reverse("coordination-opinion-list")).status_code == 403
    assert client_for(world.users["central"]).get(reverse("coordination-opinion-list")).status_code == 200


# --- replies to directives, and the Foreign Ministry's opinion drafted and issued through the API -----------

PDF = b"%PDF-1.4 reply"


def test_a_recipient_replies_with_an_attachment_and_only_the_sender_and_it_read_the_reply(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ngoaivu.coordination.models import DirectiveReply
    directive = directives.send_directive(world.users["central"], number="7/BNG-NV", issued_on=TODAY,
                                          subject="Hướng dẫn tổng kết", signer="Vụ trưởng", localities=[world.a, world.b])
    url = reverse("coordination-directive-replies", args=[directive.pk])
    officer_a = client_for(world.users["officer_a"])
    response = officer_a.post(url, {"text": "  Đã triển khai  ", "attachment": SimpleUploadedFile("Kế hoạch.pdf", PDF)})
    assert response.status_code == 201, response.content
    reply = DirectiveReply.objects.get(pk=response.json()["id"])
    assert (reply.text, reply.by, reply.recipient.locality, reply.recipient.directive) == (
        "Đã triển khai", world.users["officer_a"], world.a, directive)
    assert reply.attachment.display_name == "Kế hoạch.pdf"
    assert response.json()["attachment_url"] == "http://testserver" + reply.attachment.download_url
    assert b"".join(officer_a.get(reply.attachment.download_url).streaming_content) == PDF

    # B replies without a file; a bad file and an empty text are refused and store nothing.
    officer_b = client_for(world.users["officer_b"])
    assert officer_b.post(url, {"text": "Đã nhận"}).status_code == 201
    bad = officer_b.post(url, {"text": "Tệp", "attachment": SimpleUploadedFile("x.pdf", b"<html><script>")})
    assert bad.status_code == 400 and "attachment" in bad.json()["errors"]
    assert officer_b.post(url, {"text": ""}).status_code == 400
    assert list(DirectiveReply.objects.filter(recipient__directive=directive).order_by("pk").values_list(
        "recipient__locality_id", "text")) == [(world.a.pk, "Đã triển khai"), (world.b.pk, "Đã nhận")]

    # Each province reads its own reply, the centre both; nobody else replies.
    assert [r["text"] for r in officer_a.get(url).json()["results"]] == ["Đã triển khai"]
    assert [r["text"] for r in officer_b.get(url).json()["results"]] == ["Đã nhận"]
    assert client_for(world.users["officer_b"]).get(reply.attachment.download_url).status_code == 404
    assert [r["locality"] for r in client_for(world.users["central"]).get(url).json()["results"]] == [
        world.a.pk, world.b.pk]
    for persona in ("central", "viewer", "unit_officer"):
        assert client_for(world.users[persona]).post(url, {"text": "Không được"}).status_code == 403, persona
    assert not DirectiveReply.objects.filter(text="Không được").exists()


def _opinion_request(world):
    from ngoaivu.agreements import actions as register
    from ngoaivu.partners.models import Partner
    officer = world.users["officer_b"]
    agreement = register.create_agreement(officer, locality=world.b, partners=[Partner.objects.create(
        name="Gyeongju", country="KR")], form="ban_ghi_nho", title="Bản ghi nhớ Đà Nẵng – Gyeongju")
    return register.record_event(officer, agreement, "opinion_requested", TODAY, consultee="Bộ Ngoại giao",
                                 is_mofa=True)


def test_the_centre_drafts_and_its_manager_issues_the_opinion_through_the_api(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ngoaivu.agreements.models import Event
    from ngoaivu.coordination.models import MinistryOpinion
    event = _opinion_request(world)
    draft_url = reverse("coordination-opinion-draft", args=[event.pk])
    issue_url = reverse("coordination-opinion-issue", args=[event.pk])
    officer, manager = client_for(world.users["central"]), client_for(world.users["central_manager"])

    assert _post(client_for(world.users["officer_b"]), draft_url, {"verdict": "agree"}).status_code == 403
    assert _post(client_for(world.users["central_viewer"]), draft_url, {"verdict": "agree"}).status_code == 403
    missing_text = _post(officer, draft_url, {"verdict": "disagree", "text": " "})
    assert missing_text.status_code == 400 and "text" in missing_text.json()["errors"]
    assert not MinistryOpinion.objects.filter(request_event=event).exists()

    drafted = _post(officer, draft_url, {"verdict": "agree_comments", "text": "Bổ sung điều khoản giải quyết tranh chấp."})
    assert drafted.status_code == 200, drafted.content
    assert drafted.json()["opinion"] == {"status": "draft", "verdict": "agree_comments",
                                         "text": "Bổ sung điều khoản giải quyết tranh chấp.", "issued_on": None,
                                         "deadline_met": None}
    opinion = MinistryOpinion.objects.get(request_event=event)
    assert (opinion.status, opinion.drafted_by, opinion.approved_by) == ("draft", world.users["central"], None)

    signed = lambda: SimpleUploadedFile("Y kien BNG.pdf", b"%PDF-1.4 signed")  # noqa: E731
    refused = officer.post(issue_url, {"issued_on": TODAY.isoformat(), "signed_file": signed()})
    assert refused.status_code == 403, "the officer drafts; only a central manager issues"
    assert manager.post(issue_url, {"issued_on": TODAY.isoformat()}).status_code == 400
    assert not Event.objects.filter(request=event).exists()

    issued = manager.post(issue_url, {"issued_on": TODAY.isoformat(), "signed_file": signed()})
    assert issued.status_code == 200, issued.content
    opinion.refresh_from_db()
    answer = Event.objects.get(request=event)
    assert (opinion.status, opinion.approved_by, opinion.deadline_met, opinion.answer) == (
        "issued", world.users["central_manager"], True, answer)
    assert (answer.kind, answer.opinion, answer.date, answer.agreement_id) == (
        "opinion_received", "commented", TODAY, event.agreement_id)
    assert "Bổ sung điều khoản giải quyết tranh chấp." in answer.note
    # It left the queue, and it is on the province's agreement page.
    assert officer.get(reverse("coordination-opinion-detail", args=[event.pk])).status_code == 404
    page = client_for(world.users["officer_b"]).get(reverse("agreements:agreement_detail", args=[event.agreement_id]))
    assert "Ý kiến của Bộ Ngoại giao ban hành trên hệ thống" in page.content.decode()
    assert manager.post(issue_url, {"issued_on": TODAY.isoformat(), "signed_file": signed()}).status_code == 404
    assert Event.objects.filter(request=event).count() == 1
