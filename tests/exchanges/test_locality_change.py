"""A delegation or a conference moved to another province (a PATCH of `locality` alone, the edit page, a
re-import) does not keep the old province's body: the host or organising body is refused with a message
naming it unless a body of the new province (or none) comes with the move, and the members' bodies are
read again among the new province's."""
import datetime

import pytest
from rest_framework.test import APIClient

from ngoaivu.core.models import Membership, Unit, User
from ngoaivu.exchanges import actions
from ngoaivu.exchanges.models import Conference, Delegation
from tests.exchanges import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def both(world):
    """An officer of both provinces (a merged province's staff during the handover)."""
    Membership.objects.create(user=world.users["officer_a"], kind="locality", locality=world.b, role="officer")
    return User.objects.get(pk=world.users["officer_a"].pk)


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _unit(locality, name="Sở Công Thương"):
    return Unit.objects.get(locality=locality, name=name)


def test_a_patch_of_the_province_alone_is_refused_while_the_old_provinces_host_body_stays(world, both):
    d = factories.delegation(both, world.a, unit=_unit(world.a), member_count=5,
                             members=["Nguyễn Văn An"])
    actions.update_delegation(both, d, data={}, members=[
        {"full_name": "Nguyễn Văn An", "organisation": "Sở Công Thương"}])
    client = _api(both)
    response = client.patch(f"/api/delegations/{d.pk}/", {"locality": world.b.pk}, format="json")
    assert response.status_code == 400, response.content
    message = " ".join(response.json()["errors"]["unit"])
    assert "Cơ quan chủ trì" in message and "Sở Công Thương" in message and world.b.short_name in message
    row = Delegation.objects.get(pk=d.pk)
    assert (row.locality_id, row.unit_id) == (world.a.pk, _unit(world.a).pk)

    response = client.patch(f"/api/delegations/{d.pk}/", {"locality": world.b.pk, "unit": _unit(world.b).pk},
                            format="json")
    assert response.status_code == 200, response.content
    row = Delegation.objects.get(pk=d.pk)
    assert (row.locality_id, row.unit_id) == (world.b.pk, _unit(world.b).pk)
    # The member's body is the new province's department of that name, not the old one's.
    assert [m.unit_id for m in row.members.all()] == [_unit(world.b).pk]

    response = client.patch(f"/api/delegations/{d.pk}/", {"locality": world.a.pk, "unit": None}, format="json")
    assert response.status_code == 200, response.content
    row = Delegation.objects.get(pk=d.pk)
    assert (row.locality_id, row.unit_id) == (world.a.pk, None)
    assert [m.unit_id for m in row.members.all()] == [_unit(world.a).pk]


def test_a_patch_of_a_conferences_province_alone_is_refused_while_its_organiser_is_the_old_provinces(world, both):
    conf = factories.conference(both, world.a, organiser_kind="province_unit", organiser_unit=_unit(world.a))
    client = _api(both)
    response = client.patch(f"/api/conferences/{conf.pk}/", {"locality": world.b.pk}, format="json")
    assert response.status_code == 400, response.content
    message = " ".join(response.json()["errors"]["organiser_unit"])
    assert "Cơ quan tổ chức" in message and "Sở Công Thương" in message and world.b.short_name in message
    row = Conference.objects.get(pk=conf.pk)
    assert (row.locality_id, row.organiser_unit_id) == (world.a.pk, _unit(world.a).pk)

    response = client.patch(f"/api/conferences/{conf.pk}/", {"locality": world.b.pk,
                                                             "organiser_unit": _unit(world.b).pk}, format="json")
    assert response.status_code == 200, response.content
    row = Conference.objects.get(pk=conf.pk)
    assert (row.locality_id, row.organiser_unit_id) == (world.b.pk, _unit(world.b).pk)


def test_the_edit_page_refuses_another_provinces_host_body(world, both, client_for):
    from django.urls import reverse
    d = factories.delegation(both, world.a, start_date=datetime.date(2026, 9, 1))
    form = client_for(both).get(reverse("exchanges:delegation_edit", args=[d.pk])).context["form"]
    post = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    rows = form.stops_formset
    post.update({f"stops-{key}": rows.management_form[key].value() for key in ("TOTAL_FORMS", "INITIAL_FORMS")})
    for i, row in enumerate(rows.forms):
        for col in row.fields:
            post[f"stops-{i}-{col}"] = row[col].value() or ""
    post = {k: v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v for k, v in post.items()}
    post.update({"locality": world.b.pk, "unit": _unit(world.a).pk})
    response = client_for(both).post(reverse("exchanges:delegation_edit", args=[d.pk]), post)
    assert response.status_code == 200
    assert "Sở Công Thương" in " ".join(response.context["form"].errors.get("unit", []))
    assert Delegation.objects.get(pk=d.pk).locality_id == world.a.pk
