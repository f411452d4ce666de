"""The partner hub's lists of countries ("Quốc gia ưu tiên" on an opportunity and on a province's profile) are
named as the Ministry writes them, like every other country list: the package's own catalogue named Iceland and
Ireland both "Ai-len", Jersey "Áo" beside Austria, Niger and Nigeria both "Nigeria", and the USA "Hợp chủng quốc
Hoa Kỳ" — so an officer could tick the wrong country of two identical lines."""
import re
from collections import Counter

import pytest
from django.urls import reverse

from ngoaivu.partners import opportunities as ops

pytestmark = pytest.mark.django_db


def _options(html, name):
    select = re.search(r'<select name="%s".*?</select>' % name, html, re.S).group(0)
    return re.findall(r'<option value="([A-Z]{2})"[^>]*>([^<]*)</option>', select)


@pytest.mark.parametrize("persona, url", [
    ("mission_officer", lambda w: reverse("partners:opportunity_create")),
    ("officer_a", lambda w: reverse("partners:profile_edit", args=[w.a.pk])),
])
def test_the_country_choices_use_the_ministrys_names_once_each(world, client_for, persona, url):
    html = client_for(world.users[persona]).get(url(world)).content.decode()
    name = "preferred_countries" if "opportunit" in url(world) else "priority_countries"
    options = dict(_options(html, name))
    assert (options["IS"], options["IE"], options["JE"], options["AT"]) == ("Ai-xơ-len", "Ai-len", "Jersey", "Áo")
    assert (options["US"], options["NE"], options["NG"]) == ("Hoa Kỳ", "Ni-giê", "Ni-giê-ri-a")
    assert [n for n, k in Counter(options.values()).items() if k > 1] == []
    # The neighbours and main partners still lead the list, as the package's COUNTRIES_FIRST put them.
    assert [code for code, _ in _options(html, name)][:6] == ["CN", "LA", "KH", "KR", "JP", "US"]


def test_the_profiles_list_names_the_priority_countries_as_the_ministry_does(world, client_for):
    ops.save_profile(world.users["officer_a"], world.a, sectors=[], priority_countries=["US", "SG"])
    html = client_for(world.users["central"]).get(reverse("partners:profile_list")).content.decode()
    row = re.search(r"<tr><td><a href=\"%s\">.*?</tr>" % reverse("partners:profile_detail", args=[world.a.pk]), html).group(0)
    assert "Xinh-ga-po, Hoa Kỳ" in row  # the field keeps its codes sorted: SG, US
    assert "Hợp chủng quốc" not in html
