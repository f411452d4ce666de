"""Decision 06/2020 (who allows a conference, by when the dossier is due) and delegation deadlines."""
import datetime

import pytest

from ngoaivu.exchanges import rules
from ngoaivu.exchanges.choices import Authority, ConferenceForm, DelegationStatus, ForeignLevel, Topic
from ngoaivu.exchanges.models import ExchangeSettings

PM_LEVELS = {ForeignLevel.HEAD_OF_STATE, ForeignLevel.HEAD_OF_GOVERNMENT, ForeignLevel.MINISTER}
TOPIC_SETS = [(), *[(t,) for t in Topic.values], (Topic.SECURITY, Topic.HUMAN_RIGHTS)]
OPENING = datetime.date(2026, 6, 15)


@pytest.mark.parametrize("level", ForeignLevel.values)
@pytest.mark.parametrize("topics", TOPIC_SETS, ids=lambda t: "+".join(t) or "no-topic")
def test_prime_minister_allows_conferences_with_top_foreign_levels_or_a_sensitive_topic(level, topics):
    expected = Authority.PRIME_MINISTER if level in PM_LEVELS or topics else Authority.CHAIR
    authority = rules.approving_authority(level, list(topics))
    assert authority == expected
    days = 40 if expected == Authority.PRIME_MINISTER else 30
    assert rules.dossier_deadline(OPENING, authority) == OPENING - datetime.timedelta(days=days)
    assert bool(rules.authority_reasons(level, topics)) == (expected == Authority.PRIME_MINISTER)


def test_dossier_deadlines_are_counted_in_calendar_days_before_the_opening():
    assert rules.dossier_deadline(OPENING, Authority.PRIME_MINISTER) == datetime.date(2026, 5, 6)
    assert rules.dossier_deadline(OPENING, Authority.CHAIR) == datetime.date(2026, 5, 16)


def test_the_decision_numbers_are_settings(settings):
    settings.CONFERENCE_PM_DOSSIER_DAYS = 45
    settings.CONFERENCE_CHAIR_DOSSIER_DAYS = 20
    settings.CONFERENCE_CONSULTATION_DAYS = 10
    settings.CONFERENCE_PM_TOPICS = [Topic.SOVEREIGNTY]
    assert rules.dossier_deadline(OPENING, Authority.PRIME_MINISTER) == OPENING - datetime.timedelta(days=45)
    assert rules.dossier_deadline(OPENING, Authority.CHAIR) == OPENING - datetime.timedelta(days=20)
    assert rules.consultation_due(datetime.date(2026, 2, 10)) == datetime.date(2026, 2, 20)
    assert rules.approving_authority(ForeignLevel.OTHER, [Topic.HUMAN_RIGHTS]) == Authority.CHAIR
    assert rules.approving_authority(ForeignLevel.OTHER, [Topic.SOVEREIGNTY]) == Authority.PRIME_MINISTER


def test_consulted_bodies_answer_in_15_calendar_days_even_over_tet():
    # Tết 2026 is 16–20 February; the Decision counts calendar days, not working days.
    assert rules.consultation_due(datetime.date(2026, 2, 10)) == datetime.date(2026, 2, 25)


@pytest.mark.parametrize("form, endpoint, inside", [
    (ConferenceForm.IN_PERSON, False, True), (ConferenceForm.ONLINE, True, True),
    (ConferenceForm.ONLINE, False, False), (ConferenceForm.HYBRID, True, True), (ConferenceForm.HYBRID, False, False),
])
def test_online_conferences_count_only_with_an_end_point_in_vietnam(form, endpoint, inside):
    assert rules.within_decision_06(form, endpoint) is inside


@pytest.mark.parametrize("returned, working, expected", [
    # Calendar days (the default): holidays do not move the deadline.
    (datetime.date(2026, 2, 13), False, datetime.date(2026, 2, 28)),
    (datetime.date(2026, 4, 23), False, datetime.date(2026, 5, 8)),
    # Working days (a province's option): Tết 16–20/2 and 27/4, 30/4, 1/5 are skipped.
    (datetime.date(2026, 2, 13), True, datetime.date(2026, 3, 13)),
    (datetime.date(2026, 4, 23), True, datetime.date(2026, 5, 19)),
])
@pytest.mark.django_db  # working days read the announced days off from the database
def test_delegation_report_is_due_15_days_after_return_around_holidays(returned, working, expected):
    row = ExchangeSettings(report_days=15, report_in_working_days=working)
    assert rules.delegation_report_due(returned, row) == expected


def test_a_province_sets_its_own_report_deadline():
    assert rules.delegation_report_due(datetime.date(2026, 3, 2), ExchangeSettings(report_days=7)) == \
        datetime.date(2026, 3, 9)
    assert rules.conference_report_due(datetime.date(2026, 3, 2), ExchangeSettings(conference_report_days=30)) == \
        datetime.date(2026, 4, 1)


class _D:
    """Just the fields the status rule reads."""

    def __init__(self, **kw):
        self.pk = None
        self.start_date, self.end_date = datetime.date(2026, 3, 9), datetime.date(2026, 3, 14)
        self.decision_date = self.returned_on = self.cancelled_on = None
        self.decision_number = ""
        self.__dict__.update(kw)


@pytest.mark.parametrize("fields, today, expected", [
    ({}, datetime.date(2026, 3, 20), DelegationStatus.PROPOSED),
    ({"decision_date": datetime.date(2026, 2, 1)}, datetime.date(2026, 3, 1), DelegationStatus.APPROVED),
    ({"decision_date": datetime.date(2026, 2, 1)}, datetime.date(2026, 3, 9), DelegationStatus.UNDER_WAY),
    ({"decision_date": datetime.date(2026, 2, 1)}, datetime.date(2026, 3, 15), DelegationStatus.RETURNED),
    ({"decision_date": datetime.date(2026, 2, 1), "returned_on": datetime.date(2026, 3, 12)},
     datetime.date(2026, 3, 12), DelegationStatus.RETURNED),
    ({"decision_date": datetime.date(2026, 2, 1), "cancelled_on": datetime.date(2026, 3, 1)},
     datetime.date(2026, 3, 10), DelegationStatus.CANCELLED),
])
def test_delegation_status_follows_events_and_dates(fields, today, expected):
    status, reason = rules.delegation_status(_D(**fields), today=today, has_report=False)
    assert status == expected and reason
