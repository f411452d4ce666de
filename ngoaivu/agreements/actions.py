"""State changes of the agreement register. Views and the API parse and authorise; these change state,
write their event rows, re-derive the status (a StatusChange row per change) and re-check the scope."""
import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngoaivu.agreements.choices import AgreementStatus as S
from ngoaivu.agreements.choices import DatePrecision, DocumentKind, Opinion
from ngoaivu.agreements.choices import EventKind as E
from ngoaivu.agreements.deadlines import compute_deadlines
from ngoaivu.agreements.documents import check_upload
from ngoaivu.agreements.models import Agreement, ConsulteeRule, Document, Event, StatusChange
from ngoaivu.agreements.next_steps import allowed_for
from ngoaivu.agreements.rules import agreement_errors, signing_recorded
from ngoaivu.agreements.status import BEFORE_SIGNING, derive_status
from ngoaivu.core import summaries
from ngoaivu.core.concurrency import check_version
from ngoaivu.core.scoping import check_in_scope
from ngoaivu.core.workdays import add_working_days

# Facts of an agreement a form, the import or the API may set (never status, deadlines or health).
FIELDS = [
    "locality", "signatory_locality", "signing_unit", "signatory_name", "inherited_from", "reference", "title",
    "title_en", "form", "form_other", "channel", "summary", "languages", "signer_vn", "signer_foreign",
    "signed_on", "signed_precision", "signed_place", "effective_on_signing", "in_force_on", "reported_on",
    "term_months", "expires_on", "auto_renew", "notice_days", "visibility", "parent", "parent_relation",
    "historical", "recorded_status", "recorded_activity_on",
]
# What a history row's reason says when an agreement's links change (the history diffs columns only).
# Written with gettext_lazy itself, not an alias: makemessages finds only the names it knows, and a text left
# out of the catalogue stays Vietnamese on the English pages (core.stored_text translates a stored reason
# through the catalogue).
RELATION_CHANGED = {"partners": gettext_lazy("Đổi đối tác nước ngoài"), "sectors": gettext_lazy("Đổi lĩnh vực"),
                    "co_signatories": gettext_lazy("Đổi tỉnh, thành phố cùng ký")}
# Units in whose name the Chair signs: MOFA's opinion is required (Law 70, Arts. 18–19).
PROVINCE_LEVEL_UNITS = {"pc", "council"}
EVENT_DOCUMENT_KIND = {E.OPINION_RECEIVED: DocumentKind.OPINION, E.REPORTED: DocumentKind.REPORT,
                       E.SIGNED: DocumentKind.SIGNED_TEXT}


def _today(today=None) -> datetime.date:
    return today or timezone.localdate()


_READ = object()  # _check's default: what it needs to know is read from the database


def _check(agreement: Agreement, today, co_signatories=None, signing_recorded_on=_READ) -> None:
    """The rules (rules.agreement_errors) on the agreement's facts as they are about to be saved.
    `co_signatories`: the provinces co-signing it after the change; None reads those stored (none for a new
    one): a change of the signing date alone must still meet the rule on former provinces co-signing.
    `signing_recorded_on`: the day of its recorded "signed" step (None: none), read here when not given."""
    data = {name: getattr(agreement, name) for name in FIELDS}
    data["pk"] = agreement.pk
    if co_signatories is None and agreement.pk:
        co_signatories = list(agreement.co_signatories.all())
    data["co_signatories"] = co_signatories or ()
    if signing_recorded_on is _READ:
        signing_recorded_on = None
        if agreement.pk and agreement.signed_on is None and not agreement.historical:
            signing_recorded_on = signing_recorded([agreement.pk]).get(agreement.pk)
    data["signing_recorded_on"] = signing_recorded_on
    errors = agreement_errors(data, today)
    if errors:
        raise ValidationError(errors)


def _set_relations(agreement, partners, sectors, co_signatories):
    if partners is not None:
        agreement.partners.set(partners)
    if sectors is not None:
        agreement.sectors.set(sectors)
    if co_signatories is not None:
        agreement.co_signatories.set(co_signatories)
    agreement.refresh_search_text()


