"""A province's body answers for that province's activities, commitments and plans only (core's Unit.serves).
A unit's officer edits a record by its body alone, so an API edit that moved their activity to another
province — its province, or another province's agreement marked national, with that agreement's commitment —
was saved: the activity, its figures and the other province's commitment ("in progress") and agreement
(its last activity, its health) all changed (the review of 07/12/2026). Now refused on the body's field,
whichever way it comes in, and nothing changes."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from ngoaivu.core.models import Unit
from ngoaivu.implementation import actions
from ngoaivu.implementation.models import Activity, Commitment, Plan
from tests.implementation.factories import agreement

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _unit_activity(world, **where):
    client = api_for(world.users["unit_officer"])
    r = client.post("/api/activities/", {**where, "kind": "project", "title": "Dự án của Sở",
                                         "occurred_on": TODAY.isoformat(), "investment_pledged_usd": "5000000",
                                         "responsible_unit": world.unit_a.pk}, format="json")
    assert r.status_code == 201, r.json()
    return client, r.json()["id"]


def test_a_units_activity_is_not_moved_onto_another_provinces_agreement(world):
    own = agreement(world.a, title="Của A")
    theirs = agreement(world.b, title="Thỏa thuận toàn quốc của B", visibility="national", signed_months_ago=20)
    pending = Commitment.objects.create(agreement=theirs, description="Cam kết của B")
    client, pk = _unit_activity(world, agreement=own.pk)
    r = client.patch(f"/api/activities/{pk}/", {"agreement": theirs.pk, "commitments": [pending.pk]}, format="json")
    assert r.status_code == 400 and list(r.json()["errors"]) == ["responsible_unit"], r.json()
    assert "không thuộc" in r.json()["errors"]["responsible_unit"][0]
    activity = Activity.objects.get(pk=pk)
    assert (activity.agreement_id, activity.locality_id) == (own.pk, world.a.pk)
    assert not activity.commitments.exists()
    pending.refresh_from_db()
    theirs.refresh_from_db()
    assert pending.status == "pending" and theirs.last_activity_on is None


def test_a_units_activity_is_not_moved_to_another_province(world):
    client, pk = _unit_activity(world, locality=world.a.pk)
    r = client.patch(f"/api/activities/{pk}/", {"locality": world.b.pk}, format="json")
    assert r.status_code == 400 and list(r.json()["errors"]) == ["responsible_unit"], r.json()
    assert Activity.objects.get(pk=pk).locality_id == world.a.pk
    # An edit that keeps the province goes through.
    assert client.patch(f"/api/activities/{pk}/", {"title": "Dự án của Sở (sửa)"}, format="json").status_code == 200
    assert Activity.objects.get(pk=pk).title == "Dự án của Sở (sửa)"


def test_another_provinces_body_named_on_the_page_is_refused_at_the_field(world, client_for):
    """The page without an agreement offers a superuser every body: one of another province is refused there."""
    from ngoaivu.core.models import User
    client = client_for(User.objects.create_superuser("admin_serves", "admin@example.vn", "Mat-khau-2026-dai"))
    response = client.post(reverse("implementation:activity_create"), {
        "locality": world.b.pk, "kind": "project", "title": "Hoạt động của B", "occurred_on": TODAY.strftime("%d/%m/%Y"),
        "responsible_unit": world.unit_a.pk})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["responsible_unit"] and world.unit_a.name in errors["responsible_unit"][0]
    assert not Activity.objects.filter(title="Hoạt động của B").exists()


def test_commitments_and_plans_keep_their_body_in_the_agreements_province(world):
    own, theirs = agreement(world.a, title="Của A"), agreement(world.b, title="Của B")
    commitment = Commitment.objects.create(agreement=own, description="Cam kết", responsible_unit=world.unit_a)
    commitment.agreement = theirs
    with pytest.raises(ValidationError) as refused:
        actions.save_commitment(world.users["central"], commitment)
    assert list(refused.value.message_dict) == ["responsible_unit"]
    assert Commitment.objects.get(pk=commitment.pk).agreement_id == own.pk
    plan = Plan(agreement=theirs, year=TODAY.year + 1, responsible_unit=world.unit_a)
    with pytest.raises(ValidationError):
        actions.save_plan(world.users["central"], plan)
    assert not Plan.objects.filter(agreement=theirs, year=TODAY.year + 1).exists()


def test_a_former_provinces_body_serves_the_province_it_merged_into(world):
    from ngoaivu.core.models import Locality
    former = Locality.objects.filter(successor=world.a).first() or Locality.objects.create(
        code="99", name="Tỉnh Cũ", short_name="Cũ", kind="province", successor=world.a)
    body = Unit.objects.create(locality=former, name="Sở Ngoại vụ tỉnh cũ", kind="department")
    assert body.serves(world.a) and not body.serves(world.b)
    own = agreement(world.a, title="Của A")
    commitment = actions.save_commitment(world.users["manager_a"], Commitment(
        agreement=own, description="Cam kết", responsible_unit=body))
    assert Commitment.objects.get(pk=commitment.pk).responsible_unit_id == body.pk
