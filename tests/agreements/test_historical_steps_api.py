"""A historical record (signed before it was tracked here) is past the steps of the 2020 Law's procedure: its
page offers only the events that may still happen to it, but the API recorded any step — a "reported" that set
its report date (the review of 07/12/2026). The action refuses it now, for every way in, naming the field."""
import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from ngoaivu.agreements import actions

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_the_api_refuses_a_procedure_step_on_a_historical_record(world, client_for):
    officer = world.users["officer_a"]
    old = actions.create_agreement(officer, locality=world.a, partners=[world.partner_kr], form="ban_ghi_nho",
                                   title="Bản ghi nhớ cũ 2012", signed_on=datetime.date(2012, 5, 3), historical=True)
    page = client_for(officer).post(reverse("agreements:event_create", args=[old.pk]) + "?kind=reported",
                                    {"kind": "reported", "date": TODAY.strftime("%d/%m/%Y")})
    assert page.status_code == 200 and not old.events.filter(kind="reported").exists()  # the steps offered instead
    api = APIClient()
    api.force_authenticate(officer)
    response = api.post(f"/api/agreements/{old.pk}/events/", {"kind": "reported", "date": TODAY.isoformat()},
                        format="json")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["kind"], response.json()
    assert "hồ sơ lịch sử" in response.json()["errors"]["kind"][0]
    old.refresh_from_db()
    assert not old.events.filter(kind="reported").exists() and old.reported_on is None
    # An event that may still happen to it goes through the same way.
    response = api.post(f"/api/agreements/{old.pk}/events/", {"kind": "terminated", "date": TODAY.isoformat()},
                        format="json")
    assert response.status_code == 201, response.json()
    old.refresh_from_db()
    assert old.status == "terminated"


def test_a_request_recorded_before_the_record_was_made_historical_can_still_be_answered(world):
    """The Ministry's opinion on a request recorded while the agreement was tracked closes it, though the
    record has since been made historical (the review's second reading)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ngoaivu.coordination import opinions
    from tests.coordination.test_opinions import _request
    event = _request(world)
    agreement = event.agreement
    actions.update_agreement(world.users["officer_b"], agreement, signed_on=datetime.date(2015, 3, 1), historical=True)
    agreement.refresh_from_db()
    assert agreement.historical
    opinions.save_draft(world.users["central"], event, verdict="agree", text="")
    opinions.approve_and_issue(world.users["central_manager"], event, issued_on=TODAY,
                               signed_file=SimpleUploadedFile("y.pdf", b"%PDF-1.4 x", content_type="application/pdf"))
    assert agreement.events.filter(kind="opinion_received", request=event).exists()
