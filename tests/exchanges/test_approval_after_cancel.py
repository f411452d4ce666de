"""An approval recorded from a page read before a colleague cancelled the delegation (or the conference)
saved the page's copy whole, cancellation date and reason emptied: the cancellation was undone without a
word. The approval now reads the row once locked and is refused (review of 03/12/2026)."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from ngoaivu.exchanges import actions
from ngoaivu.exchanges.models import Conference, Delegation
from tests.exchanges import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_approving_a_delegation_cancelled_meanwhile_is_refused_and_the_cancellation_kept(world):
    officer = world.users["officer_a"]
    delegation = factories.delegation(officer, world.a, title="Đoàn thăm Nhật Bản")
    mine = Delegation.objects.get(pk=delegation.pk)  # the approval page's copy
    actions.cancel_delegation(world.users["manager_a"], Delegation.objects.get(pk=delegation.pk), cancelled_on=TODAY,
                              reason="Đối tác hoãn chuyến thăm")
    with pytest.raises(ValidationError) as error:
        actions.approve_delegation(officer, mine, decision_number="12/QĐ-UBND", decision_date=TODAY)
    assert "Đoàn đã bị hủy" in " ".join(error.value.messages)
    delegation.refresh_from_db()
    assert (delegation.cancelled_on, delegation.cancel_reason) == (TODAY, "Đối tác hoãn chuyến thăm")
    assert delegation.decision_number == ""


def test_approving_a_conference_cancelled_meanwhile_is_refused_and_the_cancellation_kept(world):
    officer = world.users["officer_a"]
    conference = factories.conference(officer, world.a)
    mine = Conference.objects.get(pk=conference.pk)
    actions.cancel_conference(world.users["manager_a"], Conference.objects.get(pk=conference.pk), cancelled_on=TODAY,
                              reason="Hoãn vì thời tiết")
    with pytest.raises(ValidationError) as error:
        actions.approve_conference(officer, mine, decision_number="9/UBND", decision_date=TODAY)
    assert "Hội nghị đã bị hủy" in " ".join(error.value.messages)
    conference.refresh_from_db()
    assert (conference.cancelled_on, conference.cancel_reason) == (TODAY, "Hoãn vì thời tiết")
    assert conference.decision_number == ""
