"""State changes of implementation tracking. Views parse and authorise; these functions change state,
keep the agreement's `last_activity_on` and `health` current and write a HealthChange row for every
change of health.

One code path computes health, for one agreement (after an activity is recorded) and for the whole
country (the sweep): `refresh(ids)` loads the facts in a few queries, runs the pure rules of health.py,
and writes only what changed, inside a transaction that two sweeps cannot enter at once.
"""
import datetime
import time
import zlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ngoaivu.agreements.choices import AgreementStatus, EventKind
from ngoaivu.agreements.models import Agreement, Event
from ngoaivu.core.concurrency import check_version, save_first
from ngoaivu.core import summaries
from ngoaivu.core.bulk import insert_rows, update_rows
from ngoaivu.core.scoping import check_in_scope
from ngoaivu.implementation import health as engine
from ngoaivu.implementation.choices import (
    CommitmentStatus, FulfilmentState, HealthValue, Recurrence, ReviewDecision,
)
from ngoaivu.implementation.models import (
    Activity, CapacityAssessment, Commitment, Evidence, Fulfilment, FulfilmentReview, HealthChange,
    HealthSettings, Plan, PlannedActivity, Tracking,
)

SWEEP_LOCK_KEY = zlib.crc32(b"ngoaivu.implementation.sweep")  # PostgreSQL advisory lock id
BATCH = 2000


@dataclass
class RefreshResult:
    checked: int = 0
    changed: int = 0          # health changes written (HealthChange rows)
    updated: int = 0          # agreement rows whose health, reasons or last activity were rewritten


def today() -> datetime.date:
    return timezone.localdate()


def _start_of(agreement_row) -> datetime.date | None:
    """The day the implementation clock starts: the signing (first day of a partly known period), else
    entry into force, else the day the record was made."""
    signed, in_force, created = agreement_row
    if signed:
        return signed
    if in_force:
        return in_force
    return timezone.localtime(created).date() if created else None


def _chunks(seq, size):
    for i in range(0, len(seq), size):
        yield seq[i:i + size]


def _facts(ids, on_day, rules_by_locality):
    """{agreement id: (row, Facts, Rules)}: four queries for a list of ids, or four whole-table queries for
    the sweep (ids=None: every agreement in force or still carrying a health), which is far cheaper than
    thousands of IN (...) lists at national scale."""
    agreements = Agreement.objects.all()
    activities = Activity.objects.filter(agreement__isnull=False)
    plans = Plan.objects.all()
    commitments = Commitment.objects.all()
    if ids is None:
        agreements = agreements.filter(Q(status=AgreementStatus.IN_FORCE) | ~Q(health=HealthValue.NA))
    else:
        agreements = agreements.filter(pk__in=ids)
        activities = activities.filter(agreement_id__in=ids)
        plans = plans.filter(agreement_id__in=ids)
        commitments = commitments.filter(agreement_id__in=ids)
    rows = {r[0]: r for r in agreements.values_list(
        "pk", "locality_id", "status", "signed_on", "in_force_on", "created_at", "last_activity_on",
        "health", "health_reasons", "historical", "recorded_activity_on").order_by("pk")}
    last = dict(activities.values("agreement_id").annotate(m=Max("occurred_on")).values_list("agreement_id", "m")
                .order_by())
    plan_years = {}
    for agreement_id, year in plans.values_list("agreement_id", "year").order_by():
        plan_years.setdefault(agreement_id, set()).add(year)
    comm = {}
    for agreement_id, status, due_on in commitments.values_list("agreement_id", "status", "due_on").order_by():
        if agreement_id in rows:
            comm.setdefault(agreement_id, []).append(engine.CommitmentFacts(status, due_on))
    result = {}
    for pk, row in rows.items():
        rules = rules_by_locality.get(row[1]) or rules_by_locality[None]
        historical, recorded_activity = row[9], row[10]
        known = [d for d in (last.get(pk), recorded_activity if historical else None) if d]
        facts = engine.Facts(in_force=row[2] == AgreementStatus.IN_FORCE, signed_on=_start_of(row[3:6]),
                             today=on_day, last_activity_on=max(known) if known else None,
                             imported_on=timezone.localtime(row[5]).date() if historical and row[5] else None,
                             plan_years=frozenset(plan_years.get(pk, ())), commitments=tuple(comm.get(pk, ())))
        result[pk] = (row, facts, rules)
    return result


