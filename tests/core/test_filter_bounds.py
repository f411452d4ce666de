"""Every filter of every list, page or API, answers an out-of-range number with a refusal or an empty list —
never a 500. The fuzzer found `?partner=476499575256834383061975040`: SQLite cannot hold an integer that large
and raised OverflowError, and an unbounded year (`?year=99999`) cannot become a date. This walks every FilterSet
in the project so a new one cannot repeat it."""
import django_filters
import pytest
from django.urls import get_resolver

pytestmark = pytest.mark.django_db

ODD_NUMBERS = ["476499575256834383061975040", "-476499575256834383061975040", "99999", "-87", "0", "1.5", "1e400"]


def _project_filtersets():
    get_resolver().url_patterns  # importing every view imports every FilterSet
    found, todo = [], list(django_filters.FilterSet.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("ngoaivu.") and cls._meta.model is not None:
            found.append(cls)
    return sorted(set(found), key=lambda cls: f"{cls.__module__}.{cls.__name__}")


FILTERSETS = _project_filtersets()


def test_the_walk_finds_the_filtersets():
    names = {cls.__name__ for cls in FILTERSETS}
    assert {"PartnerWarningFilter", "AgreementFilter"} <= names and len(FILTERSETS) >= 10


@pytest.mark.parametrize("filterset", FILTERSETS, ids=lambda cls: f"{cls.__module__.split('.')[1]}.{cls.__name__}")
def test_no_filter_breaks_on_an_out_of_range_number(world, filterset):
    queryset = filterset._meta.model._default_manager.all()
    for name in filterset.base_filters:
        for value in ODD_NUMBERS:
            bound = filterset(data={name: value}, queryset=queryset)
            if bound.is_valid():
                try:
                    list(bound.qs[:1])
                except Exception as error:  # noqa: BLE001 — name the filter and the value in the failure
                    pytest.fail(f"{filterset.__name__}.{name}={value!r} raised {error!r}")


@pytest.mark.parametrize("url", [
    "/api/partner-warnings/?page=3441386516&page_size=-87&active=true&partner=476499575256834383061975040",
    "/api/agreements/?year=99999",
    "/api/activities/?year=-476499575256834383061975040",
])
def test_the_api_refuses_an_out_of_range_number_with_a_400_naming_the_parameter(world, client_for, url):
    """The fuzzer's exact address, then the same kind on the other lists."""
    response = client_for(world.users["central"]).get(url)
    assert response.status_code == 400, response.content[:300]
    parameter = [part.split("=")[0] for part in url.split("?")[1].split("&")][-1]
    assert parameter in response.json()["errors"]


def test_every_form_chooses_records_with_the_bounded_ids_field():
    """A new form that declares Django's ModelMultipleChoiceField (or lets a ModelForm make one for a
    many-to-many) would bring the SQLite overflow back."""
    from django import forms

    from ngoaivu.core.forms import IdsField
    get_resolver().url_patterns
    plain, todo, seen = [], list(forms.BaseForm.__subclasses__()), set()
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls in seen or not cls.__module__.startswith("ngoaivu."):
            continue
        seen.add(cls)
        plain += [f"{cls.__module__}.{cls.__name__}.{name}" for name, field in getattr(cls, "base_fields", {}).items()
                  if isinstance(field, forms.ModelMultipleChoiceField) and not isinstance(field, IdsField)]
    assert len(seen) > 20 and not plain, plain


def test_the_ids_field_refuses_an_id_past_64_bits_before_any_query(world, django_assert_num_queries):
    from django import forms

    from ngoaivu.core.forms import IdsField
    from ngoaivu.core.models import Sector
    field = IdsField(queryset=Sector.objects.all())
    with django_assert_num_queries(0), pytest.raises(forms.ValidationError):
        field.clean(["476499575256834383061975040"])
    first = Sector.objects.order_by("pk").first()
    assert list(field.clean([str(first.pk)])) == [first]
