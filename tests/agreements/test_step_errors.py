"""A legal step refused for the steps before it says so in Vietnamese: the outside test read "Kind: Chưa thể
ghi nhận ký kết…" in the error summary (the hidden field of the step had no label)."""
import pytest
from django.urls import reverse

from tests.agreements.factories import agreement

pytestmark = pytest.mark.django_db


def test_a_signing_before_its_approval_is_refused_naming_the_step_in_vietnamese(world, client_for):
    a = agreement(world.users["officer_a"], world.a, title="Bản ghi nhớ chưa được phê duyệt")
    response = client_for(world.users["officer_a"]).post(
        reverse("agreements:event_create", args=[a.pk]) + "?kind=signed", {"kind": "signed", "date": "02/02/2026"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bước pháp lý: " in page and "Kind:" not in page
    assert not a.events.filter(kind="signed").exists()
