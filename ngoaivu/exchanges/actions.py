"""State changes of delegations, conferences, the province's settings and calendar feeds.

Views and the API parse and authorise; these functions check the domain rules (raising ValidationError
with a message naming the field), change state, write the event row, refresh the derived status
(storing each change with its reason) and re-check the user's scope inside the same transaction.
"""
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.core import summaries
from ngoaivu.core.concurrency import check_version, lock_row, save_first
from ngoaivu.core.countries import country_name
from ngoaivu.core.generic import list_changes
from ngoaivu.core.models import Unit
from ngoaivu.core.scoping import check_in_scope
from ngoaivu.core.text import fold
from ngoaivu.exchanges import rules
from ngoaivu.exchanges.rules import days_text
from ngoaivu.exchanges.choices import ApprovalAuthority, Authority, Channel, DelegationEventKind, Direction, OrganiserKind
from ngoaivu.exchanges.models import (
    Conference, ConferenceConsultation, ConferenceStatusChange, Delegation, DelegationContact, DelegationEvent,
    DelegationMember, DelegationReport, DelegationStatusChange, DelegationStop, ExchangeSettings, FeedToken,
)

DELEGATION_FIELDS = ("locality", "unit", "direction", "channel", "level", "title", "head_name", "head_title",
                     "member_count", "purpose", "programme", "start_date", "end_date", "funding", "funding_note")
CONFERENCE_FIELDS = ("locality", "title", "kind", "form", "vietnam_endpoint", "venue", "start_date", "end_date",
                     "organiser_kind", "organiser_unit", "organiser_name", "content", "participants_count",
                     "foreign_participants_count", "highest_foreign_level", "topics")


def _fmt(day) -> str:
    return f"{day:%d/%m/%Y}"


EARLIEST, LATEST = 1945, 2100  # outside these years a date is a typing error (and would overflow deadlines)


def check_dates(**dates) -> None:
    """Refuse years no record can have, naming the field."""
    for field, day in dates.items():
        if day is not None and not EARLIEST <= day.year <= LATEST:
            raise ValidationError({field: _("Năm phải từ %(a)s đến %(b)s") % {"a": EARLIEST, "b": LATEST}})


# --- Delegations ---------------------------------------------------------------------------------------

def check_cancelled_on(cancelled_on) -> None:
    """A cancellation is recorded once it happened, as a return or a report is: a day after today showed the
    record cancelled (in its status, the calendar and the counts) before it was."""
    check_dates(cancelled_on=cancelled_on)
    if cancelled_on is not None and cancelled_on > timezone.localdate():
        raise ValidationError({"cancelled_on": _("Ngày hủy không được sau hôm nay")})


def check_decided(decision_date) -> None:
    """The decision already exists when it is recorded, as the return and the report do (a date typed a day
    late showed an approval after today in the delegation's history). The import's preview asks it too, so
    a file is not shown as ready and then refused whole at the confirmation."""
    if decision_date is not None and decision_date > timezone.localdate():
        raise ValidationError({"decision_date": _("Ngày quyết định không được sau hôm nay")})


def validate_delegation(data: dict) -> None:
    """Refusals that no approval can waive."""
    start, end = data.get("start_date"), data.get("end_date")
    check_dates(start_date=start, end_date=end)
    if start and end and end < start:
        raise ValidationError({"end_date": _("Ngày về phải cùng ngày hoặc sau ngày đi (%(d)s)") % {"d": _fmt(start)}})
    if data.get("member_count") is not None and data["member_count"] < 1:
        raise ValidationError({"member_count": _("Số thành viên phải từ 1 trở lên")})


def check_stop_days(stops, start, end) -> None:
    """No destination can take more days than the whole trip (a stop's days are typed apart from the dates)."""
    if not (start and end) or end < start:
        return
    total = (end - start).days + 1
    for number, stop in enumerate(stops, 1):
        if stop.get("days") and stop["days"] > total:
            raise ValidationError({"stops": _("Nước đến, dòng %(n)s: %(days)s, dài hơn cả chuyến đi (%(total)s, "
                                              "từ %(start)s đến %(end)s)") % {
                "n": number, "days": days_text(stop["days"]), "total": days_text(total), "start": _fmt(start),
                "end": _fmt(end)}})


def check_member_count(member_count, listed: int) -> None:
    """The members listed plus the head cannot outnumber the delegation's member count (the form's rule, for
    every way in: the API and the import set the count without the list, or the list without the count)."""
    if member_count is not None and listed + 1 > member_count:
        raise ValidationError({"member_count": _("Số thành viên (%(n)s) ít hơn danh sách đã nhập cộng trưởng đoàn "
                                                 "(%(m)s)") % {"n": member_count, "m": listed + 1}})


def unit_of_locality(unit, locality) -> bool:
    """No body, or the province's own (core's Unit.serves)."""
    return unit is None or unit.serves(locality)


