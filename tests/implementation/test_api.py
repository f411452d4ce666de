"""The API: scoped like the pages; recording an activity through it keeps health current."""
import datetime

import pytest
from rest_framework.test import APIClient

from ngoaivu.implementation import actions
from ngoaivu.implementation.models import Commitment
from tests.implementation.factories import TODAY, agreement

pytestmark = pytest.mark.django_db


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_recording_an_activity_through_the_api_makes_the_agreement_active(world):
    a = agreement(world.a, signed_months_ago=14)
    actions.sweep(on_day=TODAY)
    response = api_for(world.users["officer_a"]).post("/api/activities/", {
        "agreement": a.pk, "kind": "training", "title": "Tập huấn", "occurred_on": datetime.date.today().isoformat(),
        "people_trained": 25}, format="json")
    assert response.status_code == 201, response.json()
    health = api_for(world.users["officer_a"]).get(f"/api/agreement-health/{a.pk}/").json()
    assert health["health"] == "active"
    changes = api_for(world.users["officer_a"]).get(f"/api/health-changes/?agreement={a.pk}").json()
    assert [c["health"] for c in changes["results"]] == ["dormant", "active"]


def test_a_unit_officer_cannot_change_another_units_commitment_through_the_api(world):
    a = agreement(world.a)
    theirs = Commitment.objects.create(agreement=a, description="Của tỉnh")
    response = api_for(world.users["unit_officer"]).patch(f"/api/commitments/{theirs.pk}/",
                                                          {"description": "Đổi"}, format="json")
    assert response.status_code == 403
    mine = Commitment.objects.create(agreement=a, description="Của Sở", responsible_unit=world.unit_a)
    response = api_for(world.users["unit_officer"]).patch(f"/api/commitments/{mine.pk}/",
                                                          {"description": "Đã đổi"}, format="json")
    assert response.status_code == 200


def test_another_provinces_records_are_not_found_and_cannot_be_targeted(world):
    a = agreement(world.a)
    c = Commitment.objects.create(agreement=a, description="Của A")
    client = api_for(world.users["officer_b"])
    assert client.get(f"/api/commitments/{c.pk}/").status_code == 404
    response = client.post("/api/activities/", {"agreement": a.pk, "kind": "event", "title": "X",
                                                "occurred_on": "2026-01-01"}, format="json")
    assert response.status_code == 403
    assert not a.activities.exists()
