"""A model select's options (core.filters.ListedChoiceIterator.listed, what QuickSelect writes) are the
options iterating the field gives, read from the rows of this very request: the instances and labels are
kept per exact rows and language, so a renamed or merged province shows at once."""
import datetime

import pytest
from django.utils import translation

from ngoaivu.agreements.filtersets import AgreementFilter
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.filters import ListedChoiceIterator
from ngoaivu.core.models import Locality, Sector

pytestmark = pytest.mark.django_db


def iterators():
    form = AgreementFilter(None, queryset=Agreement.objects.none()).form
    return [form.fields[name].widget.choices for name in ("locality", "sector")]


def iterated(choices):
    return [(str(value), label) for value, label in choices]


def test_listed_options_are_the_iterated_options_in_both_languages(reference, monkeypatch):
    monkeypatch.setattr(ListedChoiceIterator, "_kept", {})
    for language in ("vi", "en"):
        with translation.override(language):
            for choices in iterators():
                assert choices.listed() == iterated(choices)  # written
                assert choices.listed() == iterated(choices)  # read back
    assert len(ListedChoiceIterator._kept) == 4


def test_a_renamed_or_merged_province_and_a_renamed_sector_show_at_once(reference, monkeypatch):
    monkeypatch.setattr(ListedChoiceIterator, "_kept", {})
    localities, sectors = iterators()
    localities.listed(), sectors.listed()
    province = Locality.objects.current().order_by("pk").first()
    Locality.objects.filter(pk=province.pk).update(short_name="Tỉnh Đổi Tên")
    Sector.objects.filter(pk=Sector.objects.order_by("pk").first().pk).update(name="Lĩnh vực đổi tên")
    localities, sectors = iterators()
    assert ("%s" % province.pk, "Tỉnh Đổi Tên") in localities.listed() and localities.listed() == iterated(localities)
    assert "Lĩnh vực đổi tên" in [label for _value, label in sectors.listed()]
    Locality.objects.filter(pk=province.pk).update(valid_until=datetime.date(2025, 6, 30))
    localities = iterators()[0]
    assert localities.listed() == iterated(localities)
    assert "Tỉnh Đổi Tên (cũ)" in [str(label) for _value, label in localities.listed()]


def test_a_select_of_joined_rows_is_iterated_as_it_is(reference):
    choices = iterators()[0]
    choices.queryset = Locality.objects.select_related("successor").order_by("pk")
    assert choices.listed() == iterated(choices)