def check_unit_locality(field: str, unit, locality, *, record=None) -> None:
    """A body of one province cannot host (organise) another province's delegation (conference): a PATCH of
    the province alone, or an edit page of someone who edits two provinces, kept the old province's body,
    which the new province's lists then showed as its own. Refused naming both, whichever way it came in.
    On a change of `record`, only when the body or the province changes: a record stored with another
    province's body (left by that bug) can still be edited otherwise, else every PATCH of its purpose failed."""
    if record is not None and (getattr(unit, "pk", None), getattr(locality, "pk", None)) == (
            getattr(record, f"{field}_id"), record.locality_id):
        return
    if unit_of_locality(unit, locality):
        return
    what = {"unit": _("Cơ quan chủ trì “%(unit)s” thuộc %(its)s, không thuộc %(locality)s (tỉnh của đoàn): chọn "
                      "cơ quan chủ trì của %(locality)s hoặc để trống"),
            "organiser_unit": _("Cơ quan tổ chức “%(unit)s” thuộc %(its)s, không thuộc %(locality)s (tỉnh của hội "
                                "nghị): chọn cơ quan tổ chức của %(locality)s")}[field]
    raise ValidationError({field: what % {"unit": unit.name, "its": unit.locality.short_name,
                                          "locality": locality.short_name}})


def _units_by_name(delegation) -> dict:
    """{folded name: unit} of the delegation's province: a member's organisation typed as one of its bodies
    ("Sở Công thương", "so cong thuong") is that body."""
    return {fold(u.name): u for u in Unit.objects.filter(locality=delegation.locality_id)}


def _member_units(delegation) -> None:
    """The members' bodies read again among the delegation's province (as _set_children reads them) after
    it moved to another province: else they stayed the old province's departments."""
    units = _units_by_name(delegation)
    for member in delegation.members.all():
        unit = units.get(fold(member.organisation))
        if member.unit_id != (unit.pk if unit else None):
            member.unit = unit
            member.save(update_fields=["unit"])


def refresh_delegation(delegation: Delegation, *, user=None, reason: str = "", today=None) -> bool:
    """Recompute the derived status and report deadline; store a status change row when it flips."""
    settings_row = ExchangeSettings.for_locality(delegation.locality)
    due = rules.delegation_report_due(delegation.return_date, settings_row)
    status, why = rules.delegation_status(delegation, today=today)
    changed = []
    if due != delegation.report_due:
        delegation.report_due = due
        changed.append("report_due")
    old = delegation.status
    if status != old or not delegation.status_changes.exists():
        delegation.status = status
        changed.append("status")
        DelegationStatusChange.objects.create(delegation=delegation, old_status=old if old != status else "",
                                              new_status=status, reason=reason or why, created_by=user)
    if changed:
        with summaries.records_written(Delegation, {delegation.pk}):  # update() sends no signal
            Delegation.objects.filter(pk=delegation.pk).update(**{f: getattr(delegation, f) for f in changed})
    return "status" in changed


def _locked_fresh(record):
    """Lock the record's row and read it again into `record` (the caller's object, so that it sees what was
    saved). The copy the page or the API read before the lock may be older than a colleague's save committed
    meanwhile (an edit, an approval, a cancellation): a step saved from it wrote the old facts back over
    theirs without a word. Each step changes the row as it is once it is ours."""
    lock_row(record)
    record.refresh_from_db()
    return record


def _event(delegation, kind, date, user, note=""):
    return DelegationEvent.objects.create(delegation=delegation, kind=kind, date=date, note=note, created_by=user)


def _stop_text(country, city, days, partner) -> str:
    details = [d for d in (city, days_text(days) if days else "", str(partner) if partner else "") if d]
    return country_name(country) + (f" ({', '.join(details)})" if details else "")


def _member_text(full_name, title, organisation) -> str:
    details = [d for d in (title, organisation) if d]
    return full_name + (f" ({', '.join(details)})" if details else "")


def _contact_text(channel, counterpart, partner) -> str:
    return f"{Channel(channel).label}: {counterpart}" + (f" ({partner})" if partner else "")


def children_changes(delegation, *, stops=None, members=None, contacts=None, partners=None) -> list[str]:
    """What `_set_children` is about to change, as parts of the delegation's history reason ("Sửa lịch trình:
    thêm Hàn Quốc (Seoul), bỏ Nhật Bản"). The countries, members, contacts and partners keep no history of
    their own and the delegation's row diffs its columns only: an edit of the itinerary alone was a "Sửa"
    naming nothing. Read before the rows are replaced; the lists given are the new rows (None: unchanged)."""
    parts = []
    if stops is not None:
        parts.append(list_changes(
            _("Sửa lịch trình"),
            [_stop_text(s.country, s.city, s.days, s.partner)
             for s in delegation.stops.select_related("partner").order_by("position", "pk")],
            [_stop_text(s["country"], s.get("city", ""), s.get("days"), s.get("partner")) for s in stops]))
    if members is not None:
        parts.append(list_changes(
            _("Sửa thành viên đoàn"),
            [_member_text(m.full_name, m.title, m.organisation) for m in delegation.members.order_by("position", "pk")],
            [_member_text(m["full_name"], m.get("title", ""), m.get("organisation", "")) for m in members]))
    if contacts is not None:
        parts.append(list_changes(
            _("Sửa tiếp xúc"),
            [_contact_text(c.channel, c.counterpart, c.partner)
             for c in delegation.contacts.select_related("partner").order_by("position", "pk")],
            [_contact_text(c["channel"], c["counterpart"], c.get("partner")) for c in contacts]))
    if partners is not None:  # a set: its order means nothing
        parts.append(list_changes(_("Sửa đối tác của đoàn"), sorted(str(p) for p in delegation.partners.all()),
                                  sorted(str(p) for p in partners)))
    return [p for p in parts if p]


