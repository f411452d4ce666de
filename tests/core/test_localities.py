import pytest

from ngoaivu.core.models import Locality, Unit

pytestmark = pytest.mark.django_db


def test_there_are_34_current_units_and_63_before_the_reform(reference):
    assert Locality.objects.current().count() == 34
    before = Locality.objects.former().count() + Locality.objects.current().filter(legacy_code__isnull=False).count()
    assert before == 63


def test_bac_giang_passed_to_bac_ninh(reference):
    bac_giang = Locality.objects.by_legacy_code(24)
    assert bac_giang.short_name == "Bắc Giang"
    assert bac_giang.successor.short_name == "Bắc Ninh"
    assert bac_giang.today == bac_giang.successor


def test_quang_nam_passed_to_da_nang(reference):
    assert Locality.objects.by_legacy_code(49).successor.short_name == "Đà Nẵng"


def test_lang_son_was_unchanged_and_is_its_own_successor(reference):
    lang_son = Locality.objects.by_legacy_code(20)
    assert lang_son.is_current and lang_son.today == lang_son


def test_tien_giang_goes_to_dong_thap_which_kept_its_code(reference):
    assert Locality.objects.by_legacy_code(82).successor.short_name == "Đồng Tháp"


def test_every_current_unit_has_exactly_one_foreign_affairs_agency(reference):
    for locality in Locality.objects.current():
        assert Unit.objects.filter(locality=locality, is_foreign_affairs_agency=True).count() == 1, locality


def test_communes_come_from_the_package_wards(reference):
    assert Unit.objects.filter(kind="commune_pc").count() > 3000


def test_reference_loading_is_idempotent(reference):
    from ngoaivu.core.reference import load_reference
    before = (Locality.objects.count(), Unit.objects.count())
    load_reference()
    assert (Locality.objects.count(), Unit.objects.count()) == before
