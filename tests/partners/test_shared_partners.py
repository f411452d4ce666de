"""Who changes a shared partner: the centre any; the province (or mission) that added it while no other
province's record uses it; nobody else. A partner's country decides which embassy reads the agreements
with it, so a change of country is never silent."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ngoaivu.agreements import actions as agreement_actions
from ngoaivu.agreements.models import Agreement
from ngoaivu.partners import actions
from ngoaivu.partners.models import Partner
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db


def api_patch(client, partner, data):
    return client.patch(reverse("partner-detail", args=[partner.pk]), data, content_type="application/json")


def test_a_province_cannot_move_another_provinces_agreement_to_an_embassy_by_editing_its_partner(world, client_for):
    """Regression (Trust, item 4): officer_b changed the country of the partner of A's internal agreement,
    and the Korean embassy then read it. A's agreement uses a Japanese partner here."""
    jp = world.partner_jp  # used by B's agreement in the world; move it to A's agreement as in the report
    own = Agreement.objects.get(pk=world.agreement_a.pk)
    own.partners.set([jp])
    mission = client_for(world.users["mission_officer"])
    assert mission.get(reverse("agreements:agreement_detail", args=[own.pk])).status_code == 404

    refused = api_patch(client_for(world.users["officer_b"]), jp, {"country": "KR"})
    assert refused.status_code == 403
    assert "Bộ Ngoại giao" in refused.json()["detail"]
    page = client_for(world.users["officer_b"]).post(reverse("partners:partner_edit", args=[jp.pk]), {
        "name": jp.name, "kind": jp.kind, "country": "KR"})
    assert page.status_code == 403 and "Bộ Ngoại giao" in page.content.decode()

    jp.refresh_from_db()
    assert jp.country == "JP" and jp.history.count() == 1
    assert mission.get(reverse("agreements:agreement_detail", args=[own.pk])).status_code == 404


def test_the_province_that_added_a_partner_edits_it_until_another_province_uses_it(world, client_for):
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    partner = actions.create_partner(officer_a, name="Gangwon-do", country="KR")
    assert partner.locality == world.a and partner.mission is None

    client = client_for(officer_a)
    saved = client.post(reverse("partners:partner_edit", args=[partner.pk]), {
        "name": "Gangwon State", "kind": "local_gov", "country": "KR"})
    assert saved.status_code == 302
    partner.refresh_from_db()
    assert partner.name == "Gangwon State"
    assert api_patch(client_for(officer_b), partner, {"notes": "x"}).status_code == 403

    agreement_actions.create_agreement(officer_b, locality=world.b, partners=[partner], form="ban_ghi_nho",
                                       title="Bản ghi nhớ Đà Nẵng – Gangwon")
    detail = client.get(partner.get_absolute_url()).content.decode()
    assert reverse("partners:partner_edit", args=[partner.pk]) not in detail
    assert "chỉ Bộ Ngoại giao sửa được" in detail
    refused = client.post(reverse("partners:partner_edit", args=[partner.pk]), {
        "name": "Gangwon-do", "kind": "local_gov", "country": "KR"})
    assert refused.status_code == 403
    assert api_patch(client, partner, {"name": "Gangwon-do"}).status_code == 403
    partner.refresh_from_db()
    assert partner.name == "Gangwon State"


def test_the_centre_changes_a_partners_country_only_when_it_confirms_and_the_history_says_so(world, client_for):
    jp = world.partner_jp
    client = client_for(world.users["central"])
    asked = api_patch(client, jp, {"country": "KR"})
    assert asked.status_code == 400 and "confirm_country_change" in asked.json()["errors"]
    jp.refresh_from_db()
    assert jp.country == "JP"

    page = client.post(reverse("partners:partner_edit", args=[jp.pk]), {"name": jp.name, "kind": jp.kind,
                                                                         "country": "KR"})
    assert page.status_code == 200 and "Đánh dấu xác nhận" in page.content.decode()
    jp.refresh_from_db()
    assert jp.country == "JP"

    done = client.post(reverse("partners:partner_edit", args=[jp.pk]), {
        "name": jp.name, "kind": jp.kind, "country": "KR", "confirm_country_change": "on"})
    assert done.status_code == 302
    jp.refresh_from_db()
    assert jp.country == "KR"
    last = jp.history.order_by("-history_id").first()
    assert last.country == "KR" and "Đổi quốc gia đã xác nhận: 1 thỏa thuận" in last.history_change_reason
    shown = client.get(jp.get_absolute_url()).content.decode()
    assert "Đổi quốc gia đã xác nhận" in shown


