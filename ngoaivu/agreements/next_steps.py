"""Which steps of the legal life make sense next, for the buttons on an agreement's page."""
from ngoaivu.agreements.choices import AgreementStatus as S
from ngoaivu.agreements.choices import EventKind as E


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
    return [(kind, E(kind).label) for kind in steps]
