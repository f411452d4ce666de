import pytest

from ngoaivu.core.models import Locality, Unit

pytestmark = pytest.mark.django_db


def names(qs):
    return {loc.short_name for loc in qs}


def test_da_nang_without_diacritics_finds_da_nang(reference):
    assert "Đà Nẵng" in names(Locality.objects.search("da nang"))


def test_upper_case_dak_lak_finds_dak_lak(reference):
    assert "Đắk Lắk" in names(Locality.objects.search("DAK LAK"))


def test_ha_noi_does_not_find_ha_nam(reference):
    found = names(Locality.objects.search("ha noi"))
    assert "Hà Nội" in found
    assert "Hà Nam" not in found


def test_unit_search_keeps_folded_column_up_to_date_on_save(reference):
    unit = Unit.objects.filter(kind="department").first()
    unit.name = "Sở Ngoại vụ thử nghiệm Điện Biên"
    unit.save()
    assert Unit.objects.search("ngoai vu thu nghiem dien bien").filter(pk=unit.pk).exists()
