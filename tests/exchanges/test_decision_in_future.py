"""A delegation's approval (or a conference's permission) recorded with tomorrow's decision date was taken:
the history then showed an approval dated after today, as no other recorded step can be (the return, the
report, the dossier all refuse a day after today). The decision date is now refused the same way, on the
page and through the action, and nothing is recorded (review of 04/12/2026)."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ngoaivu.exchanges import actions
from ngoaivu.exchanges.models import Conference, Delegation
from tests.exchanges import factories

pytestmark = pytest.mark.django_db


def test_an_approval_dated_tomorrow_is_refused_on_the_page_and_nothing_is_recorded(world, client_for):
    officer = world.users["officer_a"]
    today = timezone.localdate()
    d = factories.delegation(officer, world.a, start_date=today + datetime.timedelta(days=20))
    tomorrow = today + datetime.timedelta(days=1)
    response = client_for(officer).post(reverse("exchanges:delegation_approve", args=[d.pk]), {
        "authority": "standing_committee", "authority_note": "", "decision_number": "123/QĐ-UBND",
        "decision_date": f"{tomorrow:%d/%m/%Y}"})
    assert response.status_code == 200
    assert "Ngày quyết định không được sau hôm nay" in response.content.decode()
    assert response.context["form"]["decision_number"].value() == "123/QĐ-UBND"
    d = Delegation.objects.get(pk=d.pk)
    assert (d.decision_number, d.decision_date) == ("", None)
    actions.approve_delegation(officer, d, authority="standing_committee", decision_number="123/QĐ-UBND",
                               decision_date=today)
    assert Delegation.objects.get(pk=d.pk).decision_date == today


def test_a_conference_permission_dated_tomorrow_is_refused(world):
    officer = world.users["officer_a"]
    conf = factories.conference(officer, world.a)
    with pytest.raises(ValidationError) as refused:
        actions.approve_conference(officer, conf, decision_number="45/QĐ-UBND",
                                   decision_date=timezone.localdate() + datetime.timedelta(days=1))
    assert refused.value.message_dict["decision_date"] == ["Ngày cho phép không được sau hôm nay"]
    assert Conference.objects.get(pk=conf.pk).decision_date is None