def _new_agreement(user, fields, partners, today, co_signatories=()) -> Agreement:
    """An unsaved agreement from a form's, the API's or an import row's facts, checked by the rules."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown agreement fields: {sorted(unknown)}")
    agreement = Agreement(created_by=user, **fields)
    if agreement.signatory_locality_id is None:
        agreement.signatory_locality = agreement.locality
    if not partners:
        raise ValidationError({"partners": _("Chọn ít nhất một đối tác nước ngoài")})
    _check(agreement, today, co_signatories)
    return agreement


@transaction.atomic
def create_agreement(user, *, partners, sectors=(), co_signatories=(), proposed_on=None, today=None,
                     **fields) -> Agreement:
    """Register an agreement. A draft (not signed yet) starts its life with a "proposed" event; a
    signed one entered from the archive starts from its dates only, with no invented event."""
    today = _today(today)
    agreement = _new_agreement(user, fields, partners, today, co_signatories)
    agreement._change_reason = _("Đăng ký thỏa thuận")
    agreement.save()
    _set_relations(agreement, partners, sectors, co_signatories)
    if not agreement.is_signed and not agreement.historical:
        Event.objects.create(agreement=agreement, kind=E.PROPOSED, date=proposed_on or today, recorded_by=user)
    refresh(agreement, user=user, today=today)
    check_in_scope(user, agreement)
    return agreement


@transaction.atomic
def update_agreement(user, agreement: Agreement, *, partners=None, sectors=None, co_signatories=None,
                     reason="", today=None, version=None, **fields) -> bool:
    """Change an agreement's facts. Returns False when nothing changed (a re-import of the same row).

    The new values are compared with the stored row, never with `agreement` itself: a ModelForm has
    already put the submitted values on its instance, so comparing the instance with itself found no
    change and an edit of the title alone saved nothing. `version` (core.concurrency) is the version the
    editor read; a save by someone else in between is refused with StaleEdit."""
    today = _today(today)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown agreement fields: {sorted(unknown)}")
    check_version(agreement, version)
    stored = Agreement.objects.get(pk=agreement.pk)

    def current(name):
        # A record made without a signatory province signed as its own province.
        value = getattr(stored, name)
        return stored.locality if name == "signatory_locality" and value is None else value

    changed = [name for name, value in fields.items() if current(name) != value]
    for name in changed:
        setattr(stored, name, fields[name])
    if partners is not None and not partners:
        raise ValidationError({"partners": _("Chọn ít nhất một đối tác nước ngoài")})
    relations_changed = []
    for name, wanted in (("partners", partners), ("sectors", sectors), ("co_signatories", co_signatories)):
        if wanted is not None and {o.pk for o in wanted} != set(getattr(stored, name).values_list("pk", flat=True)):
            relations_changed.append(name)
    if not changed and not relations_changed:
        agreement.refresh_from_db()
        return False
    if stored.signatory_locality_id is None:
        stored.signatory_locality = stored.locality
    _check(stored, today, co_signatories)
    # The history keeps the record's own columns only: a change of partners, sectors or co-signing provinces
    # alone left a row "Sửa" naming nothing. The reason names them (parts joined by "; ", each translated
    # on the page by core.stored_text; the column holds 100 characters).
    stored._change_reason = "; ".join([str(reason or _("Sửa thông tin")), *(
        str(RELATION_CHANGED[name]) for name in relations_changed)])[:100]
    stored.save()
    _set_relations(stored, partners, sectors, co_signatories)
    refresh(stored, user=user, today=today)
    if set(changed) & set(HEALTH_FACTS):
        facts_changed.send(sender=Agreement, ids=[stored.pk])
    check_in_scope(user, stored)
    agreement.refresh_from_db()
    return True


# Sent when refresh() moves an agreement's status (sender=Agreement, agreement=the agreement): what other apps
# derive from the status follows at once rather than at the next sweep (the implementation app's health: a
# terminated agreement went on showing "ký rồi để đấy", one just in force had none).
status_changed = Signal()
# Sent when an edit changes facts other apps derive from, besides the status (sender=Agreement,
# ids=[pk, …]): the implementation app's health reads the signing and in-force dates and a historical
# record's last known activity, and a corrected date went on showing "ký rồi để đấy" until the next sweep.
facts_changed = Signal()
HEALTH_FACTS = ("signed_on", "signed_precision", "in_force_on", "historical", "recorded_activity_on")


def refresh(agreement: Agreement, *, user=None, event=None, today=None) -> bool:
    """Re-derive status and deadlines from events and dates; store a StatusChange when the status moves.
    Returns True when the status changed. Derived fields are written with update() so they do not fill
    the history of facts (their own history is the StatusChange rows)."""
    today = _today(today)
    before = {name: getattr(agreement, name) for name in DERIVED}
    change = rederive(agreement, list(agreement.events.all()), first=not agreement.status_changes.exists(),
                      today=today, now=timezone.now(), user=user, event=event)
    if change is not None:
        change.save()
    updates = {name: getattr(agreement, name) for name in DERIVED if getattr(agreement, name) != before[name]}
    if updates:
        Agreement.objects.filter(pk=agreement.pk).update(**updates)
        if "status" in updates:
            # An update() sends no signal: the keepers add this agreement's difference, as for the sweep's
            # changes (its province, partners and signing date stay). Recomputing its province instead cost
            # 2–3 s at national scale inside the officer's request. Health and overdue are read after the
            # update, which holds the row's lock, so a concurrent sweep's values are the ones counted.
            health, overdue = (Agreement.objects.filter(pk=agreement.pk)
                               .values_list("health", "overdue_commitments").get())
            summaries.apply_changes([(agreement.pk, (before["status"], health, overdue),
                                      (updates["status"], health, overdue))])
            status_changed.send(sender=Agreement, agreement=agreement)
    return change is not None


def _event_errors(agreement, kind, date, events, *, consultee, request, opinion, new_expires_on, today):
    """Errors that no reason can override: impossible dates, a step that makes no sense in this state,
    missing facts, and signing or approving against a disagreement without the PM's consent (Art. 19)."""
    signed = agreement.is_signed
    if date is None:
        return {"date": _("Nhập ngày")}
    if date > today:
        return {"date": _("Ngày của sự kiện không được sau hôm nay")}
    received = [e for e in events if e.kind == E.OPINION_RECEIVED]
    answered = {e.request_id for e in received}
    open_requests = [e for e in events if e.kind == E.OPINION_REQUESTED and e.pk not in answered]
    disagree = [e for e in received if e.opinion == Opinion.DISAGREE]
    consent = [e for e in events if e.kind == E.PM_CONSENT]

    before_signing = {E.PROPOSED, E.OPINION_REQUESTED, E.OPINION_RECEIVED, E.REFERRED_TO_PM, E.PM_CONSENT,
                      E.PM_REFUSAL, E.APPROVED}
    # A late answer to a request still open may be recorded after signing: it closes that deadline.
    late_answer = kind == E.OPINION_RECEIVED and open_requests
    if kind in before_signing and signed and not late_answer:
        return {"kind": _("Thỏa thuận đã ký: bước này chỉ có trước khi ký. Sửa đổi, gia hạn hay thay thế thì "
                          "đăng ký một thỏa thuận mới có thỏa thuận gốc là thỏa thuận này.")}
    if kind in before_signing and agreement.status == S.REFUSED:
        return {"kind": _("Thủ tướng đã không đồng ý ký thỏa thuận này")}
    if kind not in before_signing and kind != E.SIGNED and not signed:
        return {"kind": _("Thỏa thuận chưa ký: ghi nhận việc ký trước")}
    if (agreement.signed_on is not None and agreement.signed_precision == DatePrecision.DAY and kind != E.SIGNED
            and kind not in before_signing and date < agreement.signed_on):
        return {"date": _("Ngày không được trước ngày ký (%(date)s)") % {"date": agreement.signed_on.strftime("%d/%m/%Y")}}

    if kind == E.OPINION_REQUESTED and not (consultee or "").strip():
        return {"consultee": _("Nhập tên cơ quan được xin ý kiến")}
    if kind == E.OPINION_RECEIVED:
        errors = {}
        if request is None or request.agreement_id != agreement.pk or request.kind != E.OPINION_REQUESTED:
            errors["request"] = _("Chọn đề nghị xin ý kiến mà văn bản này trả lời")
        elif request.pk in answered:
            errors["request"] = _("Đã ghi nhận ý kiến của %(body)s") % {"body": request.consultee}
        elif date < request.date:
            errors["date"] = _("Ngày nhận ý kiến không được trước ngày gửi xin ý kiến (%(date)s)") % {
                "date": request.date.strftime("%d/%m/%Y")}
        if opinion not in Opinion.values:
            errors["opinion"] = _("Chọn đồng ý hoặc không đồng ý")
        return errors
    if kind in (E.PM_CONSENT, E.PM_REFUSAL) and not any(e.kind == E.REFERRED_TO_PM for e in events):
        return {"kind": _("Chưa trình Thủ tướng: ghi nhận việc trình trước")}
    if kind in (E.APPROVED, E.SIGNED):
        if signed and kind == E.SIGNED:
            return {"kind": _("Đã ghi nhận ký ngày %(date)s") % {"date": agreement.signed_display}}
        if disagree and not consent and agreement.tracked:
            return {"kind": _("%(bodies)s không đồng ý: phải trình Thủ tướng và có ý kiến đồng ý của Thủ tướng") % {
                "bodies": ", ".join(e.consultee for e in disagree)}}
    if kind == E.RESUMED and agreement.status != S.SUSPENDED:
        return {"kind": _("Thỏa thuận không ở tình trạng tạm đình chỉ")}
    if kind == E.EXTENDED:
        if new_expires_on is None:
            return {"new_expires_on": _("Nhập ngày hết hạn mới")}
        if new_expires_on <= max(date, agreement.expires_on or date):
            return {"new_expires_on": _("Ngày hết hạn mới phải sau ngày hết hạn hiện tại và ngày gia hạn")}
    return {}


