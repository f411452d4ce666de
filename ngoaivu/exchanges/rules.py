"""The rules: Decision 06/2020/QĐ-TTg for conferences, the provinces' rules for delegations.

Pure functions of a record's fields and today's date, so they are tested directly and the same answer
shows on the page, in the API and in the calendar. The Decision's numbers (40/30/15 days, the levels and
topics that need the Prime Minister) are settings: MOFA is drafting its replacement.
"""
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ngoaivu.core import statements
from ngoaivu.core.countries import country_name
from ngoaivu.core.text import fold
from ngoaivu.core.workdays import add_working_days
from ngoaivu.exchanges.choices import (
    Authority, ConferenceForm, ConferenceStatus, DelegationStatus, FundingSource, ForeignLevel, Topic,
)


def _setting(name, default):
    return getattr(settings, name, default)


def pm_dossier_days() -> int:
    """Days before the opening by which a Prime-Minister-level dossier is due (Decision 06: 40)."""
    return settings.CONFERENCE_PM_DOSSIER_DAYS


def chair_dossier_days() -> int:
    """Days before the opening by which a dossier for the provincial Chair is due (Decision 06: 30)."""
    return settings.CONFERENCE_CHAIR_DOSSIER_DAYS


def consultation_days() -> int:
    """Calendar days a consulted body has to answer (Decision 06: 15, not working days)."""
    return settings.CONFERENCE_CONSULTATION_DAYS


def pm_levels() -> frozenset[str]:
    """Foreign participant levels that bring a conference to the Prime Minister."""
    return frozenset(_setting("CONFERENCE_PM_LEVELS", (
        ForeignLevel.HEAD_OF_STATE, ForeignLevel.HEAD_OF_GOVERNMENT, ForeignLevel.MINISTER)))


def pm_topics() -> frozenset[str]:
    """Topics that bring a conference to the Prime Minister (all six of Decision 06 by default)."""
    return frozenset(_setting("CONFERENCE_PM_TOPICS", tuple(Topic.values)))


# --- Conferences ---------------------------------------------------------------------------------------

def approving_authority(highest_foreign_level: str, topics) -> str:
    """The Prime Minister if foreign heads of state or government or ministers take part, or if a topic is
    sensitive; otherwise the provincial People's Committee Chair."""
    if highest_foreign_level in pm_levels() or set(topics or ()) & pm_topics():
        return Authority.PRIME_MINISTER
    return Authority.CHAIR


def authority_reasons(highest_foreign_level: str, topics) -> list[str]:
    """Why the Prime Minister must allow it (empty when the Chair does)."""
    reasons = []
    if highest_foreign_level in pm_levels():
        reasons.append(_("có đại biểu nước ngoài cấp %(level)s") % {
            "level": ForeignLevel(highest_foreign_level).label.lower()})
    sensitive = [Topic(t).label.lower() for t in Topic.values if t in set(topics or ()) & pm_topics()]
    if sensitive:
        reasons.append(_("nội dung liên quan đến %(topics)s") % {"topics": ", ".join(sensitive)})
    return reasons


def dossier_deadline(start_date: datetime.date, authority: str) -> datetime.date:
    """The last day to file the full dossier: 40 days before the opening for the PM, 30 for the Chair."""
    days = pm_dossier_days() if authority == Authority.PRIME_MINISTER else chair_dossier_days()
    return start_date - datetime.timedelta(days=days)


def consultation_due(sent_on: datetime.date) -> datetime.date:
    return sent_on + datetime.timedelta(days=consultation_days())


def within_decision_06(form: str, vietnam_endpoint: bool) -> bool:
    """Online conferences count only when at least one end-point is in Vietnam."""
    return form == ConferenceForm.IN_PERSON or bool(vietnam_endpoint)


def conference_report_due(end_date: datetime.date, exchange_settings) -> datetime.date:
    return end_date + datetime.timedelta(days=exchange_settings.conference_report_days)


