"""The province home panel's overdue commitments: the total beside the list counts the list's own rows. It
was the summary's figure, which counts only the agreements in force: with a commitment left open under an
agreement that has expired, the panel listed it but the total left it out ("Xem cả 9 cam kết quá hạn" over
a list of ten, or no link at all while some were not shown)."""
import datetime

import pytest
from django.test import RequestFactory

from ngoaivu.core import sweep
from ngoaivu.implementation.models import Commitment
from ngoaivu.implementation.views import home_panel
from tests.implementation.factories import agreement

pytestmark = pytest.mark.django_db


def test_the_panels_overdue_total_counts_every_commitment_it_lists(world):
    today = datetime.date.today()
    ended = agreement(world.a, title="Bản ghi nhớ đã hết hiệu lực", signed_months_ago=40, status="expired",
                      expires_on=today - datetime.timedelta(days=100))
    live = agreement(world.a, title="Bản ghi nhớ đang có hiệu lực")
    for i in range(9):
        Commitment.objects.create(agreement=live, description=f"Cam kết {i}", status="pending",
                                  due_on=today - datetime.timedelta(days=30 + i))
    for i in range(3):
        Commitment.objects.create(agreement=ended, description=f"Cam kết cũ {i}", status="in_progress",
                                  due_on=today - datetime.timedelta(days=200 + i))
    sweep.run(only="health")  # the summary's figures as current as they can be
    request = RequestFactory().get("/")
    request.user = world.users["officer_a"]
    panel = home_panel(request)
    direct = Commitment.objects.filter(agreement__locality=world.a, status__in=("pending", "in_progress"),
                                       due_on__lt=today).count()
    assert direct >= 12
    assert len(panel["overdue"]) == 8
    assert panel["overdue_total"] == direct