def _set_children(delegation, *, stops=None, members=None, contacts=None, partners=None):
    if stops is not None:
        with summaries.records_written(Delegation, {delegation.pk}):  # the countries counted per year
            delegation.stops.all().delete()
            DelegationStop.objects.bulk_create([
                DelegationStop(delegation=delegation, country=s["country"], city=s.get("city", ""),
                               days=s.get("days"), partner=s.get("partner"), position=i)
                for i, s in enumerate(stops)])
    if members is not None:
        delegation.members.all().delete()
        units = _units_by_name(delegation)
        for i, m in enumerate(members):
            DelegationMember.objects.create(
                delegation=delegation, full_name=m["full_name"], title=m.get("title", ""),
                organisation=m.get("organisation", ""), unit=m.get("unit") or units.get(fold(m.get("organisation"))),
                position=i)
    if contacts is not None:
        delegation.contacts.all().delete()
        DelegationContact.objects.bulk_create([
            DelegationContact(delegation=delegation, channel=c["channel"], counterpart=c["counterpart"],
                              partner=c.get("partner"), position=i) for i, c in enumerate(contacts)])
    if partners is not None:
        delegation.partners.set(partners)
    delegation.refresh_search_text()


@transaction.atomic
def plan_delegation(user, *, data: dict, stops=(), members=(), contacts=(), partners=()) -> Delegation:
    """Record a proposed delegation (status "proposed") with its countries, members and planned contacts."""
    validate_delegation(data)
    stops = list(stops)
    check_stop_days(stops, data.get("start_date"), data.get("end_date"))
    members = list(members)
    check_member_count(data.get("member_count"), len(members))
    check_unit_locality("unit", data.get("unit"), data.get("locality"))
    delegation = Delegation(created_by=user, **{k: data[k] for k in DELEGATION_FIELDS if k in data})
    delegation.save()
    _set_children(delegation, stops=stops, members=members, contacts=list(contacts),
                  partners=list(partners))
    _event(delegation, DelegationEventKind.PLANNED, timezone.localdate(), user)
    refresh_delegation(delegation, user=user, reason=_("Lập kế hoạch đoàn"))
    check_in_scope(user, delegation)
    return delegation


def check_recorded_steps(delegation: Delegation, start, end) -> None:
    """New dates cannot contradict the steps already recorded, which record_return and submit_report check
    against the dates of their moment: a return before the departure, a report before the return. The import's
    preview asks it too, so a file is not shown as ready and then refused whole at the confirmation."""
    if delegation.returned_on and start and delegation.returned_on < start:
        raise ValidationError({"start_date": _("Đoàn đã ghi nhận về ngày %(d)s: ngày đi phải cùng ngày hoặc trước "
                                               "ngày đó") % {"d": _fmt(delegation.returned_on)}})
    reported_on = (DelegationReport.objects.filter(delegation_id=delegation.pk)
                   .values_list("submitted_on", flat=True).first())
    return_date = delegation.returned_on or end
    if reported_on and return_date and return_date > reported_on:
        raise ValidationError({"end_date": _("Đoàn đã nộp báo cáo kết quả ngày %(d)s: ngày về phải cùng ngày hoặc "
                                             "trước ngày đó") % {"d": _fmt(reported_on)}})


@transaction.atomic
def update_delegation(user, delegation: Delegation, *, data: dict, stops=None, members=None, contacts=None,
                      partners=None, version=None) -> Delegation:
    """Change a delegation's facts; `version` (core.concurrency) refuses a save over someone else's."""
    check_version(delegation, version)
    _locked_fresh(delegation)  # without a version (a PATCH without If-Match) only the fields named are written
    validate_delegation({**{k: getattr(delegation, k) for k in ("start_date", "end_date")}, **data})
    check_recorded_steps(delegation, data.get("start_date", delegation.start_date),
                         data.get("end_date", delegation.end_date))
    start, end = data.get("start_date", delegation.start_date), data.get("end_date", delegation.end_date)
    if stops is not None:
        stops = list(stops)
        check_stop_days(stops, start, end)
    elif (start, end) != (delegation.start_date, delegation.end_date):  # a shorter trip, the stops recorded
        check_stop_days([{"days": s.days} for s in delegation.stops.all()], start, end)
    members = None if members is None else list(members)
    contacts = None if contacts is None else list(contacts)  # read twice: for the reason, then written
    partners = None if partners is None else list(partners)
    check_member_count(data.get("member_count", delegation.member_count),
                       delegation.members.count() if members is None else len(members))
    check_unit_locality("unit", data.get("unit", delegation.unit), data.get("locality", delegation.locality),
                        record=delegation)
    moved = "locality" in data and data["locality"].pk != delegation.locality_id
    for key in DELEGATION_FIELDS:
        if key in data:
            setattr(delegation, key, data[key])
    changes = children_changes(delegation, stops=stops, members=members, contacts=contacts, partners=partners)
    if changes:
        delegation._change_reason = "; ".join(changes)  # kept whole (Delegation.history's reason is text)
    delegation.save()
    _set_children(delegation, stops=stops, members=members, contacts=contacts, partners=partners)
    if moved and members is None:
        _member_units(delegation)
    refresh_delegation(delegation, user=user, reason=_("Sửa thông tin đoàn"))
    check_in_scope(user, delegation)
    return delegation


