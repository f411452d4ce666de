"""Missions abroad: a mission's officers read the provinces' ties with the countries it is accredited to —
and nothing of other countries — on its page, in the register, the delegations and the API; accrediting
it to a second country widens exactly that. The centre opens every mission's page, provinces none."""
import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone

from ngoaivu.agreements.models import Agreement
from ngoaivu.core.models import Mission, User
from ngoaivu.core.scoping import scope_of
from ngoaivu.exchanges.models import Delegation
from ngoaivu.partners import alerts
from tests.agreements.factories import agreement, partner
from tests.conftest import make_user
from tests.exchanges.factories import delegation

pytestmark = pytest.mark.django_db

KR_TITLE = "Bản ghi nhớ hợp tác nông nghiệp với Chungcheongbuk-do"
JP_TITLE = "Bản ghi nhớ hợp tác du lịch với tỉnh Nagano"
KR_TRIP = "Đoàn xúc tiến đầu tư tại Chungcheongbuk-do"
JP_TRIP = "Đoàn xúc tiến du lịch tại Nagano"


@pytest.fixture
def ties(world):
    """A's agreement and delegation with Korea, B's with Japan (both internal to their province)."""
    soon = timezone.localdate() + datetime.timedelta(days=20)
    kr = partner("Chungcheongbuk-do", "KR", name_vi="Tỉnh Chungcheongbuk")
    jp = partner("Nagano Prefecture", "JP", name_vi="Tỉnh Nagano")
    return {
        "kr": agreement(world.users["officer_a"], world.a, partners=[kr], title=KR_TITLE),
        "jp": agreement(world.users["officer_b"], world.b, partners=[jp], title=JP_TITLE),
        "kr_trip": delegation(world.users["officer_a"], world.a, countries=("KR",), title=KR_TRIP, start_date=soon),
        "jp_trip": delegation(world.users["officer_b"], world.b, countries=("JP",), title=JP_TRIP, start_date=soon),
        "jp_partner": jp,
    }


def officer(world):
    """The mission officer read afresh (the scope is cached on the user object)."""
    return User.objects.get(pk=world.users["mission_officer"].pk)


def seen(client, world):
    """What the officer reads of the two countries on the mission page, the register, the delegation
    list and the API."""
    page = client.get(world.mission.get_absolute_url())
    assert page.status_code == 200
    texts = {
        "mission": page.content.decode(),
        "register": client.get(reverse("agreements:agreement_list")).content.decode(),
        "delegations": client.get(reverse("exchanges:delegation_list")).content.decode(),
        "api_agreements": client.get(reverse("agreement-list"), {"page_size": 500}).content.decode(),
        "api_delegations": client.get(reverse("delegation-list"), {"page_size": 500}).content.decode(),
    }
    countries = {row["country"] for row in page.context["ties"]}
    trips = {d.title for d in page.context["delegations"]}
    return texts, countries, trips


def test_the_scope_of_a_mission_is_its_accredited_countries_host_included(world):
    assert scope_of(officer(world)).country_codes == {"KR"}
    Mission.objects.filter(pk=world.mission.pk).update(accredited_countries="KR,MN")
    assert scope_of(officer(world)).country_codes == {"KR", "MN"}
    # The host country is always covered, even when the list forgets it.
    Mission.objects.filter(pk=world.mission.pk).update(accredited_countries="MN")
    assert scope_of(officer(world)).country_codes == {"KR", "MN"}


def test_a_mission_officer_sees_the_ties_of_its_countries_and_nothing_of_others(world, ties, client_for):
    texts, countries, trips = seen(client_for(officer(world)), world)
    assert countries == {"KR"}
    assert KR_TRIP in trips and JP_TRIP not in trips
    for where in ("register", "api_agreements"):
        assert KR_TITLE in texts[where] and JP_TITLE not in texts[where], where
    for where in ("delegations", "api_delegations", "mission"):
        assert KR_TRIP in texts[where] and JP_TRIP not in texts[where], where
    assert client_for(officer(world)).get(ties["jp"].get_absolute_url()).status_code == 404


def test_accrediting_the_mission_to_a_second_country_widens_exactly_that(world, ties, client_for):
    mission = world.mission
    mission.accredited_countries = ["KR", "JP"]
    mission.save()
    texts, countries, trips = seen(client_for(officer(world)), world)
    assert countries == {"KR", "JP"}
    api = client_for(world.users["officer_b"]).get(reverse("mission-detail", args=[mission.pk])).json()
    assert api["kind"] == "embassy" and api["country"] == "KR" and api["countries"] == ["KR", "JP"]
    assert {KR_TRIP, JP_TRIP} <= trips
    for where in ("register", "api_agreements"):
        assert KR_TITLE in texts[where] and JP_TITLE in texts[where], where
    for where in ("delegations", "api_delegations"):
        assert KR_TRIP in texts[where] and JP_TRIP in texts[where], where
    # Nothing of a third country: the officer reads exactly the records with partners of KR or JP (or shared).
    visible = set(Agreement.objects.visible_to(officer(world)).values_list("pk", flat=True))
    concerned = set(Agreement.objects.filter(partners__country__in=["KR", "JP"]).values_list("pk", flat=True))
    shared = set(Agreement.objects.filter(visibility__in=["national", "public"]).values_list("pk", flat=True))
    assert visible == concerned | shared
    assert set(Delegation.objects.visible_to(officer(world)).values_list("pk", flat=True)) == set(
        Delegation.objects.filter(stops__country__in=["KR", "JP"]).values_list("pk", flat=True))


