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


def _form_as_shown(page):
    """The re-shown form's values as the browser sends them back (a multiple choice as its list)."""
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, "", False):
            continue
        data[name] = [str(v) for v in value] if isinstance(value, (list, tuple)) else value
    return data


def test_ticking_another_partner_takes_off_the_partner_the_warning_selected(world, client_for):
    """The look-alike warning selects the existing partner for the user; ticking "Đây là một đối tác khác" then
    linked the agreement to both the existing partner and the new one (review of 04/12/2026). The partner the
    warning selected is taken off; one the user had chosen already stays."""
    from ngoaivu.agreements.models import Agreement
    existing = Partner.objects.create(name="Hwaseong-gun Testland", country="KR")
    chosen = Partner.objects.create(name="Yeosu Testport", country="KR")
    client = client_for(world.users["officer_a"])
    url = reverse("agreements:agreement_create")
    first = client.post(url, {"locality": world.a.pk, "title": "Thỏa thuận với Gyeonggi", "form": "ban_ghi_nho",
                              "channel": "state", "visibility": "internal", "effective_on_signing": "on",
                              "partners": [chosen.pk], "new_partner_name": "hwaseong gun testland",
                              "new_partner_kind": "local_gov", "new_partner_country": "KR"})
    assert first.status_code == 200 and "new_partner_name" in first.context["form"].errors
    shown = _form_as_shown(first)
    assert sorted(shown["partners"]) == sorted([str(chosen.pk), str(existing.pk)])  # the warning selected it
    assert client.post(url, {**shown, "new_partner_confirm": "on"}).status_code == 302
    agreement = Agreement.objects.get(title="Thỏa thuận với Gyeonggi")
    names = sorted(agreement.partners.values_list("name", flat=True))
    assert names == ["Yeosu Testport", "hwaseong gun testland"], names
    assert Partner.objects.filter(name="hwaseong gun testland", country="KR").count() == 1


def test_a_partner_chosen_before_the_warning_stays_when_another_is_confirmed(world, client_for):
    from ngoaivu.agreements.models import Agreement
    existing = Partner.objects.create(name="Hwaseong-gun Testland", country="KR")
    client = client_for(world.users["officer_a"])
    url = reverse("agreements:agreement_create")
    first = client.post(url, {"locality": world.a.pk, "title": "Thỏa thuận hai đối tác", "form": "ban_ghi_nho",
                              "channel": "state", "visibility": "internal", "effective_on_signing": "on",
                              "partners": [existing.pk], "new_partner_name": "hwaseong gun testland",
                              "new_partner_kind": "local_gov", "new_partner_country": "KR"})
    shown = _form_as_shown(first)
    assert "new_partner_offered" not in shown
    assert client.post(url, {**shown, "new_partner_confirm": "on"}).status_code == 302
    names = sorted(Agreement.objects.get(title="Thỏa thuận hai đối tác").partners.values_list("name", flat=True))
    assert names == ["Hwaseong-gun Testland", "hwaseong gun testland"], names
