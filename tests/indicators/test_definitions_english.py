"""The indicators' definitions were stored in Vietnamese only, and the catalogue linked each indicator by its
Vietnamese name: an English page read "Số thỏa thuận có ngày ký trong kỳ, mọi tình trạng." under "International
agreements signed". Each indicator keeps an English definition beside its English name (as the sectors and
the names do), filled for the catalogue, and an English page shows the English."""
import html

import pytest

from ngoaivu.indicators.catalogue import CATALOGUE, DEFINITIONS_EN
from ngoaivu.indicators.models import Indicator

pytestmark = pytest.mark.django_db

SIGNED_VI = "Số thỏa thuận có ngày ký trong kỳ, mọi tình trạng."


def _page(client, url, lang):
    response = client.get(url, {"lang": lang} if "?" not in url else None, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_every_indicator_of_the_catalogue_has_its_english_definition(ind):
    assert set(DEFINITIONS_EN) == {row[0] for row in CATALOGUE}
    for indicator in Indicator.objects.filter(code__in=DEFINITIONS_EN):
        assert indicator.definition_en == DEFINITIONS_EN[indicator.code], indicator.code
        assert indicator.definition_en and indicator.definition_en != indicator.definition


def test_an_english_page_shows_the_indicators_name_and_definition_in_english(world, ind, client_for):
    client = client_for(world.users["central"])
    english = DEFINITIONS_EN["agreements_signed"]
    detail = _page(client, "/indicators/catalogue/agreements_signed/", "en")
    assert f'lang="en">{english}<' in detail and SIGNED_VI not in detail
    national = _page(client, "/indicators/?indicator=agreements_signed&lang=en", "en")
    assert f'lang="en">{english}<' in national and SIGNED_VI not in national
    catalogue = _page(client, "/indicators/catalogue/", "en")
    assert 'lang="en">International agreements signed</a>' in catalogue
    # The Vietnamese page keeps the Vietnamese.
    detail_vi = _page(client, "/indicators/catalogue/agreements_signed/", "vi")
    assert f'lang="vi">{SIGNED_VI}<' in detail_vi
    catalogue_vi = _page(client, "/indicators/catalogue/", "vi")
    assert 'lang="vi">Số thỏa thuận quốc tế được ký</a>' in catalogue_vi


def test_an_indicator_without_an_english_definition_shows_the_vietnamese_marked_as_such(world, ind, client_for):
    Indicator.objects.filter(code="foreign_visitors").update(definition_en="")
    client = client_for(world.users["central"])
    detail = _page(client, "/indicators/catalogue/foreign_visitors/", "en")
    assert 'lang="vi">Lượt khách quốc tế đến địa phương.<' in detail