def expected_authority(delegation: Delegation) -> str:
    """The approving authority the province's rules give for this delegation (rules.delegation_authority)."""
    return rules.delegation_authority(delegation.level, delegation.channel,
                                      ExchangeSettings.for_locality(delegation.locality))


@transaction.atomic
def approve_delegation(user, delegation: Delegation, *, decision_number: str, decision_date, authority: str = "",
                       authority_note: str = "") -> Delegation:
    """Record the decision that allows the trip or the visit. The authority is a choice; left empty it is
    the one the province's rules give; "other" needs its name in the note."""
    check_dates(decision_date=decision_date)
    check_decided(decision_date)
    _locked_fresh(delegation)
    if delegation.cancelled_on:
        raise ValidationError({"decision_number": _("Đoàn đã bị hủy, không thể ghi nhận phê duyệt")})
    authority = authority or expected_authority(delegation)
    if authority not in ApprovalAuthority.values:
        raise ValidationError({"authority": _("Chọn cấp phê duyệt trong danh sách")})
    if authority == ApprovalAuthority.OTHER and not (authority_note or "").strip():
        raise ValidationError({"authority_note": _("Nhập tên cấp phê duyệt khi chọn “Cấp khác”")})
    delegation.approval_authority = authority
    delegation.approval_authority_note = (authority_note or "").strip() if authority == ApprovalAuthority.OTHER else ""
    delegation.decision_number = decision_number
    delegation.decision_date = decision_date
    delegation.save()
    _event(delegation, DelegationEventKind.APPROVED, decision_date, user,
           _("%(authority)s, quyết định số %(n)s") % {"authority": delegation.approval_authority_display,
                                                       "n": decision_number})
    refresh_delegation(delegation, user=user)
    check_in_scope(user, delegation)
    return delegation


@transaction.atomic
def record_return(user, delegation: Delegation, *, returned_on, note: str = "") -> Delegation:
    """The trip (or the visit) ended on `returned_on`; the report deadline counts from that day."""
    cancelled_on, has_report = _locked_state(delegation)
    if not delegation.decision_date:
        raise ValidationError({"returned_on": _("Ghi nhận phê duyệt của đoàn trước khi ghi nhận kết thúc chuyến đi")})
    if cancelled_on:
        raise ValidationError({"returned_on": _("Đoàn đã bị hủy, không thể ghi nhận kết thúc chuyến đi")})
    check_dates(returned_on=returned_on)
    reported_on = (DelegationReport.objects.filter(delegation_id=delegation.pk)
                   .values_list("submitted_on", flat=True).first() if has_report else None)
    if reported_on and returned_on > reported_on:
        raise ValidationError({"returned_on": _("Đoàn đã nộp báo cáo kết quả ngày %(d)s: ngày về phải cùng ngày hoặc "
                                                "trước ngày đó") % {"d": _fmt(reported_on)}})
    if returned_on < delegation.start_date:
        raise ValidationError({"returned_on": _("Ngày về phải cùng ngày hoặc sau ngày đi (%(d)s)")
                               % {"d": _fmt(delegation.start_date)}})
    if returned_on > timezone.localdate():
        raise ValidationError({"returned_on": _("Ngày về không được sau hôm nay")})
    delegation.returned_on = returned_on
    delegation.save()
    _event(delegation, DelegationEventKind.RETURNED, returned_on, user, note)
    refresh_delegation(delegation, user=user)
    check_in_scope(user, delegation)
    return delegation


def _locked_state(delegation: Delegation) -> tuple:
    """(cancelled on, has a report) of the delegation, read again once its row is locked: a report and a
    cancellation sent at the same moment each checked the other's absence on the copy its page had read, and
    both passed (a cancelled delegation with a report, which no status describes). The second now waits for
    the first, then is refused. `delegation` itself is read again (_locked_fresh)."""
    _locked_fresh(delegation)
    return delegation.cancelled_on, DelegationReport.objects.filter(delegation_id=delegation.pk).exists()