def _lock_for_writing():
    """Serialise the write phase of concurrent sweeps: an advisory lock on PostgreSQL (released at the
    end of the transaction); on SQLite the IMMEDIATE transaction mode in settings already takes the
    database's write lock when the transaction begins."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SWEEP_LOCK_KEY])


def _write(computed, now, trigger, result):
    """Write what changed for one chunk. Re-reads the current health under the lock, so a second sweep
    that computed the same change a moment later finds nothing left to do."""
    ids = list(computed)
    with transaction.atomic():
        _lock_for_writing()
        # any_of (core.bulk): the chunk's keys as one array on PostgreSQL, not 2,000 placeholders to quote
        current = {r[0]: r[1:] for r in Agreement.objects.filter(pk__any_of=ids).values_list(
            "pk", "health", "health_reasons", "last_activity_on", "overdue_commitments", "status")}
        tracked = {r[0]: r[1:] for r in Tracking.objects.filter(agreement_id__any_of=ids).values_list(
            "agreement_id", "completion", "commitments", "open_commitments", "overdue_commitments")}
        changes, agreements, tracking, moved = [], [], [], []
        to_change = [pk for pk in ids if pk in current and current[pk][0] != computed[pk][1].health]
        sequences = dict(HealthChange.objects.filter(agreement_id__any_of=to_change).values("agreement_id")
                         .annotate(m=Max("sequence")).values_list("agreement_id", "m")) if to_change else {}
        for pk in ids:
            if pk not in current:
                continue
            facts, verdict = computed[pk]
            health, reasons, last, overdue, status = current[pk]
            text = verdict.reason_text
            if health != verdict.health:
                changes.append((pk, sequences.get(pk, 0) + 1, health, verdict.health, text, now, trigger))
            if (health, reasons, last, overdue) != (verdict.health, text, facts.last_activity_on, verdict.overdue):
                agreements.append((pk, verdict.health, text, facts.last_activity_on, now, verdict.overdue))
                moved.append((pk, (status, health, overdue), (status, verdict.health, verdict.overdue)))
            figures = (verdict.completion, sum(c.status != CommitmentStatus.WAIVED for c in facts.commitments),
                       verdict.open_commitments, verdict.overdue)
            if tracked.get(pk) != figures:
                tracking.append(Tracking(agreement_id=pk, completion=figures[0], commitments=figures[1],
                                         open_commitments=figures[2], overdue_commitments=figures[3]))
        # Tuples, not HealthChange instances: a change of the national rules writes one per agreement.
        insert_rows(HealthChange, ["agreement", "sequence", "previous", "health", "reasons", "changed_at", "trigger"],
                    changes)
        update_rows(Agreement, ["health", "health_reasons", "last_activity_on", "health_checked_at",
                                "overdue_commitments"], agreements)
        summaries.apply_changes(moved)  # the national figures, in this transaction
        Tracking.objects.bulk_create(tracking, update_conflicts=True, unique_fields=["agreement"],
                                     update_fields=["completion", "commitments", "open_commitments",
                                                    "overdue_commitments"])
        if changes:
            changed_ids = [c[0] for c in changes]
            Tracking.objects.filter(agreement_id__any_of=changed_ids).update(health_since=now)
    result.changed += len(changes)
    result.updated += len(agreements)


def _when_unlocked(read):
    """Run a read again when SQLite says a table is locked: with a shared cache (the in-memory test
    database) a read meets another connection's write lock at once instead of waiting for it."""
    for attempt in range(5):
        try:
            return read()
        except OperationalError as error:
            if "locked" not in str(error) or attempt == 4:
                raise
            time.sleep(0.2 * (attempt + 1))


def health_follows_status(sender, agreement, **kwargs):
    """The register moved an agreement's status (terminated, suspended, in force, extended…): its health
    follows in the same transaction, not at the next sweep."""
    refresh([agreement.pk], trigger="status")


def health_follows_facts(sender, ids, **kwargs):
    """The register changed the dates or the last known activity the rules read (or, by import, the
    status) of these agreements: their health follows in the same transaction."""
    refresh(list(ids), trigger="agreement")