OVERRIDE_HINT = gettext_lazy("Nếu pháp luật cho phép ghi nhận bước này khi chưa đủ bước trước, ghi rõ lý do vào ô "
                      "“Lý do ghi nhận khi chưa đủ bước trước”.")


def order_errors(agreement, kind, events) -> dict[str, str]:
    """What the order of steps of Law 70/2020 (Arts. 18–19) still misses before this step: approval needs
    the opinions asked for (MOFA's for the People's Committee or Council), signing needs the approval.
    Only for agreements whose steps are tracked here; a historical record is not checked. A person may
    record the step anyway with a written reason (record_event's `override_reason`)."""
    if not agreement.tracked or kind not in (E.APPROVED, E.SIGNED):
        return {}
    received = [e for e in events if e.kind == E.OPINION_RECEIVED]
    answered = {e.request_id for e in received}
    waiting = [e for e in events if e.kind == E.OPINION_REQUESTED and e.pk not in answered]
    missing = []
    if kind == E.APPROVED:
        if waiting:
            missing.append(_("chưa nhận ý kiến của: %(bodies)s") % {"bodies": ", ".join(e.consultee for e in waiting)})
        elif not received:
            missing.append(_("chưa có ý kiến nào (xin ý kiến Bộ Ngoại giao và các cơ quan liên quan trước)"))
        unit_kind = agreement.signing_unit.kind if agreement.signing_unit_id else "pc"
        if unit_kind in PROVINCE_LEVEL_UNITS and not any(e.is_mofa for e in received):
            missing.append(_("chưa có ý kiến của Bộ Ngoại giao (bắt buộc với thỏa thuận nhân danh UBND, HĐND tỉnh)"))
        if missing:
            return {"kind": _("Chưa thể phê duyệt ký kết: %(missing)s. %(hint)s") % {
                "missing": "; ".join(missing), "hint": OVERRIDE_HINT}}
    if kind == E.SIGNED and not any(e.kind == E.APPROVED for e in events):
        return {"kind": _("Chưa thể ghi nhận ký kết: thỏa thuận chưa được phê duyệt ký kết (Luật Thỏa thuận quốc tế "
                          "2020, Điều 18–19). %(hint)s") % {"hint": OVERRIDE_HINT}}
    return {}


