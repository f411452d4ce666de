"""The implementation block shown on the register's agreement page: one include, no view changes there."""
from django import template

register = template.Library()


@register.inclusion_tag("implementation/_on_agreement.html")
def implementation_summary(agreement, limit=5):
    from ngoaivu.implementation.models import HealthChange
    changes = list(HealthChange.objects.filter(agreement=agreement).order_by("-changed_at", "-sequence")[:limit])
    return {"agreement": agreement, "changes": changes}
