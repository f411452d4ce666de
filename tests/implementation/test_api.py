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
    assert response.status_code == 400
    assert not a.activities.exists()


def test_another_provinces_ids_answer_as_ids_that_do_not_exist(world):
    """A relation field naming another province's agreement or commitment answers as a missing id does:
    a 403, or a message of its own, told the officer that the id exists."""
    a = agreement(world.a, title="Thỏa thuận của A")
    b = agreement(world.b, title="Thỏa thuận của B")
    theirs = Commitment.objects.create(agreement=a, description="Của A")
    missing = 10 ** 8
    client = api_for(world.users["officer_b"])

    def errors(url, body):
        response = client.post(url, body, format="json")
        return response.status_code, response.json().get("errors")

    activity = {"kind": "event", "title": "X", "occurred_on": "2026-01-01"}
    for url, field, body in (
            ("/api/activities/", "agreement", lambda pk: {**activity, "agreement": pk}),
            ("/api/activities/", "commitments", lambda pk: {**activity, "agreement": b.pk, "commitments": [pk]}),
            ("/api/commitments/", "agreement", lambda pk: {"agreement": pk, "description": "X"})):
        existing = theirs.pk if field == "commitments" else a.pk
        got, expected = errors(url, body(existing)), errors(url, body(missing))
        assert got[0] == expected[0] == 400
        assert got[1][field] == [m.replace(str(missing), str(existing)) for m in expected[1][field]]
    assert not a.activities.exists() and not b.activities.exists()


def test_a_unit_officer_cannot_add_a_commitment_through_the_api_as_the_page_refuses(world):
    """New commitments are the province's (the page answers the unit 403): the API no longer lets the
    implementing unit add one naming itself."""
    a = agreement(world.a)
    response = api_for(world.users["unit_officer"]).post("/api/commitments/", {
        "agreement": a.pk, "description": "Cam kết tự thêm", "responsible_unit": world.unit_a.pk}, format="json")
    assert response.status_code == 403
    assert not Commitment.objects.filter(agreement=a).exists()
    response = api_for(world.users["officer_a"]).post("/api/commitments/", {
        "agreement": a.pk, "description": "Cam kết của tỉnh", "responsible_unit": world.unit_a.pk}, format="json")
    assert response.status_code == 201