def test_the_centre_edits_any_partner_and_other_fields_need_no_confirmation(world, client_for):
    answer = api_patch(client_for(world.users["central"]), world.partner_kr, {"notes": "Kết nghĩa từ 2019"})
    assert answer.status_code == 200
    world.partner_kr.refresh_from_db()
    assert world.partner_kr.notes == "Kết nghĩa từ 2019"


def test_a_mission_edits_the_partners_it_added_but_not_the_centres(world, client_for):
    mission_officer = world.users["mission_officer"]
    client = client_for(mission_officer)
    created = client.post(reverse("partner-list"), {"name": "Busan Metropolitan City", "country": "KR",
                                                    "kind": "local_gov"}, content_type="application/json")
    assert created.status_code == 201
    partner = Partner.objects.get(pk=created.json()["id"])
    assert partner.mission == world.mission and partner.locality is None and partner.created_by == mission_officer
    assert api_patch(client, partner, {"name_vi": "Thành phố Busan"}).status_code == 200
    assert api_patch(client, world.partner_kr, {"name_vi": "Gyeonggi"}).status_code == 403
    partner.refresh_from_db()
    assert partner.name_vi == "Thành phố Busan"


def test_a_partner_added_through_another_path_belongs_to_its_creators_province(world):
    """An import or an agreement's form saves the partner directly: the owner is still set."""
    partner = Partner.objects.create(name="Quảng Tây", country="CN", created_by=world.users["officer_b"])
    assert partner.locality == world.b
    assert Partner.objects.create(name="Tokyo", country="JP", created_by=world.users["central"]).locality is None


def test_the_action_refuses_whoever_the_rule_refuses(world):
    with pytest.raises(PermissionDenied):
        actions.update_partner(world.users["officer_b"], world.partner_kr, notes="x")
    with pytest.raises(ValidationError):
        actions.update_partner(world.users["central"], world.partner_kr, country="JP")
    world.partner_kr.refresh_from_db()
    assert world.partner_kr.country == "KR" and world.partner_kr.notes == ""


def test_editable_by_and_the_refusal_agree_for_every_persona_and_partner(world):
    b_partner = actions.create_partner(world.users["officer_b"], name="Okinawa", country="JP")
    used = actions.create_partner(world.users["officer_a"], name="Jeju", country="KR")
    agreement_actions.create_agreement(world.users["officer_b"], locality=world.b, partners=[used], form="ban_ghi_nho",
                                       title="Bản ghi nhớ với Jeju")
    for persona in PERSONAS:
        user = world.users[persona]
        editable = set(Partner.objects.editable_by(user).values_list("pk", flat=True))
        for partner in Partner.objects.all():
            assert (partner.pk in editable) == actions.can_edit_partner(user, partner), (persona, partner)
    assert b_partner.pk in set(Partner.objects.editable_by(world.users["officer_b"]).values_list("pk", flat=True))
    assert not Partner.objects.editable_by(world.users["officer_a"]).filter(pk=used.pk).exists()
    assert Partner.objects.editable_by(world.users["central"]).filter(pk=used.pk).exists()


def test_a_province_cannot_move_another_provinces_conference_or_trip_by_editing_its_partner(world):
    """A conference is read by the mission of its partners' countries, like an agreement: a partner another
    province's conference (or a stop of its delegation) uses is shared, and only the centre changes it (the
    review of 03/12/2026 moved Đà Nẵng's conference out of the Korean embassy's sight from Lạng Sơn)."""
    from ngoaivu.exchanges import actions as exchange_actions
    from ngoaivu.exchanges.models import Conference
    from tests.exchanges.factories import conference, delegation
    officer_a, officer_b, mission = world.users["officer_a"], world.users["officer_b"], world.users["mission_officer"]
    met = actions.create_partner(officer_a, name="Busan Metropolitan City Council", country="KR")
    talks = actions.create_partner(officer_a, name="Ulsan Port Authority", country="KR")
    meeting = conference(officer_b, world.b, partners=[met], title="Hội thảo Đà Nẵng – Busan")
    trip = delegation(officer_b, world.b, countries=("KR",))
    exchange_actions.update_delegation(officer_b, trip, data={},
                                       stops=[{"country": "KR", "city": "Ulsan", "days": 2, "partner": talks}])
    assert Conference.objects.visible_to(mission).filter(pk=meeting.pk).exists()
    for partner in (met, talks):
        assert actions.partner_edit_refusal(officer_a, partner)
        assert not Partner.objects.editable_by(officer_a).filter(pk=partner.pk).exists()
        with pytest.raises(PermissionDenied):
            actions.update_partner(officer_a, partner, country="JP")
        assert Partner.objects.get(pk=partner.pk).country == "KR"
    assert Conference.objects.visible_to(mission).filter(pk=meeting.pk).exists()
    actions.update_partner(world.users["central"], met, country="JP", confirm_country_change=True)  # the centre may
    assert not Conference.objects.visible_to(mission).filter(pk=meeting.pk).exists()


