"""Read-side of the early warning: the province panel, the national page, and what needs a user's
attention (the digest e-mail and the in-app notification list show the same list).

Everything reads the agreement row (health, last_activity_on) and the narrow Tracking table, so the
whole country is summarised with a few GROUP BY queries."""
import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.agreements.choices import AgreementStatus, Health
from ngoaivu.agreements.deadlines import Terms, compute_deadlines, window_candidates
from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.panels import RegisterDeadlines, own_register, with_events
from ngoaivu.core import statements
from ngoaivu.core.attention import Section
from ngoaivu.core.models import Locality
from ngoaivu.core.rows import detail_url
from ngoaivu.core.stored_text import translate_stored
from ngoaivu.implementation.choices import HEALTH_COLOURS, OPEN_STATUSES
from ngoaivu.implementation.models import Commitment, HealthSettings, Plan

IN_FORCE = AgreementStatus.IN_FORCE


def own_agreements(user):
    """Agreements of the provinces the user belongs to (the dashboard of a province is about its own
    register; `visible_to` alone would add other provinces' agreements marked national)."""
    return own_register(user)


def health_counts(qs) -> dict:
    """Agreements in force by health, and their overdue commitments (kept per agreement by the sweep): one
    GROUP BY over `agreement_dashboard_idx`, which also gives the panel its dormant and overdue totals."""
    counts, overdue = {}, 0
    for health, n, late in (qs.filter(status=IN_FORCE).order_by().values_list("health")
                            .annotate(n=Count("pk"), late=Sum("overdue_commitments"))):
        counts[health] = n
        overdue += late or 0
    total = sum(counts.values())
    return {"total": total, "overdue": overdue, "dormant": counts.get(Health.DORMANT, 0), "rows": [
        {"value": h.value, "label": h.label, "colour": HEALTH_COLOURS[h.value], "count": counts.get(h.value, 0)}
        for h in (Health.ACTIVE, Health.AT_RISK, Health.DORMANT)]}


def idle_since():
    return Coalesce("last_activity_on", "signed_on", "in_force_on")


# What the lists of dormant agreements show by default (the national page, its home panel, the attention
# list): reading the 45 columns of 20 agreements, their long search text among them, was 6 ms of the
# national page's 25.
DORMANT_COLUMNS = ("title", "health_reasons", "locality__short_name")


def dormant_list(qs, limit=10, columns=None, key=None):
    """The agreements of `qs` dormant for longest, with the day they went quiet (`idle_since`). Their order
    comes from the narrow index `agreement_idle_idx` (thousands of dormant agreements nationally); only the
    rows shown are then read, and of them only the `columns` shown (DORMANT_COLUMNS, with the province's short
    name; the province panel writes a title and the reasons only). `key`, if given, names `qs` (the reader's
    scope for their own agreements): the two statements are then built once per key (core.statements)."""
    def ordered():
        dormant = qs.filter(status=IN_FORCE, health=Health.DORMANT).annotate(idle_since=idle_since())
        return dormant.order_by(F("idle_since").asc(nulls_first=True), "pk").values_list("pk")[:limit]

    def shown(*ids):  # in the order of `ids`, below
        found = Agreement.objects.filter(pk__in=ids).order_by()
        if columns:
            return found.only(*columns)
        return found.select_related("locality").only(*DORMANT_COLUMNS).annotate(idle_since=idle_since())
    if key is None:
        ids = [pk for pk, in ordered()]
        rows = shown(*ids) if ids else []
    else:
        ids = [pk for pk, in statements.rows(("dormant list", key, limit), ordered)]
        rows = statements.instances(("dormant list rows", columns, len(ids)), shown, *ids) if ids else []
    by_pk = {a.pk: a for a in rows}
    return [by_pk[pk] for pk in ids]


def _unit_localities(scope):
    from ngoaivu.core.models import Unit
    return set(Unit.objects.filter(pk__in=scope.unit_ids).values_list("locality_id", flat=True))


