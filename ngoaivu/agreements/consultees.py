"""Whom to ask for an opinion before signing: the consultee lists and an agreement's checklist.

The lists are data (`ConsulteeRule`): national defaults from Law 70/2020 (Arts. 18–19) and Decree 64/2021
as LEGAL.md reads them, replaced level by level by a province's own published procedure. An agreement's
checklist pairs each body of its list with the requests already recorded (same folded name, or MOFA by
its flag), so the officer sees what is still to send. It guides; it does not block: the legal gates
(MOFA's opinion before approving a People's Committee agreement) live in `actions`.
"""
from dataclasses import dataclass

from ngoaivu.agreements.choices import ConsultCondition as C
from ngoaivu.agreements.choices import EventKind as E
from ngoaivu.agreements.choices import SignatoryLevel as L
from ngoaivu.core.text import fold

# (level, consultee, is_mofa, condition) — the national defaults, loaded by migration 0005.
NATIONAL_DEFAULTS = [
    (L.PROVINCE, "Bộ Ngoại giao", True, C.ALWAYS),
    (L.PROVINCE, "Bộ Quốc phòng", False, C.DEFENCE),
    (L.PROVINCE, "Bộ Công an", False, C.SECURITY),
    (L.PROVINCE, "Bộ Tài chính", False, C.INVESTMENT),
    (L.DEPARTMENT, "Cơ quan ngoại vụ của tỉnh", False, C.ALWAYS),
    (L.DEPARTMENT, "Sở, ngành liên quan trực tiếp", False, C.ALWAYS),
    (L.DEPARTMENT, "Bộ Quốc phòng", False, C.DEFENCE),
    (L.DEPARTMENT, "Bộ Công an", False, C.SECURITY),
    (L.DEPARTMENT, "Bộ Tài chính", False, C.INVESTMENT),
    (L.DEPARTMENT, "Bộ Ngoại giao", True, C.SENSITIVE),
    (L.COMMUNE, "Công an tỉnh", False, C.ALWAYS),
    (L.COMMUNE, "Bộ Chỉ huy Quân sự tỉnh", False, C.ALWAYS),
    (L.COMMUNE, "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", False, C.ALWAYS),
    (L.COMMUNE, "Sở, ngành liên quan trực tiếp", False, C.ALWAYS),
]
NATIONAL_BASIS = "Luật Thỏa thuận quốc tế 2020; Nghị định 64/2021/NĐ-CP"

# Signing units by level; anything else (the People's Committee, its Office, the Council, none) signs in
# the province's name.
DEPARTMENT_UNITS = {"department"}
COMMUNE_UNITS = {"commune_pc", "district_pc"}


def load_national_defaults(apps=None) -> int:
    """Create the national list if the centre has none yet (idempotent; used by the migration)."""
    if apps is None:
        from ngoaivu.agreements.models import ConsulteeRule
    else:
        ConsulteeRule = apps.get_model("agreements", "ConsulteeRule")
    if ConsulteeRule.objects.filter(locality__isnull=True).exists():
        return 0
    ConsulteeRule.objects.bulk_create([
        ConsulteeRule(level=level, consultee=name, is_mofa=mofa, condition=condition, position=i,
                      basis=NATIONAL_BASIS)
        for i, (level, name, mofa, condition) in enumerate(NATIONAL_DEFAULTS)])
    return len(NATIONAL_DEFAULTS)


def level_of(agreement) -> str:
    kind = agreement.signing_unit.kind if agreement.signing_unit_id else None
    if kind in DEPARTMENT_UNITS:
        return L.DEPARTMENT
    if kind in COMMUNE_UNITS:
        return L.COMMUNE
    return L.PROVINCE


def rules_for(locality_id, level):
    """The province's own list for the level if it has one, else the national defaults."""
    from ngoaivu.agreements.models import ConsulteeRule
    rows = list(ConsulteeRule.objects.filter(locality_id=locality_id, level=level)) if locality_id else []
    return rows or list(ConsulteeRule.objects.filter(locality__isnull=True, level=level))


@dataclass
class Item:
    rule: object
    request: object = None   # the latest request recorded for this body
    answer: object = None    # its answer, if any

    @property
    def state(self) -> str:
        if self.answer is not None:
            return self.answer.opinion
        return "requested" if self.request is not None else "todo"


def checklist(agreement, events=None) -> tuple[str, list[Item], bool]:
    """(level, items, own_list): each body of the agreement's list with its request and answer."""
    events = list(agreement.events.all()) if events is None else events
    level = level_of(agreement)
    rules = rules_for(agreement.locality_id, level)
    answers = {e.request_id: e for e in events if e.kind == E.OPINION_RECEIVED}
    requests = [e for e in events if e.kind == E.OPINION_REQUESTED]
    items = []
    for rule in rules:
        name = fold(rule.consultee)
        matching = [e for e in requests if fold(e.consultee) == name or (rule.is_mofa and e.is_mofa)]
        request = matching[-1] if matching else None
        items.append(Item(rule, request, answers.get(request.pk) if request else None))
    own = bool(rules) and rules[0].locality_id is not None
    return level, items, own