def test_a_province_cannot_change_a_partner_that_another_posters_opportunity_names(world, client_for):
    """The embassy in Korea's listing names the partner Lạng Sơn added: Lạng Sơn renamed it or moved it to Japan
    under the embassy's listing. Another poster's opportunity uses the partner as an agreement does; the
    province's own listing does not make it shared."""
    from ngoaivu.partners import opportunities as ops
    officer_a = world.users["officer_a"]
    pohang = actions.create_partner(officer_a, name="Pohang City", country="KR")
    own = actions.create_partner(officer_a, name="Gyeongju City", country="KR")
    ops.post_opportunity(officer_a, kind="province_seeks", title="Lạng Sơn tìm đối tác du lịch", country="KR",
                         partner=own)
    assert actions.partner_edit_refusal(officer_a, own) is None
    ops.post_opportunity(world.users["mission_officer"], kind="partner_seeks", title="Pohang tìm tỉnh hợp tác thép",
                         country="KR", partner=pohang)

    assert "Bộ Ngoại giao" in actions.partner_edit_refusal(officer_a, pohang)
    assert not Partner.objects.editable_by(officer_a).filter(pk=pohang.pk).exists()
    client = client_for(officer_a)
    page = client.post(reverse("partners:partner_edit", args=[pohang.pk]), {
        "name": "Pohang", "kind": "local_gov", "country": "JP"})
    assert page.status_code == 403 and "Bộ Ngoại giao" in page.content.decode()
    assert api_patch(client, pohang, {"country": "JP"}).status_code == 403
    pohang.refresh_from_db()
    assert (pohang.name, str(pohang.country)) == ("Pohang City", "KR")
    actions.update_partner(world.users["central"], pohang, notes="Thành phố cảng")  # the centre may


def test_a_change_of_country_of_a_conferences_partner_is_confirmed_like_an_agreements(world, client_for):
    """A conference is read by the mission of its partners' countries: moving its only partner to Japan took it
    out of the Korean embassy's sight without a word, where an agreement's partner asks for confirmation."""
    from ngoaivu.exchanges.models import Conference
    from tests.exchanges.factories import conference
    officer_a, mission = world.users["officer_a"], world.users["mission_officer"]
    council = actions.create_partner(officer_a, name="Gangneung City Council", country="KR")
    meeting = conference(officer_a, world.a, partners=[council], title="Hội thảo Lạng Sơn – Gangneung")
    assert Conference.objects.visible_to(mission).filter(pk=meeting.pk).exists()

    client = client_for(officer_a)
    form = client.get(reverse("partners:partner_edit", args=[council.pk])).context["form"]
    assert "confirm_country_change" in form.fields and "hội nghị" in str(form.fields["confirm_country_change"].help_text)
    post = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    post["country"] = "JP"
    page = client.post(reverse("partners:partner_edit", args=[council.pk]), post)
    assert page.status_code == 200
    message = " ".join(page.context["form"].errors["confirm_country_change"])
    assert "1 hội nghị, hội thảo" in message and "Nhật Bản" in message
    council.refresh_from_db()
    assert str(council.country) == "KR" and Conference.objects.visible_to(mission).filter(pk=meeting.pk).exists()
    assert api_patch(client, council, {"country": "JP"}).status_code == 400

    post["confirm_country_change"] = "on"
    assert client.post(reverse("partners:partner_edit", args=[council.pk]), post).status_code == 302
    council.refresh_from_db()
    assert str(council.country) == "JP" and not Conference.objects.visible_to(mission).filter(pk=meeting.pk).exists()
    reason = council.history.order_by("-history_id").first().history_change_reason
    assert "Đổi quốc gia đã xác nhận" in reason and "1 hội nghị, hội thảo" in reason


