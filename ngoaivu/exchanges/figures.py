"""Province figures: delegations out and in by year, country and channel; conferences by year; reports
overdue. Counted in the database (a handful of GROUP BY queries), so the national table stays cheap."""
from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from ngoaivu.core.countries import country_name
from ngoaivu.exchanges import year_figures
from ngoaivu.exchanges.choices import Authority, Channel, DelegationStatus, Direction
from ngoaivu.exchanges.models import Conference, Delegation, DelegationReport, DelegationStop

OUT, IN = Direction.OUTBOUND.value, Direction.INBOUND.value


def _live(qs):
    return qs.filter(cancelled_on__isnull=True)


def conference_overdue_q(today):
    return Q(decision_date__isnull=False, cancelled_on__isnull=True, report_submitted_on__isnull=True,
             report_due__lt=today)


def by_year(delegations, conferences) -> list[dict]:
    rows = defaultdict(lambda: {"out": 0, "in": 0, "conf_pm": 0, "conf_chair": 0})
    for r in (_live(delegations).annotate(year=ExtractYear("start_date")).values("year", "direction")
              .annotate(n=Count("pk"))):
        rows[r["year"]]["out" if r["direction"] == OUT else "in"] += r["n"]
    for r in (_live(conferences).annotate(year=ExtractYear("start_date")).values("year", "authority")
              .annotate(n=Count("pk"))):
        rows[r["year"]]["conf_pm" if r["authority"] == Authority.PRIME_MINISTER else "conf_chair"] += r["n"]
    return [{"year": y, **v, "conferences": v["conf_pm"] + v["conf_chair"]} for y, v in sorted(rows.items(), reverse=True)]


def by_channel(delegations, year) -> list[dict]:
    counts = {(r["channel"], r["direction"]): r["n"] for r in
              _live(delegations).filter(start_date__year=year).values("channel", "direction").annotate(n=Count("pk"))}
    return [{"channel": label, "out": counts.get((value, OUT), 0), "in": counts.get((value, IN), 0)}
            for value, label in Channel.choices]


def by_country(delegations, year) -> list[dict]:
    rows = defaultdict(lambda: {"out": 0, "in": 0})
    stops = (DelegationStop.objects.filter(delegation__in=_live(delegations).filter(start_date__year=year))
             .values("country", "delegation__direction").annotate(n=Count("delegation", distinct=True)))
    for r in stops:
        rows[str(r["country"])]["out" if r["delegation__direction"] == OUT else "in"] += r["n"]
    result = [{"code": c, "country": country_name(c), **v, "total": v["out"] + v["in"]} for c, v in rows.items()]
    return sorted(result, key=lambda r: (-r["total"], r["country"]))


def kept_totals(user, year, locality=None) -> dict | None:
    """The year's kept figures (`year_figures.totals`) when they are what `scoped(user, locality)` counts: a
    province the user sees whole (the centre, or its own), or the centre's whole country. None otherwise (a
    user of several provinces, who may also read other provinces' records): the records are counted."""
    scope = user.scope
    if locality is not None and (scope.sees_all or locality.pk in scope.locality_ids):
        return year_figures.totals(year, [locality.pk])
    if locality is None and scope.sees_all:
        return year_figures.totals(year)
    return None


def summary(delegations, conferences, year, today=None, kept=None) -> dict:
    """The cards: this year's delegations out and in, conferences, and reports overdue now. `kept`: the
    year's kept figures of the same records (`kept_totals`), read instead of counting the year's trips and
    conferences (the centre's panel counted ~2,000 and ~500 at national scale)."""
    today = today or timezone.localdate()
    this_year = _live(delegations).filter(start_date__year=year)
    reports = DelegationReport.objects.filter(delegation__in=this_year)
    if kept is not None:
        trips = {"out": kept[year_figures.OUT], "inbound": kept[year_figures.IN],
                 "reports": kept[year_figures.REPORTED]}
        meetings = {"held": kept[year_figures.CONFERENCE],
                    "overdue": conferences.filter(conference_overdue_q(today)).count()}
    else:
        # The year's reports are counted from the kept status (a live delegation is "reported" exactly when
        # its report exists, rules.delegation_status) with the trips: joined to the reports, PostgreSQL read
        # all of the country's 33,000 reports for the year's 2,000 delegations (10 ms of the centre's panel).
        trips = this_year.aggregate(out=Count("pk", filter=Q(direction=OUT)),
                                    inbound=Count("pk", filter=Q(direction=IN)),
                                    reports=Count("pk", filter=Q(status=DelegationStatus.REPORTED)))
        # The WHERE repeats the two counts' conditions so the year's conferences and the open reports are
        # read from their indexes (start_date, exchanges_conf_open_rep_idx), not every conference of the country.
        held = Q(cancelled_on__isnull=True, start_date__year=year)
        meetings = conferences.filter(held | conference_overdue_q(today)).aggregate(
            held=Count("pk", filter=held), overdue=Count("pk", filter=conference_overdue_q(today)))
    return {
        "year": year,
        "reports": trips["reports"],
        # Agreements signed during this year's trips and visits, each counted once.
        "agreements": reports.filter(agreements__isnull=False).values("agreements").distinct().count(),
        "out": trips["out"],
        "in": trips["inbound"],
        "conferences": meetings["held"],
        "overdue": delegations.report_overdue(today).count() + meetings["overdue"],
    }


def per_province(delegations, conferences, year, today=None) -> list[dict]:
    """One row per province for the centre's table."""
    today = today or timezone.localdate()
    rows = defaultdict(lambda: {"out": 0, "in": 0, "conferences": 0, "overdue": 0})
    for r in (_live(delegations).filter(start_date__year=year).values("locality", "direction")
              .annotate(n=Count("pk"))):
        rows[r["locality"]]["out" if r["direction"] == OUT else "in"] += r["n"]
    for r in _live(conferences).filter(start_date__year=year).values("locality").annotate(n=Count("pk")):
        rows[r["locality"]]["conferences"] += r["n"]
    for r in delegations.report_overdue(today).values("locality").annotate(n=Count("pk")):
        rows[r["locality"]]["overdue"] += r["n"]
    for r in conferences.filter(conference_overdue_q(today)).values("locality").annotate(n=Count("pk")):
        rows[r["locality"]]["overdue"] += r["n"]
    return rows


def scoped(user, locality=None):
    """The delegations and conferences `user` may see, optionally of one province."""
    delegations, conferences = Delegation.objects.visible_to(user), Conference.objects.visible_to(user)
    if locality is not None:
        delegations, conferences = delegations.filter(locality=locality), conferences.filter(locality=locality)
    return delegations, conferences