@transaction.atomic
def submit_report(user, delegation: Delegation, *, submitted_on, summary: str, results: str = "", file=None,
                  agreements=(), contacts=None) -> DelegationReport:
    """The report on the results: its text and file, agreements signed during the trip, the contacts made."""
    cancelled_on, has_report = _locked_state(delegation)
    if has_report:
        raise ValidationError({"summary": _("Đoàn này đã có báo cáo kết quả")})
    if not delegation.decision_date or cancelled_on:
        raise ValidationError({"submitted_on": _("Chỉ nộp báo cáo cho đoàn đã được phê duyệt và không bị hủy")})
    check_dates(submitted_on=submitted_on)
    if submitted_on < delegation.return_date:
        raise ValidationError({"submitted_on": _("Ngày nộp báo cáo phải cùng ngày hoặc sau ngày về (%(d)s)")
                               % {"d": _fmt(delegation.return_date)}})
    if submitted_on > timezone.localdate():
        raise ValidationError({"submitted_on": _("Ngày nộp báo cáo không được sau hôm nay")})
    report = DelegationReport(delegation=delegation, submitted_on=submitted_on, summary=summary, results=results,
                              created_by=user)
    if file:
        report.file = file
    report.save()
    if agreements:
        report.agreements.set(agreements)
    reason = [_("Nộp báo cáo kết quả")]
    if contacts is not None:
        contacts = list(contacts)
        reason += children_changes(delegation, contacts=contacts)  # the contacts made, as an edit names them
        _set_children(delegation, contacts=contacts)
    # A history row of the delegation's own: the contacts are its children and the status is written with
    # update(), so its version did not move, and an edit form read before the report saved the contacts it
    # had read back over the report's (core.concurrency).
    delegation._change_reason = "; ".join(reason)
    delegation.save()
    _event(delegation, DelegationEventKind.REPORTED, submitted_on, user)
    refresh_delegation(delegation, user=user)
    check_in_scope(user, delegation)
    return report


@transaction.atomic
def cancel_delegation(user, delegation: Delegation, *, cancelled_on, reason: str) -> Delegation:
    was_cancelled, has_report = _locked_state(delegation)
    if has_report:
        raise ValidationError({"reason": _("Đoàn đã nộp báo cáo kết quả, không thể hủy")})
    if was_cancelled:
        raise ValidationError({"reason": _("Đoàn đã bị hủy trước đó")})
    check_cancelled_on(cancelled_on)
    delegation.cancelled_on = cancelled_on
    delegation.cancel_reason = reason
    delegation.save()
    _event(delegation, DelegationEventKind.CANCELLED, cancelled_on, user, reason)
    refresh_delegation(delegation, user=user, reason=_("Hủy: %(r)s") % {"r": reason})
    check_in_scope(user, delegation)
    return delegation


def plan_warnings(delegation: Delegation) -> list[str]:
    """The caps a saved plan breaks (shown on its page)."""
    if delegation.direction != Direction.OUTBOUND:  # the caps bind outbound plans only: no settings to read
        return []
    facts = rules.PlanFacts(
        locality_id=delegation.locality_id, direction=delegation.direction, level=delegation.level,
        member_count=delegation.member_count, start_date=delegation.start_date, end_date=delegation.end_date,
        countries=[(str(s.country), s.days) for s in delegation.stops.all()], funding=delegation.funding,
        people=[delegation.head_name, *(m.full_name for m in delegation.members.all())], exclude_pk=delegation.pk)
    return rules.cap_warnings(facts, ExchangeSettings.for_locality(delegation.locality))


# --- Conferences ---------------------------------------------------------------------------------------

def validate_conference(data: dict) -> None:
    start, end = data.get("start_date"), data.get("end_date")
    check_dates(start_date=start, end_date=end)
    if start and end and end < start:
        raise ValidationError({"end_date": _("Ngày bế mạc phải cùng ngày hoặc sau ngày khai mạc (%(d)s)")
                               % {"d": _fmt(start)}})
    if (data.get("foreign_participants_count") or 0) > (data.get("participants_count") or 0):
        raise ValidationError({"foreign_participants_count": _(
            "Số đại biểu nước ngoài không được lớn hơn tổng số đại biểu")})


ORGANISER_FIELDS = ("organiser_kind", "organiser_unit", "organiser_name")


def conference_organiser(data: dict, conf: Conference | None = None) -> dict:
    """`data` with the organiser as the edit page has it, for every entry point: a province body named when
    the province organises, a name otherwise, and no body once another organises (Conference.organiser shows
    the body first, so an API PATCH to a foreign organiser still showed the old department on the page and in
    the export). Judged on the stored organiser (`conf`; the model's defaults for a new one) with what was
    sent. A new conference always (the API created one "organised by a body of the province" naming none); an
    edit only when some part of the organiser is sent, as check_unit_locality: a record stored without one (the
    API took those) can still be edited otherwise, else every PATCH of its title failed."""
    if conf is not None and not any(key in data for key in ORGANISER_FIELDS):
        return data
    facts = {key: getattr(conf, key) if conf is not None else Conference._meta.get_field(key).get_default()
             for key in ORGANISER_FIELDS}
    facts.update({key: data[key] for key in ORGANISER_FIELDS if key in data})
    if facts["organiser_kind"] == OrganiserKind.PROVINCE_UNIT:
        if facts["organiser_unit"] is None:
            raise ValidationError({"organiser_unit": _("Chọn cơ quan tổ chức của tỉnh")})
        return data
    if not (facts["organiser_name"] or "").strip():
        raise ValidationError({"organiser_name": _("Nhập tên cơ quan tổ chức")})
    return {**data, "organiser_unit": None}


