"""Province names as people write them resolve to the row that holds the province's records: renamed
(Thừa Thiên Huế → Huế), merged (Hà Tây → Hà Nội, Bắc Giang → Bắc Ninh), abbreviated (TP HCM), without
diacritics, with or without "Tỉnh"/"Thành phố"/"TP."; in the resolver, the locality list and the API."""
import datetime
import importlib

import pytest
from django.urls import reverse

from ngoaivu.core.models import Locality
from ngoaivu.core.reference import FORMER_NAMES, LocalityResolver, locality_key

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text, today", [
    ("Thừa Thiên Huế", "Huế"), ("Tỉnh Thừa Thiên Huế", "Huế"), ("Thua Thien Hue", "Huế"), ("THỪA THIÊN - HUẾ", "Huế"),
    ("Huế", "Huế"), ("Thành phố Huế", "Huế"), ("TP. Huế", "Huế"), ("Hue City", "Huế"),
    ("TP HCM", "Hồ Chí Minh"), ("TP.HCM", "Hồ Chí Minh"), ("Tp. Hồ Chí Minh", "Hồ Chí Minh"), ("Sài Gòn", "Hồ Chí Minh"),
    ("Hồ Chí Minh", "Hồ Chí Minh"), ("Ho Chi Minh City", "Hồ Chí Minh"), ("thanh pho ho chi minh", "Hồ Chí Minh"),
    ("Hà Tây", "Hà Nội"), ("Tỉnh Hà Tây", "Hà Nội"), ("Hanoi", "Hà Nội"), ("Thủ đô Hà Nội", "Hà Nội"),
    ("Tinh Bac Giang", "Bắc Ninh"), ("Bắc Giang (cũ)", "Bắc Ninh"), ("Quảng Nam", "Đà Nẵng"), ("Danang", "Đà Nẵng"),
    ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"), ("Ba Ria Vung Tau", "Hồ Chí Minh"), ("Đắc Lắc", "Đắk Lắk"),
    ("Hà Bắc", "Bắc Ninh"), ("Hải Hưng", "Hải Phòng"), ("Sông Bé", "Hồ Chí Minh"), ("Nghĩa Bình", "Gia Lai"),
    ("Lạng Sơn", "Lạng Sơn"), ("tỉnh lạng sơn", "Lạng Sơn"),
])
def test_a_name_as_people_write_it_resolves_to_the_province_holding_its_records_today(reference, text, today):
    locality = Locality.objects.resolve(text)
    assert locality is not None, text
    assert locality.today.short_name == today


def test_every_former_name_in_the_table_resolves(reference):
    resolver = LocalityResolver()
    for alias in FORMER_NAMES:
        assert resolver.resolve(alias) is not None, alias


def test_no_two_provinces_share_a_key(reference):
    seen = {}
    for locality in Locality.objects.all():
        key = locality_key(locality.short_name)
        other = seen.setdefault(key, locality)
        assert other.today == locality.today, (other, locality)


def test_a_former_province_resolves_to_its_own_row_so_the_signatory_is_kept(reference):
    bac_giang = Locality.objects.resolve("Bắc Giang")
    assert not bac_giang.is_current and bac_giang.short_name == "Bắc Giang"


def test_a_name_both_current_and_former_prefers_current_unless_marked_or_dated_before_the_reform(reference):
    assert Locality.objects.resolve("Đà Nẵng").is_current
    assert not Locality.objects.resolve("Đà Nẵng (cũ)").is_current
    assert not Locality.objects.resolve("Đà Nẵng", on=datetime.date(2015, 5, 1)).is_current
    assert Locality.objects.resolve("Đà Nẵng", on=datetime.date(2025, 8, 1)).is_current


def test_unknown_names_resolve_to_nothing(reference):
    assert Locality.objects.resolve("Gyeonggi-do") is None
    assert Locality.objects.resolve("") is None
    assert Locality.objects.resolve("Tỉnh") is None


@pytest.mark.parametrize("q, expected", [
    ("Thừa Thiên Huế", "Huế"), ("Tỉnh Thừa Thiên Huế", "Huế"), ("thua thien", "Huế"), ("TP HCM", "Hồ Chí Minh"),
    ("Sài Gòn", "Hồ Chí Minh"), ("Hà Tây", "Hà Nội"), ("Tỉnh Huế", "Huế"),
])
def test_the_locality_list_finds_a_province_by_a_former_or_informal_name(world, client_for, q, expected):
    page = client_for(world.users["viewer"]).get(reverse("core:locality_list"), {"q": q})
    assert [loc.short_name for loc in page.context["localities"]] == [expected]


@pytest.mark.parametrize("q, expected", [("Thừa Thiên Huế", "Huế"), ("TP. HCM", "Hồ Chí Minh"), ("Hà Tây", "Hà Nội")])
def test_the_locality_api_finds_a_province_by_a_former_or_informal_name(world, client_for, q, expected):
    reply = client_for(world.users["viewer"]).get("/api/localities/", {"q": q, "current": "true"})
    assert [row["short_name"] for row in reply.json()["results"]] == [expected]


def test_the_migration_puts_former_names_into_the_stored_search_text(reference):
    from django.apps import apps
    hue = Locality.objects.current().get(code=46)
    Locality.objects.filter(pk=hue.pk).update(search_text=" thanh pho hue hue ")
    importlib.import_module("ngoaivu.core.migrations.0004_refold_search_text").refold(apps, None)
    hue.refresh_from_db()
    assert " thua thien hue " in hue.search_text
