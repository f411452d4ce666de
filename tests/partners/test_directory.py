"""The partner directory: duplicates are offered instead of created; everyone signed in reads it."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ngoaivu.partners import actions
from ngoaivu.partners.models import Partner

pytestmark = pytest.mark.django_db


def test_a_partner_with_the_same_folded_name_in_the_same_country_is_not_created_twice(world):
    officer = world.users["officer_a"]
    first = actions.create_partner(officer, name="Chungcheongbuk-do", name_vi="Tỉnh Chungcheong Bắc", country="KR")
    with pytest.raises(ValidationError, match="Đã có đối tác"):
        actions.create_partner(officer, name="CHUNGCHEONGBUK DO", country="KR")
    with pytest.raises(ValidationError):
        actions.create_partner(officer, name="Tinh Chungcheong Bac", country="KR")
    other_country = actions.create_partner(officer, name="Chungcheongbuk-do", country="JP")
    assert other_country.pk != first.pk
    assert list(Partner.objects.look_alikes("崇左市", "CN")) == []
    chongzuo = actions.create_partner(officer, name="崇左市", name_vi="Thành phố Sùng Tả", country="CN")
    assert list(Partner.objects.look_alikes("崇左市", "CN")) == [chongzuo]


def test_the_page_offers_the_existing_partner(world, client_for):
    Partner.objects.create(name="Gyeonggi-do", country="KR")
    response = client_for(world.users["officer_a"]).post(reverse("partners:partner_create"), {
        "name": "gyeonggi do", "kind": "local_gov", "country": "KR"})
    html = response.content.decode()
    assert response.status_code == 200 and "Có thể bạn đang tìm" in html
    response = client_for(world.users["officer_a"]).post(reverse("partners:partner_create"), {
        "name": "gyeonggi do", "kind": "local_gov", "country": "KR", "confirm_new": "on"})
    assert response.status_code == 302


def test_api_refuses_a_duplicate_unless_asked(world, client_for):
    Partner.objects.create(name="Sakai City", country="JP")
    client = client_for(world.users["officer_a"])
    refused = client.post("/api/partners/", {"name": "sakai city", "country": "JP", "kind": "local_gov"},
                          content_type="application/json")
    assert refused.status_code == 400 and "name" in refused.json()["errors"]
    assert client.post("/api/partners/", {"name": "sakai city", "country": "JP", "kind": "local_gov",
                                          "allow_duplicate": True}, content_type="application/json").status_code == 201
    assert client_for(world.users["viewer"]).post("/api/partners/", {"name": "X", "country": "JP"},
                                                 content_type="application/json").status_code == 403


def test_the_create_page_refuses_a_malformed_wikidata_id_on_its_field(world, client_for):
    """The edit page showed the action's refusal on the field; the create page let it through as a server error."""
    client = client_for(world.users["officer_a"])
    client.raise_request_exception = False
    response = client.post(reverse("partners:partner_create"), {
        "name": "Jeollabuk-do", "kind": "local_gov", "country": "KR", "wikidata_id": "41151", "aliases": "Jeonbuk"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Wikidata" in " ".join(errors["wikidata_id"])
    assert "Wikidata" in response.content.decode()
    assert not Partner.objects.filter(name="Jeollabuk-do").exists()
    response = client.post(reverse("partners:partner_create"), {
        "name": "Jeollabuk-do", "kind": "local_gov", "country": "KR", "wikidata_id": "q41161", "aliases": "Jeonbuk"})
    assert response.status_code == 302
    created = Partner.objects.get(name="Jeollabuk-do")
    assert (created.wikidata_id, created.alias_names, created.locality_id) == ("Q41161", ["Jeonbuk"], world.a.pk)
