"""In English a single province field is "Province" — its refusal of a former province reads "Province: Quảng
Nam was merged into Đà Nẵng…", not "Provinces and cities: …" — while the list of provinces (the menu, its
page) is still "Provinces and cities". The Vietnamese is "Tỉnh, thành phố" for both."""
import re

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from ngoaivu.core.models import Locality
from ngoaivu.exchanges.models import Delegation
from tests.exchanges.test_delegation_entry import plan_post
from tests.exchanges.test_former_province_lists import DELEGATION

pytestmark = pytest.mark.django_db
ENGLISH = "Province: Quảng Nam was merged into Đà Nẵng on 01/07/2025; choose Đà Nẵng"
VIETNAMESE = "Tỉnh, thành phố: Quảng Nam đã hợp nhất vào Đà Nẵng từ 01/07/2025; chọn Đà Nẵng"


@pytest.fixture
def quang_nam():
    return Locality.objects.by_legacy_code(49)


@pytest.mark.parametrize("language, expected", [("en", ENGLISH), ("vi", VIETNAMESE)])
def test_the_api_names_one_province_field_in_the_singular(world, quang_nam, language, expected):
    client = APIClient()
    client.force_authenticate(world.users["officer_b"])
    before = Delegation.objects.count()
    response = client.post("/api/delegations/", {**DELEGATION, "locality": quang_nam.pk}, format="json",
                           HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert response.json()["errors"] == {"locality": [expected]}
    assert Delegation.objects.count() == before


def test_the_form_names_it_in_the_singular_and_the_menu_keeps_the_plural(world, client_for, quang_nam, settings):
    client = client_for(world.users["officer_b"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    before = Delegation.objects.count()
    response = client.post(reverse("exchanges:delegation_create"), plan_post(
        world, locality=str(quang_nam.pk), **{"stops-0-country": "KR"}))
    assert response.context["form"].errors["locality"] == [ENGLISH]
    assert Delegation.objects.count() == before
    page = response.content.decode()
    assert ENGLISH in page
    assert re.search(rf'<a href="{reverse("core:locality_list")}"[^>]*>Provinces and cities</a>', page)


@pytest.mark.parametrize("language, heading", [("en", "Provinces and cities"), ("vi", "Tỉnh, thành phố")])
def test_the_list_of_provinces_keeps_its_heading(world, client_for, settings, language, heading):
    client = client_for(world.users["central"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("core:locality_list")).content.decode()
    assert f'<h1 class="heading-l">{heading}</h1>' in page


def test_a_list_filter_and_a_scope_kind_are_one_province(world):
    from ngoaivu.core.choices import ScopeKind
    from ngoaivu.exchanges.filtersets import DelegationFilter
    from ngoaivu.implementation.filtersets import CommitmentFilter
    with translation.override("en"):
        assert str(DelegationFilter().form.fields["locality"].label) == "Province"
        assert str(CommitmentFilter().form.fields["locality"].label) == "Province"
        assert str(ScopeKind.LOCALITY.label) == "Province"
    with translation.override("vi"):
        assert str(ScopeKind.LOCALITY.label) == "Tỉnh, thành phố"