def refresh_conference(conf: Conference, *, user=None, reason: str = "", today=None) -> bool:
    """Recompute the approving authority, the dossier and report deadlines and the status."""
    settings_row = ExchangeSettings.for_locality(conf.locality)
    derived = {
        "authority": rules.approving_authority(conf.highest_foreign_level, conf.topics),
        "report_due": rules.conference_report_due(conf.end_date, settings_row),
    }
    derived["dossier_deadline"] = rules.dossier_deadline(conf.start_date, derived["authority"])
    changed = [k for k, v in derived.items() if getattr(conf, k) != v]
    for k in changed:
        setattr(conf, k, derived[k])
    status, why = rules.conference_status(conf, today=today)
    old = conf.status
    if status != old or not conf.status_changes.exists():
        conf.status = status
        changed.append("status")
        ConferenceStatusChange.objects.create(conference=conf, old_status=old if old != status else "",
                                              new_status=status, reason=reason or why, created_by=user)
    if changed:
        with summaries.records_written(Conference, {conf.pk}):  # update() sends no signal
            Conference.objects.filter(pk=conf.pk).update(**{f: getattr(conf, f) for f in changed})
    return "status" in changed


@transaction.atomic
def plan_conference(user, *, data: dict) -> Conference:
    """Record a planned conference; its approving authority and dossier deadline are computed."""
    validate_conference(data)
    data = conference_organiser(data)
    check_unit_locality("organiser_unit", data.get("organiser_unit"), data.get("locality"))
    conf = Conference(created_by=user, **{k: data[k] for k in CONFERENCE_FIELDS if k in data})
    conf.save()
    if data.get("partners"):
        conf.partners.set(data["partners"])
        conf.refresh_search_text()  # the search finds it by its partners' names
    refresh_conference(conf, user=user, reason=_("Lập kế hoạch hội nghị"))
    check_in_scope(user, conf)
    return conf


@transaction.atomic
def update_conference(user, conf: Conference, *, data: dict, version=None) -> Conference:
    """Change a conference's facts; `version` (core.concurrency) refuses a save over someone else's."""
    check_version(conf, version)
    _locked_fresh(conf)  # without a version (a PATCH without If-Match) only the fields named are written
    validate_conference({**{k: getattr(conf, k) for k in CONFERENCE_FIELDS}, **data})
    # The dates cannot contradict the steps recorded (submit_dossier and submit_conference_report check them
    # against the dates of their moment): a dossier filed on or after the opening, a report before the close.
    start, end = data.get("start_date", conf.start_date), data.get("end_date", conf.end_date)
    if conf.dossier_submitted_on and start and start <= conf.dossier_submitted_on:
        raise ValidationError({"start_date": _("Hồ sơ đã nộp ngày %(d)s: ngày khai mạc phải sau ngày đó")
                               % {"d": _fmt(conf.dossier_submitted_on)}})
    if conf.report_submitted_on and end and end > conf.report_submitted_on:
        raise ValidationError({"end_date": _("Đã nộp báo cáo ngày %(d)s: ngày bế mạc phải cùng ngày hoặc trước ngày đó")
                               % {"d": _fmt(conf.report_submitted_on)}})
    data = conference_organiser(data, conf)
    check_unit_locality("organiser_unit", data.get("organiser_unit", conf.organiser_unit),
                        data.get("locality", conf.locality), record=conf)
    for key in CONFERENCE_FIELDS:
        if key in data:
            setattr(conf, key, data[key])
    conf.save()
    if "partners" in data:  # absent from a PATCH that does not name them: kept
        conf.partners.set(data["partners"])
        conf.refresh_search_text()
    refresh_conference(conf, user=user, reason=_("Sửa thông tin hội nghị"))
    check_in_scope(user, conf)
    return conf


@transaction.atomic
def submit_dossier(user, conf: Conference, *, submitted_on) -> list[str]:
    """File the dossier. Late filing is recorded and flagged, not refused: the authority may still allow it."""
    check_dates(submitted_on=submitted_on)
    _locked_fresh(conf)
    if submitted_on >= conf.start_date:
        raise ValidationError({"submitted_on": _("Ngày nộp hồ sơ phải trước ngày khai mạc (%(d)s)")
                               % {"d": _fmt(conf.start_date)}})
    # A filing recorded ahead would show "submitted" and take its deadline off the calendar before it happens.
    if submitted_on > timezone.localdate():
        raise ValidationError({"submitted_on": _("Ngày nộp hồ sơ không được sau hôm nay")})
    conf.dossier_submitted_on = submitted_on
    conf.save()
    refresh_conference(conf, user=user)
    check_in_scope(user, conf)
    return dossier_warnings(conf)


def dossier_warnings(conf: Conference) -> list[str]:
    if conf.dossier_deadline and conf.dossier_late:
        filed = conf.dossier_submitted_on
        days = ((filed or timezone.localdate()) - conf.dossier_deadline).days
        return [_("Hồ sơ trình %(authority)s phải nộp chậm nhất ngày %(deadline)s (%(n)s trước khai mạc); "
                  "%(what)s muộn %(late)s.") % {
            "authority": Authority(conf.authority).label, "deadline": _fmt(conf.dossier_deadline),
            "n": days_text((conf.start_date - conf.dossier_deadline).days),
            "what": _("đã nộp") if filed else _("hiện đã"), "late": days_text(days)}]
    return []


