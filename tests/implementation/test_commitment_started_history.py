"""An activity recorded against a commitment that had not started puts it "in progress" — through an update()
that wrote no history row: the commitment's history went on saying "Chưa thực hiện", with no trace of who
started it, when, or why (and a past period's report, which reads that history, took it as not started)."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.implementation.models import Commitment
from tests.implementation.factories import agreement

pytestmark = pytest.mark.django_db


def test_a_commitment_started_by_an_activity_has_a_history_row(world, client_for):
    a = agreement(world.a, signed_months_ago=20)
    commitment = Commitment.objects.create(agreement=a, description="Tổ chức hội chợ", responsible_unit=world.unit_a,
                                           due_on=datetime.date.today() + datetime.timedelta(days=30))
    officer = world.users["officer_a"]
    client = client_for(officer)
    response = client.post(reverse("implementation:activity_create_for", args=[a.pk]), {
        "kind": "meeting", "title": "Hội đàm chuẩn bị hội chợ",
        "occurred_on": datetime.date.today().strftime("%d/%m/%Y"), "commitments": [commitment.pk]})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == "in_progress"
    row = commitment.history.order_by("-history_id").first()
    assert row.status == "in_progress" and row.history_type == "~"
    assert row.history_user == officer
    assert "Hội đàm chuẩn bị hội chợ" in row.history_change_reason
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert "Chưa thực hiện → Đang thực hiện" in page
    assert "Hội đàm chuẩn bị hội chợ" in page.split('id="history-title"')[1]
