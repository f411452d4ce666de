"""Warnings on partners: issued by a mission or the centre, national; a banner on the draft agreement and
the delegation naming the partner; in the attention list of the provinces with ties only, until each
acknowledges (who, when); lifted with the history kept."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ngoaivu.core.attention import attention
from ngoaivu.partners import alerts
from ngoaivu.partners.models import PartnerWarning, WarningAcknowledgement
from tests.agreements.factories import agreement, partner
from tests.exchanges.factories import delegation

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 2, 2)


def warn(world, target, persona="mission_officer", **extra):
    return alerts.issue_warning(world.users[persona], target, **{
        "category": "no_capacity", "severity": "high", "summary": "Nhà đầu tư không chứng minh được năng lực tài chính",
        "source": "Thương vụ Việt Nam tại Hàn Quốc", "source_date": datetime.date(2026, 1, 20), **extra})


def warning_keys(user):
    """The user's attention items on warnings about this module's investor (the world has one on Gyeonggi-do)."""
    return [item["title"] for s in attention(user, TODAY) if s.key == "partner_warnings" for item in s.items
            if "Hanbit" in item["title"]]


@pytest.fixture
def investor(world):
    return partner("Hanbit Green Energy Co., Ltd.", "KR", name_vi="Công ty Hanbit Green Energy", kind="enterprise")


def test_only_missions_and_the_centre_issue_a_warning_and_it_names_its_issuer(world, investor):
    for persona in ("officer_a", "viewer", "unit_officer", "central_viewer"):
        with pytest.raises(PermissionDenied):
            warn(world, investor, persona)
    by_mission = warn(world, investor)
    by_centre = warn(world, investor, "central", category="environment")
    assert by_mission.mission == world.mission and by_centre.mission is None
    assert str(by_centre.issuer_display) == "Bộ Ngoại giao"
    with pytest.raises(ValidationError):
        warn(world, investor, source_date=datetime.date.today() + datetime.timedelta(days=3))


def test_a_warning_shows_as_a_banner_on_the_draft_agreement_and_the_delegation_and_reaches_only_provinces_with_ties(
        world, investor, client_for):
    draft = agreement(world.users["officer_a"], world.a, partners=[investor], title="Bản ghi nhớ đầu tư điện mặt trời")
    trip = delegation(world.users["officer_a"], world.a, countries=("KR",))
    trip.partners.add(investor)
    warning = warn(world, investor)
    officer_a, officer_b = client_for(world.users["officer_a"]), client_for(world.users["officer_b"])
    page = officer_a.get(draft.get_absolute_url()).content.decode()
    assert "Nhà đầu tư không chứng minh được năng lực tài chính" in page and "chưa ký" in page
    assert "Xác nhận đã biết" in page
    assert "Nhà đầu tư không chứng minh" in officer_a.get(trip.get_absolute_url()).content.decode()
    # A's attention list carries it, B's (no ties) does not; the mission reads it on the partner page.
    assert warning_keys(world.users["officer_a"]) == ["Công ty Hanbit Green Energy: Nhà đầu tư không đủ năng lực"]
    assert warning_keys(world.users["officer_b"]) == []
    assert "Nhà đầu tư không chứng minh" in officer_b.get(investor.get_absolute_url()).content.decode()
    assert "Xác nhận đã biết" not in officer_b.get(warning.get_absolute_url()).content.decode()
    assert officer_b.post(reverse("partners:warning_acknowledge", args=[warning.pk])).status_code == 403
    assert not WarningAcknowledgement.objects.exists()


def test_acknowledging_records_who_and_when_once_per_province_and_leaves_the_attention_list(world, investor, client_for):
    agreement(world.users["officer_b"], world.b, partners=[investor], title="Thỏa thuận của Đà Nẵng")
    agreement(world.users["officer_a"], world.a, partners=[investor], title="Thỏa thuận của Lạng Sơn")
    warning = warn(world, investor)
    assert warning_keys(world.users["officer_b"]) and warning_keys(world.users["officer_a"])
    client = client_for(world.users["officer_a"])
    response = client.post(reverse("partners:warning_acknowledge", args=[warning.pk]), {"note": "Đã dừng đàm phán"})
    assert response.status_code == 302
    client.post(reverse("partners:warning_acknowledge", args=[warning.pk]))
    ack = WarningAcknowledgement.objects.get()
    assert (ack.locality, ack.by, ack.note) == (world.a, world.users["officer_a"], "Đã dừng đàm phán")
    assert warning_keys(world.users["officer_a"]) == []
    assert warning_keys(world.users["officer_b"]) != []
    html = client.get(warning.get_absolute_url()).content.decode()
    assert "Lạng Sơn" in html and "Đã dừng đàm phán" in html


def test_a_lifted_warning_leaves_banners_and_lists_but_keeps_its_history(world, investor, client_for):
    draft = agreement(world.users["officer_a"], world.a, partners=[investor], title="Bản ghi nhớ đầu tư")
    warning = warn(world, investor)
    with pytest.raises(PermissionDenied):
        alerts.lift_warning(world.users["officer_a"], warning, "Không đúng")
    with pytest.raises(ValidationError):
        alerts.lift_warning(world.users["mission_officer"], warning, "  ")
    response = client_for(world.users["mission_officer"]).post(
        reverse("partners:warning_lift", args=[warning.pk]), {"reason": "Nhà đầu tư đã bổ sung bảo lãnh ngân hàng"})
    assert response.status_code == 302
    warning.refresh_from_db()
    assert warning.lifted_by == world.users["mission_officer"] and warning.lift_reason.startswith("Nhà đầu tư đã bổ sung")
    assert warning.history.count() == 2
    assert not PartnerWarning.objects.active().filter(partner=investor).exists()
    assert warning_keys(world.users["officer_a"]) == []
    assert "Nhà đầu tư không chứng minh" not in client_for(world.users["officer_a"]).get(draft.get_absolute_url()).content.decode()
    page = client_for(world.users["officer_a"]).get(investor.get_absolute_url()).content.decode()
    assert "Cảnh báo đã gỡ" in page


def test_the_api_lists_warnings_for_everyone_signed_in(world, investor, client_for):
    warning = warn(world, investor)
    body = client_for(world.users["officer_b"]).get(f"/api/partner-warnings/?partner={investor.pk}&active=true").json()
    assert [w["id"] for w in body["results"]] == [warning.pk]
    assert body["results"][0]["issuer"] == world.mission.name
    assert client_for(None).get("/api/partner-warnings/").status_code == 401


def test_a_mission_warns_only_about_partners_of_the_countries_it_covers(world, investor, client_for):
    """The Korea mission has no say on a Lao partner: refused by the action, no form, no button; the centre
    may. Nothing is stored by the refused attempts."""
    lao = partner("Công ty Champasak Trading", "LA")
    mission = world.users["mission_officer"]
    with pytest.raises(PermissionDenied):
        warn(world, lao)
    client = client_for(mission)
    assert client.get(reverse("partners:warning_create", args=[lao.pk])).status_code == 403
    assert client.post(reverse("partners:warning_create", args=[lao.pk]), {
        "category": "no_capacity", "severity": "high", "summary": "x", "source": "y",
        "source_date": "20/01/2026"}).status_code == 403
    assert not PartnerWarning.objects.filter(partner=lao).exists()
    assert reverse("partners:warning_create", args=[lao.pk]) not in client.get(lao.get_absolute_url()).content.decode()
    assert reverse("partners:warning_create", args=[investor.pk]) in client.get(
        investor.get_absolute_url()).content.decode()
    assert warn(world, lao, persona="central").mission is None
    assert warn(world, investor).mission == world.mission


@pytest.mark.parametrize("tie", ["manages", "co_signs", "delegation", "contact"])
def test_a_warning_reaches_a_province_through_each_kind_of_tie_and_no_other(world, investor, tie):
    """Ties are an agreement the province manages or co-signs, a delegation naming the partner, or a contact
    a delegation made with it: each alone brings the warning to the province's list, a tie of the same kind
    with another partner does not; another province without any does not get it, and an acknowledgement
    takes it off."""
    from ngoaivu.exchanges.models import DelegationContact
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]

    def tie_with(who):
        if tie == "manages":
            agreement(officer_b, world.b, partners=[who], title=f"Thỏa thuận của B với {who.name}")
        elif tie == "co_signs":
            agreement(officer_a, world.a, partners=[who], title=f"A ký cùng B với {who.name}").co_signatories.add(world.b)
        elif tie == "delegation":
            delegation(officer_b, world.b, countries=("KR",)).partners.add(who)
        else:
            DelegationContact.objects.create(delegation=delegation(officer_b, world.b, countries=("KR",)),
                                             channel="people", counterpart="Ông Kim", partner=who)
    tie_with(partner("Daehan Trading Co.", "KR", name_vi="Công ty Daehan", kind="enterprise"))
    warning = warn(world, investor)
    assert warning_keys(officer_b) == [] and warning_keys(officer_a) == []
    tie_with(investor)
    shown = ["Công ty Hanbit Green Energy: Nhà đầu tư không đủ năng lực"]
    assert warning_keys(officer_b) == shown, tie
    assert warning_keys(officer_a) == (shown if tie == "co_signs" else [])  # A manages the co-signed one
    WarningAcknowledgement.objects.create(warning=warning, locality=world.b, by=officer_b)
    assert warning_keys(officer_b) == []


def test_the_attention_list_gives_the_day_a_warning_was_issued_in_viet_nam(world, investor):
    """A warning issued at 6:30 in Hà Nội on 5/3 is 23:30 UTC on 4/3: the attention list (and the daily
    digest that repeats it) says 05/03/2026, the day its reader lived, as the warning's own page does."""
    agreement(world.users["officer_a"], world.a, partners=[investor], title="Bản ghi nhớ đầu tư")  # a tie to A
    warning = warn(world, investor)
    PartnerWarning.objects.filter(pk=warning.pk).update(
        issued_at=datetime.datetime(2026, 3, 4, 23, 30, tzinfo=datetime.timezone.utc))
    items = [item for s in attention(world.users["officer_a"], TODAY) if s.key == "partner_warnings"
             for item in s.items if "Hanbit" in item["title"]]
    assert len(items) == 1
    assert "05/03/2026" in str(items[0]["detail"]) and items[0]["date"] == datetime.date(2026, 3, 5)