def is_unit_user(user) -> bool:
    scope = user.scope
    return bool(scope.unit_ids) and not scope.sees_all and not (scope.locality_ids - _unit_localities(scope))


def commitments_in_scope(user):
    """The commitments a user is responsible for: their unit's, their province's, or all (centre)."""
    scope = user.scope
    qs = Commitment.objects.visible_to(user)
    if scope.sees_all:
        return qs
    if is_unit_user(user):
        return qs.filter(responsible_unit_id__in=scope.unit_ids)
    return Commitment.objects.of_own_localities(user)  # their agreements' (agreement__locality)


def overdue_commitments(user, today, in_force=False):
    """The open commitments past due that `user` answers for (as `commitments_in_scope`), shaped for the
    home panel's earliest few: the statuses written into the SQL so SQLite, too, takes the partial index
    commitment_open_due_idx (due_on, id), and a province's agreements tested by EXISTS rather than joined,
    so SQLite walks the open commitments in due order and stops at the panel's eighth instead of reading
    every overdue commitment of each of the province's agreements and sorting them (PostgreSQL already
    walked the index either way).

    in_force=True keeps only those of agreements in force: the home panel's, whose total is the summary
    rows' (kept for agreements in force only); it listed a province's overdue commitments of expired and
    terminated agreements under a smaller total. A province's: the status is tested inside the same EXISTS
    (the agreement read by its key for each commitment walked), so the walk still stops at the eighth."""
    open_past_due = {"status__in_literals": OPEN_STATUSES, "due_on__lt": today}
    scope = user.scope
    if scope.sees_all or is_unit_user(user):
        found = commitments_in_scope(user).filter(**open_past_due)
        # A join: the reader's scope already joins the agreement (its visibility, its province); an EXISTS
        # of its own hashed every agreement in force of the country for a unit's hundred commitments.
        return found.filter(agreement__status=IN_FORCE) if in_force else found
    own = Agreement.objects.of_own_localities(user).filter(pk=OuterRef("agreement_id"))
    if in_force:
        own = own.filter(status=IN_FORCE)
    return Commitment.objects.filter(Exists(own), **open_past_due)


def plan_deadlines(user, on_day, horizon_days=60, complete=True, first=None):
    """Agreements in force without next year's (or this year's) plan whose due date is near or past.
    complete=False leaves out each row's title and url (see `complete_plan_row`): a list that shows only
    the first few rows need not write hundreds of them. first=N (a province's user): only the first N of each
    province and year, in one read each that stops there (they share one due date, so a list of its N
    soonest rows never shows a later one); otherwise up to 200 a year."""
    rules = HealthSettings.rules_by_locality()
    rows = []
    if is_unit_user(user):
        return rows
    scope = user.scope

    def missing(year):
        # NOT EXISTS on the (agreement, year) unique index, not NOT IN over every plan of the year; only
        # the columns read below. Newest signed first, then the last entered: the order of
        # agreement_locality_status_idx (with the key, which SQLite's index holds), so a LIMIT stops the walk;
        # the model's order (created_at second) made SQLite read and sort all of a province's agreements in
        # force (3,242 in Lạng Sơn at 50,000 agreements) for the first rows. Built only when a statement is
        # (a kept one is not built again).
        return (own_agreements(user).filter(status=IN_FORCE)
                .exclude(Exists(Plan.objects.filter(agreement=OuterRef("pk"), year=year)))
                .order_by("-signed_on", "-pk"))

    for year in (on_day.year, on_day.year + 1):
        dues = {}  # one due date per province and year: its rules are the same for every agreement

        def due_of(locality_id):
            if locality_id not in dues:
                dues[locality_id] = rules.get(locality_id, rules[None]).plan_due_on(year)
            return dues[locality_id]

        def listed(due):  # this year's plans always; next year's once their due date is within the horizon
            return year == on_day.year or (due - on_day).days <= horizon_days

        # Only the agreements that owe the plan (started before it fell due: the others owe none this year)
        # and whose due date is listed, tested by the database: the newest agreements, signed after the due
        # date, no longer fill the rows a LIMIT keeps (the country's 200 newest were all such, and the centre
        # was shown none of its 30,000 overdue plans), and next year's plans are not read before their
        # horizon (from mid-September with the default due date, 15 November) only to be dropped.
        columns = ("pk", "title", "locality_id")
        if first is None or scope.sees_all:
            owing = _owing(rules, year, listed)
            reads = [missing(year).filter(owing).values_list(*columns)[:200]] if owing is not None else []
        else:
            # One province's first N, by a statement built once per scope and year (core.statements: building
            # it cost more than reading its rows; the year is in the key, as a marker outside the plan year's
            # range would be dropped from the text) and run with the province and its due date.
            def owed(locality_id, due, midnight, year=year):
                return (missing(year).filter(_started_before(due, midnight), locality_id=locality_id)
                        .values_list(*columns)[:first])
            reads = [statements.rows(("plans owed", scope, first, year), owed, locality_id, due_of(locality_id),
                                     _midnight(due_of(locality_id)))
                     for locality_id in sorted(scope.locality_ids) if listed(due_of(locality_id))]
        for pk, title, locality_id in (row for read in reads for row in read):
            due = due_of(locality_id)
            row = {"date": due, "kind": "plan", "overdue": due < on_day, "plan_of": (pk, title, year)}
            rows.append(complete_plan_row(row) if complete else row)
    return rows