def refresh(ids=None, on_day=None, trigger="sweep", rules_by_locality=None, progress=None) -> RefreshResult:
    """Recompute health for these agreements (None: every agreement that is in force or still carries a
    health from when it was). Safe to run concurrently with itself."""
    on_day = on_day or today()
    now = timezone.now()
    rules_by_locality = rules_by_locality or HealthSettings.rules_by_locality()
    result = RefreshResult()
    facts = _when_unlocked(lambda: _facts(None if ids is None else list(ids), on_day, rules_by_locality))
    lang = get_language()  # once for every verdict's reasons, not per agreement
    computed_all = [(pk, (f, engine.assess(f, rules, lang))) for pk, (_row, f, rules) in facts.items()]
    for start in range(0, len(computed_all), BATCH):
        computed = dict(computed_all[start:start + BATCH])
        result.checked += len(computed)
        for attempt in range(5):
            try:
                _write(computed, now, trigger, result)
                break
            except IntegrityError:
                # Another sweep wrote the same change between our read and our write: read again.
                continue
            except OperationalError as error:  # SQLite: "database is locked" beyond the busy timeout
                if "locked" not in str(error) or attempt == 4:
                    raise
                time.sleep(0.2 * (attempt + 1))
        if progress:
            progress(result, len(computed_all))
    return result


def sweep(on_day=None, progress=None) -> RefreshResult:
    """Every agreement's health, last activity and commitment figures (the sweep's "health" step)."""
    return refresh(None, on_day=on_day, trigger="sweep", progress=progress)


# --- activities -------------------------------------------------------------------------------------

def _check_unit_serves(record, locality, whose, stored=None) -> None:
    """The responsible body of an activity, commitment or plan is its province's own (core's Unit.serves):
    its scope lets a unit's officer edit a record by the body alone, so an edit of the API that moved their
    activity to another province (its province, or another province's agreement marked national) was
    saved, and the other province's agreement, commitment and figures changed by it (the review of
    07/12/2026). `whose`: "the activity" or "the agreement", for the message. `stored`: (unit id, province
    id) as saved: a record kept with another province's body (before this check) is not refused on an edit
    that changes neither."""
    if record.responsible_unit_id is None:
        return
    unit = record.responsible_unit
    if unit.serves(locality):
        return
    if stored and tuple(stored) == (unit.pk, getattr(locality, "pk", None)):
        return
    raise ValidationError({"responsible_unit": _(
        "Cơ quan chủ trì “%(unit)s” thuộc %(its)s, không thuộc %(locality)s (tỉnh của %(whose)s): chọn cơ quan chủ "
        "trì của %(locality)s") % {"unit": unit.name, "its": unit.locality.short_name,
                                   "locality": locality.short_name, "whose": whose}})


def save_activity(user, activity: Activity, commitments=(), planned=(), files=(), descriptions=None, version=None):
    """Record or edit an activity, its links and evidence files; keep the agreement's last activity and
    health current. A linked commitment that had not started is now in progress. `version`: see
    core.concurrency (a save over someone else's change is refused)."""
    with transaction.atomic():
        check_version(activity, version)
        previous_agreement_id, stored = None, None
        if activity.pk:
            stored = Activity.objects.filter(pk=activity.pk).values_list("agreement_id", "responsible_unit_id",
                                                                          "locality_id").first()
            previous_agreement_id = stored[0] if stored else None
        if activity.agreement_id:
            activity.locality_id = activity.agreement.locality_id
        _check_unit_serves(activity, activity.locality, _("hoạt động"), stored and stored[1:])
        if activity.created_by_id is None:
            activity.created_by = user
        activity.save()
        activity.commitments.set(commitments)
        activity.planned_activities.set(planned)
        # Saved one by one, not update(): each start is a row of the commitment's history (who, when, which
        # activity), which its page and a past period's report read.
        for commitment in Commitment.objects.select_for_update().filter(pk__in=[c.pk for c in commitments],
                                                                         status=CommitmentStatus.PENDING):
            commitment.status = CommitmentStatus.IN_PROGRESS
            commitment._change_reason = _("Bắt đầu thực hiện: hoạt động %(title)s") % {"title": activity.title}
            commitment.save()
        for i, f in enumerate(files):
            Evidence.objects.create(activity=activity, file=f, size=getattr(f, "size", 0) or 0, uploaded_by=user,
                                    description=(descriptions or {}).get(i, ""))
        check_in_scope(user, activity)
        for agreement_id in {activity.agreement_id, previous_agreement_id} - {None}:
            refresh([agreement_id], trigger="activity")
    return activity