def test_a_user_of_two_provinces_keeps_a_warning_until_each_has_acknowledged(world, investor, client_for):
    """Lạng Sơn's acknowledgement hid the warning from a user of Lạng Sơn and Đà Nẵng, though Đà Nẵng had not."""
    from django.contrib.auth import get_user_model

    from ngoaivu.core.models import Membership
    agreement(world.users["officer_b"], world.b, partners=[investor], title="Thỏa thuận của Đà Nẵng")
    agreement(world.users["officer_a"], world.a, partners=[investor], title="Thỏa thuận của Lạng Sơn")
    both = get_user_model().objects.create_user("hai_tinh", password="x")
    for locality in (world.a, world.b):
        Membership.objects.create(user=both, kind="locality", locality=locality, role="officer")
    warning = warn(world, investor)
    alerts.acknowledge_warning(world.users["officer_a"], warning)
    assert list(WarningAcknowledgement.objects.values_list("locality", flat=True)) == [world.a.pk]
    items = [i for s in attention(both, TODAY) if s.key == "partner_warnings" for i in s.items
             if "Hanbit" in i["title"]]
    assert len(items) == 1
    assert "chưa xác nhận: Đà Nẵng" in items[0]["detail"] and "Lạng Sơn" not in items[0]["detail"]
    # The partner page offers the acknowledgement for Đà Nẵng; made, the warning leaves the list.
    client = client_for(both)
    assert "Xác nhận đã biết" in client.get(investor.get_absolute_url()).content.decode()
    client.post(reverse("partners:warning_acknowledge", args=[warning.pk]))
    assert sorted(WarningAcknowledgement.objects.values_list("locality", "by")) == sorted(
        [(world.a.pk, world.users["officer_a"].pk), (world.b.pk, both.pk)])
    assert warning_keys(both) == []
    assert "Xác nhận đã biết" not in client.get(investor.get_absolute_url()).content.decode()