def _midnight(day):
    """The local midnight that begins `day`."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _started_before(due, midnight=None):
    """The agreements that owe a plan falling due on `due`: those started before it, or with no known
    start. An agreement's plans are due from its signing; a historical record's from its entry in the
    register (a plan deadline that passed before it was entered here is history, not an overdue task),
    compared with the due day's local `midnight`: the columns are compared as they are stored, rather than
    each row's entry turned into a local date (a Python function per row on SQLite)."""
    midnight = _midnight(due) if midnight is None else midnight
    return (Q(historical=True, created_at__lt=midnight) | Q(historical=False, signed_on__lt=due)
            | Q(historical=False, signed_on__isnull=True))


def _owing(rules, year, listed):
    """The agreements of any province that owe their plan for `year`, each on its own province's due date
    (`rules`, as HealthSettings.rules_by_locality gives them), for the due dates `listed(due)` keeps; None
    when it keeps none."""
    return _by_province_rule(rules, lambda rule: rule.plan_due_on(year), _started_before, "locality_id", listed)


def _by_province_rule(rules, value_of, condition, province, keep=None):
    """OR of `condition(value)` over the values `value_of(rule)` of the provinces' rules (`rules`, as
    HealthSettings.rules_by_locality gives them): each for the provinces whose own rule gives it, the default
    rule's for every other province; `province` is the lookup naming a row's province. Values `keep` refuses
    are left out; None when none is kept. One arm per distinct value, not per province."""
    default = value_of(rules[None])
    overridden = {}  # value → the provinces whose own rules give it
    for locality_id, rule in rules.items():
        if locality_id is not None and value_of(rule) != default:
            overridden.setdefault(value_of(rule), []).append(locality_id)
    keep = keep or (lambda value: True)
    arms = [condition(value) & Q(**{f"{province}__in": ids}) for value, ids in overridden.items() if keep(value)]
    if keep(default):  # every province without a value of its own
        others = [i for ids in overridden.values() for i in ids]
        arms.append(condition(default) & ~Q(**{f"{province}__in": others}) if others else condition(default))
    if not arms:
        return None
    result = arms[0]
    for arm in arms[1:]:
        result |= arm
    return result


def complete_plan_row(row):
    """Add the title and url of a row of `plan_deadlines(..., complete=False)`."""
    pk, title, year = row.pop("plan_of")
    row["title"] = _("Kế hoạch triển khai năm %(year)s — %(title)s") % {"year": year, "title": title}
    row["url"] = reverse("implementation:agreement", args=[pk])
    return row


