"""The province home page panel: overdue and due-soon deadlines of the register; and the register's
deadlines near or past due, read once per request for every home panel that shows them."""
import datetime

from django.db.models import F, Q
from django.utils import timezone

from ngoaivu.agreements.deadlines import Terms, compute_deadlines, read_by_keys
from ngoaivu.agreements.models import Agreement
from ngoaivu.core import statements
from ngoaivu.core.rows import detail_url
from ngoaivu.core.scoping import scope_of

MAX_ITEMS = 8
# How far ahead the home page looks for the register's deadlines (the implementation panel's list).
HOME_DAYS = 60


def own_register(user, agreements=None):
    """The agreements a user's home page is about: their own provinces' (every one for the centre), not
    other provinces' agreements marked national, which `visible_to` adds; of `agreements` when given."""
    agreements = Agreement.objects.all() if agreements is None else agreements
    if scope_of(user).sees_all:
        return agreements.visible_to(user)
    return agreements.of_own_localities(user)


def with_events(pks) -> dict:
    """{pk: (agreement, its opinion events)} of these agreements as compute_deadlines reads them
    (deadlines.read_by_keys), in two statements."""
    return {read[0].pk: read for read in read_by_keys(pks)}


# Counted on next_due_on (never null here), not on the id: the id is not in the deadline index (locality,
# next_due_on, alert_on), so counting it read every row of the table (60 ms for the centre at 50,000 agreements on
# PostgreSQL); counting an indexed column is answered from the index (4 ms).
_DUE = F("next_due_on")


class RegisterDeadlines:
    """The user's own agreements whose stored deadline (`next_due_on`, indexed, kept by the actions) is due by
    `until` or whose alert has started: their counts in one statement, then the keys of only the first few
    (a large province has thousands; reading every key cost more than the rest of its panel), then the
    full rows and events of only those shown. Each statement is built once per reader's scope and run with the
    days (core.statements): building them was most of the panels' share of this class."""

    def __init__(self, user, today: datetime.date, until: datetime.date):
        # What own_register reads of the scope: the roles and units of a province share its statements.
        self.today, self.until, self._user, self._scope = today, until, user, scope_of(user).reads
        # No row for a reader with no register of their own (the statement of nothing is not run).
        (self.total, self.overdue_count, self.due_soon_count), = statements.rows(
            ("register deadline counts", self._scope),
            lambda day, end: self._keys().filter(self._due_by(end, day)).order_by().values_list(
                statements.counted(_DUE), statements.counted(_DUE, self._overdue(day)),
                statements.counted(_DUE, self._due_soon(day))),
            today, until) or [(0, 0, 0)]
        self._read = {}

    def _keys(self):
        return own_register(self._user).filter(next_due_on__isnull=False).order_by("next_due_on", "pk")

    @staticmethod
    def _overdue(day):
        """Past due (the register's filter "overdue": next_due_on before today)."""
        return Q(next_due_on__lt=day)

    @staticmethod
    def _due_soon(day):
        """In the alert window (the filter "due_soon": alert_on ≤ today ≤ next_due_on)."""
        return Q(alert_on__lte=day, next_due_on__gte=day)

    @staticmethod
    def _due_by(end, day):
        return Q(next_due_on__lte=end) | Q(alert_on__lte=day)

    def _first(self, name, limit, condition, *days) -> list:
        """The first `limit` keys, soonest first, of the rows `condition(*days)` meets."""
        if limit <= 0:
            return []
        return [pk for pk, in statements.rows(
            (name, self._scope, limit),
            lambda *markers: self._keys().filter(condition(*markers)).values_list("pk")[:limit], *days)]

    def flagged(self, limit):
        """The first `limit` keys overdue or due soon, soonest first: the overdue ones, then (every one of
        them due before today, every due-soon one from today) the first due soon, each read in the order of
        an index and stopped at `limit`. With the two ORed, SQLite read every flagged agreement of the
        country through both indexes and sorted them (2,600 for the centre at 50,000 agreements) for 8."""
        keys = self._first("register keys overdue", limit, self._overdue, self.today)
        return keys + self._first("register keys due soon", limit - len(keys), self._due_soon, self.today)

    def due_by(self, end: datetime.date, limit):
        """(the first `limit` keys due by `end` or whose alert has started, soonest first; how many there are:
        counted as the class was made for `until`, otherwise by a statement built on each call)."""
        total = self.total if end == self.until else self._keys().filter(self._due_by(end, self.today)).count()
        return self._first("register keys due by", limit, self._due_by, end, self.today), total

    def agreements(self, pks):
        """[(agreement, its opinion events)] of these (with_events), read once per request whichever panel
        asks first."""
        missing = [pk for pk in pks if pk not in self._read]
        if missing:
            self._read.update(with_events(missing))
        return [self._read[pk] for pk in pks]


def home_deadlines(request) -> RegisterDeadlines:
    """The register's deadlines of this request's home page (computed once per request, never kept)."""
    found = getattr(request, "_register_deadlines", None)
    if found is None:
        today = timezone.localdate()
        found = request._register_deadlines = RegisterDeadlines(request.user, today,
                                                                 today + datetime.timedelta(days=HOME_DAYS))
    return found


def sees_register(request) -> bool:
    """Whether the user has a register of their own for the home panels to be about (the centre, or a
    province, unit or mission's): the cheap test the home page makes before placing a panel loaded later."""
    scope = scope_of(request.user)
    return bool(scope.authenticated and (scope.sees_all or scope.locality_ids))


def deadlines_panel(request):
    if not sees_register(request):
        return None
    found = home_deadlines(request)
    today = found.today
    if not (found.overdue_count or found.due_soon_count):
        return None
    items, terms, url = [], Terms(), detail_url("agreements:agreement_detail")
    for agreement, events in found.agreements(found.flagged(MAX_ITEMS)):
        for deadline in compute_deadlines(agreement, events, today, terms):
            if deadline.overdue or deadline.due_soon:
                items.append({"date": deadline.date, "overdue": deadline.overdue, "url": url(agreement.pk),
                              "title": f"{deadline.label} — {agreement.title}"})
    items.sort(key=lambda item: (not item["overdue"], item["date"]))
    return {"template": "agreements/home_panel.html", "overdue": found.overdue_count,
            "due_soon": found.due_soon_count, "list_filter": own_filter(request.user),
            "items": items[:MAX_ITEMS]}


def own_filter(user) -> str:
    """The register list's filter of what the panel counted (`own_register`): the user's province. The list
    reads every agreement the user may see, other provinces' agreements marked national among them, and the
    panel's "2 thỏa thuận quá hạn" opened a list of four. Nothing for the centre, whose list is all it counts."""
    scope = scope_of(user)
    if scope.sees_all or len(scope.locality_ids) != 1:
        return ""
    (locality,) = scope.locality_ids
    return f"&locality={locality}"