@transaction.atomic
def record_event(user, agreement: Agreement, kind: str, date: datetime.date, *, note="", consultee="",
                 is_mofa=False, request=None, opinion="", new_expires_on=None, place="", file=None,
                 override_reason="", today=None, check_scope=True) -> Event:
    """Record one step of the legal life, with its facts, and re-derive the status. A step the law's
    order does not allow yet (order_errors) is refused unless `override_reason` says why it may be
    recorded anyway; the reason is stored on the event (and in its history). check_scope=False: the
    caller has checked the user's right itself (the Foreign Ministry's opinion issued in ngoaivu by the
    centre becomes the province's "opinion received", ngoaivu.coordination.opinions)."""
    today = _today(today)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    events = list(agreement.events.all())
    errors = _event_errors(agreement, kind, date, events, consultee=consultee, request=request,
                           opinion=opinion, new_expires_on=new_expires_on, today=today)
    # The page offers a historical record only the events that may still happen to it; the API recorded any
    # step (a "reported" that set reported_on): refused here, for every way in. An answer to a request
    # recorded before the record was made historical still closes that request (the Ministry's opinion on
    # it is issued from the centre's queue).
    if not allowed_for(agreement, kind) and not (kind == E.OPINION_RECEIVED and request is not None):
        errors["kind"] = _("Bước “%(step)s” là bước của thủ tục theo Luật 2020, không ghi nhận trên hồ sơ lịch sử "
                           "(thỏa thuận ký trước khi theo dõi trên hệ thống).") % {"step": E(kind).label}
    override_reason = " ".join((override_reason or "").split())
    order = {} if errors else order_errors(agreement, kind, events)
    if order and not override_reason:
        errors = order
    elif not order:
        override_reason = ""  # nothing was missing: no override to record
    if file is not None:
        try:
            check_upload(file)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)

    document = None
    if file is not None:
        document = Document.objects.create(agreement=agreement, kind=EVENT_DOCUMENT_KIND.get(kind, DocumentKind.LETTER),
                                           title=f"{E(kind).label} — {date:%d/%m/%Y}", file=file, size=file.size,
                                           uploaded_by=user)
    event = Event(agreement=agreement, kind=kind, date=date, note=note, recorded_by=user, document=document,
                  override_reason=override_reason)
    if override_reason:
        # (the history's reason column holds 100 characters; the whole reason is on the event and its history)
        event._change_reason = (_("Ghi nhận khi chưa đủ bước trước: %(reason)s") % {"reason": override_reason})[:100]
    if kind == E.OPINION_REQUESTED:
        event.consultee, event.is_mofa = consultee.strip(), bool(is_mofa)
        event.due_on = add_working_days(date, settings.OPINION_WORKING_DAYS)
    elif kind == E.OPINION_RECEIVED:
        event.request, event.opinion = request, opinion
        event.consultee, event.is_mofa = request.consultee, request.is_mofa
    event.save()

    facts = {}
    if kind == E.SIGNED:
        facts = {"signed_on": date, "signed_precision": DatePrecision.DAY}
        if place:
            facts["signed_place"] = place
    elif kind == E.REPORTED:
        facts = {"reported_on": date}
    elif kind == E.ENTERED_INTO_FORCE:
        facts = {"in_force_on": date, "effective_on_signing": False}
    elif kind == E.EXTENDED:
        facts = {"expires_on": new_expires_on}
    if facts:
        for name, value in facts.items():
            setattr(agreement, name, value)
        _check(agreement, today)
        agreement._change_reason = E(kind).label
        agreement.save()
    refresh(agreement, user=user, event=event, today=today)
    if check_scope:
        check_in_scope(user, agreement)
    return event


