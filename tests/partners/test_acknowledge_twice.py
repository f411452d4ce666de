"""Two officers of one province acknowledge a warning from the page each read before the other did: the
second's note was dropped (the province's acknowledgement is one row) while the page said "Đã xác nhận đã
biết cảnh báo.". The second is now told who acknowledged it and when, and that their note was not kept."""
import pytest
from django.urls import reverse

from ngoaivu.partners.models import WarningAcknowledgement
from tests.agreements.factories import agreement, partner
from tests.partners.test_warnings import warn

pytestmark = pytest.mark.django_db


def test_a_second_acknowledgement_with_a_note_is_not_reported_as_saved(world, client_for):
    investor = partner("Hanbit Green Energy Co., Ltd.", "KR", name_vi="Công ty Hanbit Green Energy", kind="enterprise")
    agreement(world.users["officer_a"], world.a, partners=[investor], title="Thỏa thuận của Lạng Sơn")
    warning = warn(world, investor)
    url = reverse("partners:warning_acknowledge", args=[warning.pk])
    client_for(world.users["manager_a"]).post(url, {"note": "Đã dừng đàm phán"})

    response = client_for(world.users["officer_a"]).post(url, {"note": "Đã báo các sở"}, follow=True)

    shown = [str(m) for m in response.context["messages"]]
    assert not any("Đã xác nhận đã biết cảnh báo" in m for m in shown)
    assert any(str(world.users["manager_a"]) in m and "Đã báo các sở" in m for m in shown), shown
    ack = WarningAcknowledgement.objects.get(warning=warning)
    assert (ack.by, ack.note) == (world.users["manager_a"], "Đã dừng đàm phán")