def agreement_moving(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save of an agreement: the province it may be leaving (see activities_follow_agreement)."""
    instance._activities_locality_was = None
    if raw or instance.pk is None or (update_fields is not None and not {"locality", "locality_id"} & set(update_fields)):
        return
    instance._activities_locality_was = (sender._base_manager.filter(pk=instance.pk)
                                         .values_list("locality_id", flat=True).first())


def activities_follow_agreement(sender, instance, raw=False, **kwargs):
    """post_save of an agreement: its activities recorded by its province (save_activity sets their province
    from it) follow it when it is moved to another province; else the old province kept reading and editing
    them and the new one could not."""
    was = getattr(instance, "_activities_locality_was", None)
    if raw or was is None or instance.locality_id is None or was == instance.locality_id:
        return
    # Saved one by one, not by an update(): the kept statistics (indicators' totals by province and year)
    # follow each activity's save, and its history shows the move. An agreement rarely changes province.
    for activity in Activity._base_manager.filter(agreement=instance, locality_id=was):
        activity.locality_id = instance.locality_id
        activity._change_reason = _("Theo thỏa thuận chuyển sang tỉnh, thành phố khác")
        activity.save(update_fields=["locality"])


def delete_activity(user, activity: Activity):
    with transaction.atomic():
        check_in_scope(user, activity)
        agreement_id = activity.agreement_id
        activity.delete()
        if agreement_id:
            refresh([agreement_id], trigger="activity")


def add_evidence(user, activity: Activity, file, description=""):
    with transaction.atomic():
        evidence = Evidence.objects.create(activity=activity, file=file, size=getattr(file, "size", 0) or 0,
                                           uploaded_by=user, description=description)
        check_in_scope(user, evidence)
    return evidence


# --- commitments ------------------------------------------------------------------------------------

def save_commitment(user, commitment: Commitment, version=None):
    """Record or edit a commitment; keep the health and figures of its agreement current, and of the one
    it left when an edit (the API) moved it to another agreement."""
    with transaction.atomic():
        check_version(commitment, version)
        previous_agreement_id, stored = None, None
        if commitment.pk:
            stored = Commitment.objects.filter(pk=commitment.pk).values_list(
                "agreement_id", "responsible_unit_id", "agreement__locality_id").first()
            previous_agreement_id = stored[0] if stored else None
        _check_unit_serves(commitment, commitment.agreement.locality, _("thỏa thuận"), stored and stored[1:])
        commitment.save()
        check_in_scope(user, commitment)
        refresh(sorted({commitment.agreement_id, previous_agreement_id} - {None}), trigger="commitment")
    return commitment


def set_commitment_status(user, commitment: Commitment, status: str, note: str = "", version=None):
    """Start or waive a commitment (fulfilment goes through `fulfil_commitment`, with evidence). `version`:
    the commitment as the page showed it (core.concurrency): a button read before a colleague reopened and
    started it does not put it back."""
    with transaction.atomic():
        # The row as it is once locked, not the request's copy: a note added by a colleague at the same
        # moment, their edit, or a result confirmed meanwhile would be overwritten by this save.
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        check_version(commitment, version)
        if not commitment.is_open and not (status == CommitmentStatus.PENDING
                                           and commitment.status == CommitmentStatus.WAIVED):
            # Only a waived commitment is reopened here; a confirmed result is the reviewer's decision.
            raise ValidationError(_("Cam kết này đã đóng."))
        commitment.status = status
        if note:
            commitment.note = (commitment.note + "\n" + note).strip()
        commitment._change_reason = note or ""
        commitment.save()
        check_in_scope(user, commitment)
        if status == CommitmentStatus.WAIVED:
            _return_proposals(user, commitment, note)
        refresh([commitment.agreement_id], trigger="commitment")
    return commitment


def _return_proposals(user, commitment, note):
    """A waived commitment's results still awaiting review are returned, the waiver as the reason: they would
    otherwise stay in the reviewers' to-do list, for a commitment no longer owed (review_fulfilment refuses
    to confirm one). Each return is a review row, as a reviewer's is."""
    reason = _("Cam kết đã được miễn thực hiện: %(note)s") % {"note": note} if note else _("Cam kết đã được miễn thực hiện")
    for fulfilment in Fulfilment.objects.select_for_update().filter(commitment=commitment,
                                                                     state=FulfilmentState.PROPOSED):
        review = FulfilmentReview.objects.create(fulfilment=fulfilment, decision=ReviewDecision.RETURN,
                                                 note=str(reason), reviewed_by=user)
        fulfilment.state, fulfilment.reviewed_by, fulfilment.reviewed_at = (FulfilmentState.RETURNED, user,
                                                                            review.reviewed_at)
        fulfilment.save(update_fields=["state", "reviewed_by", "reviewed_at"])


