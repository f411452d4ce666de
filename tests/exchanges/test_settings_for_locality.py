"""ExchangeSettings.for_locality trusts a row read with the locality (the delegation page joins it), but not
the unsaved defaults an earlier call cached on the same locality object: the row may have been saved since
(the edit round trip read the defaults' missing key after saving the settings)."""
import pytest

from ngoaivu.core.models import Locality
from ngoaivu.exchanges.models import ExchangeSettings

pytestmark = pytest.mark.django_db


def test_the_saved_row_is_found_after_the_defaults_were_read(world):
    defaults = ExchangeSettings.for_locality(world.a)
    assert defaults.pk is None and defaults.max_days is not None
    ExchangeSettings.objects.create(locality=Locality.objects.get(pk=world.a.pk), max_days=11)
    found = ExchangeSettings.for_locality(world.a)  # the same locality object, defaults cached on it
    assert found.pk is not None and found.max_days == 11


def test_a_row_read_with_the_locality_is_not_asked_again(world, django_assert_num_queries):
    ExchangeSettings.objects.create(locality=world.a, max_days=9)
    locality = Locality.objects.select_related("exchange_settings").get(pk=world.a.pk)
    with django_assert_num_queries(0):
        assert ExchangeSettings.for_locality(locality).max_days == 9
    none = Locality.objects.select_related("exchange_settings").get(pk=world.b.pk)
    with django_assert_num_queries(0):  # read with the locality, and it has none: the defaults
        assert ExchangeSettings.for_locality(none).pk is None