def test_a_provinces_acknowledgement_is_read_by_it_the_centre_and_the_mission_not_by_another_province(
        world, investor, client_for):
    # B's tie is an internal agreement: A is only told that other provinces have ties (partners.ties), never
    # which; the list of acknowledgements named B, its officer and its note.
    agreement(world.users["officer_b"], world.b, partners=[investor], title="Thỏa thuận nội bộ của Đà Nẵng")
    warning = warn(world, investor)
    alerts.acknowledge_warning(world.users["officer_b"], warning, "Đà Nẵng đã dừng đàm phán với nhà đầu tư")
    assert WarningAcknowledgement.objects.filter(warning=warning, locality=world.b).exists()
    for persona in ("officer_a", "viewer", "unit_officer"):
        html = client_for(world.users[persona]).get(warning.get_absolute_url()).content.decode()
        assert "Đà Nẵng đã dừng đàm phán" not in html, persona
        assert world.b.short_name not in html, persona
        html = client_for(world.users[persona]).get(investor.get_absolute_url()).content.decode()
        assert "Đà Nẵng đã dừng đàm phán" not in html, persona
    for persona in ("central", "central_viewer", "mission_officer", "officer_b"):
        html = client_for(world.users[persona]).get(warning.get_absolute_url()).content.decode()
        assert "Đà Nẵng đã dừng đàm phán" in html, persona


def test_the_issuing_mission_keeps_reading_who_acknowledged_its_warning_after_the_partner_changes_country(
        world, investor, client_for):
    # Acknowledgements are read by the missions of the partner's country; the mission that issued the warning
    # (and may still lift it) lost sight of them once the centre moved the partner to another country.
    from ngoaivu.partners import actions
    agreement(world.users["officer_b"], world.b, partners=[investor], title="Thỏa thuận nội bộ của Đà Nẵng")
    warning = warn(world, investor)
    alerts.acknowledge_warning(world.users["officer_b"], warning, "Đà Nẵng đã dừng đàm phán với nhà đầu tư")
    actions.update_partner(world.users["central"], investor, country="JP", confirm_country_change=True)
    assert str(PartnerWarning.objects.get(pk=warning.pk).partner.country) == "JP"
    assert "JP" not in world.mission.country_codes
    mission = world.users["mission_officer"]
    assert alerts.can_lift(mission, warning)
    html = client_for(mission).get(warning.get_absolute_url()).content.decode()
    assert "Đà Nẵng đã dừng đàm phán" in html
    assert list(WarningAcknowledgement.objects.filter(warning=warning).visible_to(mission)
                .values_list("locality_id", flat=True)) == [world.b.pk]
    # Another province still does not read it.
    html = client_for(world.users["officer_a"]).get(warning.get_absolute_url()).content.decode()
    assert "Đà Nẵng đã dừng đàm phán" not in html
