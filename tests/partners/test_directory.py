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


def test_renaming_a_partner_to_another_partners_name_is_refused_as_creating_it_is(world, client_for):
    """Creating a second "Gyeonggi-do" in Korea is refused (unless marked as a different partner), but renaming
    Suwon to it on the edit page or through the API was saved without a word: two partners of the same name
    in one country, the agreements of one unknown to the other's readers."""
    gyeonggi = Partner.objects.create(name="Gyeonggi-do", name_vi="Tỉnh Gyeonggi", country="KR")
    officer = world.users["officer_a"]
    suwon = actions.create_partner(officer, name="Suwon City", country="KR")
    client = client_for(officer)
    url = reverse("partners:partner_edit", args=[suwon.pk])
    form = client.get(url).context["form"]
    post = {name: form[name].value() for name in form.fields if form[name].value() is not None}

    page = client.post(url, {**post, "name": "gyeonggi do"})
    assert page.status_code == 200
    message = " ".join(page.context["form"].errors["name"])
    assert "Tên" in message and "Gyeonggi-do" in message and "Hàn Quốc" in message
    assert "confirm_new" in page.context["form"].fields and "Có thể bạn đang tìm" in page.content.decode()
    refused = client.patch(reverse("partner-detail", args=[suwon.pk]), {"name_vi": "tinh gyeonggi"},
                           content_type="application/json")
    assert refused.status_code == 400 and "name_vi" in refused.json()["errors"]
    with pytest.raises(ValidationError) as moved:  # the action itself, whoever calls it
        actions.update_partner(officer, suwon, name="GYEONGGI-DO")
    assert "name" in moved.value.message_dict
    suwon.refresh_from_db()
    assert (suwon.name, suwon.name_vi) == ("Suwon City", "")
    assert not Partner.objects.look_alikes("Gyeonggi-do", "KR").filter(pk=suwon.pk).exists()

    # Marked as a different partner, as on creation: saved; then other edits of either need no mark.
    assert client.post(url, {**post, "name": "gyeonggi do", "confirm_new": "on"}).status_code == 302
    suwon.refresh_from_db()
    assert suwon.name == "gyeonggi do"
    form = client.get(url).context["form"]  # the version saved
    post = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    assert post["name"] == "gyeonggi do"
    assert client.post(url, {**post, "notes": "Trùng tên, khác đơn vị"}).status_code == 302
    assert Partner.objects.get(pk=suwon.pk).notes == "Trùng tên, khác đơn vị"
    assert client.patch(reverse("partner-detail", args=[suwon.pk]), {"name_vi": "Tỉnh Gyeonggi", "allow_duplicate": True},
                        content_type="application/json").status_code == 200
    assert Partner.objects.get(pk=suwon.pk).name_vi == "Tỉnh Gyeonggi"


def test_a_partner_kept_under_the_same_name_as_another_on_purpose_stays_editable(world, client_for):
    """Two partners kept under one name on purpose ("vẫn tạo mới"): changing one's Vietnamese name, clearing it or
    moving it to another country brings no new clash; moving it where its name is taken still does."""
    officer = world.users["officer_a"]
    actions.create_partner(officer, name="Jung-gu Office", country="KR")
    twin = actions.create_partner(officer, name="Jung-gu Office", country="KR", allow_duplicate=True)
    actions.create_partner(officer, name="Jung-gu Office", country="JP")
    twin = actions.update_partner(officer, twin, name_vi="Quận Jung, Daegu") or Partner.objects.get(pk=twin.pk)
    assert Partner.objects.get(pk=twin.pk).name_vi == "Quận Jung, Daegu"
    actions.update_partner(officer, Partner.objects.get(pk=twin.pk), name_vi="")
    assert Partner.objects.get(pk=twin.pk).name_vi == ""
    with pytest.raises(ValidationError):  # Japan has a partner of that name already
        actions.update_partner(officer, Partner.objects.get(pk=twin.pk), country="JP")
    actions.update_partner(officer, Partner.objects.get(pk=twin.pk), country="CN")
    assert Partner.objects.get(pk=twin.pk).country == "CN"