@transaction.atomic
def add_document(user, agreement: Agreement, *, file, kind=DocumentKind.OTHER, title="") -> Document:
    check_upload(file)
    document = Document.objects.create(agreement=agreement, kind=kind, title=title, file=file, size=file.size,
                                       uploaded_by=user)
    check_in_scope(user, agreement)
    return document


def records_a_step(document: Document) -> bool:
    """Whether the document is the file of a legal step (an event: the signed text, the Ministry's signed
    opinion, a report): part of that step's record, which is never deleted."""
    return document.events.exists()


@transaction.atomic
def delete_document(user, document: Document) -> None:
    check_in_scope(user, document.agreement)
    if records_a_step(document):
        # A province once deleted the Ministry's signed opinion this way: the centre's page lost it too.
        raise PermissionDenied(_("Văn bản này là hồ sơ của một bước pháp lý nên không xóa được."))
    document.file.delete(save=False)
    document.delete()


def open_requests(agreement) -> list[Event]:
    events = list(agreement.events.all())
    answered = {e.request_id for e in events if e.kind == E.OPINION_RECEIVED}
    return [e for e in events if e.kind == E.OPINION_REQUESTED and e.pk not in answered]


@transaction.atomic
def save_consultee_rule(user, rule: ConsulteeRule, version=None) -> ConsulteeRule:
    """Save a body of a consultee list (the form checked the fields; the scope is checked here).
    `version`: see core.concurrency."""
    check_version(rule, version)
    rule.save()
    check_in_scope(user, rule)
    return rule


