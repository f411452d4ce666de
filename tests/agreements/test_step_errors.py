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


def test_a_day_that_does_not_exist_is_called_so(world, client_for):
    """31/02/2026 was answered "Viết ngày theo dạng dd/mm/yyyy" although it was written that way."""
    a = agreement(world.users["officer_a"], world.a, title="Bản ghi nhớ cần xin ý kiến")
    response = client_for(world.users["officer_a"]).post(
        reverse("agreements:event_create", args=[a.pk]) + "?kind=opinion_requested",
        {"kind": "opinion_requested", "date": "31/02/2026", "consultee": "Sở Tư pháp"})
    assert response.status_code == 200
    errors = list(response.context["form"]["date"].errors)
    assert errors and "ngày có thật" in errors[0], errors
    assert not a.events.filter(kind="opinion_requested").exists()