def test_the_counts_per_province_and_health_match_the_register_they_link_to(world, ties, client_for):
    client = client_for(officer(world))
    rows = client.get(world.mission.get_absolute_url()).context["ties"]
    assert rows
    for row in rows:
        expected = Agreement.objects.filter(partners__country=row["country"], locality__short_name=row["locality"])
        assert row["total"] == expected.distinct().count()
        # The register, filtered by the row's link, lists the same number of agreements.
        assert client.get(row["link"]).context["page_obj"].paginator.count == row["total"]
        for cell, (health, _label) in zip(row["cells"], Agreement._meta.get_field("health").choices):
            assert cell["n"] == expected.filter(health=health).distinct().count()


def test_active_warnings_on_partners_of_its_countries_only(world, ties, client_for):
    on_jp = alerts.issue_warning(world.users["central"], ties["jp_partner"], category="environment", severity="medium",
                                 summary="Công nghệ lạc hậu", source="Báo chí", source_date=datetime.date(2026, 1, 5))
    warnings = set(client_for(officer(world)).get(world.mission.get_absolute_url()).context["warnings"])
    assert world.warning_kr in warnings and on_jp not in warnings
    alerts.lift_warning(world.users["mission_officer"], world.warning_kr, reason="Đã giải quyết")
    assert not client_for(officer(world)).get(world.mission.get_absolute_url()).context["warnings"]


def test_the_centre_opens_every_mission_provinces_none_and_a_mission_only_its_own(world, client_for):
    osaka = Mission.objects.create(name="Tổng Lãnh sự quán Việt Nam tại Osaka", kind="consulate", country="JP",
                                   city="Osaka", accredited_countries=["JP"])
    consul = make_user("consul_osaka", "mission", "officer", mission=osaka)
    central = client_for(world.users["central"])
    assert central.get(osaka.get_absolute_url()).status_code == 200
    listed = central.get(reverse("partners:mission_list")).context["missions"]
    assert {world.mission, osaka} <= set(listed)
    assert client_for(world.users["mission_officer"]).get(osaka.get_absolute_url()).status_code == 403
    for persona in ("officer_a", "manager_a", "viewer", "unit_officer"):
        assert client_for(world.users[persona]).get(world.mission.get_absolute_url()).status_code == 403
    # 'My mission' in the navigation takes each officer to their own page.
    response = client_for(consul).get(reverse("partners:mission_home"))
    assert response.status_code == 302 and response.url == osaka.get_absolute_url()
    # and the home page's missions panel, loaded after the page (issue 9), links to it
    assert 'data-lazy-panel="missions"' in client_for(consul).get("/").content.decode()
    panel = client_for(consul).get(reverse("core:home_panel", args=["missions"]), HTTP_HX_REQUEST="true")
    assert osaka.get_absolute_url() in panel.content.decode()


def test_the_migration_accredits_existing_missions_to_their_host_country(world):
    migration = importlib.import_module("ngoaivu.core.migrations.0008_mission_kind_accreditation")
    Mission.objects.filter(pk=world.mission.pk).update(accredited_countries="")
    nanning = Mission.objects.create(name="Tổng Lãnh sự quán Việt Nam tại Nam Ninh", country="CN")
    migration.accredit_to_host_country(django_apps, None)
    world.mission.refresh_from_db()
    nanning.refresh_from_db()
    assert [str(c) for c in world.mission.accredited_countries] == ["KR"] and world.mission.kind == "embassy"
    assert [str(c) for c in nanning.accredited_countries] == ["CN"] and nanning.kind == "consulate"


def test_a_mission_adds_and_moves_partners_of_its_countries_only(world, client_for):
    """A mission acts on the countries it covers, as with its opportunities and warnings: the embassy in Korea
    added a French partner (then its owner, editing it for France's embassy), and moved its own Korean partner
    to Japan, by the page and the API. The centre and the provinces add partners of any country."""
    from ngoaivu.partners.models import Partner
    client = client_for(world.users["mission_officer"])
    response = client.post(reverse("partners:partner_create"), {"name": "Métropole de Lyon", "kind": "local_gov",
                                                                "country": "FR"})
    assert response.status_code == 200
    assert "Hàn Quốc" in " ".join(response.context["form"].errors["country"])
    response = client.post(reverse("partner-list"), {"name": "Métropole de Lyon", "kind": "local_gov", "country": "FR"},
                           content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["country"]
    assert not Partner.objects.filter(name="Métropole de Lyon").exists()

    response = client.post(reverse("partners:partner_create"), {"name": "Suwon Special City", "kind": "local_gov",
                                                                "country": "KR"})
    assert response.status_code == 302
    suwon = Partner.objects.get(name="Suwon Special City")
    assert suwon.mission_id == world.mission.pk
    response = client.patch(reverse("partner-detail", args=[suwon.pk]), {"country": "JP"},
                            content_type="application/json")
    assert response.status_code == 400, response.content
    response = client.patch(reverse("partner-detail", args=[suwon.pk]), {"notes": "Thành phố trực thuộc Gyeonggi"},
                            content_type="application/json")
    assert response.status_code == 200, response.content
    suwon.refresh_from_db()
    assert (str(suwon.country), suwon.notes) == ("KR", "Thành phố trực thuộc Gyeonggi")

    response = client_for(world.users["officer_a"]).post(reverse("partners:partner_create"), {
        "name": "Métropole de Lyon", "kind": "local_gov", "country": "FR"})
    assert response.status_code == 302 and Partner.objects.get(name="Métropole de Lyon").locality_id == world.a.pk
