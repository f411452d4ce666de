"""The partner pickers of the partner form ("Trực thuộc") and the delegation form: a search field that
suggests from the first keystroke, never a list of every partner in the country; a chosen partner is saved
(read back from the database) and shown ticked after reload."""
import re

import pytest
from django.urls import reverse

from ngoaivu.exchanges.models import Delegation
from ngoaivu.partners.models import Partner
from tests.test_edit_round_trip import formset_values, page_values

pytestmark = pytest.mark.django_db


def _inputs(page, name):
    """(type, value, checked) of every input named `name`."""
    found = []
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag:
            kind = re.search(r'type="(\w+)"', tag).group(1)
            value = re.search(r'value="([^"]*)"', tag).group(1)
            found.append((kind, value, " checked" in tag))
    return found


def test_partner_form_picks_its_parent_by_search(world, client_for):
    client = client_for(world.users["officer_a"])
    url = reverse("partners:partner_edit", kwargs={"pk": world.partner_a.pk})
    page = client.get(url).content.decode()
    assert '<select name="parent"' not in page
    assert Partner.objects.current().count() > 5
    assert str(world.dup_b) not in page and str(world.partner_jp) not in page  # no list of the directory
    assert reverse("partners:partner_suggest") in page and '"single": "1"' in page
    assert _inputs(page, "parent") == [("radio", "", True)]  # only "none", chosen

    form = client.get(url).context["form"]
    response = client.post(url, {**page_values(form), "parent": str(world.partner_jp.pk)})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    world.partner_a.refresh_from_db()
    assert world.partner_a.parent_id == world.partner_jp.pk
    page = client.get(url).content.decode()
    assert _inputs(page, "parent") == [("radio", "", False), ("radio", str(world.partner_jp.pk), True)]
    assert str(world.partner_jp) in page

    form = client.get(url).context["form"]
    assert client.post(url, {**page_values(form), "parent": ""}).status_code == 302
    world.partner_a.refresh_from_db()
    assert world.partner_a.parent_id is None


def test_suggestions_for_a_single_picker_are_radio_buttons(world, client_for):
    client = client_for(world.users["officer_a"])
    url = reverse("partners:partner_suggest")
    one = client.get(url, {"partner_q": "incheon", "pick": "parent", "single": "1"}, HTTP_HX_REQUEST="true")
    assert _inputs(one.content.decode(), "parent") == [("radio", str(world.partner_a.pk), False)]
    many = client.get(url, {"partner_q": "incheon", "pick": "partners"}, HTTP_HX_REQUEST="true")
    assert _inputs(many.content.decode(), "partners") == [("checkbox", str(world.partner_a.pk), False)]


def test_delegation_form_picks_partners_by_search(world, client_for):
    client = client_for(world.users["officer_a"])
    create = client.get(reverse("exchanges:delegation_create")).content.decode()
    assert '<select name="partners"' not in create and 'name="partner_q"' in create
    # No box per partner of the directory (the stops' own datalist is another field, see exchanges.forms).
    assert _inputs(create, "partners") == [] and f'value="{world.partner_kr.pk}"' not in create

    delegation = world.delegation_a
    url = reverse("exchanges:delegation_edit", kwargs={"pk": delegation.pk})
    response = client.get(url)
    form = response.context["form"]
    chosen = set(delegation.partners.values_list("pk", flat=True))
    page = response.content.decode()
    assert sorted(_inputs(page, "partners")) == [("checkbox", str(pk), True) for pk in sorted(chosen)]

    new = world.partner_a.pk
    data = {**page_values(form), **formset_values(form, type("Case", (), {"formsets": ("stops_formset",)})),
            "partners": [str(pk) for pk in chosen | {new}]}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert set(Delegation.objects.get(pk=delegation.pk).partners.values_list("pk", flat=True)) == chosen | {new}
    page = client.get(url).content.decode()
    assert sorted(_inputs(page, "partners")) == [("checkbox", str(pk), True) for pk in sorted(chosen | {new})]
