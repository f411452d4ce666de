""""Sắp đến hạn" in the to-do list counts working days: a report or a Ministry opinion due on the first
working day after Tết (Thursday 11/02/2027) was listed only from 08/02, in the middle of Tết; on the last
working day before it (03/02) the province and the centre were told nothing, and came back to find it due
that day. Within three working days, it is listed on 03/02."""
import datetime

import pytest

from ngoaivu.agreements.models import Event
from ngoaivu.core.attention import attention
from tests.coordination.test_opinions import _request as opinion_request
from tests.coordination.test_reports import _request

pytestmark = pytest.mark.django_db
BEFORE_TET, AFTER_TET = datetime.date(2027, 2, 3), datetime.date(2027, 2, 11)


def _items(user, day, key):
    sections = {s.key: s for s in attention(user, day)}
    return [i["url"] for i in sections[key].items] if key in sections else []


def test_a_deadline_just_after_tet_is_listed_on_the_last_working_day_before_it(world):
    report = _request(world, [world.a], title="Báo cáo sau Tết", due_on=AFTER_TET)
    later = _request(world, [world.a], title="Báo cáo tháng 3", due_on=datetime.date(2027, 3, 1))
    ret = report.returns.get()
    assert _items(world.users["officer_a"], BEFORE_TET, "report_due") == [ret.get_absolute_url()]
    assert later.returns.get().get_absolute_url() not in _items(world.users["officer_a"], BEFORE_TET, "report_due")
    event = opinion_request(world, sent_on=datetime.date(2026, 10, 21))
    Event.objects.filter(pk=event.pk).update(due_on=AFTER_TET)
    assert any(url.endswith(f"/{event.pk}/") for url in _items(world.users["central"], BEFORE_TET, "ministry_opinions"))


def test_on_a_friday_three_working_days_reach_wednesday(world):
    friday = datetime.date(2026, 10, 30)
    wednesday, thursday = datetime.date(2026, 11, 4), datetime.date(2026, 11, 5)
    due = _request(world, [world.a], title="Hạn thứ Tư", due_on=wednesday).returns.get()
    not_yet = _request(world, [world.a], title="Hạn thứ Năm", due_on=thursday).returns.get()
    listed = _items(world.users["officer_a"], friday, "report_due")
    assert due.get_absolute_url() in listed and not_yet.get_absolute_url() not in listed
