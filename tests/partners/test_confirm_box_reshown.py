"""The "this is another partner, save anyway" box stayed ticked when the form came back for another error (an
invalid web address): the next submit, after the name had been changed to yet another look-alike, saved a
duplicate nobody had confirmed. A re-shown form brings the box back unticked; the duplicate needs a new tick."""
import re

import pytest
from django.urls import reverse

from ngoaivu.partners.models import Partner

pytestmark = pytest.mark.django_db


def _box(html, name):
    tag = re.search(r'<input[^>]*name="%s"[^>]*>' % name, html)
    assert tag, "the box is shown"
    return tag.group(0)


def test_a_reshown_partner_form_brings_the_save_anyway_box_back_unticked(world, client_for):
    Partner.objects.create(name="Gyeonggi-do", country="KR")
    before = Partner.objects.count()
    client = client_for(world.users["officer_a"])
    url = reverse("partners:partner_create")
    post = {"name": "gyeonggi do", "kind": "local_gov", "country": "KR", "website": "not a web address",
            "confirm_new": "on"}
    page = client.post(url, post)
    assert page.status_code == 200 and "website" in page.context["form"].errors
    assert "checked" not in _box(page.content.decode(), "confirm_new")
    # The user fixes the address and sends the form as shown (the box unticked): the duplicate is not saved.
    again = client.post(url, {**{k: v for k, v in post.items() if k != "confirm_new"}, "website": "https://gg.go.kr"})
    assert again.status_code == 200 and "name" in again.context["form"].errors
    assert Partner.objects.count() == before
    # Ticked anew: saved.
    assert client.post(url, {**post, "website": "https://gg.go.kr"}).status_code == 302
    assert Partner.objects.count() == before + 1


def test_a_reshown_agreement_form_brings_the_new_partner_box_back_unticked(world, client_for):
    Partner.objects.create(name="Gyeonggi-do", country="KR")
    before = Partner.objects.count()
    client = client_for(world.users["officer_a"])
    page = client.post(reverse("agreements:agreement_create"), {
        "new_partner_name": "gyeonggi do", "new_partner_kind": "local_gov", "new_partner_country": "KR",
        "new_partner_confirm": "on"})  # the agreement's own fields left empty: other errors
    assert page.status_code == 200 and page.context["form"].errors
    assert "checked" not in _box(page.content.decode(), "new_partner_confirm")
    assert Partner.objects.count() == before