@transaction.atomic
def delete_consultee_rule(user, rule: ConsulteeRule) -> None:
    check_in_scope(user, rule)
    rule.delete()


@transaction.atomic
def adopt_national_consultees(user, locality, level) -> list[ConsulteeRule]:
    """Start a province's own list for a level from a copy of the national defaults, to edit from there."""
    if ConsulteeRule.objects.filter(locality=locality, level=level).exists():
        raise ValidationError(_("Tỉnh đã có danh sách riêng cho cấp này"))
    rules = [ConsulteeRule(locality=locality, level=level, consultee=r.consultee, is_mofa=r.is_mofa,
                           condition=r.condition, position=r.position, basis=r.basis)
             for r in ConsulteeRule.objects.filter(locality__isnull=True, level=level)]
    for rule in rules:  # one by one, so each row gets its history entry
        save_consultee_rule(user, rule)
    return rules


__all__ = ["create_agreement", "update_agreement", "record_event", "add_document", "delete_document", "refresh",
           "open_requests", "BEFORE_SIGNING", "save_consultee_rule", "delete_consultee_rule",
           "adopt_national_consultees"]


@transaction.atomic
def create_agreements(user, items, *, today=None) -> list[Agreement]:
    """Register many agreements at once (the import), as create_agreement does one by one — checks,
    history, first event, status, deadlines, scope — in batches: a dozen queries per agreement made a
    2,000-row import outlast a web worker's timeout. `items`: dicts of fields, partners, sectors and
    co_signatories."""
    from simple_history.utils import bulk_create_with_history

    today = _today(today)
    now = timezone.now()
    agreements, events, changes = [], [], []
    for item in items:
        fields = item["fields"]
        agreement = _new_agreement(user, fields, item["partners"], today, item.get("co_signatories") or ())
        agreement.mark_published(now)  # save() would have (bulk_create calls no save())
        # As create_agreement: a draft starts with a "proposed" event, an archived signed one with none.
        own = [Event(agreement=agreement, kind=E.PROPOSED, date=today, recorded_by=user)] \
            if not agreement.is_signed and not agreement.historical else []
        events += own
        # Status, deadlines and search text are known before the insert, so no row is written twice
        # (on PostgreSQL an UPDATE rewrites every index entry, the trigram index of the search text too).
        changes.append(rederive(agreement, own, first=True, today=today, now=now, user=user))
        agreement.search_text = agreement.built_search_text(partners=item["partners"])
        agreements.append(agreement)
    if not agreements:
        return []
    bulk_create_with_history(agreements, Agreement, batch_size=500, default_user=user,
                             default_change_reason=_("Đăng ký thỏa thuận"))
    _replace_relations(agreements, items)
    bulk_create_with_history(events, Event, batch_size=500, default_user=user)
    StatusChange.objects.bulk_create(changes, batch_size=500)  # their agreement and event have ids now
    # As create_agreement's status_changed: what other apps derive (health) is judged now, not at the next
    # sweep (an agreement imported in force showed no health all day). Before the summaries, which count it.
    in_force = [a.pk for a in agreements if a.status == S.IN_FORCE]
    if in_force:
        facts_changed.send(sender=Agreement, ids=in_force)
    summaries.refresh_summaries({a.locality_id for a in agreements})  # bulk_create sends no signal
    _check_all_in_scope(user, agreements)
    return agreements


