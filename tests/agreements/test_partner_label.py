"""The register form labelled the foreign partner “(không bắt buộc)” and then refused to save without one
(“Chọn ít nhất một đối tác nước ngoài, hoặc nhập đối tác mới”): an officer who trusted the label lost a save.
The label now reads as needed; the field stays optional only as the choice between a listed partner and a
new one (review of 04/12/2026)."""
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _label(html, field_id):
    return re.search(rf'<label class="label" for="{field_id}">(.*?)</label>', html, re.S).group(1)


def test_the_partner_is_not_labelled_optional_on_the_register_and_edit_forms(world, client_for):
    client = client_for(world.users["officer_a"])
    html = client.get(reverse("agreements:agreement_create")).content.decode()
    assert "Đối tác nước ngoài" in _label(html, "id_partners")
    assert "không bắt buộc" not in _label(html, "id_partners")
    # Fields that are truly optional keep their marker.
    assert "không bắt buộc" in _label(html, "id_reference")
    response = client.post(reverse("agreements:agreement_create"), {
        "locality": world.a.pk, "title": "Bản ghi nhớ không có đối tác", "channel": "state",
        "visibility": "internal"})
    html = response.content.decode()
    assert "Chọn ít nhất một đối tác nước ngoài" in html
    assert "không bắt buộc" not in _label(html, "id_partners")
