"""A merge of two partners of different countries (a duplicate entered under the wrong one): the opportunities
naming the duplicate follow it to the partner kept, and a listing's country is its partner's (as when a
partner's country is changed), so they now carry the survivor's country, and an unmerge gives it back."""
import pytest
from django.urls import reverse

from ngoaivu.partners import actions, merging
from ngoaivu.partners import opportunities as ops
from ngoaivu.partners.models import PartnerMerge
from ngoaivu.partners.models_opportunities import Opportunity

pytestmark = pytest.mark.django_db


def test_merging_across_countries_moves_the_duplicates_opportunities_to_the_survivors_country(world, client_for):
    survivor = actions.create_partner(world.users["officer_a"], name="Gyeonggi-do", country="KR", allow_duplicate=True)
    duplicate = actions.create_partner(world.users["officer_b"], name="Gyeonggi Province", country="JP",
                                       allow_duplicate=True)
    listing = ops.post_opportunity(world.users["officer_b"], kind="partner_seeks", title="Gyeonggi tìm tỉnh hợp tác",
                                   country="JP", partner=duplicate, locality=world.b)
    central = client_for(world.users["central"])
    response = central.post(reverse("partners:partner_merge"), {
        "survivor": survivor.pk, "duplicate": duplicate.pk, "reason": "Nhập nhầm quốc gia", "across_countries": "on"})
    assert response.status_code == 302

    listing = Opportunity.objects.get(pk=listing.pk)
    assert (listing.partner, listing.country) == (survivor, "KR")
    last = listing.history.order_by("-history_id").first()
    assert (last.country, last.history_user) == ("KR", world.users["central"])
    assert last.history_change_reason == "Theo đối tác giữ lại khi gộp đối tác trùng"
    listed = central.get(reverse("partners:opportunity_list"), {"country": "KR"}).content.decode()
    assert "Gyeonggi tìm tỉnh hợp tác" in listed
    assert "Gyeonggi tìm tỉnh hợp tác" not in central.get(reverse("partners:opportunity_list"),
                                                          {"country": "JP"}).content.decode()
    assert "Hàn Quốc" in central.get(listing.get_absolute_url()).content.decode()
    # Edited afterwards, the listing is no longer "a partner of another country".
    ops.update_opportunity(world.users["officer_b"], listing, title="Gyeonggi tìm tỉnh hợp tác nông nghiệp")
    assert Opportunity.objects.get(pk=listing.pk).country == "KR"

    merge = PartnerMerge.objects.get(duplicate=duplicate)
    merging.unmerge(world.users["central"], merge)
    listing = Opportunity.objects.get(pk=listing.pk)
    assert (listing.partner, listing.country) == (duplicate, "JP")
    assert "Gyeonggi tìm tỉnh hợp tác" in central.get(reverse("partners:opportunity_list"),
                                                      {"country": "JP"}).content.decode()