@transaction.atomic
def update_agreements(user, items, *, today=None, reason="") -> int:
    """Change many agreements' facts at once (the import), as update_agreement does one by one — checks,
    one history row per agreement, relations, search text, status, deadlines, scope — in batches. Each
    item: agreement, fields, partners / sectors / co_signatories (None: unchanged) and the file's row
    `number`, which a ValidationError then carries as `.row`. The caller passes changed agreements only."""
    today = _today(today)
    now = timezone.now()
    agreements, names = [], {"signatory_locality", "updated_at"}
    # The provinces the agreements leave, if the file moves them (their figures change too).
    localities = {item["agreement"].locality_id for item in items}
    # Agreements whose status or health facts the rows change: what other apps derive follows (the single
    # edit sends status_changed / facts_changed; the batch sent neither, so an import that ended an
    # agreement or corrected its dates left its health until the next sweep).
    followed, status_before = set(), {}
    # The co-signing provinces of the rows that keep theirs, read at once for the rules (_check would read
    # them an agreement at a time).
    kept = [item["agreement"].pk for item in items if item.get("co_signatories") is None]
    co_signing = {pk: [] for pk in kept}
    for link in Agreement.co_signatories.through.objects.filter(agreement_id__in=kept).select_related("locality"):
        co_signing[link.agreement_id].append(link.locality)
    # And the signing steps of those whose signing date the rows empty.
    signed_steps = signing_recorded(item["agreement"].pk for item in items
                                    if "signed_on" in item["fields"] and item["fields"]["signed_on"] is None)
    for item in items:
        agreement, fields = item["agreement"], item["fields"]
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise TypeError(f"unknown agreement fields: {sorted(unknown)}")
        status_before[agreement.pk] = agreement.status
        if any(name in fields and getattr(agreement, name) != fields[name] for name in HEALTH_FACTS):
            followed.add(agreement.pk)
        for name, value in fields.items():
            setattr(agreement, name, value)
        names.update(fields)
        if agreement.signatory_locality_id is None:
            agreement.signatory_locality = agreement.locality
        if agreement.mark_published(now):  # as save() would
            names.add("published_at")
        agreement.updated_at = now  # bulk_update does not apply auto_now
        # As update_agreement: the row's reason names the links it changes (the history diffs columns only).
        agreement._change_reason = "; ".join([str(reason or _("Sửa thông tin")), *(
            str(RELATION_CHANGED[name]) for name in RELATION_CHANGED if item.get(name) is not None)])[:100]
        try:
            if item.get("partners") is not None and not item["partners"]:
                raise ValidationError({"partners": _("Chọn ít nhất một đối tác nước ngoài")})
            wanted = item.get("co_signatories")
            _check(agreement, today, co_signing[agreement.pk] if wanted is None else wanted,
                   signed_steps.get(agreement.pk))
        except ValidationError as error:
            error.row = item.get("number")
            raise
        agreements.append(agreement)
    if not agreements:
        return 0
    _write_fields(agreements, sorted(names))
    Agreement.history.bulk_history_create(agreements, batch_size=500, update=True, default_user=user,
                                          default_change_reason=reason or _("Sửa thông tin"))
    _replace_relations(agreements, items)
    refresh_many(agreements, user=user, today=today)
    followed.update(a.pk for a in agreements if a.status != status_before[a.pk])
    if followed:
        facts_changed.send(sender=Agreement, ids=sorted(followed))
    # Raw writes of province, partners and status: the summaries of every province touched, once.
    summaries.refresh_summaries(localities | {a.locality_id for a in agreements})
    _check_all_in_scope(user, agreements)
    return len(agreements)


