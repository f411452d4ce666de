"""The health rules of an agreement in force, as pure functions (no database): the sweep, the actions
and the benchmark feed them facts and store what comes out.

Health is one of active / at risk / dormant ("ký rồi để đấy") / not applicable, always with the reasons
in words, e.g. "không có hoạt động trong 14 tháng; 3/5 cam kết quá hạn". The thresholds are `Rules`,
national defaults that a province may override (see models.HealthSettings).
"""
import datetime
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext
from django.utils.translation import ngettext

_CACHE: dict = {}


def _translator(lang):
    """gettext memoised per language: the sweep asks for the same few phrases tens of thousands of times."""
    def tr(msgid: str) -> str:
        key = (lang, msgid)
        text = _CACHE.get(key)
        if text is None:
            text = _CACHE[key] = gettext(msgid)
        return text
    return tr

from ngoaivu.implementation.choices import CommitmentStatus, Completion, HealthValue

OPEN = {CommitmentStatus.PENDING.value, CommitmentStatus.IN_PROGRESS.value}


@dataclass(frozen=True)
class Rules:
    """Thresholds in months (days for 'due soon'). 0 switches a rule off."""

    dormant_months: int = 12       # dormant after this long without activity…
    grace_months: int = 6          # …once this long has passed since signing
    plan_months: int = 3           # dormant without any plan this long after signing
    at_risk_months: int = 6        # at risk after this long without activity
    overdue_at_risk: bool = True   # at risk with an overdue commitment
    due_soon_days: int = 30        # a commitment or plan due within this many days is "due soon"
    plan_due_month: int = 11       # the plan of year Y is due on this day/month of year Y-1
    plan_due_day: int = 15
    historical_grace_months: int = 12  # a historical record imported is not judged idle this long after its import

    def plan_due_on(self, year: int) -> datetime.date:
        return safe_date(year - 1, self.plan_due_month, self.plan_due_day)


DEFAULT_RULES = Rules()


@dataclass(frozen=True)
class CommitmentFacts:
    status: str
    due_on: datetime.date | None = None


@dataclass(frozen=True)
class Facts:
    """What the rules look at for one agreement."""

    in_force: bool
    signed_on: datetime.date | None
    today: datetime.date
    last_activity_on: datetime.date | None = None
    plan_years: frozenset = frozenset()          # years that have an implementation plan
    commitments: tuple = ()                      # CommitmentFacts
    # A historical record (imported from an old register): the day it was entered here. Its clock starts
    # from what is known — its last known activity, else this day — and it is not judged idle within the
    # grace period after this day (its past was not tracked here, so its silence says nothing yet).
    imported_on: datetime.date | None = None


@dataclass(frozen=True)
class Verdict:
    health: str
    reasons: tuple[str, ...] = ()
    completion: str = Completion.NO_EVIDENCE.value
    overdue: int = 0
    open_commitments: int = 0

    @property
    def reason_text(self) -> str:
        return "; ".join(self.reasons)