def may_review(user, commitment: Commitment, proposed_by_id=None) -> bool:
    """Four eyes: the reviewer named on the commitment, or an editor of the foreign-affairs agency of the
    agreement's province (a province-level account, or an account of the unit marked as its agency) —
    never the person who proposed the result."""
    if user is None or not user.is_authenticated or (proposed_by_id is not None and user.pk == proposed_by_id):
        return False
    if commitment.reviewer_id is not None and commitment.reviewer_id == user.pk:
        return True
    scope = user.scope
    locality_id = commitment.agreement.locality_id
    if scope.superuser or locality_id in scope.edit_locality_ids:
        return True
    from ngoaivu.core.models import Unit
    return Unit.objects.filter(pk__in=scope.edit_unit_ids, locality_id=locality_id,
                               is_foreign_affairs_agency=True).exists()


def propose_fulfilment(user, commitment: Commitment, fulfilled_on: datetime.date, evidence=None,
                       note: str = "") -> Fulfilment:
    """The implementing unit says a commitment (or this period of a recurring one) was met, with its
    evidence. Nothing counts yet: the commitment stays open until a reviewer confirms."""
    with transaction.atomic():
        commitment = Commitment.objects.select_for_update().select_related("agreement").get(pk=commitment.pk)
        if not commitment.is_open:
            raise ValidationError(_("Cam kết này không còn mở."))
        if commitment.fulfilments.filter(state=FulfilmentState.PROPOSED).exists():
            raise ValidationError(_("Đã có một kết quả đang chờ xác nhận cho cam kết này."))
        on_time = commitment.due_on is None or fulfilled_on <= commitment.due_on
        fulfilment = Fulfilment.objects.create(
            commitment=commitment, due_on=commitment.due_on, fulfilled_on=fulfilled_on, on_time=on_time,
            evidence=evidence or "", note=note, proposed_by=user, state=FulfilmentState.PROPOSED)
        check_in_scope(user, commitment)
    return fulfilment


