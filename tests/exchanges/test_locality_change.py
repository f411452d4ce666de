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
    d = factories.delegation(both, world.a, start_date=datetime.date(2026, 9, 1))
    response = _edit_post(client_for(both), d, locality=world.b.pk, unit=_unit(world.a).pk)
    assert response.status_code == 200
    assert "Sở Công Thương" in " ".join(response.context["form"].errors.get("unit", []))
    assert Delegation.objects.get(pk=d.pk).locality_id == world.a.pk


def _edit_post(client, d, **changes):
    """The delegation's edit page posted back as it shows, with `changes`."""
    from django.urls import reverse
    form = client.get(reverse("exchanges:delegation_edit", args=[d.pk])).context["form"]
    post = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    rows = form.stops_formset
    post.update({f"stops-{key}": rows.management_form[key].value() for key in ("TOTAL_FORMS", "INITIAL_FORMS")})
    for i, row in enumerate(rows.forms):
        for col in row.fields:
            post[f"stops-{i}-{col}"] = row[col].value() or ""
    post = {k: v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v for k, v in post.items()}
    post.update(changes)
    return client.post(reverse("exchanges:delegation_edit", args=[d.pk]), post)


def test_a_record_left_with_another_provinces_body_can_still_be_edited(world, client_for):
    """Rows the old bug left with another province's body (neither the body nor the province changing) are
    not refused on every edit: the API PATCH of the purpose, the edit page, a re-import of the title."""
    officer = world.users["officer_a"]
    d = factories.delegation(officer, world.a, start_date=datetime.date(2026, 9, 1))
    Delegation.objects.filter(pk=d.pk).update(unit=_unit(world.b))
    conf = factories.conference(officer, world.a)
    Conference.objects.filter(pk=conf.pk).update(organiser_kind="province_unit", organiser_unit=_unit(world.b))

    response = _api(officer).patch(f"/api/delegations/{d.pk}/", {"purpose": "Ký kết hợp tác"}, format="json")
    assert response.status_code == 200, response.content
    assert Delegation.objects.get(pk=d.pk).purpose == "Ký kết hợp tác"
    response = _api(officer).patch(f"/api/conferences/{conf.pk}/", {"venue": "Đồng Đăng"}, format="json")
    assert response.status_code == 200, response.content
    assert Conference.objects.get(pk=conf.pk).venue == "Đồng Đăng"

    response = _edit_post(client_for(officer), d, purpose="Trao đổi kinh nghiệm")
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    row = Delegation.objects.get(pk=d.pk)
    assert (row.purpose, row.locality_id) == ("Trao đổi kinh nghiệm", world.a.pk)

    # Another body of another province chosen anew is still refused.
    other = Unit.objects.filter(locality=world.b).exclude(pk=_unit(world.b).pk).first()
    response = _api(officer).patch(f"/api/delegations/{d.pk}/", {"unit": other.pk, "purpose": "X"}, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["unit"]
    assert Delegation.objects.get(pk=d.pk).purpose == "Trao đổi kinh nghiệm"


def test_a_re_import_of_a_record_left_with_another_provinces_body_clears_the_body(world, client_for):
    from tests.exchanges.test_delegation_reimport import URL, _cell, _export, _upload
    from django.urls import reverse
    officer = world.users["officer_a"]
    d = factories.delegation(officer, world.a, title="Đoàn cũ")
    Delegation.objects.filter(pk=d.pk).update(unit=_unit(world.b))
    client = client_for(officer)
    workbook = _export(client)
    _cell(workbook, d.pk, "Tên đoàn").value = "Đoàn mới"
    preview = _upload(client, workbook)
    assert preview.context["result"].ok, preview.context["result"].errors
    response = client.post(reverse(URL), {"confirm": "1", "token": str(preview.context["run"].token)})
    assert response.status_code == 302
    row = Delegation.objects.get(pk=d.pk)
    assert (row.title, row.locality_id, row.unit_id) == ("Đoàn mới", world.a.pk, None)


def test_a_body_of_a_former_province_merged_into_the_records_is_accepted(world):
    """The form keeps on offer the body a delegation has, a former province's department included: a body
    whose province was merged into the record's is the record's province's own."""
    from ngoaivu.core.models import Locality
    former = Locality.objects.filter(successor=world.b).first()
    assert former is not None and former.today == world.b
    old = Unit.objects.create(locality=former, name="Sở Ngoại vụ cũ", kind="department")
    officer = world.users["officer_b"]
    d = factories.delegation(officer, world.b, unit=old)
    assert Delegation.objects.get(pk=d.pk).unit_id == old.pk
    other = factories.delegation(officer, world.b)
    response = _api(officer).patch(f"/api/delegations/{other.pk}/", {"unit": old.pk}, format="json")
    assert response.status_code == 200, response.content
    assert Delegation.objects.get(pk=other.pk).unit_id == old.pk
    conf = factories.conference(officer, world.b, organiser_kind="province_unit", organiser_unit=old)
    assert Conference.objects.get(pk=conf.pk).organiser_unit_id == old.pk