def _replace_relations(agreements, items):
    """Set the partners, sectors and co-signatories given (None: leave as they are) in a few queries."""
    from django.db import connection
    for name in ("partners", "sectors", "co_signatories"):
        relation = Agreement._meta.get_field(name)
        through, source, target = relation.remote_field.through, relation.m2m_field_name(), relation.m2m_reverse_field_name()
        touched = [(agreement, item[name]) for agreement, item in zip(agreements, items) if item.get(name) is not None]
        pks = [agreement.pk for agreement, _wanted in touched]
        for start in range(0, len(pks), 900):
            through.objects.filter(**{f"{source}_id__in": pks[start:start + 900]}).delete()
        # Link rows as one executemany: a model instance per link cost more than the agreements' insert.
        quote = connection.ops.quote_name
        columns = [through._meta.get_field(source).column, through._meta.get_field(target).column]
        sql = "INSERT INTO {} ({}) VALUES (%s, %s)".format(quote(through._meta.db_table),
                                                          ", ".join(quote(c) for c in columns))
        rows = [(agreement.pk, pk) for agreement, wanted in touched for pk in dict.fromkeys(o.pk for o in wanted)]
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(sql, rows)
        for agreement, _wanted in touched:  # a cached list would hide the new rows from built_search_text()
            getattr(agreement, "_prefetched_objects_cache", {}).pop(name, None)


def refresh_many(agreements, *, user=None, today=None) -> int:
    """refresh() and refresh_search_text() for many agreements: their events and status changes read in
    one query each, the StatusChange rows and the derived fields written in batches. Returns the number
    of status changes."""
    from django.db.models import prefetch_related_objects

    today = _today(today)
    now = timezone.now()
    pks = [a.pk for a in agreements]
    events, has_changes = {pk: [] for pk in pks}, set()
    for start in range(0, len(pks), 900):
        chunk = pks[start:start + 900]
        for event in Event.objects.filter(agreement_id__in=chunk):
            events[event.agreement_id].append(event)
        has_changes.update(StatusChange.objects.filter(agreement_id__in=chunk).values_list("agreement_id", flat=True))
    prefetch_related_objects(agreements, "partners", "partners__aliases")
    changes, touched = [], []
    for agreement in agreements:
        own = events[agreement.pk]
        before = (agreement.status, agreement.status_changed_at, agreement.next_due_on, agreement.alert_on,
                  agreement.search_text)
        change = rederive(agreement, own, first=agreement.pk not in has_changes, today=today, now=now, user=user)
        if change is not None:
            changes.append(change)
        agreement.search_text = agreement.built_search_text()
        if before != (agreement.status, agreement.status_changed_at, agreement.next_due_on, agreement.alert_on,
                      agreement.search_text):
            touched.append(agreement)
    StatusChange.objects.bulk_create(changes, batch_size=500)
    # Written without history, as refresh() does: derived fields are not facts.
    _write_fields(touched, [*DERIVED, "search_text"])
    return len(changes)


# The columns rederive() sets: written without history, the StatusChange rows being theirs.
DERIVED = ("status", "status_changed_at", "next_due_on", "alert_on")


def rederive(agreement, events, *, first, today, now, user=None, event=None):
    """The one derivation of status and deadlines (refresh, refresh_many and the sweep), on the object only:
    set them and return the StatusChange to store when the status moves (or is the first), else None."""
    derived = derive_status(agreement, events, today)
    change = None
    if first or derived.status != agreement.status:
        change = StatusChange(agreement=agreement, old_status="" if first else agreement.status,
                              new_status=derived.status, reason=derived.reason[:500], event=event or derived.event,
                              changed_by=user)
        agreement.status, agreement.status_changed_at = derived.status, now
    deadlines = compute_deadlines(agreement, events, today)
    agreement.next_due_on = min((d.date for d in deadlines), default=None)
    agreement.alert_on = min((d.alert_from for d in deadlines), default=None)
    return change


def _write_fields(agreements, names):
    """UPDATE these columns of each agreement by its id, through core.bulk (bulk_update() builds a CASE
    expression per row and field, which cost more than the whole insert of thousands of agreements)."""
    from ngoaivu.core.bulk import update_rows
    attnames = [Agreement._meta.get_field(name).attname for name in names]
    update_rows(Agreement, names, ([a.pk, *(getattr(a, attname) for attname in attnames)] for a in agreements))


def _check_all_in_scope(user, agreements):
    """check_in_scope for many agreements, a query per 900."""
    from django.core.exceptions import PermissionDenied
    pks = [a.pk for a in agreements]
    for start in range(0, len(pks), 900):
        chunk = pks[start:start + 900]
        if Agreement.objects.editable_by(user).filter(pk__in=chunk).count() != len(chunk):
            raise PermissionDenied(_("Bản ghi nằm ngoài phạm vi bạn được quyền sửa."))