def review_fulfilment(user, fulfilment: Fulfilment, decision: str, note: str = "") -> FulfilmentReview:
    """A reviewer confirms a proposed result (it then counts: the commitment is met, or a recurring one
    moves on to its next due date) or returns it with the reason. Each decision is a row."""
    from django.core.exceptions import PermissionDenied
    with transaction.atomic():
        # The commitment locked first, then the result: the order propose_fulfilment and a waiver (which returns
        # the results awaiting review) lock them in, so that two of them at once queue instead of deadlocking.
        # The commitment as it is once locked: a waiver recorded after the result was proposed is not
        # overturned by confirming that result (it was, in silence: the review of 07/12/2026).
        commitment_id = Fulfilment.objects.filter(pk=fulfilment.pk).values_list("commitment_id", flat=True).get()
        commitment = Commitment.objects.select_for_update(of=("self",)).select_related("agreement").get(pk=commitment_id)
        fulfilment = Fulfilment.objects.select_for_update().get(pk=fulfilment.pk)
        if not may_review(user, commitment, fulfilment.proposed_by_id):
            raise PermissionDenied(_("Người đề nghị không tự xác nhận kết quả của mình; cần cán bộ cơ quan ngoại vụ "
                                     "hoặc người xác nhận được chỉ định."))
        if fulfilment.state != FulfilmentState.PROPOSED:
            raise ValidationError(_("Kết quả này đã được xử lý (%(state)s).") % {"state": fulfilment.get_state_display()})
        if decision not in ReviewDecision.values:
            raise ValidationError({"decision": _("Chọn xác nhận hoặc trả lại")})
        note = (note or "").strip()
        if decision == ReviewDecision.RETURN and not note:
            raise ValidationError({"note": _("Ghi lý do trả lại để cơ quan chủ trì bổ sung")})
        if decision == ReviewDecision.CONFIRM and not commitment.is_open:
            raise ValidationError(_("Cam kết này nay là “%(status)s” (đổi sau khi kết quả được đề nghị): không xác nhận "
                                    "được kết quả này; mở lại cam kết trước nếu cần.") % {"status": commitment.get_status_display()})
        review = FulfilmentReview.objects.create(fulfilment=fulfilment, decision=decision, note=note, reviewed_by=user)
        fulfilment.reviewed_by, fulfilment.reviewed_at = user, review.reviewed_at
        if decision == ReviewDecision.RETURN:
            fulfilment.state = FulfilmentState.RETURNED
            fulfilment.save(update_fields=["state", "reviewed_by", "reviewed_at"])
            return review
        fulfilment.state = FulfilmentState.CONFIRMED
        fulfilment.save(update_fields=["state", "reviewed_by", "reviewed_at"])
        commitment.reviewed_by = user
        commitment.fulfilled_on = fulfilment.fulfilled_on
        commitment.fulfilled_late = not fulfilment.on_time
        following = engine.next_due(commitment.due_on, commitment.recurrence) if commitment.due_on else None
        if commitment.recurrence != Recurrence.NONE and following:
            commitment.due_on = following
            commitment.status = CommitmentStatus.IN_PROGRESS
        else:
            commitment.status = CommitmentStatus.FULFILLED
        commitment._change_reason = _("Xác nhận kết quả thực hiện")
        commitment.save()
        refresh([commitment.agreement_id], trigger="commitment")
    return review


def pending_reviews(user):
    """Proposed results this user may confirm: the commitments naming them, and — for the foreign-affairs
    agency of a province — those of the province's agreements; never their own proposals."""
    from django.db.models import Q as _Q

    from ngoaivu.core.models import Unit
    scope = user.scope
    qs = Fulfilment.objects.visible_to(user).filter(state=FulfilmentState.PROPOSED).exclude(proposed_by=user)
    if scope.superuser:
        return qs
    agency = set(Unit.objects.filter(pk__in=scope.edit_unit_ids, is_foreign_affairs_agency=True)
                 .values_list("locality_id", flat=True))
    return qs.filter(_Q(commitment__reviewer=user)
                     | _Q(commitment__agreement__locality_id__in=set(scope.edit_locality_ids) | agency))


def delete_commitment(user, commitment: Commitment):
    with transaction.atomic():
        check_in_scope(user, commitment)
        agreement_id = commitment.agreement_id
        commitment.delete()
        refresh([agreement_id], trigger="commitment")


# --- plans ------------------------------------------------------------------------------------------

def save_plan(user, plan: Plan, version=None):
    with transaction.atomic():
        check_version(plan, version)
        stored = Plan.objects.filter(pk=plan.pk).values_list("responsible_unit_id", "agreement__locality_id").first() \
            if plan.pk else None
        _check_unit_serves(plan, plan.agreement.locality, _("thỏa thuận"), stored)
        if plan.created_by_id is None:
            plan.created_by = user
        plan.save()
        check_in_scope(user, plan)
        refresh([plan.agreement_id], trigger="plan")
    return plan


def save_planned_activity(user, item: PlannedActivity):
    with transaction.atomic():
        stored = PlannedActivity.objects.filter(pk=item.pk).values_list(
            "responsible_unit_id", "plan__agreement__locality_id").first() if item.pk else None
        _check_unit_serves(item, item.plan.agreement.locality, _("thỏa thuận"), stored)
        created = item.pk is None
        item.save()
        check_in_scope(user, item.plan)
        if created:
            _plan_history(user, item.plan, _("Thêm hoạt động dự kiến: %(title)s") % {"title": item.title})
    return item