def _register_row(deadline, title, url) -> dict:
    """A row of the register's deadline lists: `title` the agreement's, `url` its page."""
    title = f"{deadline.label} — {title}"
    if deadline.lead:
        title = _("%(title)s (mốc báo trước %(lead)s ngày)") % {"title": title, "lead": deadline.lead}
    return {"date": deadline.date, "title": title, "kind": deadline.kind, "url": url, "overdue": deadline.overdue}


def _listed(deadline, on_day, end) -> bool:
    """A deadline the lists show: falling by `end`, or whose own notice window has begun (an expiry from 90
    days ahead: the 90/60/30-day notices)."""
    return deadline.date <= end or deadline.alert_from <= on_day


def register_deadlines(user, on_day, days=60, limit=12, found=None):
    """Opinions, MOFA copies and expiries of the user's own agreements, read from the register's stored
    `next_due_on` (indexed), so only the few agreements shown have their deadlines computed. A deadline
    is listed when it falls within `days` or when its own notice window has begun (`_listed`). `found`:
    the register's deadlines already read for this page (the home page's panels share them)."""
    end = on_day + datetime.timedelta(days=days)
    if found is None or found.today != on_day or found.until < end:
        found = RegisterDeadlines(user, on_day, end)
    due, total = found.due_by(end, limit)
    rows, terms = [], Terms()
    url = detail_url("agreements:agreement_detail")
    for agreement, events in found.agreements(due):
        rows += [_register_row(d, agreement.title, url(agreement.pk))
                 for d in compute_deadlines(agreement, events, on_day, terms) if _listed(d, on_day, end)]
    return rows, total


def next_deadlines(user, on_day, days=60, limit=12, found=None, plans_read=None):
    """Opinions, MOFA copies, expiries (from the register) and plans, overdue first, then soonest first:
    the first `limit` (the register's own read stops there). plans_read=N: the first N plans of each
    province and year (`plan_deadlines`' first), for a list that shows N rows; the total then counts only
    those."""
    rows, total = ([], 0) if is_unit_user(user) else register_deadlines(user, on_day, days, limit, found)
    plans = plan_deadlines(user, on_day, days, complete=False, first=plans_read)
    rows += plans
    rows.sort(key=lambda r: (not r["overdue"], r["date"]))
    return [complete_plan_row(r) if "plan_of" in r else r for r in rows[:limit]], total + len(plans)


def overdue_and_coming(user, on_day, days, limit):
    """(overdue, coming) deadlines of the register and the plans, each by date, for the attention list,
    read apart so that neither crowds out the other: the overdue ones from the register's stored
    `next_due_on` (the first `limit` agreements past due: a large province has thousands), the coming ones
    from the agreements with a deadline between today and the furthest notice (the calendar's window
    read, a few dozen a province), each of them. The plans' rows are left for the caller to complete
    (complete_plan_row) on the few it shows."""
    late, coming = [], []
    if not is_unit_user(user):
        url = detail_url("agreements:agreement_detail")
        keys = list(own_register(user).filter(next_due_on__lt=on_day).order_by("next_due_on", "pk")
                    .values_list("pk", flat=True)[:limit])
        read, terms = with_events(keys), Terms()
        for agreement, events in (read[pk] for pk in keys):
            late += [_register_row(d, agreement.title, url(agreement.pk))
                     for d in compute_deadlines(agreement, events, on_day, terms) if d.overdue]
        end = on_day + datetime.timedelta(days=days)
        horizon = max(end, on_day + terms.soon, on_day + terms.first_lead)  # the furthest a notice begins
        mine = window_candidates(lambda qs: own_register(user, qs), on_day, horizon, terms, ("own register", user.scope))
        for agreement, events in mine:
            coming += [_register_row(d, agreement.title, url(agreement.pk))
                       for d in compute_deadlines(agreement, events, on_day, terms)
                       if not d.overdue and _listed(d, on_day, end)]
    for row in plan_deadlines(user, on_day, days, complete=False):
        (late if row["overdue"] else coming).append(row)
    # By date, then title: the window's rows come in no order of their own, and the page and the digest
    # cut the same first ten.
    by_date = lambda r: (r["date"], r["title"] if "title" in r else r["plan_of"][1])  # noqa: E731
    return sorted(late, key=by_date), sorted(coming, key=by_date)


