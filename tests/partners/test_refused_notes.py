"""The small forms of a partner's warning and of an opportunity (a note beside a button) post and return to
their record's page. Refused — a note longer than its limit, which a browser caps but a pasted text or
another client does not — they said nothing: the page came back as after a save, nothing saved, no
message (the review of 07/12/2026). Now the refusal is a message naming the field, and nothing is saved."""
import pytest
from django.urls import reverse

from ngoaivu.partners.models import WarningAcknowledgement
from ngoaivu.partners.models_opportunities import Interest
from tests.agreements.factories import agreement, partner
from tests.partners.test_warnings import warn

pytestmark = pytest.mark.django_db


def _messages(response):
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def test_an_over_long_interest_note_is_refused_by_name_and_saves_nothing(world, client_for):
    opp = world.opp_a  # posted by Lạng Sơn; Đà Nẵng may answer it
    url = reverse("partners:opportunity_interest", args=[opp.pk])
    client = client_for(world.users["officer_b"])
    response = client.post(url, {"note": "x" * 2001}, follow=True)
    assert response.redirect_chain[-1][0] == opp.get_absolute_url()
    [(level, text)] = _messages(response)
    assert level == "error" and text.startswith("Ghi chú (tỉnh có thể đáp ứng gì): ") and "2000" in text
    assert not Interest.objects.filter(opportunity=opp, locality=world.b).exists()
    # The longest note allowed is saved whole.
    client.post(url, {"note": "x" * 2000})
    assert Interest.objects.get(opportunity=opp, locality=world.b).note == "x" * 2000


def test_an_over_long_acknowledgement_note_is_refused_by_name_and_saves_nothing(world, client_for):
    investor = partner("Hanbit Green Energy Co., Ltd.", "KR", name_vi="Công ty Hanbit Green Energy", kind="enterprise")
    agreement(world.users["officer_a"], world.a, partners=[investor], title="Thỏa thuận của Lạng Sơn")
    warning = warn(world, investor)
    url = reverse("partners:warning_acknowledge", args=[warning.pk])
    client = client_for(world.users["officer_a"])
    response = client.post(url, {"note": "Đã báo các sở. " * 30}, follow=True)
    [(level, text)] = _messages(response)
    assert level == "error" and text.startswith("Ghi chú (tỉnh đã xử lý thế nào): ") and "300" in text
    assert not WarningAcknowledgement.objects.filter(warning=warning).exists()
    client.post(url, {"note": "Đã báo các sở."})
    assert WarningAcknowledgement.objects.get(warning=warning).note == "Đã báo các sở."
