"""A commitment waived (or reopened) with a reason longer than 100 characters: the reason is the history
row's reason, whose column held 100 characters — PostgreSQL refused the save ("value too long"), SQLite kept
it whole by accident. The history keeps it whole, naming who waived it."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.implementation.models import Commitment
from tests.implementation.factories import agreement

pytestmark = pytest.mark.django_db
REASON = ("Đối tác Hàn Quốc đề nghị không tổ chức hội chợ năm nay vì ngân sách của tỉnh Gyeonggi bị cắt giảm; "
          "hai bên thống nhất thay bằng hội thảo trực tuyến về xúc tiến đầu tư vào quý IV")


def test_a_long_waiver_reason_is_kept_whole_in_the_history(world, client_for):
    assert len(REASON) > 100
    a = agreement(world.a, signed_months_ago=20)
    commitment = Commitment.objects.create(agreement=a, description="Tổ chức hội chợ", responsible_unit=world.unit_a,
                                           due_on=datetime.date.today() + datetime.timedelta(days=30))
    client = client_for(world.users["manager_a"])
    response = client.post(reverse("implementation:commitment_status", args=[commitment.pk]), {"status": "waived", "note": REASON})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == "waived"
    row = commitment.history.order_by("-history_id").first()
    assert row.status == "waived" and row.history_change_reason == REASON
    assert row.history_user == world.users["manager_a"]
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert REASON in page