def delete_planned_activity(user, item: PlannedActivity):
    with transaction.atomic():
        check_in_scope(user, item.plan)
        linked = item.activities.count()
        # One message each (core.stored_text shows a stored reason in the reader's language by its message).
        reason = ngettext("Xóa hoạt động dự kiến: %(title)s (bỏ liên kết với %(n)s hoạt động đã ghi)",
                          "Xóa hoạt động dự kiến: %(title)s (bỏ liên kết với %(n)s hoạt động đã ghi)", linked) \
            if linked else _("Xóa hoạt động dự kiến: %(title)s")
        reason = reason % {"title": item.title, "n": linked}
        item.delete()
        _plan_history(user, item.plan, reason)


def _plan_history(user, plan, reason):
    """A row of the plan's history naming a line of its planned activities added or removed, by whom and when:
    the lines keep no history of their own, and the plan page showed no trace of a line deleted (the review of
    07/12/2026). The plan's version moves with it, as with any change of the plan (core.concurrency)."""
    # The plan as stored, locked: the row copies its fields, and a page's copy read before a colleague's edit
    # would have shown that edit undone in the history.
    stored = Plan.objects.select_for_update().get(pk=plan.pk)
    Plan.history.bulk_history_create([stored], update=True, default_user=user, default_change_reason=str(reason))


# --- settings and capacity --------------------------------------------------------------------------

def save_settings(user, settings_row: HealthSettings, version=None):
    """Save the rules (national or one province's) and ask the next sweep to re-evaluate the agreements:
    at national scale that takes longer than a web request may (gunicorn's timeout), so the request only
    marks the health step pending (core.sweep.request_step); the rules page shows its progress.
    `version`: see core.concurrency."""
    from ngoaivu.core.sweep import request_step
    from ngoaivu.implementation.sweep import STEP
    with transaction.atomic():
        check_version(settings_row, version)
        save_first(settings_row, locality=settings_row.locality)  # a first save at the same moment: refused as stale
        check_in_scope(user, settings_row)
        return request_step(STEP, user=user, reason=str(settings_row))


def unit_record(unit, on_day=None) -> dict:
    """The implementing record of a unit: agreements it implements, share dormant, overdue commitments."""
    on_day = on_day or today()
    if unit is None:
        return {}
    agreement_ids = set(Commitment.objects.filter(responsible_unit=unit).values_list("agreement_id", flat=True))
    agreement_ids |= set(Agreement.objects.filter(signing_unit=unit).values_list("pk", flat=True))
    in_force = Agreement.objects.filter(pk__in=agreement_ids, status=AgreementStatus.IN_FORCE)
    total = in_force.count()
    dormant = in_force.filter(health=HealthValue.DORMANT).count()
    at_risk = in_force.filter(health=HealthValue.AT_RISK).count()
    overdue = Commitment.objects.filter(responsible_unit=unit, status__in=engine.OPEN, due_on__lt=on_day).count()
    return {"unit": str(unit), "unit_id": unit.pk, "agreements": len(agreement_ids), "in_force": total,
            "dormant": dormant, "at_risk": at_risk,
            "dormant_share": round(100 * dormant / total) if total else 0, "overdue_commitments": overdue}


def readiness(checks: dict, record: dict) -> str:
    """ready / conditions / not_ready from the checklist and the unit's record."""
    done = sum(bool(checks.get(name)) for name in CapacityAssessment.CHECKLIST)
    weak_record = record.get("in_force") and record.get("dormant_share", 0) >= 50
    if done == len(CapacityAssessment.CHECKLIST) and not weak_record:
        return "ready"
    if done >= 3:
        return "conditions"
    return "not_ready"


def assess_capacity(user, agreement, unit, checks: dict, note: str = ""):
    """Keep the checklist and its result with the latest opinion request of the agreement."""
    with transaction.atomic():
        record = unit_record(unit)
        request = (Event.objects.filter(agreement=agreement, kind=EventKind.OPINION_REQUESTED)
                   .order_by("-date", "-pk").first())
        assessment = CapacityAssessment.objects.create(
            agreement=agreement, opinion_request=request, responsible_unit=unit, unit_record=record,
            result=readiness(checks, record), note=note, assessed_by=user,
            **{name: bool(checks.get(name)) for name in CapacityAssessment.CHECKLIST})
        check_in_scope(user, assessment)
    return assessment


READINESS_LABELS = {
    "ready": (_("Đủ điều kiện triển khai"), "green"),
    "conditions": (_("Cần bổ sung trước khi ký"), "yellow"),
    "not_ready": (_("Chưa đủ năng lực triển khai"), "red"),
}
