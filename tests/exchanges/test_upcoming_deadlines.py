"""The exchanges home panel's deadlines (issue 9): the first eight open ones read as the first few of each
kind equal the first eight of every deadline of the window, for every persona — with a crowd of deadlines
on one day (ties decided by the title), overdue ones, met ones and another province's."""
import datetime

import pytest

from ngoaivu.exchanges import actions
from ngoaivu.exchanges.agenda import deadline_entries, upcoming_deadlines
from ngoaivu.exchanges.models import Conference, Delegation
from tests.exchanges import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _previous(user, today, days=30, limit=8):
    """The panel's list as it was computed before: every deadline of the window, the open ones, sorted."""
    rows = deadline_entries(user, today - datetime.timedelta(days=60), today + datetime.timedelta(days=days), today)
    return sorted((e for e in rows if not e.done and (e.overdue or e.start >= today)),
                  key=lambda e: (e.start, e.title))[:limit]


def test_the_first_open_deadlines_are_those_of_the_whole_window(world):
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    crowd_day = TODAY + datetime.timedelta(days=6)
    start = TODAY + datetime.timedelta(days=40)
    made = []
    for i, title in enumerate(["Đoàn Ư", "Đoàn A", "Đoàn Ă", "Đoàn Â", "Đoàn B", "Đoàn Đ", "Đoàn E", "Đoàn Ê",
                               "Đoàn G", "Đoàn H", "Đoàn I"]):
        made.append(factories.approved_delegation(officer_a, world.a, title=title, start_date=start))
    for d in made[:9]:  # nine on one day: the title decides which come first
        Delegation.objects.filter(pk=d.pk).update(report_due=crowd_day)
    Delegation.objects.filter(pk=made[9].pk).update(report_due=TODAY - datetime.timedelta(days=3))  # overdue
    Delegation.objects.filter(pk=made[10].pk).update(report_due=TODAY - datetime.timedelta(days=1))
    Delegation.objects.filter(pk=made[10].pk).update(start_date=TODAY - datetime.timedelta(days=9),
                                                     end_date=TODAY - datetime.timedelta(days=8))
    actions.submit_report(officer_a, Delegation.objects.get(pk=made[10].pk), submitted_on=TODAY,
                          summary="Đã báo cáo.")  # met: not shown
    other = factories.approved_delegation(officer_b, world.b, title="Đoàn tỉnh B", start_date=start)
    Delegation.objects.filter(pk=other.pk).update(report_due=crowd_day - datetime.timedelta(days=1))
    for i, title in enumerate(["Hội thảo Z", "Hội thảo Ô", "Hội nghị Ơ", "Diễn đàn A"]):
        c = factories.conference(officer_a, world.a, title=title, start_date=start, end_date=start)
        Conference.objects.filter(pk=c.pk).update(dossier_deadline=crowd_day, dossier_submitted_on=None,
                                                  decision_date=TODAY - datetime.timedelta(days=2),
                                                  report_due=crowd_day if i % 2 else TODAY + datetime.timedelta(days=9),
                                                  report_submitted_on=TODAY if i == 3 else None)
    checked = 0
    for name in ("central", "officer_a", "manager_a", "officer_b", "mission_officer", "unit_officer", "viewer"):
        user = world.users.get(name)
        if user is None:
            continue
        for limit in (1, 3, 8, 30):
            expected = _previous(user, TODAY, limit=limit)
            assert upcoming_deadlines(user, TODAY, limit=limit) == expected, (name, limit)
            checked += bool(expected)
    assert checked >= 8
    shown = upcoming_deadlines(world.users["officer_a"], TODAY)
    assert len(shown) == 8 and shown[0].overdue and "Đoàn I" not in [e.title for e in shown]
    assert all("Đoàn tỉnh B" not in e.title for e in shown)
    assert any("Đoàn tỉnh B" in e.title for e in upcoming_deadlines(world.users["central"], TODAY))