def conference_status(conf, today=None) -> tuple[str, str]:
    """(status, reason) from the conference's recorded steps and dates."""
    today = today or timezone.localdate()
    if conf.cancelled_on:
        return ConferenceStatus.CANCELLED, _("Hủy ngày %(d)s") % {"d": f"{conf.cancelled_on:%d/%m/%Y}"}
    if conf.report_submitted_on:
        return ConferenceStatus.REPORTED, _("Nộp báo cáo ngày %(d)s") % {"d": f"{conf.report_submitted_on:%d/%m/%Y}"}
    if conf.decision_date:
        if conf.end_date < today:
            return ConferenceStatus.HELD, _("Bế mạc ngày %(d)s") % {"d": f"{conf.end_date:%d/%m/%Y}"}
        return ConferenceStatus.APPROVED, _("Văn bản cho phép %(n)s ngày %(d)s") % {
            "n": conf.decision_number, "d": f"{conf.decision_date:%d/%m/%Y}"}
    if conf.dossier_submitted_on:
        return ConferenceStatus.SUBMITTED, _("Nộp hồ sơ ngày %(d)s") % {"d": f"{conf.dossier_submitted_on:%d/%m/%Y}"}
    return ConferenceStatus.PLANNED, _("Lập kế hoạch")


def approved_conference_status_sql(today: datetime.date) -> Case:
    """conference_status() of an approved conference, neither cancelled nor reported, as an SQL expression:
    the daily sweep reads only those whose stored status it differs from."""
    return Case(When(end_date__lt=today, then=Value(ConferenceStatus.HELD)), default=Value(ConferenceStatus.APPROVED))


# --- Delegations ---------------------------------------------------------------------------------------

def delegation_report_due(return_date: datetime.date, exchange_settings, calendar=None) -> datetime.date:
    """N days after the return — calendar days unless the province counts working days (`calendar`: one
    core.workdays.WorkingCalendar for many delegations)."""
    if exchange_settings.report_in_working_days:
        return add_working_days(return_date, exchange_settings.report_days, calendar)
    return return_date + datetime.timedelta(days=exchange_settings.report_days)


def delegation_status(d, today=None, has_report=None) -> tuple[str, str]:
    """(status, reason). Under way and returned follow the dates once approved; an actual return date
    recorded earlier than planned ends the trip then."""
    today = today or timezone.localdate()
    if has_report is None:
        has_report = d.pk is not None and hasattr(d, "report")
    if d.cancelled_on:
        return DelegationStatus.CANCELLED, _("Hủy ngày %(d)s") % {"d": f"{d.cancelled_on:%d/%m/%Y}"}
    if has_report:
        return DelegationStatus.REPORTED, _("Nộp báo cáo kết quả ngày %(d)s") % {
            "d": f"{d.report.submitted_on:%d/%m/%Y}"}
    if d.decision_date:
        if d.returned_on:
            return DelegationStatus.RETURNED, _("Ghi nhận kết thúc ngày %(d)s") % {"d": f"{d.returned_on:%d/%m/%Y}"}
        if d.end_date < today:
            return DelegationStatus.RETURNED, _("Đã qua ngày về theo kế hoạch %(d)s") % {"d": f"{d.end_date:%d/%m/%Y}"}
        if d.start_date <= today:
            return DelegationStatus.UNDER_WAY, _("Đến ngày đi %(d)s") % {"d": f"{d.start_date:%d/%m/%Y}"}
        return DelegationStatus.APPROVED, _("Quyết định %(n)s ngày %(d)s") % {
            "n": d.decision_number, "d": f"{d.decision_date:%d/%m/%Y}"}
    return DelegationStatus.PROPOSED, _("Lập kế hoạch đoàn")


