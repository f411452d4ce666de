"""The iCalendar feed against what the calendar pages show (review of 07/12/2026):

- two opinions asked of two bodies on one day (the law's consultees are usually asked together) gave one UID
  to both deadlines, and calendar programs, which take a repeated UID for the same event, kept one of them;
- a delegation's report sent before its deadline was still an open deadline in the feed, while the week page
  marks it "Đã xong"."""
import collections
import datetime

import icalendar
import pytest
from django.urls import reverse

from ngoaivu.agreements import actions as register
from ngoaivu.agreements.choices import EventKind as E
from ngoaivu.exchanges import actions
from tests.agreements.factories import agreement
from tests.exchanges.factories import approved_delegation

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _events(client, user):
    response = client.get(reverse("exchanges:calendar_feed", args=[actions.create_feed_token(user)]))
    assert response.status_code == 200
    return list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))


def test_two_opinions_asked_on_one_day_are_two_events(world, client):
    officer, day = world.users["officer_a"], TODAY - datetime.timedelta(days=2)
    a = agreement(officer, world.a, title="Hai cơ quan được hỏi cùng ngày", today=day)
    register.record_event(officer, a, E.OPINION_REQUESTED, day, consultee="Bộ Tư pháp", today=day)
    register.record_event(officer, a, E.OPINION_REQUESTED, day, consultee="Bộ Công an", today=day)

    events = _events(client, officer)

    uids = collections.Counter(str(e["UID"]) for e in events)
    assert not [uid for uid, n in uids.items() if n > 1]
    opinions = sorted(str(e["SUMMARY"]) for e in events if "Hai cơ quan được hỏi cùng ngày" in str(e["SUMMARY"])
                      and str(e["UID"]).startswith("agreement-opinion-"))
    assert len(opinions) == 2 and "Bộ Công an" in opinions[0] and "Bộ Tư pháp" in opinions[1]


def test_a_report_sent_early_is_done_in_the_feed_as_on_the_page(world, client, client_for):
    officer = world.users["officer_a"]
    d = approved_delegation(officer, world.a, title="Đoàn đã nộp báo cáo sớm",
                            start_date=TODAY - datetime.timedelta(days=10))
    actions.record_return(officer, d, returned_on=TODAY - datetime.timedelta(days=5))
    d.refresh_from_db()
    actions.submit_report(officer, d, submitted_on=TODAY, summary="Đã báo cáo")
    d.refresh_from_db()
    assert d.report_due > TODAY
    page = client_for(officer).get(reverse("exchanges:calendar_week") + f"?date={d.report_due.isoformat()}")
    assert "Đã xong: Hạn báo cáo kết quả đoàn: Đoàn đã nộp báo cáo sớm" in page.content.decode()

    event = next(e for e in _events(client, officer) if str(e["UID"]) == f"delegation-report-{d.pk}@ngoaivu")

    assert str(event["SUMMARY"]) == "Đã xong: Hạn báo cáo kết quả đoàn: Đoàn đã nộp báo cáo sớm"
