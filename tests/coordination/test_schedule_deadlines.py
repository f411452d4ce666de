"""A periodic report's sending deadline is a working day: the cut-off plus the schedule's days, moved to
the next working day when it falls on a weekend, a holiday or Tết (Civil Code 2015, art. 148(5)), and at
least one working day after the cut-off (Decree 09/2019). 14/12/2026 + 5 days is Saturday 19/12/2026."""
import datetime

import pytest

from ngoaivu.coordination import actions
from ngoaivu.coordination.models import ReportRequest, ReportSchedule
from ngoaivu.core.sweep import SweepRun

pytestmark = pytest.mark.django_db


def _only(code, **changes):
    ReportSchedule.objects.exclude(code=code).update(active=False)
    ReportSchedule.objects.filter(code=code).update(**changes)
    return ReportSchedule.objects.get(code=code)


def test_a_yearly_deadline_on_a_saturday_moves_to_the_monday(world):
    schedule = _only("agreements-yearly", due_days=5)
    actions.sweep_step(SweepRun(today=datetime.date(2026, 12, 1)))
    request = ReportRequest.objects.get(schedule=schedule, period="2026")
    assert request.data_to == datetime.date(2026, 12, 14)
    assert request.due_on == datetime.date(2026, 12, 21)  # not Saturday 19/12
    ret = request.returns.first()
    assert not ret.is_overdue(datetime.date(2026, 12, 21)) and ret.is_overdue(datetime.date(2026, 12, 22))


def test_a_deadline_in_tet_moves_past_tet_and_a_zero_day_rule_still_leaves_one_working_day(world):
    # A window ending 4/2/2027: + 2 days is 6/2/2027, Tết (4–10/2/2027, then the weekend is over on Thursday 11/2).
    schedule = _only("agreements-yearly", window_start_day=5, window_start_month=2, due_days=2)
    actions.sweep_step(SweepRun(today=datetime.date(2027, 1, 25)))
    request = ReportRequest.objects.get(schedule=schedule, period="2027")
    assert request.data_to == datetime.date(2027, 2, 4)
    assert request.due_on == datetime.date(2027, 2, 11)
    # A rule of "0 days" still gives the province the first working day after the cut-off.
    ReportRequest.objects.all().delete()
    schedule = _only("agreements-yearly", window_start_day=15, window_start_month=12, due_days=0)
    actions.sweep_step(SweepRun(today=datetime.date(2027, 12, 1)))
    request = ReportRequest.objects.get(schedule=schedule, period="2027")
    assert request.data_to == datetime.date(2027, 12, 14)  # a Tuesday
    assert request.due_on == datetime.date(2027, 12, 15)
