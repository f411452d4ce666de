"""A locality's type, names and successor are dated facts with their legal basis: Resolution 202/2025/QH15
named 6 centrally-run cities (the package marks 9), Huế became a city and changed its name under Resolution
175/2024/QH15, and a later resolution is a new row that pages and the name resolver follow."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.core.models import Locality, LocalityFact, Unit
from ngoaivu.core.reference import RES_202, load_locality_facts

pytestmark = pytest.mark.django_db
CITIES = {"Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}
AFTER = datetime.date(2025, 8, 1)


def current(code):
    return Locality.objects.current().get(code=code)


def test_resolution_202_names_six_cities_and_each_row_cites_it(reference):
    rows = list(Locality.objects.current().prefetch_related("facts"))
    assert len(rows) == 34
    assert {loc.short_name for loc in rows if loc.kind == "city"} == CITIES
    assert {loc.short_name for loc in rows if loc.kind_on(AFTER) == "city"} == CITIES
    for loc in rows:
        fact = loc.fact_on("kind", AFTER)
        assert fact is not None and fact.basis == RES_202 and fact.valid_from == datetime.date(2025, 7, 1), loc


@pytest.mark.parametrize("code, name", [(22, "Tỉnh Quảng Ninh"), (24, "Tỉnh Bắc Ninh"), (75, "Tỉnh Đồng Nai")])
def test_the_three_units_the_package_marked_as_cities_are_provinces_with_their_bodies_renamed(reference, code, name):
    loc = current(code)
    assert (loc.kind, loc.name) == ("province", name)
    short = loc.short_name
    names = set(Unit.objects.filter(locality=loc).exclude(kind="commune_pc").values_list("name", flat=True))
    assert f"Ủy ban nhân dân tỉnh {short}" in names and f"Tỉnh ủy {short}" in names and "Thanh tra tỉnh" in names
    assert not any(f"thành phố {short}" in n or f"Thành ủy {short}" in n for n in names)


def test_hue_was_a_province_named_thua_thien_hue_until_2025(reference):
    hue = current(46)
    assert hue.kind_on(datetime.date(2024, 6, 1)) == "province"
    assert hue.name_on(datetime.date(2024, 6, 1)) == "Tỉnh Thừa Thiên Huế"
    assert hue.kind_on(datetime.date(2025, 3, 1)) == "city"
    assert hue.name_on(datetime.date(2025, 3, 1)) == "Thành phố Huế"
    assert "175/2024/QH15" in hue.fact_on("kind", datetime.date(2025, 3, 1)).basis


def test_former_provinces_have_their_successor_as_a_dated_fact(reference):
    bac_giang = Locality.objects.former().get(short_name="Bắc Giang")
    fact = bac_giang.fact_on("successor", AFTER)
    assert fact.successor == current(24) and fact.basis == RES_202
    assert bac_giang.fact_on("successor", datetime.date(2025, 6, 30)) is None


def test_loading_the_facts_again_changes_nothing(reference):
    count = LocalityFact.objects.count()
    assert load_locality_facts() == 0
    assert LocalityFact.objects.count() == count


def test_a_later_resolution_is_new_data_the_pages_and_the_resolver_follow(reference, world, client_for):
    dong_nai = current(75)
    later = datetime.date(2027, 1, 1)
    # A made-up later resolution, entered as data only.
    LocalityFact.objects.filter(locality=dong_nai, fact="kind", valid_to__isnull=True).update(
        valid_to=later - datetime.timedelta(days=1))
    LocalityFact.objects.create(locality=dong_nai, fact="kind", kind="city", valid_from=later,
                                basis="Nghị quyết 999/2026/QH15 (thử)")
    LocalityFact.objects.create(locality=dong_nai, fact="name", name="Thành phố Biên Hòa Đồng Nai",
                                short_name="Biên Hòa Đồng Nai", valid_from=later, basis="Nghị quyết 999/2026/QH15 (thử)")
    dong_nai = current(75)
    assert dong_nai.kind_on(datetime.date(2026, 6, 1)) == "province" and dong_nai.kind_on(later) == "city"
    assert Locality.objects.resolve("Biên Hòa Đồng Nai") == dong_nai
    assert Locality.objects.resolve("tp bien hoa dong nai") == dong_nai

    client = client_for(world.users["viewer"])
    page = client.get(reverse("core:locality_detail", args=[dong_nai.pk]), {"on": "15/01/2027"})
    assert page.context["kind_on"] == "Thành phố trực thuộc trung ương"
    assert "Thành phố Biên Hòa Đồng Nai — Thành phố trực thuộc trung ương" in page.content.decode()
    page = client.get(reverse("core:locality_detail", args=[dong_nai.pk]), {"on": "15/01/2026"})
    assert page.context["kind_on"] == "Tỉnh"
    listing = client.get(reverse("core:locality_list"), {"on": "15/01/2027"})
    shown = {loc.short_name: loc.kind_shown for loc in listing.context["localities"]}
    assert shown["Đồng Nai"] == "Thành phố trực thuộc trung ương" and shown["Lạng Sơn"] == "Tỉnh"
    listing = client.get(reverse("core:locality_list"))
    assert {name for name, kind in ((loc.short_name, loc.kind_shown) for loc in listing.context["localities"])
            if kind == "Thành phố trực thuộc trung ương"} == CITIES


@pytest.mark.parametrize("written", ["Thừa Thiên Huế", "Tỉnh Thừa Thiên - Huế", "thua thien hue"])
def test_the_resolver_finds_hue_by_its_former_name_fact(reference, written):
    assert Locality.objects.resolve(written) == current(46)


def test_the_hue_page_shows_its_type_and_name_on_a_day_before_2025(world, client_for):
    hue = current(46)
    page = client_for(world.users["viewer"]).get(reverse("core:locality_detail", args=[hue.pk]), {"on": "01/06/2024"})
    content = page.content.decode()
    assert "Tỉnh Thừa Thiên Huế — Tỉnh" in content
    assert "Nghị quyết 175/2024/QH15" in content and "Nghị quyết 202/2025/QH15" in content


def test_a_day_that_cannot_be_read_is_an_error_at_the_field(world, client_for):
    page = client_for(world.users["viewer"]).get(reverse("core:locality_list"), {"on": "31/02/2025"})
    assert page.status_code == 200
    assert "Ngày xem phải là ngày thật, dạng 27/3/2026" in page.content.decode()


def test_the_data_migration_corrects_a_database_loaded_from_the_package(reference):
    from importlib import import_module

    from django.apps import apps
    bac_ninh = current(24)
    # As the package loaded it before the facts: a city.
    Locality.objects.filter(pk=bac_ninh.pk).update(kind="city", name="Thành phố Bắc Ninh")
    Unit.objects.filter(locality=bac_ninh, name="Ủy ban nhân dân tỉnh Bắc Ninh").update(
        name="Ủy ban nhân dân thành phố Bắc Ninh")
    LocalityFact.objects.all().delete()
    import_module("ngoaivu.core.migrations.0007_locality_facts_data").load(apps, None)
    bac_ninh = current(24)
    assert (bac_ninh.kind, bac_ninh.name) == ("province", "Tỉnh Bắc Ninh")
    assert Unit.objects.filter(locality=bac_ninh, name="Ủy ban nhân dân tỉnh Bắc Ninh").exists()
    assert LocalityFact.objects.filter(fact="kind", valid_from=datetime.date(2025, 7, 1)).count() == 34


def test_a_later_type_entered_as_a_fact_becomes_the_rows_type_with_its_bodies_names(reference):
    dong_nai = current(75)
    start = datetime.date.today() - datetime.timedelta(days=10)
    LocalityFact.objects.filter(locality=dong_nai, fact="kind", valid_to__isnull=True).update(
        valid_to=start - datetime.timedelta(days=1))
    LocalityFact.objects.create(locality=dong_nai, fact="kind", kind="city", valid_from=start,
                                basis="Nghị quyết 999/2026/QH15 (thử)")
    load_locality_facts()
    dong_nai = current(75)
    assert (dong_nai.kind, dong_nai.name) == ("city", "Thành phố Đồng Nai")
    assert Unit.objects.filter(locality=dong_nai, name="Ủy ban nhân dân thành phố Đồng Nai").exists()
    assert Unit.objects.filter(locality=dong_nai, name="Thành ủy Đồng Nai").exists()
    assert dong_nai.kind_on(start - datetime.timedelta(days=1)) == "province"