def approved_delegation_status_sql(today: datetime.date) -> Case:
    """delegation_status() of an approved delegation, neither cancelled nor reported, as an SQL expression
    (the same order of tests): the daily sweep reads only those whose stored status it differs from."""
    return Case(When(returned_on__isnull=False, then=Value(DelegationStatus.RETURNED)),
                When(end_date__lt=today, then=Value(DelegationStatus.RETURNED)),
                When(start_date__lte=today, then=Value(DelegationStatus.UNDER_WAY)),
                default=Value(DelegationStatus.APPROVED))


@dataclass
class PlanFacts:
    """What the caps look at, independent of whether the plan is saved yet."""

    locality_id: int
    direction: str
    level: str
    member_count: int
    start_date: datetime.date
    end_date: datetime.date
    countries: list           # [(code, days or None)]
    funding: str
    people: list              # names of head and members
    exclude_pk: int | None = None


def days_text(n: int) -> str:
    """A number of days as a phrase: English says "1 day", "2 days" (Vietnamese has no plural)."""
    return ngettext("%(n)s ngày", "%(n)s ngày", n) % {"n": n}


def cap_warnings(facts: PlanFacts, exchange_settings) -> list[str]:
    """What in an outbound plan breaks the province's caps. Warnings, not refusals: the approving
    authority may allow an exception."""
    from ngoaivu.exchanges.choices import Direction
    if facts.direction != Direction.OUTBOUND:
        return []
    s, warnings = exchange_settings, []
    cap = s.max_members_for(facts.level)
    if cap is not None and facts.member_count and facts.member_count > cap:
        warnings.append(ngettext("Đoàn có %(n)s người, vượt mức tối đa %(cap)s người cho cấp trưởng đoàn này.",
                                 "Đoàn có %(n)s người, vượt mức tối đa %(cap)s người cho cấp trưởng đoàn này.",
                                 facts.member_count) % {"n": facts.member_count, "cap": cap})
    days = (facts.end_date - facts.start_date).days + 1
    if s.max_days is not None and days > s.max_days:
        warnings.append(_("Chuyến đi dài %(n)s, vượt mức tối đa %(cap)s.") % {
            "n": days_text(days), "cap": days_text(s.max_days)})
    if s.max_countries is not None and len(facts.countries) > s.max_countries:
        warnings.append(ngettext("Chuyến đi qua %(n)s nước, vượt mức tối đa %(cap)s nước.",
                                 "Chuyến đi qua %(n)s nước, vượt mức tối đa %(cap)s nước.", len(facts.countries))
                        % {"n": len(facts.countries), "cap": s.max_countries})
    if s.max_days_per_country is not None:
        for code, n in facts.countries:
            if n and n > s.max_days_per_country:
                warnings.append(_("Ở %(country)s %(n)s, vượt mức tối đa %(cap)s mỗi nước.")
                                % {"country": country_name(code), "n": days_text(n),
                                   "cap": days_text(s.max_days_per_country)})
    if s.no_enterprise_funding and facts.funding == FundingSource.ENTERPRISE:
        warnings.append(_("Quy định của tỉnh không cho phép doanh nghiệp tài trợ chuyến đi."))
    if s.max_trips_per_official is not None:
        for name, trips in trips_this_year(facts).items():
            if trips + 1 > s.max_trips_per_official:
                warnings.append(ngettext("%(name)s đã đi nước ngoài %(n)s lần trong năm %(year)s; tối đa %(cap)s lần.",
                                         "%(name)s đã đi nước ngoài %(n)s lần trong năm %(year)s; tối đa %(cap)s lần.",
                                         trips) % {"name": name, "n": trips, "year": facts.start_date.year,
                                   "cap": s.max_trips_per_official})
    return warnings


