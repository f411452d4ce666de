"""What other apps' pages show of the partners hub: the banner of active warnings on the partners of a
record (an agreement, a delegation), with "acknowledge" for a province concerned. One line in their
templates: {% load partners_tags %}{% partner_warnings agreement %}."""
from django import template

register = template.Library()


@register.inclusion_tag("partners/includes/warning_banner.html", takes_context=True)
def partner_warnings(context, record):
    from ngoaivu.partners.alerts import active_warnings_for, annotate_for
    request = context.get("request")
    user = getattr(request, "user", None)
    # A page that read the partners with `has_active_warning` (alerts.with_warning_flag) asks only about
    # those that have one: none, the common case, costs no statement.
    partner_ids = ([p.pk for p in record.partners.all() if getattr(p, "has_active_warning", True)]
                   if record is not None and record.pk else [])
    warnings = list(active_warnings_for(partner_ids)) if partner_ids and user is not None else []
    annotate_for(user, warnings)
    status = getattr(record, "status", "")
    draft = status in ("proposed", "consulting", "awaiting_pm", "approved") and hasattr(record, "signed_on")
    return {"warnings": warnings, "show_partner": True, "draft": draft, "request": request}
