"""A commitment's status change (start, waive, reopen) is saved from the row as it is once locked, not from the copy the request read first: two notes added at the same moment were one
lost, a result confirmed meanwhile was turned to "waived", a colleague's edit of the description was undone
(review of 03/12/2026)."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from ngoaivu.implementation import actions
from ngoaivu.implementation.models import Commitment
from tests.implementation.factories import agreement

pytestmark = pytest.mark.django_db


def _commitment(world):
    a = agreement(world.a, signed_months_ago=20)
    return Commitment.objects.create(agreement=a, description="Tổ chức hội chợ", responsible_unit=world.unit_a,
                                     due_on=datetime.date.today() + datetime.timedelta(days=30))


def test_two_notes_added_at_the_same_moment_are_both_kept(world):
    commitment = _commitment(world)
    mine, theirs = Commitment.objects.get(pk=commitment.pk), Commitment.objects.get(pk=commitment.pk)
    actions.set_commitment_status(world.users["manager_a"], theirs, "in_progress", "Đã liên hệ đối tác")
    actions.set_commitment_status(world.users["officer_a"], mine, "in_progress", "Đã gửi công văn")
    commitment.refresh_from_db()
    assert "Đã liên hệ đối tác" in commitment.note and "Đã gửi công văn" in commitment.note


def test_a_status_change_keeps_a_colleagues_edit(world):
    commitment = _commitment(world)
    mine = Commitment.objects.get(pk=commitment.pk)
    theirs = Commitment.objects.get(pk=commitment.pk)
    theirs.description = "Tổ chức hội chợ thương mại Việt – Hàn"
    actions.save_commitment(world.users["manager_a"], theirs)
    actions.set_commitment_status(world.users["officer_a"], mine, "in_progress")
    commitment.refresh_from_db()
    assert commitment.description == "Tổ chức hội chợ thương mại Việt – Hàn"
    assert commitment.status == "in_progress"


def test_a_result_confirmed_meanwhile_is_not_waived(world):
    commitment = _commitment(world)
    mine = Commitment.objects.get(pk=commitment.pk)  # the page's copy, still open
    proposal = actions.propose_fulfilment(world.users["unit_officer"], commitment, datetime.date.today(), note="Xong")
    actions.review_fulfilment(world.users["manager_a"], proposal, "confirm")
    with pytest.raises(ValidationError) as error:
        actions.set_commitment_status(world.users["officer_a"], mine, "waived", "Không cần nữa")
    assert "Cam kết này đã đóng" in " ".join(error.value.messages)
    commitment.refresh_from_db()
    assert commitment.status == "fulfilled" and "Không cần nữa" not in commitment.note

