"""The partner page as the hub (a province never sees another province's internal agreement through it,
its counts or the API; the centre and the accredited mission see all), and the centre's merge: every
reference moves in one go, names are kept as aliases, an unmerge restores every reference."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ngoaivu.core.choices import Visibility
from ngoaivu.partners import actions, alerts, merging
from ngoaivu.partners.models import Partner, PartnerMerge
from tests.agreements.factories import agreement, partner
from tests.exchanges.factories import delegation

pytestmark = pytest.mark.django_db


@pytest.fixture
def osaka(world):
    return partner("Osaka Prefecture", "KR", name_vi="Tỉnh Osaka")  # KR: the world's mission is in Korea


def test_a_province_sees_its_own_ties_in_full_and_only_counts_of_other_provinces_internal_ones(world, osaka, client_for):
    mine = agreement(world.users["officer_a"], world.a, partners=[osaka], title="Thỏa thuận riêng của Lạng Sơn")
    agreement(world.users["officer_b"], world.b, partners=[osaka], title="Bản ghi nhớ nội bộ của Đà Nẵng")
    agreement(world.users["officer_b"], world.b, partners=[osaka], title="Thỏa thuận công khai của Đà Nẵng",
              visibility=Visibility.NATIONAL)
    page = client_for(world.users["officer_a"]).get(osaka.get_absolute_url()).content.decode()
    assert mine.title in page and "Thỏa thuận công khai của Đà Nẵng" in page
    assert "Bản ghi nhớ nội bộ của Đà Nẵng" not in page
    assert "1 tỉnh khác có 1 thỏa thuận với đối tác này" in page
    assert 'id="ties-provinces"' not in page  # no list of provinces by name for a province
    # The register filtered by the partner, and the API, agree: B's internal agreement stays out.
    titles = [a["title"] for a in client_for(world.users["officer_a"]).get(
        f"/api/agreements/?partner={osaka.pk}").json()["results"]]
    assert "Bản ghi nhớ nội bộ của Đà Nẵng" not in titles and mine.title in titles
    for persona in ("central", "mission_officer"):
        page = client_for(world.users[persona]).get(osaka.get_absolute_url()).content.decode()
        assert "Bản ghi nhớ nội bộ của Đà Nẵng" in page and 'id="ties-provinces"' in page
        assert "tỉnh khác có" not in page


def test_delegations_to_the_partner_show_on_its_page_within_scope(world, osaka, client_for):
    trip = delegation(world.users["officer_b"], world.b, countries=("KR",), title="Đoàn Đà Nẵng thăm Osaka")
    trip.partners.add(osaka)
    assert "Đoàn Đà Nẵng thăm Osaka" in client_for(world.users["officer_b"]).get(osaka.get_absolute_url()).content.decode()
    page = client_for(world.users["officer_a"]).get(osaka.get_absolute_url()).content.decode()
    assert "Đoàn Đà Nẵng thăm Osaka" not in page and "1 đoàn của tỉnh khác" in page


def state(*partners):
    return {p.pk: (sorted(p.agreements.values_list("pk", flat=True)), sorted(p.delegations.values_list("pk", flat=True)),
                   sorted(p.warnings.values_list("pk", flat=True)), sorted(p.children.values_list("pk", flat=True)),
                   sorted(p.alias_names))
            for p in Partner.objects.filter(pk__in=[x.pk for x in partners])}


def test_duplicates_are_suggested_then_merged_with_every_reference_and_unmerged_back(world, client_for):
    survivor = actions.create_partner(world.users["officer_a"], name="Chungcheongbuk-do", country="KR",
                                      aliases=["Chungbuk"])
    duplicate = actions.create_partner(world.users["officer_b"], name="Chungcheongbuk Province",
                                       name_vi="Tỉnh Chungcheong Bắc", country="KR", aliases=["충청북도"])
    city = actions.create_partner(world.users["officer_b"], name="Cheongju", country="KR")
    actions.update_partner(world.users["officer_b"], city, parent=duplicate)
    only_dup = agreement(world.users["officer_b"], world.b, partners=[duplicate], title="Bản ghi nhớ Đà Nẵng")
    both = agreement(world.users["officer_a"], world.a, partners=[survivor, duplicate], title="Thỏa thuận ba bên")
    trip = delegation(world.users["officer_b"], world.b, countries=("KR",))
    trip.partners.add(duplicate)
    warning = alerts.issue_warning(world.users["mission_officer"], duplicate, category="dispute", severity="low",
                                   summary="Tranh chấp", source="Báo", source_date=datetime.date(2026, 1, 1))
    before = state(survivor, duplicate)

    groups = merging.duplicate_groups("KR")
    assert any({survivor.pk, duplicate.pk} <= {p.pk for p in g} for g in groups)
    central = client_for(world.users["central"])
    assert "Chungcheongbuk Province" in central.get(reverse("partners:duplicate_list")).content.decode()
    preview = central.get(reverse("partners:partner_merge"), {"survivor": survivor.pk, "duplicate": duplicate.pk})
    html = preview.content.decode()
    assert "Bản ghi nhớ Đà Nẵng" in html and "충청북도" in html and "Cheongju" in html
    assert state(survivor, duplicate) == before  # the preview moves nothing
    with pytest.raises(PermissionDenied):
        merging.merge_partners(world.users["officer_a"], survivor, duplicate)

    response = central.post(reverse("partners:partner_merge"), {"survivor": survivor.pk, "duplicate": duplicate.pk,
                                                                "reason": "Cùng một tỉnh"})
    merge = PartnerMerge.objects.get(survivor=survivor)
    assert response.status_code == 302 and response["Location"] == merge.get_absolute_url()
    after = state(survivor, duplicate)
    assert after[survivor.pk][0] == sorted([only_dup.pk, both.pk]) and after[duplicate.pk][0] == []
    assert after[survivor.pk][1] == [trip.pk] and after[survivor.pk][2] == [warning.pk]
    assert after[survivor.pk][3] == [city.pk]
    assert sorted(after[survivor.pk][4]) == sorted(["Chungbuk", "Chungcheongbuk Province", "Tỉnh Chungcheong Bắc", "충청북도"])
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor and not Partner.objects.current().filter(pk=duplicate.pk).exists()
    assert list(Partner.objects.current().search("chungcheong bac")) == [survivor]
    assert merge.moved["agreements"] == [only_dup.pk] and merge.moved["agreements_both"] == [both.pk]
    assert central.get(duplicate.get_absolute_url())["Location"] == survivor.get_absolute_url()

    assert central.post(reverse("partners:merge_undo", args=[merge.pk])).status_code == 302
    assert state(survivor, duplicate) == before
    merge.refresh_from_db()
    duplicate.refresh_from_db()
    assert merge.unmerged_by == world.users["central"] and duplicate.merged_into is None
    assert merge.history.count() == 2


def test_partners_of_two_countries_merge_only_once_the_centre_confirms_it(world, client_for):
    """A duplicate entered under the wrong country is merged knowingly: the preview warns that the two are of
    different countries, a merge without the confirmation is refused at that box and moves nothing, and with it
    the duplicate's agreement counts for the survivor's country."""
    survivor = actions.create_partner(world.users["officer_a"], name="Gyeonggi-do", country="KR", allow_duplicate=True)
    duplicate = actions.create_partner(world.users["officer_b"], name="Gyeonggi Province", country="JP",
                                       allow_duplicate=True)
    signed = agreement(world.users["officer_b"], world.b, partners=[duplicate], title="Bản ghi nhớ với Gyeonggi")
    central = client_for(world.users["central"])
    url = reverse("partners:partner_merge")
    ids = {"survivor": survivor.pk, "duplicate": duplicate.pk}

    preview = central.get(url, ids).content.decode()
    assert 'id="merge-countries"' in preview and "Nhật Bản" in preview and "Hàn Quốc" in preview
    assert 'name="across_countries"' in preview
    # The box says what it moves: the opportunities go to the kept partner's country too (merging.merge_partners).
    assert "các cơ hội hợp tác của đối tác trùng chuyển sang quốc gia đó" in preview
    central.cookies["django_language"] = "en"
    assert "cooperation opportunities move to that country" in central.get(url, ids).content.decode()
    del central.cookies["django_language"]

    refused = central.post(url, {**ids, "reason": "Nhập nhầm quốc gia"})
    assert refused.status_code == 200
    assert list(refused.context["form"].errors) == ["across_countries"]
    assert "Hai đối tác thuộc hai quốc gia khác nhau" in refused.context["form"].errors["across_countries"][0]
    assert not PartnerMerge.objects.filter(duplicate=duplicate).exists()
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None and list(signed.partners.all()) == [duplicate]
    with pytest.raises(Exception, match="hai quốc gia khác nhau"):
        merging.merge_partners(world.users["central"], survivor, duplicate)

    confirmed = central.post(url, {**ids, "reason": "Nhập nhầm quốc gia", "across_countries": "on"})
    assert confirmed.status_code == 302
    assert list(signed.partners.all()) == [survivor]
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor

    # Partners of one country are merged without the box, which is not asked.
    same = actions.create_partner(world.users["officer_b"], name="Gyeonggi", country="KR", allow_duplicate=True)
    assert 'name="across_countries"' not in central.get(url, {"survivor": survivor.pk, "duplicate": same.pk}).content.decode()
    assert central.post(url, {"survivor": survivor.pk, "duplicate": same.pk}).status_code == 302


def test_a_merged_partners_own_page_offers_no_edit_that_answers_not_found(world, client_for):
    """The old address of a merged duplicate leads to the partner kept; its own page (?merged=1, linked from the
    merge) offered "Sửa" to the centre and to the province that added it, a link answering 404."""
    duplicate, survivor = world.merge.duplicate, world.merge.survivor
    for persona in ("central", "officer_b"):
        client = client_for(world.users[persona])
        response = client.get(duplicate.get_absolute_url())
        assert response.status_code == 302 and response["Location"] == survivor.get_absolute_url()
        page = client.get(duplicate.get_absolute_url(), {"merged": "1"})
        html = page.content.decode()
        assert page.status_code == 200 and "Đối tác này đã được gộp vào" in html
        edit = reverse("partners:partner_edit", args=[duplicate.pk])
        assert edit not in html, persona
        assert client.get(edit).status_code == 404