@transaction.atomic
def request_consultation(user, conf: Conference, *, body: str, sent_on) -> ConferenceConsultation:
    """Ask a body for its written opinion; it answers within 15 calendar days."""
    check_dates(sent_on=sent_on)
    # As every other step: a request recorded ahead would start its 15 days and show it asked before it is.
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": _("Ngày gửi không được sau hôm nay")})
    consultation = ConferenceConsultation.objects.create(conference=conf, body=body, sent_on=sent_on,
                                                         due_on=rules.consultation_due(sent_on))
    check_in_scope(user, conf)
    return consultation


@transaction.atomic
def record_consultation_answer(user, consultation: ConferenceConsultation, *, answered_on, opinion: str,
                               note: str = "") -> ConferenceConsultation:
    # Read again, whole, once its row is locked: two officers on the page read before either answer was saved
    # each passed, and the second answer replaced the first (an objection became an agreement) without a
    # word; and the page's copy, checked and saved whole, wrote a correction saved meanwhile (the body's
    # name, the day sent) back to what it was.
    _locked_fresh(consultation)
    if consultation.answered_on:
        raise ValidationError({"answered_on": _("%(b)s đã trả lời ngày %(d)s") % {
            "b": consultation.body, "d": _fmt(consultation.answered_on)}})
    check_dates(answered_on=answered_on)
    if answered_on < consultation.sent_on:
        raise ValidationError({"answered_on": _("Ngày trả lời phải cùng ngày hoặc sau ngày gửi (%(d)s)")
                               % {"d": _fmt(consultation.sent_on)}})
    if answered_on > timezone.localdate():
        raise ValidationError({"answered_on": _("Ngày trả lời không được sau hôm nay")})
    consultation.answered_on, consultation.opinion, consultation.note = answered_on, opinion, note
    consultation.save()
    check_in_scope(user, consultation.conference)
    return consultation


@transaction.atomic
def approve_conference(user, conf: Conference, *, decision_number: str, decision_date) -> Conference:
    """Record the written permission of the computed authority."""
    check_dates(decision_date=decision_date)
    if decision_date > timezone.localdate():  # as a delegation's approval: the permission already exists
        raise ValidationError({"decision_date": _("Ngày cho phép không được sau hôm nay")})
    _locked_fresh(conf)  # the authority recorded is the one the conference's facts give now
    if conf.cancelled_on:
        raise ValidationError({"decision_number": _("Hội nghị đã bị hủy, không thể ghi nhận cho phép")})
    conf.decision_authority = conf.authority
    conf.decision_number, conf.decision_date = decision_number, decision_date
    conf.save()
    refresh_conference(conf, user=user)
    check_in_scope(user, conf)
    return conf


def _locked_conference(conf: Conference) -> tuple:
    """(cancelled on, report submitted on) of the conference, read again once its row is locked: the page's
    copy was read before a colleague's report or cancellation was saved, and a second report overwrote the
    first one's text and date without a word. `conf` itself is read again (_locked_fresh)."""
    _locked_fresh(conf)
    return conf.cancelled_on, conf.report_submitted_on


@transaction.atomic
def submit_conference_report(user, conf: Conference, *, submitted_on, text: str, file=None) -> Conference:
    cancelled_on, reported_on = _locked_conference(conf)
    if reported_on:
        raise ValidationError({"text": _("Hội nghị này đã có báo cáo kết quả (nộp ngày %(d)s)")
                               % {"d": _fmt(reported_on)}})
    if not conf.decision_date or conf.cancelled_on or cancelled_on:
        raise ValidationError({"submitted_on": _("Chỉ báo cáo hội nghị đã được cho phép và không bị hủy")})
    check_dates(submitted_on=submitted_on)
    if submitted_on < conf.end_date:
        raise ValidationError({"submitted_on": _("Ngày nộp báo cáo phải cùng ngày hoặc sau ngày bế mạc (%(d)s)")
                               % {"d": _fmt(conf.end_date)}})
    if submitted_on > timezone.localdate():
        raise ValidationError({"submitted_on": _("Ngày nộp báo cáo không được sau hôm nay")})
    conf.report_submitted_on, conf.report_text = submitted_on, text
    if file:
        conf.report_file = file
    conf.save()
    refresh_conference(conf, user=user)
    check_in_scope(user, conf)
    return conf


@transaction.atomic
def cancel_conference(user, conf: Conference, *, cancelled_on, reason: str) -> Conference:
    was_cancelled, reported_on = _locked_conference(conf)
    if was_cancelled or reported_on:
        raise ValidationError({"reason": _("Hội nghị đã bị hủy hoặc đã báo cáo, không thể hủy")})
    check_cancelled_on(cancelled_on)
    conf.cancelled_on, conf.cancel_reason = cancelled_on, reason
    conf.save()
    refresh_conference(conf, user=user, reason=_("Hủy: %(r)s") % {"r": reason})
    check_in_scope(user, conf)
    return conf