def _pk_from_url(url):
    try:
        return int(url.rstrip("/").rsplit("/", 1)[-1])
    except ValueError:
        return None


def attention(user, on_day, limit=10) -> list[Section]:
    """The register's and implementation's part of the attention list (ngoaivu.core.attention)."""
    sections = []
    scope = user.scope
    if not scope.authenticated:
        return sections
    unit_user = is_unit_user(user)
    if not unit_user:
        agreements = own_agreements(user)
        dormant = agreements.filter(status=IN_FORCE, health=Health.DORMANT)
        s = Section("dormant", _("Thỏa thuận “ký rồi để đấy”"), total=dormant.count())
        for a in dormant_list(agreements, limit, key=("own", scope)):
            s.items.append({"title": a.title, "detail": f"{a.locality.short_name}: {translate_stored(a.health_reasons)}",
                            "url": reverse("implementation:agreement", args=[a.pk]), "colour": "red"})
        sections.append(s)
        at_risk = agreements.filter(status=IN_FORCE, health=Health.AT_RISK)
        s = Section("at_risk", _("Thỏa thuận có nguy cơ"), total=at_risk.count())
        for a in at_risk.select_related("locality").order_by("last_activity_on", "pk")[:limit]:
            s.items.append({"title": a.title, "detail": f"{a.locality.short_name}: {translate_stored(a.health_reasons)}",
                            "url": reverse("implementation:agreement", args=[a.pk]), "colour": "yellow"})
        sections.append(s)
    mine = commitments_in_scope(user).filter(status__in=OPEN_STATUSES)
    overdue = mine.filter(due_on__lt=on_day)
    s = Section("overdue", _("Cam kết quá hạn"), total=overdue.count(), deadlines=True)
    # The first few as the home panel reads them (overdue_commitments: the same rows, walked in due order
    # through the open commitments' index), with only what is written: from `overdue`, SQLite sorted every
    # overdue commitment of a large province (8,700, 17 ms). The count stays on `overdue`, which the
    # walk would not shorten (170 ms).
    first = (overdue_commitments(user, on_day).select_related("agreement").order_by("due_on", "pk")
             .only("description", "due_on", "agreement__title"))
    for c in first[:limit]:
        s.items.append({"title": str(c), "detail": _("hạn %(due)s — %(agreement)s") % {
            "due": c.due_on.strftime("%d/%m/%Y"), "agreement": c.agreement.title},
            "url": c.get_absolute_url(), "colour": "red", "date": c.due_on, "overdue": True})
    sections.append(s)
    soon = mine.filter(_due_soon(HealthSettings.rules_by_locality(), on_day))
    s = Section("due_soon", _("Cam kết sắp đến hạn"), total=soon.count(), deadlines=True)
    for c in soon.select_related("agreement").order_by("due_on", "pk")[:limit]:
        s.items.append({"title": str(c), "detail": _("hạn %(due)s — %(agreement)s") % {
            "due": c.due_on.strftime("%d/%m/%Y"), "agreement": c.agreement.title},
            "url": c.get_absolute_url(), "colour": "yellow", "date": c.due_on, "overdue": False})
    sections.append(s)
    from ngoaivu.implementation.actions import pending_reviews
    reviews = pending_reviews(user)
    s = Section("reviews", _("Kết quả cam kết chờ bạn xác nhận"), total=reviews.count())
    for f in reviews.select_related("commitment__agreement", "proposed_by").order_by("recorded_at", "pk")[:limit]:
        facts = {"who": f.proposed_by, "day": timezone.localtime(f.recorded_at).strftime("%d/%m/%Y"),
                 "agreement": f.commitment.agreement.title}
        # A proposer whose account is gone (or never recorded) is left out, not shown as a dash ("— — đề nghị").
        detail = (_("%(who)s đề nghị ngày %(day)s — %(agreement)s") if f.proposed_by
                  else _("Đề nghị ngày %(day)s — %(agreement)s")) % facts
        s.items.append({"title": str(f.commitment), "detail": detail,
                        "url": reverse("implementation:fulfilment_review", args=[f.pk]), "colour": "blue"})
    sections.append(s)
    # The register's legal deadlines (opinions, report and copy to MOFA, expiry notices) and the plans:
    # the overdue ones in their own section, never under "upcoming".
    late, coming = overdue_and_coming(user, on_day, days=30, limit=DEADLINE_READ)
    for key, title, chosen, colour in (("deadlines_overdue", _("Thời hạn pháp lý, kế hoạch đã quá hạn"), late, "red"),
                                       ("deadlines_due", _("Thời hạn pháp lý, kế hoạch sắp đến"), coming, "yellow")):
        s = Section(key, title, total=len(chosen), deadlines=True)
        for r in chosen[:limit]:
            r = complete_plan_row(r) if "plan_of" in r else r
            s.items.append({"title": r["title"], "detail": r["date"].strftime("%d/%m/%Y"), "url": r["url"],
                            "colour": colour, "date": r["date"], "overdue": r["overdue"]})
        sections.append(s)
    return sections