def test_a_missions_own_listing_leaves_its_partner_its_own_and_it_may_add_an_organisation_without_country(
        world, client_for):
    """A mission that listed an opportunity for the partner it added lost the right to change it (its listing
    counted as another poster's); another poster's listing still shares it. A Permanent Mission's international
    organisation has no country: the mission's country rule does not refuse it."""
    from ngoaivu.partners import opportunities as ops
    mission = world.users["mission_officer"]
    ulsan = actions.create_partner(mission, name="Ulsan City", country="KR")
    ops.post_opportunity(mission, kind="partner_seeks", title="Ulsan tìm tỉnh hợp tác đóng tàu", country="KR",
                         partner=ulsan)
    assert actions.partner_edit_refusal(mission, ulsan) is None
    assert Partner.objects.editable_by(mission).filter(pk=ulsan.pk).exists()
    actions.update_partner(mission, ulsan, notes="Thành phố công nghiệp")
    assert Partner.objects.get(pk=ulsan.pk).notes == "Thành phố công nghiệp"
    ops.post_opportunity(world.users["officer_a"], kind="province_seeks", title="Lạng Sơn tìm đối tác đóng tàu",
                         country="KR", partner=ulsan)
    refusal = actions.partner_edit_refusal(mission, ulsan)
    assert refusal and "cơ hội hợp tác" in refusal and "Bộ Ngoại giao" in refusal
    assert not Partner.objects.editable_by(mission).filter(pk=ulsan.pk).exists()

    undp = actions.create_partner(mission, name="UNDP Seoul Policy Centre", kind="intl_org", country="")
    assert Partner.objects.filter(pk=undp.pk, country="", mission__isnull=False).exists()
    with pytest.raises(ValidationError) as refused:
        actions.create_partner(mission, name="Osaka Prefecture", country="JP")
    assert "country" in refused.value.message_dict


def test_a_change_of_country_of_an_opportunitys_partner_is_confirmed_and_the_listing_follows_it(world, client_for):
    """An opportunity names a partner of its own country (partners.opportunities): moving the partner to Japan
    was neither refused nor confirmed, and the listing stayed "Hàn Quốc" with a Japanese partner. It is now
    confirmed like an agreement's partner, and the listings naming it move with it; the embassy whose listing
    moved out of its countries can still close it."""
    from ngoaivu.partners import opportunities as ops
    from ngoaivu.partners.models_opportunities import Opportunity
    officer_a, mission, centre = world.users["officer_a"], world.users["mission_officer"], world.users["central"]
    changwon = actions.create_partner(officer_a, name="Changwon City", country="KR")
    own = ops.post_opportunity(officer_a, kind="province_seeks", title="Lạng Sơn tìm đối tác cơ khí", country="KR",
                               partner=changwon)
    client = client_for(officer_a)
    form = client.get(reverse("partners:partner_edit", args=[changwon.pk])).context["form"]
    assert "confirm_country_change" in form.fields and "cơ hội hợp tác" in str(form.fields["confirm_country_change"].help_text)
    post = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    post["country"] = "JP"
    page = client.post(reverse("partners:partner_edit", args=[changwon.pk]), post)
    assert page.status_code == 200
    message = " ".join(page.context["form"].errors["confirm_country_change"])
    assert "1 cơ hội hợp tác" in message and "Nhật Bản" in message
    assert api_patch(client, changwon, {"country": "JP"}).status_code == 400
    changwon.refresh_from_db()
    assert str(changwon.country) == "KR" and str(Opportunity.objects.get(pk=own.pk).country) == "KR"

    post["confirm_country_change"] = "on"
    assert client.post(reverse("partners:partner_edit", args=[changwon.pk]), post).status_code == 302
    changwon.refresh_from_db()
    listing = Opportunity.objects.get(pk=own.pk)
    assert str(changwon.country) == "JP" and str(listing.country) == "JP"
    assert "1 cơ hội hợp tác" in changwon.history.order_by("-history_id").first().history_change_reason
    assert listing.history.order_by("-history_id").first().history_change_reason
    shown = client.get(reverse("partners:opportunity_detail", args=[own.pk])).content.decode()
    assert "Nhật Bản" in shown  # its country (and its history: Hàn Quốc → Nhật Bản)

    # The embassy in Korea's listing of a partner the centre moves to Japan: it follows, and the embassy still
    # closes it (its listing's country is asked of it only when it changes it, as the deadline).
    busan = actions.create_partner(centre, name="Busan Port Authority", country="KR")
    theirs = ops.post_opportunity(mission, kind="partner_seeks", title="Cảng Busan tìm tỉnh hợp tác logistics",
                                  country="KR", partner=busan)
    with pytest.raises(ValidationError) as asked:
        actions.update_partner(centre, busan, country="JP")
    assert "1 cơ hội hợp tác" in " ".join(asked.value.message_dict["confirm_country_change"])
    assert str(Opportunity.objects.get(pk=theirs.pk).country) == "KR"
    actions.update_partner(centre, busan, country="JP", confirm_country_change=True)
    assert str(Opportunity.objects.get(pk=theirs.pk).country) == "JP"
    ops.update_opportunity(mission, Opportunity.objects.get(pk=theirs.pk), status="closed")
    assert Opportunity.objects.get(pk=theirs.pk).status == "closed"
