"""The delegations' two records of "the report is in": the status `reported` kept on the delegation (lists,
filters and the home panels read it) and the report row itself (`DelegationReport`). `actions` derive the
status from the row in the transaction of every change (`refresh_delegation`); a write that bypasses them
(the admin, a restore, a bulk delete of reports) can leave the two apart. Registered with core.summaries,
`ngoaivu summaries --check` lists every delegation where they disagree and `--rebuild` derives its status
again (`actions.refresh_delegations`).
"""
from django.db.models import Q

TITLE = "Trạng thái “đã nộp báo cáo” của đoàn và báo cáo kết quả"  # as `ngoaivu summaries` names it


def disagreeing():
    """The delegations whose status says "reported" without a report, or that have a report and another
    status than reported or cancelled (the rules put a cancellation first: a cancelled delegation's status
    stays cancelled whatever else it holds, so deriving it again could not mend it)."""
    from ngoaivu.exchanges.choices import DelegationStatus
    from ngoaivu.exchanges.models import Delegation
    reported = Q(status=DelegationStatus.REPORTED)
    cancelled = Q(status=DelegationStatus.CANCELLED)
    return Delegation._base_manager.filter((reported & Q(report__isnull=True))
                                           | (~reported & ~cancelled & Q(report__isnull=False)))


def differences(locality_ids=None) -> list[tuple]:
    """[("đoàn N", stored status, "has report" or "no report")] of each delegation where the two disagree."""
    rows = disagreeing().order_by("pk").values_list("pk", "status", "report")
    return [(f"đoàn {pk}", status, "has report" if report else "no report") for pk, status, report in rows]


def rebuild() -> int:
    """Derive the status of every delegation where the two disagree again. Returns how many."""
    from ngoaivu.exchanges import actions
    return actions.refresh_delegations(disagreeing())


def refresh_summaries(locality_ids) -> None:
    """The register's bulk writes (agreements, partners) move no delegation."""


def apply_changes(changes) -> None:
    """The agreements' sweep moves no delegation."""