# --- Settings, sweeps, feeds ---------------------------------------------------------------------------

@transaction.atomic
def save_exchange_settings(user, row: ExchangeSettings, version=None) -> ExchangeSettings:
    """Save a province's rules, then recompute the deadlines of its open delegations and conferences.
    `version`: see core.concurrency."""
    check_version(row, version)
    save_first(row, locality=row.locality)  # a colleague's first save at the same moment: refused as stale
    check_in_scope(user, row)
    for d in Delegation.objects.filter(locality=row.locality, cancelled_on__isnull=True, report__isnull=True):
        refresh_delegation(d, user=user, reason=_("Quy định của tỉnh thay đổi"))
    for c in Conference.objects.filter(locality=row.locality, cancelled_on__isnull=True,
                                       report_submitted_on__isnull=True):
        refresh_conference(c, user=user, reason=_("Quy định của tỉnh thay đổi"))
    return row


def _moved_by_dates(model, changes, open_q, derived):
    """The keys of the open records (`open_q`) whose stored status is not the one their dates give today
    (`derived`, the rules' SQL form), or that have no status change yet. Every other open record would be
    read, locked and left as it is: at national scale (3,621 open trips and 1,038 conferences, one transaction
    each) that took the sweep 47 s every hour to move none, 1.3 s now."""
    unstarted = ~Exists(changes.objects.filter(**{model._meta.model_name: OuterRef("pk")}))
    return (model.objects.filter(open_q).alias(derived=derived).filter(~Q(status=F("derived")) | unstarted)
            .values_list("pk", flat=True))


def _report_due_moved(open_q) -> list[int]:
    """The keys of the open delegations, of provinces that count the report's days in working days, whose
    stored report deadline is not the one the working-day calendar gives now: an extra day off announced
    (core.models.CalendarDay, in the admin) moves them, and nothing else tells them. Read as plain rows, the
    calendar loaded once."""
    from ngoaivu.core.workdays import WorkingCalendar
    working = {row.locality_id: row for row in ExchangeSettings.objects.filter(report_in_working_days=True)}
    if not working:
        return []
    calendar = WorkingCalendar()
    rows = (Delegation.objects.filter(open_q, locality_id__in=working)
            .values_list("pk", "returned_on", "end_date", "report_due", "locality_id"))
    return [pk for pk, returned_on, end_date, due, locality_id in rows
            if rules.delegation_report_due(returned_on or end_date, working[locality_id], calendar) != due]


def sweep(today=None) -> int:
    """Move date-driven statuses on (approved → under way → returned; approved → held). Run daily by cron.
    Only the records whose dates have moved their status (_moved_by_dates) or whose report deadline an
    announced day off has moved (_report_due_moved) are visited; the rest of what refresh_delegation and
    refresh_conference derive follows the records' and the province's changes, in their own transactions. Each record is locked and read again inside its own transaction: read from the list,
    an officer's cancellation or report committed meanwhile would be overwritten by the sweep's status, and
    the kept yearly totals (indicators.exchange_totals) would count a cancelled trip."""
    today = today or timezone.localdate()
    flips = 0
    open_delegations = Q(cancelled_on__isnull=True, report__isnull=True, decision_date__isnull=False)
    moved = _moved_by_dates(Delegation, DelegationStatusChange, open_delegations,
                            rules.approved_delegation_status_sql(today))
    for pk in sorted({*moved.iterator(), *_report_due_moved(open_delegations)}):
        with transaction.atomic():
            d = (Delegation.objects.select_for_update(of=("self",)).select_related("locality")
                 .filter(open_delegations, pk=pk).first())
            if d is not None:
                flips += refresh_delegation(d, today=today)
    open_conferences = Q(cancelled_on__isnull=True, report_submitted_on__isnull=True, decision_date__isnull=False)
    moved = _moved_by_dates(Conference, ConferenceStatusChange, open_conferences,
                            rules.approved_conference_status_sql(today))
    for pk in moved.iterator():
        with transaction.atomic():
            c = (Conference.objects.select_for_update(of=("self",)).select_related("locality")
                 .filter(open_conferences, pk=pk).first())
            if c is not None:
                flips += refresh_conference(c, today=today)
    return flips


def refresh_delegations(delegations) -> int:
    """Derive the status of these delegations (a queryset) again, each locked and read again in its own
    transaction: after a write that bypassed the actions (`report_status`: `ngoaivu summaries --rebuild`).
    Returns how many were read."""
    done = 0
    for pk in list(delegations.values_list("pk", flat=True)):
        with transaction.atomic():
            d = Delegation.objects.select_for_update(of=("self",)).select_related("locality").filter(pk=pk).first()
            if d is not None:
                refresh_delegation(d)
                done += 1
    return done


@transaction.atomic
def create_feed_token(user) -> str:
    """A new secret calendar address for `user`; any older one stops working. Returns the secret."""
    revoke_feed_tokens(user)
    token = secrets.token_urlsafe(32)
    FeedToken.objects.create(user=user, token_hash=FeedToken.hash(token))
    return token


def revoke_feed_tokens(user) -> int:
    return FeedToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
