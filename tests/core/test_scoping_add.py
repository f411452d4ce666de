"""Who may add a record of a kind at all (`may_add`): an API create by anyone else is refused with 403
before its body is read, so a 400 about the owner they named tells them nothing."""
import pytest
from django.urls import reverse

from ngoaivu.agreements.models import Agreement, ConsulteeRule
from ngoaivu.core.scoping import may_add
from ngoaivu.implementation.models import Commitment

pytestmark = pytest.mark.django_db


def test_who_may_add_follows_the_owner_lookups(world):
    adds = {p: may_add(world.users[p], Agreement) for p in world.users}
    assert {p for p, yes in adds.items() if yes} == {"manager_a", "officer_a", "officer_b"}
    # a unit edits the commitments it is responsible for; the centre owns no agreement (locality required)
    assert may_add(world.users["unit_officer"], Commitment) and not may_add(world.users["central"], Commitment)
    # a consultee list may belong to the centre (no locality): its officer adds to it
    assert may_add(world.users["central"], ConsulteeRule) and not may_add(world.users["central_viewer"], ConsulteeRule)


def test_an_api_create_by_someone_who_can_own_none_is_403_and_creates_nothing(world, client_for):
    before = Agreement.objects.count()
    body = {"title": "Thỏa thuận", "form": "ban_ghi_nho", "locality": world.a.pk, "partners": [world.partner_kr.pk]}
    for persona in ("central", "unit_officer", "mission_officer", "viewer"):
        answer = client_for(world.users[persona]).post(reverse("agreement-list"), body, content_type="application/json")
        assert answer.status_code == 403, persona
    assert Agreement.objects.count() == before
