"""The register's step of `ngoaivu sweep`: dates pass (entry into force, expiry, renewal), so statuses
and deadlines follow. The same derivation as `actions.refresh` (`actions.rederive`), applied to the whole register a thousand agreements at a time: three reads
per chunk, then a bulk insert of the StatusChange rows and a bulk update of the rows that moved.
"""
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.agreements.actions import DERIVED, rederive
from ngoaivu.agreements.choices import AgreementStatus as S
from ngoaivu.agreements.models import Agreement, Event, StatusChange
from ngoaivu.core import summaries
from ngoaivu.core.bulk import update_rows
from ngoaivu.core.sweep import StepReport

CHUNK = 1000
# An agreement terminated, withdrawn or refused by an event does not move with dates any more.
SETTLED = [S.TERMINATED, S.WITHDRAWN, S.REFUSED]
# What status.derive_status and deadlines.compute_deadlines read, and what this step writes: loading only
# these keeps the wide agreement rows (summary, search text) out of memory.
FACTS = ("pk", "status", "status_changed_at", "next_due_on", "alert_on", "signed_on", "signed_precision",
         "in_force_on", "effective_on_signing", "expires_on", "auto_renew", "term_months", "notice_days",
         "reported_on", "channel", "historical", "recorded_status")
# What the national figures count of an agreement besides its status (core.summaries.apply_changes).
FIGURES = ("health", "overdue_commitments")


def _refresh_chunk(ids, today, now) -> tuple[int, int]:
    """Re-derive one chunk inside a transaction that holds its rows (PostgreSQL: FOR UPDATE), so an
    officer's action on one of them waits for the write instead of being overwritten by a stale status."""
    with transaction.atomic():
        agreements = Agreement.objects.filter(pk__in=ids).order_by("pk").only(*FACTS, *FIGURES)
        if connection.features.has_select_for_update:
            agreements = agreements.select_for_update(of=("self",))
        agreements = list(agreements)
        # Grouped by hand: a prefetch would clone a queryset per agreement (a third of the step's time).
        events_of = {}
        for event in Event.objects.filter(agreement_id__in=ids).only(
                "pk", "agreement_id", "kind", "date", "request_id", "due_on", "consultee").order_by():
            events_of.setdefault(event.agreement_id, []).append(event)
        with_history = set(StatusChange.objects.filter(agreement_id__in=ids).values_list("agreement_id", flat=True)
                           .distinct())
        changes, moved, figures = [], [], []
        for agreement in agreements:
            first, old_status = agreement.pk not in with_history, agreement.status
            before = (agreement.status, agreement.next_due_on, agreement.alert_on)
            change = rederive(agreement, events_of.get(agreement.pk, []), first=first, today=today, now=now)
            if change is not None:
                changes.append(change)
            if agreement.status != old_status:
                figures.append((agreement.pk, (old_status, agreement.health, agreement.overdue_commitments),
                                (agreement.status, agreement.health, agreement.overdue_commitments)))
            if (agreement.status, agreement.next_due_on, agreement.alert_on) != before or first:
                moved.append(agreement)
        StatusChange.objects.bulk_create(changes)
        # update_rows writes no history row: the StatusChange rows are the history of derived fields.
        update_rows(Agreement, DERIVED, [(a.pk, *(getattr(a, name) for name in DERIVED)) for a in moved])
        summaries.apply_changes(figures)  # entering or leaving force moves the national figures
    return len(changes), len(moved)


def refresh_register(today, progress=None) -> tuple[int, int]:
    """(status changes, rows rewritten) over every agreement that dates can still move."""
    now = timezone.now()
    ids = list(Agreement.objects.exclude(status__in=SETTLED).order_by("pk").values_list("pk", flat=True))
    changed = rewritten = 0
    for start in range(0, len(ids), CHUNK):
        c, r = _refresh_chunk(ids[start:start + CHUNK], today, now)
        changed, rewritten = changed + c, rewritten + r
        if progress:
            progress(min(start + CHUNK, len(ids)), len(ids))
    return changed, rewritten


def sweep_step(run) -> StepReport:
    changed, rewritten = refresh_register(run.today, run.progress)
    return StepReport(changed, _("%(changed)d thỏa thuận đổi tình trạng, %(rows)d cập nhật hạn")
                      % {"changed": changed, "rows": rewritten})
