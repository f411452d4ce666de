"""A tracked agreement whose signing was recorded as a step could have its signing date emptied afterwards, by
the edit form, the API or an old export imported again: it then read as a proposal while its timeline still
said signed. The date the step set can no longer be emptied, with a message naming the step's day, wherever
the change comes from; a historical record (no steps) still may (review of 07/12/2026)."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from ngoaivu.agreements import actions
from ngoaivu.agreements.models import Agreement
from tests.agreements.factories import agreement
from tests.test_edit_round_trip import page_values

pytestmark = pytest.mark.django_db
SIGNED_ON = datetime.date.today() - datetime.timedelta(days=3)
REFUSED = f"Đã ghi nhận bước Ký kết ngày {SIGNED_ON:%d/%m/%Y}: không xóa được ngày ký"


@pytest.fixture
def signed(world):
    officer = world.users["officer_a"]
    a = agreement(officer, world.a, title="Thỏa thuận đã ký qua bước", reference="16/2025/LS",
                  today=datetime.date(2025, 12, 1))
    actions.record_event(officer, a, "signed", SIGNED_ON, override_reason="Ký theo chỉ đạo")
    a = Agreement.objects.get(pk=a.pk)
    assert a.signed_on == SIGNED_ON
    return a


def _unchanged(a):
    stored = Agreement.objects.get(pk=a.pk)
    assert (stored.signed_on, stored.status) == (SIGNED_ON, a.status)


def test_the_action_refuses_emptying_it(world, signed):
    with pytest.raises(ValidationError) as refused:
        actions.update_agreement(world.users["officer_a"], signed, signed_on=None)
    assert refused.value.message_dict["signed_on"] == [REFUSED]
    _unchanged(signed)


def test_the_form_refuses_it_on_the_signing_field(world, client_for, signed):
    client = client_for(world.users["officer_a"])
    url = reverse("agreements:agreement_edit", args=[signed.pk])
    form = client.get(url).context["form"]
    response = client.post(url, {**page_values(form), "signed": "", "summary": "Tóm tắt gõ lại"})
    assert response.status_code == 200
    assert response.context["form"].errors["signed"] == [REFUSED]
    assert response.context["form"]["summary"].value() == "Tóm tắt gõ lại"
    _unchanged(signed)


def test_the_api_refuses_it(world, signed):
    client = APIClient()
    client.force_authenticate(world.users["officer_a"])
    answer = client.patch(f"/api/agreements/{signed.pk}/", {"signed_on": None}, format="json")
    assert answer.status_code == 400 and REFUSED in str(answer.json()["errors"])
    _unchanged(signed)
