"""An other name (alias) given on an edit is a name the partner is found and matched by: one that is already
another partner's name or alias in the same country made the two indistinguishable by it, where creating the
partner with that alias, or renaming it to that name, is refused."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ngoaivu.partners import actions
from ngoaivu.partners.models import Partner

pytestmark = pytest.mark.django_db


def _post(client, url):
    form = client.get(url).context["form"]
    return {name: form[name].value() for name in form.fields if form[name].value() is not None}


def test_an_alias_that_is_another_partners_name_or_alias_is_refused_on_an_edit(world, client_for):
    officer = world.users["officer_a"]
    gangwon = actions.create_partner(officer, name="Gangwon-do", name_vi="Tỉnh Gangwon", country="KR",
                                     aliases=["Kangwon"])
    actions.create_partner(officer, name="Gangwon Province", country="JP", allow_duplicate=True)  # another country
    sokcho = actions.create_partner(officer, name="Sokcho City", country="KR", aliases=["Sokcho-si"])
    client = client_for(officer)
    url = reverse("partners:partner_edit", args=[sokcho.pk])

    for typed in ("Sokcho-si\ngangwon do", "Sokcho-si\nKANGWON", "Sokcho-si\ntinh gangwon"):
        page = client.post(url, {**_post(client, url), "aliases": typed})
        assert page.status_code == 200, typed
        message = " ".join(page.context["form"].errors["aliases"])
        assert "Tên khác" in message and "Gangwon-do" in message and "Hàn Quốc" in message, message
        html = page.content.decode()
        assert "Tên khác: đã có đối tác" in html and typed.split("\n")[1] in html  # the input is kept
        sokcho = Partner.objects.get(pk=sokcho.pk)
        assert sokcho.alias_names == ["Sokcho-si"], typed
        assert list(Partner.objects.search("kangwon")) == [gangwon]
    # Reloaded: the other names are the stored ones.
    assert client.get(url).context["form"]["aliases"].value() == "Sokcho-si"

    # The action, whoever calls it, and the API.
    with pytest.raises(ValidationError) as refused:
        actions.update_partner(officer, sokcho, aliases=["Sokcho-si", "Kangwon"])
    assert "Tên khác" in " ".join(refused.value.message_dict["aliases"])
    response = client_for(officer).patch(reverse("partner-detail", args=[sokcho.pk]),
                                         {"aliases": ["Sokcho-si", "Gangwon-do"]}, content_type="application/json")
    assert response.status_code == 400 and "aliases" in response.json()["errors"], response.content
    assert Partner.objects.get(pk=sokcho.pk).alias_names == ["Sokcho-si"]

    # A name of a partner of another country, or a new name nobody has, is saved.
    page = client.post(url, {**_post(client, url), "aliases": "Sokcho-si\nGangwon Province\n속초시"})
    assert page.status_code == 302, page.context["form"].errors
    assert sorted(Partner.objects.get(pk=sokcho.pk).alias_names) == ["Gangwon Province", "Sokcho-si", "속초시"]


def test_a_partner_kept_under_another_partners_name_on_purpose_stays_editable(world, client_for):
    """Only the names the edit brings are asked: a partner saved with another's name as an alias ("vẫn tạo
    mới") keeps it through other edits, and the box "Đây là một đối tác khác" lets a new one through."""
    officer = world.users["officer_a"]
    actions.create_partner(officer, name="Jung-gu Office", country="KR", aliases=["Jung-gu"])
    twin = actions.create_partner(officer, name="Jung District, Daegu", country="KR", aliases=["Jung-gu"],
                                  allow_duplicate=True)
    client = client_for(officer)
    url = reverse("partners:partner_edit", args=[twin.pk])
    assert client.post(url, {**_post(client, url), "notes": "Quận Jung của Daegu"}).status_code == 302
    assert client.post(url, {**_post(client, url), "aliases": "Jung-gu\nDaegu Jung-gu"}).status_code == 302
    twin = Partner.objects.get(pk=twin.pk)
    assert twin.notes == "Quận Jung của Daegu" and sorted(twin.alias_names) == ["Daegu Jung-gu", "Jung-gu"]
    actions.update_partner(officer, twin, aliases=["Jung-gu", "Daegu Jung-gu", "중구"])
    assert sorted(Partner.objects.get(pk=twin.pk).alias_names) == ["Daegu Jung-gu", "Jung-gu", "중구"]

    post = {**_post(client, url), "aliases": "Jung-gu\nJung-gu Office"}
    page = client.post(url, post)
    assert page.status_code == 200 and "aliases" in page.context["form"].errors
    assert "confirm_new" in page.context["form"].fields
    assert client.post(url, {**post, "confirm_new": "on"}).status_code == 302
    assert sorted(Partner.objects.get(pk=twin.pk).alias_names) == ["Jung-gu", "Jung-gu Office"]


def test_creating_a_partner_with_another_partners_name_as_an_other_name_is_refused_by_the_action_and_the_api(
        world, client_for):
    # The page refused it at creation (PartnerForm.clean); the action and the API saved it, the new partner then
    # found and matched by the other's name.
    officer = world.users["officer_a"]
    gangwon = actions.create_partner(officer, name="Gangwon-do", country="KR", aliases=["Kangwon"])
    with pytest.raises(ValidationError) as refused:
        actions.create_partner(officer, name="Sokcho City", country="KR", aliases=["Sokcho-si", "Gangwon do"])
    assert "Gangwon-do" in " ".join(refused.value.message_dict["aliases"])
    response = client_for(officer).post(reverse("partner-list"), {
        "name": "Sokcho City", "country": "KR", "aliases": ["Sokcho-si", "KANGWON"]}, content_type="application/json")
    assert response.status_code == 400 and "aliases" in response.json()["errors"], response.content
    assert not Partner.objects.filter(name="Sokcho City").exists()
    assert list(Partner.objects.search("kangwon")) == [gangwon]
    # Another country's name, or allow_duplicate (a different partner after all), is saved.
    response = client_for(officer).post(reverse("partner-list"), {
        "name": "Sokcho City", "country": "JP", "aliases": ["Kangwon"]}, content_type="application/json")
    assert response.status_code == 201, response.content
    response = client_for(officer).post(reverse("partner-list"), {
        "name": "Sokcho City", "country": "KR", "aliases": ["Kangwon"], "allow_duplicate": True},
        content_type="application/json")
    assert response.status_code == 201, response.content
    assert Partner.objects.get(pk=response.json()["id"]).alias_names == ["Kangwon"]
