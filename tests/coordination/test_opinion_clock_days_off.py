"""The Ministry's 7-working-day clock on a weekend or in Tết after the deadline: no working day has passed
since, and the queue and the request's page read "hạn là hôm nay" beside the red "Quá hạn" all weekend
(and all through Tết for a deadline just before it). It reads that the deadline has passed."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.agreements.models import Event
from ngoaivu.coordination import actions
from tests.coordination.test_opinions import _request

pytestmark = pytest.mark.django_db


def _clock(page):
    return page.split('id="opinion-queue"')[1].split("</tbody>")[0]


@pytest.mark.parametrize("due, day", [
    (datetime.date(2026, 10, 30), datetime.date(2026, 10, 31)),   # Friday's deadline, read on Saturday
    (datetime.date(2026, 10, 30), datetime.date(2026, 11, 1)),    # ... on Sunday
    (datetime.date(2027, 2, 3), datetime.date(2027, 2, 8)),       # the day before Tết's days off, read in Tết
])
def test_a_deadline_passed_over_days_off_never_reads_due_today(world, client_for, monkeypatch, due, day):
    event = _request(world, sent_on=datetime.date(2026, 10, 21))
    Event.objects.filter(pk=event.pk).update(due_on=due)
    monkeypatch.setattr(actions, "today", lambda: day)
    central = client_for(world.users["central"])
    for page in (_clock(central.get(reverse("coordination:opinion_queue")).content.decode()),
                 central.get(reverse("coordination:opinion_detail", args=[event.pk])).content.decode()):
        assert "Quá hạn" in page
        assert "hạn là hôm nay" not in page
        assert "đã quá hạn" in page
    # The first working day after the deadline counts one, as before.
    monkeypatch.setattr(actions, "today", lambda: datetime.date(2026, 11, 2) if due.year == 2026
                        else datetime.date(2027, 2, 11))
    assert "quá hạn 1 ngày làm việc" in _clock(central.get(reverse("coordination:opinion_queue")).content.decode())
