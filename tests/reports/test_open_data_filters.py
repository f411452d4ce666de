"""The open data page's filters name provinces and countries as the rest of the application does: the
province list was ordered by full name ("Thành phố Cần Thơ", "Thành phố Huế" … then "Tỉnh An Giang" … "Tỉnh
Điện Biên" last), and the country list was the package's catalogue (Iceland and Ireland both "Ai-len", Jersey
"Áo" beside Austria, Niger and Nigeria both "Nigeria", "Hợp chủng quốc Hoa Kỳ")."""
import re
from collections import Counter

import pytest
from django.urls import reverse

from ngoaivu.core.models import Locality

pytestmark = pytest.mark.django_db


def _options(html, name):
    select = re.search(r'<select name="%s".*?</select>' % name, html, re.S).group(0)
    return [(v, t) for v, t in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select) if v]


def test_the_province_filter_is_in_vietnamese_order(world, client):
    html = client.get(reverse("reports:open_data")).content.decode()
    shown = [name for _, name in _options(html, "province")]
    expected = [str(l) for l in Locality.objects.current().order_by("sort_key")]
    assert shown == expected
    assert shown.index("Điện Biên") < shown.index("Hà Nội") < shown.index("Huế")


def test_the_country_filter_uses_the_ministrys_names_once_each(world, client):
    html = client.get(reverse("reports:open_data")).content.decode()
    options = dict(_options(html, "country"))
    assert (options["IS"], options["IE"], options["JE"], options["US"]) == ("Ai-xơ-len", "Ai-len", "Jersey", "Hoa Kỳ")
    assert [n for n, k in Counter(options.values()).items() if k > 1] == []
