"""The exchanges home panel's deadlines (exchanges.upcoming): read open only and cut at the eighth date of
each kind, they are the same entries, in the same order, as the first ones of the calendar's read of every
deadline of the window (agenda.deadline_entries) — whoever reads them, whatever the day."""
import datetime

import pytest

from ngoaivu.exchanges import actions
from ngoaivu.exchanges.agenda import deadline_entries
from ngoaivu.exchanges.choices import Opinion
from ngoaivu.exchanges.upcoming import BACK_DAYS, open_deadlines
from tests.exchanges import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def calendar_first(user, today, limit, days=30):
    """The panel's list as the calendar's read gives it: every deadline of the window, the done ones left out."""
    rows = deadline_entries(user, today - BACK_DAYS * DAY, today + days * DAY, today)
    return sorted((e for e in rows if not e.done), key=lambda e: (e.start, e.title))[:limit]


def build(world):
    """Delegations and conferences of both provinces around today: reported, cancelled, filed, answered or
    open, several on the same day with the same title (the order of ties)."""
    for n, offset in enumerate((-90, -75, -60, -40, -40, -40, -12, -3, 0, 4, 4, 9, 20, 35)):
        for user, locality in ((world.users["officer_a"], world.a), (world.users["officer_b"], world.b)):
            start = TODAY + offset * DAY
            d = factories.approved_delegation(user, locality, start_date=start, title=f"Đoàn số {n % 3}",
                                              countries=("KR",) if n % 2 else ("JP",))
            if n % 4 == 1 and start + 6 * DAY <= TODAY:  # (nothing is recorded on a day still to come)
                actions.submit_report(user, d, submitted_on=start + 6 * DAY, summary="Đã báo cáo")
            elif n % 5 == 2:
                # (a cancellation is recorded once it happened: a trip still to come is cancelled today)
                actions.cancel_delegation(user, d, cancelled_on=min(start, TODAY), reason="Hoãn")
            conf = factories.conference(user, locality, start_date=start + 35 * DAY, end_date=start + 36 * DAY,
                                        title=f"Hội thảo số {n % 2}")
            if n % 3 == 0 and start <= TODAY:
                actions.submit_dossier(user, conf, submitted_on=start)
            if n % 3 != 2 and start <= TODAY:
                conf = actions.approve_conference(user, conf, decision_number=f"{n}/UBND", decision_date=start)
                if n % 4 == 0 and start + 40 * DAY <= TODAY:
                    actions.submit_conference_report(user, conf, submitted_on=start + 40 * DAY, text="Xong")
            asked = actions.request_consultation(user, conf, body=f"Bộ số {n % 2}", sent_on=min(start, TODAY))
            if n % 2 and start + DAY <= TODAY:
                actions.record_consultation_answer(user, asked, answered_on=start + DAY, opinion=Opinion.AGREE)
            if n == 13:
                actions.cancel_conference(user, conf, cancelled_on=min(start, TODAY), reason="Hoãn")


def test_the_panel_shows_the_calendars_first_open_deadlines(world):
    build(world)
    for name in ("officer_a", "officer_b", "central", "unit_officer", "mission_officer", "viewer"):
        user = world.users[name]
        for today in (TODAY, TODAY - 30 * DAY, TODAY + 25 * DAY):
            for limit in (1, 3, 8, 100):
                expected = calendar_first(user, today, limit)
                assert open_deadlines(user, limit=limit, today=today) == expected, (name, today, limit)
    assert len(open_deadlines(world.users["central"], limit=100)) > 8  # the cut was tested, not bypassed


def test_the_years_reports_are_counted_from_the_kept_status_as_from_the_reports(world):
    """The panel's "reports" card counts the year's live delegations whose status is reported: the same
    number as their reports, after reports and cancellations."""
    from ngoaivu.exchanges import figures
    from ngoaivu.exchanges.models import DelegationReport
    build(world)
    seen = 0
    for name in ("officer_a", "officer_b", "central", "mission_officer"):
        delegations, conferences = figures.scoped(world.users[name])
        for year in (TODAY.year - 1, TODAY.year, TODAY.year + 1):
            reports = DelegationReport.objects.filter(delegation__in=figures._live(delegations).filter(start_date__year=year))
            assert figures.summary(delegations, conferences, year)["reports"] == reports.count(), (name, year)
            seen += reports.count()
    assert seen
