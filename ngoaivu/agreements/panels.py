"""The province home page panel: overdue and due-soon deadlines of the register."""
from django.utils import timezone

from ngoaivu.agreements.deadlines import compute_deadlines, deadline_filter_q
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.scoping import scope_of

MAX_ITEMS = 8


def deadlines_panel(request):
    user = request.user
    scope = scope_of(user)
    if not (scope.sees_all or scope.locality_ids):
        return None
    today = timezone.localdate()
    agreements = Agreement.objects.visible_to(user)
    if scope.locality_ids and not scope.sees_all:
        # A province's home shows its own register, not other provinces' agreements marked national.
        agreements = agreements.filter(locality__in=scope.locality_ids)
    overdue = agreements.filter(deadline_filter_q("overdue", today))
    due_soon = agreements.filter(deadline_filter_q("due_soon", today))
    overdue_count, due_soon_count = overdue.count(), due_soon.count()
    if not (overdue_count or due_soon_count):
        return None
    items = []
    for agreement in (overdue | due_soon).order_by("next_due_on", "pk").prefetch_related("events")[:MAX_ITEMS]:
        for deadline in compute_deadlines(agreement, list(agreement.events.all()), today):
            if deadline.overdue or deadline.due_soon:
                items.append({"date": deadline.date, "overdue": deadline.overdue, "url": agreement.get_absolute_url(),
                              "title": f"{deadline.label} — {agreement.title}"})
    items.sort(key=lambda item: (not item["overdue"], item["date"]))
    return {"template": "agreements/home_panel.html", "overdue": overdue_count, "due_soon": due_soon_count,
            "items": items[:MAX_ITEMS]}