def _due_soon(rules, on_day):
    """The commitments due soon, each by its own province's rule (`rules`, as rules_by_locality gives them),
    as its page says: a province that warns 60 days ahead gets the same warning in its to-do list."""
    def within(days):
        return Q(due_on__gte=on_day, due_on__lte=on_day + datetime.timedelta(days=days))
    return _by_province_rule(rules, lambda rule: rule.due_soon_days, within, "agreement__locality_id")


# The register's agreements past due read for the attention list before it is cut to `limit` per section:
# enough that the count of overdue deadlines is a province's (its coming ones are all read).
DEADLINE_READ = 300


def by_urgency(sections) -> dict:
    """The attention list as a person reads it: every overdue item first (whatever its app), then what is
    due soon, each by date (the sections of deadlines); then the other sections (dormant agreements, results
    to confirm, directives to acknowledge, news) under their own titles, where a section of deadlines that
    mixed both would also go (core.attention asks for two sections instead). An alarm about ngoaivu itself
    (`alarms`) comes before everything."""
    overdue, due, other = [], [], []
    overdue_total = due_total = 0
    for s in sections:
        dated = s.deadlines and s.items
        if s.alarm:
            continue
        if dated and all(item.get("overdue") for item in s.items):
            overdue += [{**item, "kind": s.title} for item in s.items]
            overdue_total += s.total
        elif dated and not any(item.get("overdue") for item in s.items):
            due += [{**item, "kind": s.title} for item in s.items]
            due_total += s.total
        else:
            other.append(s)
    key = lambda item: (item["date"], item["title"])  # noqa: E731
    return {"overdue": sorted(overdue, key=key), "overdue_total": overdue_total,
            "due": sorted(due, key=key), "due_total": due_total, "other": other,
            "alarms": [s for s in sections if s.alarm]}


# --- national page ----------------------------------------------------------------------------------

NATIONAL_SORTS = {"name": "name", "in_force": "in_force", "active_share": "active_share", "dormant": "dormant",
                  "at_risk": "at_risk", "overdue": "overdue"}


def _figures(rows):
    for row in rows:
        row["active_share"] = round(100 * row["active"] / row["in_force"]) if row["in_force"] else 0
    return rows


