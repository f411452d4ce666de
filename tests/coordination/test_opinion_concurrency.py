"""The Ministry's opinion as the manager read it (core.concurrency): a draft rewritten after the manager
opened it is not issued under their approval unseen; two officers drafting do not overwrite each other
silently; a bad signed file is refused at its own field (the review of 03/12/2026)."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ngoaivu.agreements.models import Event
from ngoaivu.coordination import opinions
from ngoaivu.coordination.models import MinistryOpinion
from tests.coordination.test_opinions import _request

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _pdf():
    return SimpleUploadedFile("y-kien.pdf", b"%PDF-1.4 signed", content_type="application/pdf")


def test_a_verdict_rewritten_after_the_manager_read_it_is_not_issued(world, client_for):
    event = _request(world)
    central, manager = world.users["central"], world.users["central_manager"]
    opinions.save_draft(central, event, verdict="agree", text="Đồng ý.")
    client = client_for(manager)
    url = reverse("coordination:opinion_issue", args=[event.pk])
    version = client.get(reverse("coordination:opinion_detail", args=[event.pk])).context["issue_form"]["version"].value()
    opinions.save_draft(central, event, verdict="disagree", text="Không đồng ý: đối tác không đủ năng lực.")
    response = client.post(url, {"issued_on": TODAY.strftime("%d/%m/%Y"), "signed_file": _pdf(), "version": version})
    assert response.status_code == 200
    [error] = response.context["issue_form"].non_field_errors()
    assert "Trong lúc bạn sửa" in error and "Không đồng ý" in error    # names what changed
    opinion = MinistryOpinion.objects.get(request_event=event)
    assert opinion.status == "draft" and not Event.objects.filter(request=event).exists()
    # Having read the new draft, the manager issues it knowingly.
    version = response.context["issue_form"]["version"].value()
    assert client.post(url, {"issued_on": TODAY.strftime("%d/%m/%Y"), "signed_file": _pdf(),
                             "version": version}).status_code == 302
    opinion.refresh_from_db()
    assert (opinion.status, opinion.verdict) == ("issued", "disagree")


def test_a_draft_saved_over_a_colleagues_newer_draft_is_refused(world, client_for):
    event = _request(world)
    officer, colleague = world.users["central"], world.users["central_manager"]  # both may draft
    opinions.save_draft(officer, event, verdict="agree", text="")
    client = client_for(officer)
    version = client.get(reverse("coordination:opinion_detail", args=[event.pk])).context["draft_form"]["version"].value()
    opinions.save_draft(colleague, event, verdict="agree_comments", text="Bổ sung điều khoản chấm dứt.")
    response = client.post(reverse("coordination:opinion_draft", args=[event.pk]),
                           {"verdict": "agree", "text": "Đồng ý toàn văn.", "version": version})
    assert response.status_code == 200 and response.context["draft_form"].non_field_errors()
    assert "Đồng ý toàn văn." in response.content.decode()
    assert MinistryOpinion.objects.get(request_event=event).text == "Bổ sung điều khoản chấm dứt."


def test_the_second_first_draft_is_refused_and_keeps_its_input(world, client_for):
    """Two officers open the request before either drafted: the page carried no version, and the second
    save replaced the colleague's first draft without a word (the review of 07/12/2026). Read before there
    was a draft, the form carries version 0 (core.concurrency's first save)."""
    from tests.test_edit_round_trip import page_values
    event = _request(world)
    detail = reverse("coordination:opinion_detail", args=[event.pk])
    url = reverse("coordination:opinion_draft", args=[event.pk])
    mine, theirs = client_for(world.users["central"]), client_for(world.users["central_manager"])
    my_form = mine.get(detail).context["draft_form"]        # I open the empty draft…
    their_form = theirs.get(detail).context["draft_form"]   # …so does a colleague, who saves first
    assert theirs.post(url, {**page_values(their_form), "verdict": "disagree",
                             "text": "Không đồng ý: đối tác không đủ năng lực."}).status_code == 302

    response = mine.post(url, {**page_values(my_form), "verdict": "agree", "text": "Đồng ý toàn văn."})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Trong lúc bạn sửa" in page and "Đồng ý toàn văn." in page, "refused, my text kept on the page"
    stored = MinistryOpinion.objects.get(request_event=event)
    assert (stored.verdict, stored.text, stored.drafted_by) == (
        "disagree", "Không đồng ý: đối tác không đủ năng lực.", world.users["central_manager"])
    # Having read theirs, saving again is a deliberate overwrite of the one draft.
    assert mine.post(url, page_values(response.context["draft_form"])).status_code == 302
    assert list(MinistryOpinion.objects.filter(request_event=event).values_list("verdict", "text")) == [
        ("agree", "Đồng ý toàn văn.")]


@pytest.mark.parametrize("name, content", [("y-kien.pdf", b"<html><script>alert(1)</script></html>"),
                                           ("y-kien.exe", b"MZ\x90\x00")])
def test_a_bad_signed_file_is_refused_at_its_field(world, client_for, name, content):
    event = _request(world)
    opinions.save_draft(world.users["central"], event, verdict="agree", text="Đồng ý.")
    response = client_for(world.users["central_manager"]).post(
        reverse("coordination:opinion_issue", args=[event.pk]),
        {"issued_on": TODAY.strftime("%d/%m/%Y"), "signed_file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    errors = response.context["issue_form"].errors
    assert list(errors) == ["signed_file"] and errors["signed_file"][0].startswith("Văn bản đã ký")
    assert not Event.objects.filter(request=event).exists()


def test_the_api_draft_and_issue_honour_if_match(world, client_for):
    """The API's draft and issue check the opinion's ETag as the page checks its form's version: a verdict
    rewritten after the manager read it answers 412 and issues nothing; without If-Match, as before."""
    event = _request(world)
    officer, manager = client_for(world.users["central"]), client_for(world.users["central_manager"])
    detail = reverse("coordination-opinion-detail", args=[event.pk])
    draft, issue = (reverse(f"coordination-opinion-{step}", args=[event.pk]) for step in ("draft", "issue"))
    assert "ETag" not in officer.get(detail), "no opinion yet, no version to name"

    first = officer.post(draft, {"verdict": "agree", "text": ""}, content_type="application/json")
    assert first.status_code == 200 and first["ETag"]
    read_by_manager = manager.get(detail)["ETag"]
    assert read_by_manager == first["ETag"]

    # The officer rewrites the verdict after the manager read it.
    rewritten = officer.post(draft, {"verdict": "disagree", "text": "Không đồng ý: thiếu điều khoản chấm dứt."},
                             content_type="application/json", HTTP_IF_MATCH=first["ETag"])
    assert rewritten.status_code == 200 and rewritten["ETag"] != read_by_manager

    stale = manager.post(issue, {"issued_on": TODAY.isoformat(), "signed_file": _pdf()}, HTTP_IF_MATCH=read_by_manager)
    assert stale.status_code == 412 and "Trong lúc bạn sửa" in stale.json()["detail"]
    assert MinistryOpinion.objects.get(request_event=event).status == "draft"
    assert not Event.objects.filter(request=event).exists(), "nothing issued"

    # A draft over the colleague's newer one is refused too, and leaves it as it was.
    assert officer.post(draft, {"verdict": "agree", "text": ""}, content_type="application/json",
                        HTTP_IF_MATCH=first["ETag"]).status_code == 412
    assert MinistryOpinion.objects.get(request_event=event).verdict == "disagree"

    # Having read the new verdict, the manager issues it knowingly.
    issued = manager.post(issue, {"issued_on": TODAY.isoformat(), "signed_file": _pdf()},
                          HTTP_IF_MATCH=manager.get(detail)["ETag"])
    assert issued.status_code == 200, issued.content
    opinion = MinistryOpinion.objects.get(request_event=event)
    assert (opinion.status, opinion.verdict) == ("issued", "disagree")
    assert Event.objects.get(request=event).opinion == "disagree"


def test_the_api_draft_without_if_match_goes_through(world, client_for):
    event = _request(world)
    officer = client_for(world.users["central"])
    draft = reverse("coordination-opinion-draft", args=[event.pk])
    for verdict in ("agree", "agree_comments"):
        assert officer.post(draft, {"verdict": verdict, "text": "Góp ý."},
                            content_type="application/json").status_code == 200
    assert MinistryOpinion.objects.get(request_event=event).verdict == "agree_comments"
