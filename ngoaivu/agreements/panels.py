"""The province home page panel: overdue and due-soon deadlines of the register; and the register's
deadlines near or past due, read once per request for every home panel that shows them."""
import datetime

from django.db.models import Prefetch, Q
from django.utils import timezone

from ngoaivu.agreements.deadlines import compute_deadlines
from ngoaivu.agreements.models import Agreement, Event
from ngoaivu.core.scoping import scope_of

MAX_ITEMS = 8
# How far ahead the home page looks for the register's deadlines (the implementation panel's list).
HOME_DAYS = 60


def own_register(user):
    """The agreements a user's home page is about: their own provinces' (every one for the centre), not
    other provinces' agreements marked national, which `visible_to` adds."""
    scope = scope_of(user)
    agreements = Agreement.objects.visible_to(user)
    if scope.sees_all:
        return agreements
    return agreements.filter(locality__in=scope.locality_ids)


class RegisterDeadlines:
    """The user's own agreements whose stored deadline (`next_due_on`, indexed, kept by the actions) is due by
    `until` or whose alert has started: their keys in one pass over the province's agreements, then the
    full rows and events of only those shown."""

    def __init__(self, user, today: datetime.date, until: datetime.date):
        self.today, self.until = today, until
        self.rows = list(own_register(user).filter(Q(next_due_on__lte=until) | Q(alert_on__lte=today),
                                                   next_due_on__isnull=False)
                         .order_by("next_due_on", "pk").values_list("pk", "next_due_on", "alert_on"))
        self._read = {}

    def overdue(self):
        """Keys past due (the register's filter "overdue": next_due_on before today), soonest first."""
        return [pk for pk, due, _alert in self.rows if due < self.today]

    def due_soon(self):
        """Keys in their alert window (the filter "due_soon": alert_on ≤ today ≤ next_due_on)."""
        return [pk for pk, due, alert in self.rows if alert is not None and alert <= self.today <= due]

    def due_by(self, end: datetime.date):
        return [pk for pk, due, _alert in self.rows if due <= end]

    def agreements(self, pks):
        """These agreements (with `event_list`), read once per request whichever panel asks first."""
        missing = [pk for pk in pks if pk not in self._read]
        if missing:
            events = Prefetch("events", queryset=Event.objects.all(), to_attr="event_list")
            self._read.update(Agreement.objects.filter(pk__in=missing).prefetch_related(events).in_bulk())
        return [self._read[pk] for pk in pks]


def home_deadlines(request) -> RegisterDeadlines:
    """The register's deadlines of this request's home page (computed once per request, never kept)."""
    found = getattr(request, "_register_deadlines", None)
    if found is None:
        today = timezone.localdate()
        found = request._register_deadlines = RegisterDeadlines(request.user, today,
                                                                 today + datetime.timedelta(days=HOME_DAYS))
    return found


def deadlines_panel(request):
    scope = scope_of(request.user)
    if not (scope.sees_all or scope.locality_ids):
        return None
    found = home_deadlines(request)
    today = found.today
    overdue, due_soon = found.overdue(), found.due_soon()
    if not (overdue or due_soon):
        return None
    flagged = set(overdue) | set(due_soon)
    items = []
    for agreement in found.agreements([pk for pk, _due, _alert in found.rows if pk in flagged][:MAX_ITEMS]):
        for deadline in compute_deadlines(agreement, agreement.event_list, today):
            if deadline.overdue or deadline.due_soon:
                items.append({"date": deadline.date, "overdue": deadline.overdue, "url": agreement.get_absolute_url(),
                              "title": f"{deadline.label} — {agreement.title}"})
    items.sort(key=lambda item: (not item["overdue"], item["date"]))
    return {"template": "agreements/home_panel.html", "overdue": len(overdue), "due_soon": len(due_soon),
            "items": items[:MAX_ITEMS]}