# The national page reads the summary rows (implementation.summaries), kept current by the actions and
# the sweep: a few hundred rows whatever the size of the register. Plain SQL on purpose: the benchmark
# times the same statements bare to show what the page adds on top (bench/measure_pages.py).
PROVINCE_SQL = """
SELECT locality, in_force, active, at_risk, dormant, overdue FROM implementation_summary WHERE country = ''
"""
COUNTRY_SQL = """
SELECT country, SUM(in_force), SUM(active), SUM(at_risk), SUM(dormant), SUM(overdue)
FROM implementation_summary WHERE country <> '' GROUP BY country HAVING SUM(in_force) > 0
"""
NATIONAL_SQL = (PROVINCE_SQL, COUNTRY_SQL)
FIELDS = ("in_force", "active", "at_risk", "dormant", "overdue")


def _run(sql, params=()):
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: dict(zip(FIELDS, (int(v or 0) for v in row[1:]))) for row in cursor.fetchall()}


def summary_counts(locality_ids=None) -> dict:
    """`health_counts` of the agreements of these provinces (None: the whole country, the centre's own
    included), read from the summary rows instead of the register."""
    sql = "SELECT country, SUM(in_force), SUM(active), SUM(at_risk), SUM(dormant), SUM(overdue) " \
          "FROM implementation_summary WHERE country = ''"
    params = []
    if locality_ids is not None:
        ids = sorted(locality_ids) or [-1]
        sql += f" AND locality IN ({', '.join(['%s'] * len(ids))})"
        params = ids
    figures = _run(sql + " GROUP BY country", params).get("", dict.fromkeys(FIELDS, 0))
    counts = {Health.ACTIVE: figures["active"], Health.AT_RISK: figures["at_risk"], Health.DORMANT: figures["dormant"]}
    return {"total": figures["in_force"], "overdue": figures["overdue"], "dormant": figures["dormant"], "rows": [
        {"value": h.value, "label": h.label, "colour": HEALTH_COLOURS[h.value], "count": counts[h]}
        for h in (Health.ACTIVE, Health.AT_RISK, Health.DORMANT)]}


def province_figures(sort="-dormant"):
    """Per current province: agreements in force, share active, dormant, at risk, overdue commitments."""
    by_locality = _run(PROVINCE_SQL)
    empty = dict.fromkeys(FIELDS, 0)
    rows = [{"locality": locality, "name": locality.short_name, **by_locality.get(locality.pk, empty)}
            for locality in Locality.objects.current().only("pk", "short_name")]
    return _sort(_figures(rows), sort)


def country_figures(sort="-in_force", limit=None):
    """The same figures by partner country (an agreement with partners of two countries counts in both)."""
    from ngoaivu.core.countries import country_name
    rows = [{"code": code, "name": country_name(code), **figures} for code, figures in _run(COUNTRY_SQL).items()]
    rows = _sort(_figures(rows), sort)
    return rows[:limit] if limit else rows


def _sort(rows, sort):
    """Sort by one column; ties stay in alphabetical order whichever the direction."""
    key = sort.lstrip("-")
    if key not in NATIONAL_SORTS:
        key, sort = "dormant", "-dormant"
    rows = sorted(rows, key=lambda r: r["name"])
    if key == "name":
        return rows[::-1] if sort.startswith("-") else rows
    return sorted(rows, key=lambda r: r[key], reverse=sort.startswith("-"))


def figures_key(provinces, countries) -> str:
    """A digest of every value the national page's two tables show, in their order: the key under which
    their rendered rows are cached (rendering some 400 localised cells was most of the page's CPU). Equal
    figures give equal HTML, so a cached fragment can never show other figures than these."""
    import hashlib
    values = ([(r["locality"].pk, r["name"], *(r[k] for k in (*FIELDS, "active_share"))) for r in provinces],
              [(r["code"], str(r["name"]), *(r[k] for k in (*FIELDS, "active_share"))) for r in countries])
    return hashlib.sha1(repr(values).encode()).hexdigest()


def national_totals(rows):
    total = {k: sum(r[k] for r in rows) for k in ("in_force", "active", "at_risk", "dormant", "overdue")}
    total["active_share"] = round(100 * total["active"] / total["in_force"]) if total["in_force"] else 0
    return total
