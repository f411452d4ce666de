"""The status of an agreement, derived from its events and dates — never typed.

`derive_status` is a pure function of the agreement's facts, its events and today's date, so the same
rules serve an action (right after an event) and the nightly refresh (dates passing: entry into force,
expiry). Each result carries the reason a person reads on the timeline.
"""
import calendar
import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ngoaivu.agreements.choices import SIGNED_STATUSES
from ngoaivu.agreements.choices import AgreementStatus as S
from ngoaivu.agreements.choices import EventKind as E
from ngoaivu.agreements.partial_dates import format_partial_date


@dataclass(frozen=True)
class Derived:
    status: str
    reason: str
    event: object = None


def _latest(events, kinds):
    found = None
    for event in events:
        if event.kind in kinds:
            found = event
    return found


def _on(day) -> str:
    return day.strftime("%d/%m/%Y")


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def effective_expiry(agreement, today: datetime.date) -> datetime.date | None:
    """The day the agreement stops, rolled forward by its term when it renews itself."""
    expiry = agreement.expires_on
    if expiry is None or not agreement.auto_renew:
        return expiry
    step = agreement.term_months or 12
    while expiry < today:
        expiry = add_months(expiry, step)
    return expiry


def derive_status(agreement, events, today: datetime.date) -> Derived:
    """Rules, most decisive first: an ending event; a suspension not yet lifted; once signed, expiry,
    then entry into force; before signing, the PM's answer, the approval, the consultation."""
    events = sorted(events, key=lambda e: (e.date, e.pk or 0))
    ending = _latest(events, {E.TERMINATED, E.WITHDRAWN})
    if ending is not None:
        status = S.TERMINATED if ending.kind == E.TERMINATED else S.WITHDRAWN
        return Derived(status, _("%(event)s ngày %(date)s") % {"event": ending.get_kind_display(),
                                                                "date": _on(ending.date)}, ending)
    pause = _latest(events, {E.SUSPENDED, E.RESUMED})
    if pause is not None and pause.kind == E.SUSPENDED:
        return Derived(S.SUSPENDED, _("Tạm đình chỉ thực hiện từ ngày %(date)s") % {"date": _on(pause.date)}, pause)

    recorded = getattr(agreement, "recorded_status", "") if getattr(agreement, "historical", False) else ""
    recorded = recorded if recorded in SIGNED_STATUSES else ""
    if recorded in (S.TERMINATED, S.WITHDRAWN, S.EXPIRED, S.SUSPENDED):
        # What an old register says of an agreement that ended, when no dated event says otherwise.
        return Derived(recorded, _("Theo hồ sơ lịch sử: %(status)s") % {"status": S(recorded).label})

    if agreement.signed_on is not None or recorded:
        expired = _latest(events, {E.EXPIRED, E.EXTENDED})
        if expired is not None and expired.kind == E.EXPIRED:
            return Derived(S.EXPIRED, _("Ghi nhận hết hiệu lực ngày %(date)s") % {"date": _on(expired.date)}, expired)
        expiry = effective_expiry(agreement, today)
        if expiry is not None and expiry < today:
            return Derived(S.EXPIRED, _("Hết thời hạn ngày %(date)s") % {"date": _on(expiry)})
        force = _latest(events, {E.ENTERED_INTO_FORCE})
        if force is not None and force.date <= today:
            return Derived(S.IN_FORCE, _("Có hiệu lực từ ngày %(date)s") % {"date": _on(force.date)}, force)
        if agreement.in_force_on is not None:
            if agreement.in_force_on <= today:
                return Derived(S.IN_FORCE, _("Có hiệu lực từ ngày %(date)s") % {"date": _on(agreement.in_force_on)})
            return Derived(S.SIGNED, _("Đã ký; có hiệu lực từ ngày %(date)s") % {"date": _on(agreement.in_force_on)})
        if agreement.signed_on is None:  # a historical record known to be signed, day unknown
            return Derived(recorded, _("Theo hồ sơ lịch sử: %(status)s, không rõ ngày ký") % {"status": S(recorded).label})
        signed = format_partial_date(agreement.signed_on, agreement.signed_precision)
        if agreement.effective_on_signing:
            return Derived(S.IN_FORCE, _("Ký ngày %(date)s, có hiệu lực từ khi ký") % {"date": signed},
                           _latest(events, {E.SIGNED}))
        return Derived(S.SIGNED, _("Ký ngày %(date)s, chưa ghi nhận ngày có hiệu lực") % {"date": signed},
                       _latest(events, {E.SIGNED}))

    pm = _latest(events, {E.PM_CONSENT, E.PM_REFUSAL})
    if pm is not None and pm.kind == E.PM_REFUSAL:
        return Derived(S.REFUSED, _("Thủ tướng không đồng ý ngày %(date)s") % {"date": _on(pm.date)}, pm)
    approved = _latest(events, {E.APPROVED})
    if approved is not None:
        return Derived(S.APPROVED, _("Được phê duyệt ngày %(date)s") % {"date": _on(approved.date)}, approved)
    referred = _latest(events, {E.REFERRED_TO_PM})
    if referred is not None and (pm is None or pm.date < referred.date):
        return Derived(S.AWAITING_PM, _("Trình Thủ tướng ngày %(date)s") % {"date": _on(referred.date)}, referred)
    consultation = _latest(events, {E.OPINION_REQUESTED, E.OPINION_RECEIVED, E.PM_CONSENT})
    if consultation is not None:
        return Derived(S.CONSULTING, _("%(event)s ngày %(date)s") % {
            "event": consultation.get_kind_display(), "date": _on(consultation.date)}, consultation)
    return Derived(S.PROPOSED, _("Đăng ký đề xuất ký kết"), _latest(events, {E.PROPOSED}))


# Statuses in which the consultation and signing deadlines still matter.
BEFORE_SIGNING = {S.PROPOSED, S.CONSULTING, S.AWAITING_PM, S.APPROVED}
ENDED = {S.TERMINATED, S.WITHDRAWN, S.EXPIRED, S.REFUSED}
