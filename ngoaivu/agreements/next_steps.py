"""Which steps of the legal life make sense next, for the buttons on an agreement's page."""
from ngoaivu.agreements.choices import AgreementStatus as S
from ngoaivu.agreements.choices import EventKind as E

# Steps of the legal procedure (Law 2020 on international agreements) that a record tracked here goes
# through: asking opinions, the Prime Minister's consent, the approval, the report after signing. A
# historical record (signed before it was tracked, Agreement.historical) is past them: its page offers
# only the real events that may still happen to it (entry into force, amendment, renewal, suspension,
# termination, expiry, …) besides the ordinary edit.
TRACKED_ONLY = frozenset({E.OPINION_REQUESTED, E.OPINION_RECEIVED, E.REFERRED_TO_PM, E.PM_CONSENT, E.PM_REFUSAL,
                          E.APPROVED, E.REPORTED})


def allowed_for(agreement, kind) -> bool:
    """Whether an event of this kind may be recorded on the agreement from its page."""
    return not (getattr(agreement, "historical", False) and kind in TRACKED_ONLY)


def next_steps(agreement, events) -> list[tuple[str, str]]:
    kinds = {e.kind for e in events}
    answered = {e.request_id for e in events if e.kind == E.OPINION_RECEIVED}
    has_open = any(e.kind == E.OPINION_REQUESTED and e.pk not in answered for e in events)
    status = agreement.status
    steps = []
    if status in (S.PROPOSED, S.CONSULTING, S.AWAITING_PM, S.APPROVED):
        steps.append(E.OPINION_REQUESTED)
        if has_open:
            steps.append(E.OPINION_RECEIVED)
        if status != S.AWAITING_PM:
            steps.append(E.REFERRED_TO_PM)
        if E.REFERRED_TO_PM in kinds:
            steps += [E.PM_CONSENT, E.PM_REFUSAL]
        if status != S.APPROVED:
            steps.append(E.APPROVED)
        steps.append(E.SIGNED)
    elif status in (S.SIGNED, S.IN_FORCE, S.SUSPENDED, S.EXPIRED):
        if agreement.reported_on is None:
            steps.append(E.REPORTED)
        if status == S.SIGNED:
            steps.append(E.ENTERED_INTO_FORCE)
        steps += [E.AMENDED, E.EXTENDED]
        steps.append(E.RESUMED if status == S.SUSPENDED else E.SUSPENDED)
        steps += [E.TERMINATED, E.WITHDRAWN]
        if status != S.EXPIRED:
            steps.append(E.EXPIRED)
    return [(kind, E(kind).label) for kind in steps if allowed_for(agreement, kind)]
