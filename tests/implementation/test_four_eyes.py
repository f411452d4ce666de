"""Four eyes on commitments (issue 14, item 7): the implementing unit proposes a result with its evidence,
a reviewer of the province's foreign-affairs agency (or the reviewer named on the commitment) confirms it.
Each step is a row; a proposed result counts nowhere until confirmed; the proposer never confirms."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ngoaivu.core.attention import attention
from ngoaivu.implementation import actions
from ngoaivu.implementation.models import Commitment, Fulfilment, FulfilmentReview, Tracking
from tests.implementation.factories import TODAY, agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(world):
    Fulfilment.objects.all().delete()  # the shared world's own proposals are not these tests' business
    a = agreement(world.a, signed_months_ago=20)
    c = Commitment.objects.create(agreement=a, description="Tổ chức hội chợ thương mại", responsible_unit=world.unit_a,
                                  due_on=datetime.date(2026, 1, 31))
    actions.refresh([a.pk], on_day=TODAY)
    return c


def figures(c):
    a = c.agreement
    a.refresh_from_db()
    c.refresh_from_db()
    return c.status, a.overdue_commitments, Tracking.objects.get(agreement=a).completion


def reviews_of(user):
    return [s for s in attention(user, TODAY) if s.key == "reviews"]


def test_a_proposed_fulfilment_without_review_is_not_counted(world, overdue):
    before = figures(overdue)
    assert before[:2] == ("pending", 1)
    proposal = actions.propose_fulfilment(world.users["unit_officer"], overdue, datetime.date(2026, 2, 20),
                                          note="Hội chợ đã tổ chức tại Lạng Sơn")
    actions.refresh([overdue.agreement_id], on_day=TODAY)
    assert figures(overdue) == before
    assert proposal.state == "proposed" and proposal.proposed_by == world.users["unit_officer"]
    # Asking twice is refused while the first waits.
    with pytest.raises(ValidationError, match="đang chờ xác nhận"):
        actions.propose_fulfilment(world.users["unit_officer"], overdue, datetime.date(2026, 2, 21))
    assert Fulfilment.objects.filter(commitment=overdue).count() == 1


def test_the_proposer_cannot_confirm_their_own_result(world, overdue):
    officer = world.users["officer_a"]
    proposal = actions.propose_fulfilment(officer, overdue, datetime.date(2026, 2, 20), note="Đã làm")
    with pytest.raises(PermissionDenied):
        actions.review_fulfilment(officer, proposal, "confirm")
    proposal.refresh_from_db()
    assert proposal.state == "proposed" and not FulfilmentReview.objects.exists()
    assert figures(overdue)[0] == "pending"
    assert reviews_of(officer) == []  # their own proposal is not theirs to review
    # The unit officer of the implementing body is not a reviewer either.
    with pytest.raises(PermissionDenied):
        actions.review_fulfilment(world.users["unit_officer"], proposal, "confirm")


def test_the_reviewer_sees_it_in_the_attention_list_then_confirms_and_it_counts(world, overdue):
    proposal = actions.propose_fulfilment(world.users["unit_officer"], overdue, datetime.date(2026, 2, 20),
                                          note="Biên bản hội chợ")
    [section] = reviews_of(world.users["officer_a"])
    assert section.total == 1
    assert section.items[0]["url"] == reverse("implementation:fulfilment_review", args=[proposal.pk])
    assert reviews_of(world.users["unit_officer"]) == [] and reviews_of(world.users["officer_b"]) == []
    review = actions.review_fulfilment(world.users["officer_a"], proposal, "confirm", "Đủ minh chứng")
    proposal.refresh_from_db()
    assert (proposal.state, proposal.reviewed_by) == ("confirmed", world.users["officer_a"])
    assert (review.decision, review.note) == ("confirm", "Đủ minh chứng")
    status, overdue_count, completion = figures(overdue)
    assert (status, overdue_count, completion) == ("fulfilled", 0, "complete")
    assert overdue.fulfilled_late is True  # met after its due date, as proposed
    assert reviews_of(world.users["officer_a"]) == []


def test_a_returned_result_keeps_the_commitment_open_and_needs_a_reason(world, overdue):
    proposal = actions.propose_fulfilment(world.users["unit_officer"], overdue, datetime.date(2026, 2, 20))
    with pytest.raises(ValidationError):
        actions.review_fulfilment(world.users["manager_a"], proposal, "return", "")
    actions.review_fulfilment(world.users["manager_a"], proposal, "return", "Thiếu biên bản")
    proposal.refresh_from_db()
    assert proposal.state == "returned" and figures(overdue)[:2] == ("pending", 1)
    again = actions.propose_fulfilment(world.users["unit_officer"], overdue, datetime.date(2026, 2, 22),
                                       note="Bổ sung biên bản")
    actions.review_fulfilment(world.users["manager_a"], again, "confirm")
    assert figures(overdue)[0] == "fulfilled"
    assert [(r.fulfilment_id, r.decision) for r in FulfilmentReview.objects.order_by("pk")] == [
        (proposal.pk, "return"), (again.pk, "confirm")]


def test_the_reviewer_named_on_the_commitment_may_confirm(world, overdue):
    viewer = world.users["viewer"]
    proposal = actions.propose_fulfilment(world.users["unit_officer"], overdue, datetime.date(2026, 2, 20))
    with pytest.raises(PermissionDenied):
        actions.review_fulfilment(viewer, proposal, "confirm")
    overdue.reviewer = viewer
    overdue.save()
    assert reviews_of(viewer)[0].total == 1
    actions.review_fulfilment(viewer, proposal, "confirm")
    assert figures(overdue)[0] == "fulfilled"


def test_the_pages_propose_then_confirm(world, overdue, client_for):
    unit = client_for(world.users["unit_officer"])
    response = unit.post(reverse("implementation:commitment_fulfil", args=[overdue.pk]), {
        "fulfilled_on": "20/02/2026", "note": "Hội chợ đã tổ chức",
        "evidence": SimpleUploadedFile("bien-ban.txt", b"bien ban", content_type="text/plain")})
    assert response.status_code == 302
    proposal = Fulfilment.objects.get(commitment=overdue)
    assert proposal.state == "proposed" and figures(overdue)[0] == "pending"
    page = unit.get(overdue.get_absolute_url()).content.decode()
    assert 'id="pending-review"' in page and "Chưa được tính" in page
    review_url = reverse("implementation:fulfilment_review", args=[proposal.pk])
    assert unit.get(review_url).status_code == 403
    officer = client_for(world.users["officer_a"])
    assert review_url in officer.get(reverse("implementation:notifications")).content.decode()
    response = officer.post(review_url, {"decision": "return"})
    assert response.status_code == 200 and "Ghi lý do trả lại" in response.content.decode()
    response = officer.post(review_url, {"decision": "confirm", "note": "Đạt"})
    assert response.status_code == 302
    assert figures(overdue)[0] == "fulfilled"


def test_a_proposal_whose_proposer_is_gone_reads_without_a_dash(world, overdue):
    """The reviewer's list names who proposed the result; an account deleted since (the proposal keeps no
    one) leaves the name out rather than writing "— — đề nghị ngày …"."""
    proposal = actions.propose_fulfilment(world.users["unit_officer"], overdue, datetime.date(2026, 2, 20),
                                          note="Biên bản hội chợ")
    day = timezone.localtime(proposal.recorded_at).strftime("%d/%m/%Y")
    [section] = reviews_of(world.users["officer_a"])
    assert section.items[0]["detail"] == f"{world.users['unit_officer']} đề nghị ngày {day} — {overdue.agreement.title}"
    Fulfilment.objects.filter(pk=proposal.pk).update(proposed_by=None)
    [section] = reviews_of(world.users["officer_a"])
    assert section.items[0]["detail"] == f"Đề nghị ngày {day} — {overdue.agreement.title}"
