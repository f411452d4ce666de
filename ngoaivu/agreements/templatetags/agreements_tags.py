"""The consultee checklist on an agreement's page (the page's view stays as it is)."""
from django import template

from ngoaivu.agreements.choices import EventKind
from ngoaivu.agreements.consultees import checklist
from ngoaivu.agreements.status import BEFORE_SIGNING

register = template.Library()


@register.inclusion_tag("agreements/includes/consultee_checklist.html", takes_context=True)
def consultee_checklist(context, agreement):
    """Shown while the agreement is being prepared, or once opinions were asked."""
    events = context.get("events")
    events = list(agreement.events.all()) if events is None else list(events)
    asked = any(e.kind == EventKind.OPINION_REQUESTED for e in events)
    if agreement.historical or (agreement.status not in BEFORE_SIGNING and not asked):
        return {"show": False}
    level, items, own = checklist(agreement, events)
    return {"show": True, "agreement": agreement, "items": items, "own": own, "level": level,
            "can_edit": context.get("can_edit") and agreement.status in BEFORE_SIGNING}
