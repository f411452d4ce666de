"""The Foreign Ministry's side of Law 70 opinions: a province's request is in the centre's queue; the opinion
drafted, approved and issued in the app becomes the province's "opinion received" event, met or missed."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ngoaivu.agreements import actions as register
from ngoaivu.agreements.models import Event
from ngoaivu.coordination import opinions
from ngoaivu.coordination.models import MinistryOpinion
from ngoaivu.partners.models import Partner

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _signed():
    return SimpleUploadedFile("y-kien-bng.pdf", b"%PDF-1.4 signed opinion")


def _request(world, sent_on=TODAY, title="Bản ghi nhớ hợp tác Đà Nẵng – Busan"):
    officer = world.users["officer_b"]
    partner = Partner.objects.create(name="Busan", country="KR")
    agreement = register.create_agreement(officer, locality=world.b, partners=[partner], form="ban_ghi_nho",
                                           title=title)
    return register.record_event(officer, agreement, "opinion_requested", sent_on, consultee="Bộ Ngoại giao",
                                 is_mofa=True)


def test_the_request_is_in_the_centres_queue_with_its_clock_and_issuing_makes_the_event_met(world, client_for):
    event = _request(world)
    assert event.due_on > TODAY
    central, manager = world.users["central"], world.users["central_manager"]
    queue = client_for(central).get(reverse("coordination:opinion_queue")).content.decode()
    assert event.agreement.title in queue and event.due_on.strftime("%d/%m/%Y") in queue
    assert client_for(world.users["officer_b"]).get(reverse("coordination:opinion_queue")).status_code == 403
    opinions.save_draft(central, event, verdict="agree_comments", text="Đề nghị bổ sung điều khoản chấm dứt.")
    with pytest.raises(PermissionDenied):
        opinions.approve_and_issue(central, event, signed_file=_signed(), issued_on=TODAY)
    assert not Event.objects.filter(request=event).exists()
    opinions.approve_and_issue(manager, event, signed_file=_signed(), issued_on=TODAY)
    answer = Event.objects.get(request=event)
    assert (answer.kind, answer.opinion, answer.is_mofa, answer.date) == ("opinion_received", "commented", True, TODAY)
    assert answer.document is not None and answer.document.agreement_id == event.agreement_id
    assert "Đề nghị bổ sung điều khoản chấm dứt." in answer.note and "Đúng hạn" in answer.note
    opinion = MinistryOpinion.objects.get(request_event=event)
    assert (opinion.status, opinion.deadline_met, opinion.approved_by, opinion.drafted_by, opinion.answer) == (
        "issued", True, manager, central, answer)
    assert event.agreement.title not in client_for(central).get(reverse("coordination:opinion_queue")).content.decode() \
        .split("Đã ban hành gần đây")[0]
    timeline = client_for(world.users["officer_b"]).get(reverse("agreements:agreement_detail", args=[event.agreement_id]))
    assert "Ý kiến của Bộ Ngoại giao ban hành trên hệ thống" in timeline.content.decode()
    # the province sees that the agreement came with comments, in the step and in the consultation table
    assert timeline.content.decode().count('tag--green">Đồng ý, có ý kiến<') == 2
    with pytest.raises(ValidationError):
        opinions.approve_and_issue(manager, event, signed_file=_signed(), issued_on=TODAY)
    assert Event.objects.filter(request=event).count() == 1


def test_an_opinion_issued_after_the_seven_working_days_is_recorded_as_missed(world):
    event = _request(world, sent_on=TODAY - datetime.timedelta(days=30))
    assert event.due_on < TODAY
    opinions.save_draft(world.users["central"], event, verdict="disagree", text="Không phù hợp.")
    opinions.approve_and_issue(world.users["central_manager"], event, signed_file=_signed(), issued_on=TODAY)
    answer = Event.objects.get(request=event)
    assert answer.opinion == "disagree" and "Quá hạn" in answer.note
    assert MinistryOpinion.objects.get(request_event=event).deadline_met is False


def test_a_disagreement_needs_its_reasons_and_no_draft_cannot_be_issued(world):
    event = _request(world)
    with pytest.raises(ValidationError):
        opinions.save_draft(world.users["central"], event, verdict="disagree", text=" ")
    with pytest.raises(ValidationError):
        opinions.approve_and_issue(world.users["central_manager"], event, signed_file=_signed(), issued_on=TODAY)
    with pytest.raises(PermissionDenied):
        opinions.save_draft(world.users["officer_b"], event, verdict="agree", text="")
    assert not MinistryOpinion.objects.filter(request_event=event).exists() and not Event.objects.filter(request=event).exists()


def test_the_queue_and_the_issued_opinion_feed_the_attention_list(world):
    from ngoaivu.core.attention import attention
    event = _request(world, sent_on=TODAY - datetime.timedelta(days=30))
    centre = {s.key: s for s in attention(world.users["central"], TODAY)}
    assert [i["title"] for i in centre["ministry_opinions_overdue"].items] == [event.agreement.title]
    assert centre["ministry_opinions_overdue"].items[0]["overdue"] is True and "ministry_opinions" not in centre
    opinions.save_draft(world.users["central"], event, verdict="agree", text="")
    opinions.approve_and_issue(world.users["central_manager"], event, signed_file=_signed(), issued_on=TODAY)
    assert not {"ministry_opinions", "ministry_opinions_overdue"} & {s.key for s in attention(world.users["central"], TODAY)}
    province = {s.key: s for s in attention(world.users["officer_b"], TODAY)}
    assert [i["title"] for i in province["ministry_opinion_issued"].items] == [event.agreement.title]
    assert "ministry_opinion_issued" not in {s.key for s in attention(world.users["officer_a"], TODAY)}


def test_a_province_cannot_delete_the_ministrys_signed_opinion_nor_its_own_steps_files(world, client_for):
    """The outside test found a province officer deleting the Ministry's signed opinion from the agreement's
    documents ("Xóa", then "Xóa văn bản"): gone for good, and gone from the centre's opinion page too. A legal
    step's file is part of the step's record: kept, whoever asks, by the page and by the action."""
    from ngoaivu.agreements.models import Document
    event = _request(world)
    opinions.save_draft(world.users["central"], event, verdict="agree", text="Đồng ý.")
    opinion = opinions.approve_and_issue(world.users["central_manager"], event, signed_file=_signed(),
                                         issued_on=TODAY)
    signed = opinion.answer.document
    path = signed.file.path
    officer = client_for(world.users["officer_b"])
    page = officer.get(event.agreement.get_absolute_url()).content.decode()
    assert reverse("agreements:document_delete", args=[signed.pk]) not in page
    assert "Hồ sơ của bước pháp lý" in page
    # The delete page explains and offers no button; a POST deletes nothing.
    confirm = officer.get(reverse("agreements:document_delete", args=[signed.pk]))
    assert confirm.status_code == 200 and 'id="document-records-step"' in confirm.content.decode()
    assert officer.post(reverse("agreements:document_delete", args=[signed.pk])).status_code == 409
    assert Document.objects.filter(pk=signed.pk).exists()
    with open(path, "rb") as kept:
        assert kept.read() == b"%PDF-1.4 signed opinion"
    with pytest.raises(PermissionDenied):
        register.delete_document(world.users["officer_b"], signed)
    assert Document.objects.filter(pk=signed.pk).exists()
    # A file uploaded on its own (no step) is still the province's to delete.
    loose = register.add_document(world.users["officer_b"], event.agreement,
                                  file=SimpleUploadedFile("ghi-chu.pdf", b"%PDF-1.4 note"), title="Ghi chú")
    assert officer.post(reverse("agreements:document_delete", args=[loose.pk])).status_code == 302
    assert not Document.objects.filter(pk=loose.pk).exists()