def safe_date(year, month, day) -> datetime.date:
    """A date, with 29–31 clamped to the month's last day (a rule set to 31/2 still means something)."""
    for d in (day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise ValueError((year, month, day))


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole calendar months from start to end (0 when end is before start)."""
    months = (end.year - start.year) * 12 + end.month - start.month - (1 if end.day < start.day else 0)
    return max(months, 0)


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return safe_date(index // 12, index % 12 + 1, day.day)


def is_overdue(c: CommitmentFacts, today: datetime.date) -> bool:
    return c.status in OPEN and c.due_on is not None and c.due_on < today


def completion(commitments) -> str:
    """OGP five-point scale over the commitments that still count (waived ones do not)."""
    counted = [c for c in commitments if c.status != CommitmentStatus.WAIVED]
    if not counted:
        return Completion.NO_EVIDENCE.value
    fulfilled = sum(c.status == CommitmentStatus.FULFILLED for c in counted)
    started = sum(c.status in (CommitmentStatus.FULFILLED, CommitmentStatus.IN_PROGRESS) for c in counted)
    if fulfilled == len(counted):
        return Completion.COMPLETE.value
    if fulfilled * 2 >= len(counted):
        return Completion.SUBSTANTIAL.value
    if started:
        return Completion.LIMITED.value
    return Completion.NOT_STARTED.value


def _months(n: int, lang=None) -> str:
    key = (lang, "months", n)
    text = _CACHE.get(key)
    if text is None:
        text = _CACHE[key] = ngettext("%(n)d tháng", "%(n)d tháng", n) % {"n": n}
    return text


def _overdue(overdue: int, total: int, lang=None) -> str:
    """Overdue of all commitments: English says "1/1 commitment", "1/2 commitments" (the noun follows the total)."""
    key = (lang, "overdue", overdue, total)
    text = _CACHE.get(key)
    if text is None:
        text = _CACHE[key] = ngettext("%(overdue)d/%(total)d cam kết quá hạn", "%(overdue)d/%(total)d cam kết quá hạn",
                                      total) % {"overdue": overdue, "total": total}
    return text


def assess(facts: Facts, rules: Rules = DEFAULT_RULES, lang=None) -> Verdict:
    """Health of one agreement with its reasons. Dormant reasons come first, then at-risk ones. `lang`:
    the language of the reasons when the caller already knows it (a sweep assesses tens of thousands,
    and get_language() reads a thread-local each time); the active language otherwise."""
    lang = lang or get_language()
    _ = _translator(lang)
    comp = completion(facts.commitments)
    counted = [c for c in facts.commitments if c.status != CommitmentStatus.WAIVED]
    overdue = sum(is_overdue(c, facts.today) for c in counted)
    open_count = sum(c.status in OPEN for c in counted)
    if not facts.in_force:
        return Verdict(HealthValue.NA, (_("thỏa thuận không ở trạng thái có hiệu lực"),), comp, overdue, open_count)
    today = facts.today
    if facts.imported_on is not None:
        return _assess_historical(facts, rules, comp, overdue, open_count, counted, lang, _)
    signed = facts.signed_on or today
    since_signing = months_between(signed, today)
    # An activity before signing (preparatory talks) does not restart the clock before the signature.
    reference = max(facts.last_activity_on, signed) if facts.last_activity_on else signed
    idle = months_between(reference, today)
    if facts.last_activity_on:
        idle_text = _("không có hoạt động trong %(months)s") % {"months": _months(idle, lang)}
    else:
        idle_text = _("chưa có hoạt động nào từ khi ký (%(months)s)") % {"months": _months(idle, lang)}

    dormant, at_risk = [], []
    if rules.dormant_months and idle >= rules.dormant_months and since_signing >= rules.grace_months:
        dormant.append(idle_text)
    elif rules.at_risk_months and idle >= rules.at_risk_months:
        at_risk.append(idle_text)
    if rules.plan_months and not facts.plan_years and since_signing >= rules.plan_months:
        dormant.append(_("chưa có kế hoạch triển khai sau %(months)s kể từ khi ký") % {"months": _months(since_signing, lang)})
    elif facts.plan_years and today.year not in facts.plan_years:
        due = rules.plan_due_on(today.year)
        if due < today and signed < due:
            at_risk.append(_("chưa có kế hoạch năm %(year)d (hạn %(due)s)") % {
                "year": today.year, "due": due.strftime("%d/%m/%Y")})
    if overdue and rules.overdue_at_risk:
        at_risk.append(_overdue(overdue, len(counted), lang))

    if dormant:
        return Verdict(HealthValue.DORMANT, tuple(dormant + at_risk), comp, overdue, open_count)
    if at_risk:
        return Verdict(HealthValue.AT_RISK, tuple(at_risk), comp, overdue, open_count)
    if facts.last_activity_on:
        reason = _("hoạt động gần nhất ngày %(day)s") % {"day": facts.last_activity_on.strftime("%d/%m/%Y")}
    else:
        reason = _("mới ký %(months)s, chưa đến hạn đánh giá") % {"months": _months(since_signing, lang)}
    return Verdict(HealthValue.ACTIVE, (reason,), comp, overdue, open_count)


def _assess_historical(facts, rules, comp, overdue, open_count, counted, lang, _):
    """Health of a historical record: idle since its last known activity, else since its import, and
    judged only once the grace period after the import has passed; the reason says so."""
    today, imported = facts.today, facts.imported_on
    since_import = months_between(imported, today)
    reference = facts.last_activity_on or imported
    idle = months_between(reference, today)
    origin = _("hồ sơ lịch sử nhập ngày %(day)s") % {"day": imported.strftime("%d/%m/%Y")}
    if facts.last_activity_on:
        known = _("hoạt động gần nhất ngày %(day)s") % {"day": facts.last_activity_on.strftime("%d/%m/%Y")}
    else:
        known = _("chưa biết hoạt động nào trước khi nhập")
    at_risk = []
    if overdue and rules.overdue_at_risk:
        at_risk.append(_overdue(overdue, len(counted), lang))
    if since_import < rules.historical_grace_months:
        grace = _("đánh giá từ ngày %(day)s (sau %(months)s kể từ khi nhập)") % {
            "day": add_months(imported, rules.historical_grace_months).strftime("%d/%m/%Y"),
            "months": _months(rules.historical_grace_months, lang)}
        reasons = (f"{origin}; {known}; {grace}",)
        if at_risk:
            return Verdict(HealthValue.AT_RISK, tuple(at_risk) + reasons, comp, overdue, open_count)
        return Verdict(HealthValue.ACTIVE, reasons, comp, overdue, open_count)
    idle_text = _("%(origin)s; không có hoạt động trong %(months)s") % {"origin": origin, "months": _months(idle, lang)}
    if rules.dormant_months and idle >= rules.dormant_months:
        return Verdict(HealthValue.DORMANT, (idle_text, *at_risk), comp, overdue, open_count)
    if rules.at_risk_months and idle >= rules.at_risk_months:
        at_risk.insert(0, idle_text)
    if at_risk:
        return Verdict(HealthValue.AT_RISK, tuple(at_risk), comp, overdue, open_count)
    return Verdict(HealthValue.ACTIVE, (f"{origin}; {known}",), comp, overdue, open_count)


def next_due(due_on: datetime.date, recurrence: str) -> datetime.date | None:
    """The next due date of a recurring commitment after `due_on` is met."""
    step = {"yearly": 12, "quarterly": 3}.get(recurrence)
    return add_months(due_on, step) if step else None


def deadline_state(due_on, today, soon_days, open_=True) -> str:
    if not open_ or due_on is None:
        return ""
    if due_on < today:
        return "overdue"
    if (due_on - today).days <= soon_days:
        return "due_soon"
    return "on_track"


__all__ = ["Rules", "DEFAULT_RULES", "Facts", "CommitmentFacts", "Verdict", "assess", "completion",
           "months_between", "add_months", "next_due", "deadline_state"]
