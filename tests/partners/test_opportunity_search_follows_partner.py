"""An opportunity is searched by the name of the partner it names (Opportunity.search_parts): renamed or merged,
the partner's new name found none of its listings, which were still found by the name it no longer has."""
import pytest
from django.urls import reverse

from ngoaivu.partners import actions, merging
from ngoaivu.partners import opportunities as ops
from ngoaivu.partners.models import PartnerMerge
from ngoaivu.partners.models_opportunities import Opportunity

pytestmark = pytest.mark.django_db

TITLE = "Tìm tỉnh hợp tác nông nghiệp công nghệ cao"


def _found(client, term) -> bool:
    return TITLE in client.get(reverse("partners:opportunity_list"), {"q": term}).content.decode()


def test_a_renamed_partners_listings_are_found_by_its_new_name(world, client_for):
    officer = world.users["officer_a"]
    partner = actions.create_partner(officer, name="Hwaseong City", country="KR")
    listing = ops.post_opportunity(officer, kind="partner_seeks", title=TITLE, country="KR", partner=partner,
                                   locality=world.a)
    client = client_for(officer)
    assert _found(client, "hwaseong")
    url = reverse("partners:partner_edit", args=[partner.pk])
    form = client.get(url).context["form"]
    post = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    assert client.post(url, {**post, "name": "Thành phố Hoa Thành"}).status_code == 302

    stored = Opportunity.objects.get(pk=listing.pk).search_text
    assert " thanh pho hoa thanh " in stored and "hwaseong" not in stored
    assert _found(client, "hoa thanh") and not _found(client, "hwaseong")
    assert [o.pk for o in Opportunity.objects.search("thanh pho hoa")] == [listing.pk]


def test_a_merged_partners_listings_are_found_by_the_name_of_the_partner_kept(world, client_for):
    survivor = actions.create_partner(world.users["officer_a"], name="Chungcheongbuk-do", country="KR")
    duplicate = actions.create_partner(world.users["officer_b"], name="North Chungcheong", country="KR")
    listing = ops.post_opportunity(world.users["officer_b"], kind="partner_seeks", title=TITLE, country="KR",
                                   partner=duplicate, locality=world.b)
    central = client_for(world.users["central"])
    assert central.post(reverse("partners:partner_merge"),
                        {"survivor": survivor.pk, "duplicate": duplicate.pk}).status_code == 302
    assert "chungcheongbuk" in Opportunity.objects.get(pk=listing.pk).search_text
    assert _found(central, "chungcheongbuk")

    merging.unmerge(world.users["central"], PartnerMerge.objects.get(duplicate=duplicate))
    assert "chungcheongbuk" not in Opportunity.objects.get(pk=listing.pk).search_text
    assert _found(central, "north chungch") and not _found(central, "chungcheongbuk")


def test_a_listing_is_found_by_its_partners_vietnamese_name_and_follows_it(world, client_for):
    """The partner list finds a partner by its Vietnamese name; its opportunities were found by the foreign name
    only, so "Hoa Thành" found the partner and none of its listings."""
    officer = world.users["officer_a"]
    partner = actions.create_partner(officer, name="Hwaseong City", name_vi="Thành phố Hoa Thành", country="KR")
    listing = ops.post_opportunity(officer, kind="partner_seeks", title=TITLE, country="KR", partner=partner,
                                   locality=world.a)
    client = client_for(officer)
    assert " thanh pho hoa thanh " in Opportunity.objects.get(pk=listing.pk).search_text
    assert _found(client, "hoa thanh") and _found(client, "hwaseong")

    url = reverse("partners:partner_edit", args=[partner.pk])
    form = client.get(url).context["form"]
    post = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    assert client.post(url, {**post, "name_vi": "Thị xã Hoa Sơn"}).status_code == 302
    stored = Opportunity.objects.get(pk=listing.pk).search_text
    assert " thi xa hoa son " in stored and "hoa thanh" not in stored and "hwaseong" in stored
    assert _found(client, "hoa son") and not _found(client, "hoa thanh")
    partner.refresh_from_db()
    assert partner.name_vi == "Thị xã Hoa Sơn"