def trips_this_year(facts: PlanFacts) -> dict[str, int]:
    """For each person of the plan, how many other outbound, not cancelled trips of the province in the
    same year they are on (as head or member), matched by folded name."""
    keys = sorted({fold(name) for name in facts.people} - {""})
    if not keys:
        return {}
    # The names asked in a power of two of places from 8 (the first again in the spare ones): one statement
    # per size, built once (core.statements; building it was a tenth of a delegation's page).
    slots = 8
    while slots < len(keys):
        slots *= 2
    year = facts.start_date.year
    values = [facts.locality_id, datetime.date(year, 1, 1), datetime.date(year, 12, 31)]
    if facts.exclude_pk is not None:
        values.append(facts.exclude_pk)
    trips = {key: set() for key in keys}
    excluding = facts.exclude_pk is not None
    for pk, key in statements.rows(("trips this year", slots, excluding),
                                   lambda *given: _trips_of_names(*given, excluding=excluding),
                                   *values, *keys, *[keys[0]] * (slots - len(keys))):
        trips[key].add(pk)
    result = {}
    for name in facts.people:
        key = fold(name)
        if key and trips[key]:
            result[name] = len(trips[key])
    return result


def _trips_of_names(locality_id, first, last, *more, excluding=False):
    """(trip, folded name) of the province's outbound, not cancelled trips from `first` to `last` with one
    of the names as head or member; `more`: the names, after the trip to leave out when `excluding`."""
    from ngoaivu.exchanges.choices import Direction
    from ngoaivu.exchanges.models import Delegation
    keys = more[1:] if excluding else more
    others = Delegation.objects.filter(locality_id=locality_id, direction=Direction.OUTBOUND,
                                       cancelled_on__isnull=True, start_date__range=(first, last))
    if excluding:
        others = others.exclude(pk=more[0])
    # One read for the whole plan, not a count per person: the trips as head and those as member, each
    # along its own index, in one statement (UNION ALL; a trip found both ways is one trip: the sets).
    others = others.order_by()  # no ORDER BY inside a compound statement (SQLite refuses it)
    as_head = others.filter(head_key__in=keys).values_list("pk", "head_key")
    as_member = others.filter(members__name_key__in=keys).values_list("pk", "members__name_key")
    return as_head.union(as_member, all=True)


# --- Who approves a delegation -------------------------------------------------------------------------

def delegation_authority(level: str, channel: str, exchange_settings) -> str:
    """The approving authority the province's rules give for a delegation with a head of this level on
    this channel: a trip led by the province's head (or a higher one) goes to the level set for leaders
    on every channel; otherwise the party channel has its own level, and the state and people's channels
    follow the head's level."""
    from ngoaivu.core.choices import Channel
    from ngoaivu.exchanges.choices import DelegationLevel
    s = exchange_settings
    if level in (DelegationLevel.NATIONAL, DelegationLevel.MINISTER, DelegationLevel.LEADER):
        return s.authority_leader
    if channel == Channel.PARTY:
        return s.authority_party
    if level == DelegationLevel.DEPUTY:
        return s.authority_deputy
    return s.authority_department


# Words of the free text typed before the authority was a choice, folded, in the order they are tried.
AUTHORITY_WORDS = (
    ("bo chinh tri", "politburo"), ("ban bi thu", "politburo"),
    ("ban thuong vu", "standing_committee"), ("btv", "standing_committee"),
    ("thuong truc tinh uy", "standing_board"), ("thuong truc thanh uy", "standing_board"),
    ("hdnd", "council"), ("hoi dong nhan dan", "council"),
    ("ubnd", "pc_chair"), ("uy ban nhan dan", "pc_chair"), ("chu tich", "pc_chair"),
)


def authority_from_text(text: str) -> tuple[str, str]:
    """(choice, note) for an authority typed as free text: a recognised body becomes its choice; anything
    else is kept word for word as the note of "other", so nothing typed is lost."""
    from ngoaivu.exchanges.choices import ApprovalAuthority
    if text in ApprovalAuthority.values:  # already a choice (a second run changes nothing)
        return text, ""
    key = fold(text or "")
    if not key:
        return "", ""
    for words, code in AUTHORITY_WORDS:
        if words in key:
            return code, ""
    return "other", (text or "").strip()[:200]
