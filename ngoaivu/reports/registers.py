"""The figures and rows of the documents' tables, read from the registers (agreements, implementation,
exchanges) of one province. One function per table, so tests compare each with the register directly."""
import datetime
from collections import Counter

from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.agreements.choices import AgreementStatus, DatePrecision, EventKind, Health
from ngoaivu.agreements.models import Agreement, Event
from ngoaivu.agreements.status import derive_status, effective_expiry
from ngoaivu.core.countries import country_name
from ngoaivu.implementation.choices import OPEN_STATUSES
from ngoaivu.implementation.models import Commitment
from ngoaivu.reports.dates import short_date

# Statuses that mean the agreement was signed (whatever happened after).
SIGNED_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.IN_FORCE, AgreementStatus.SUSPENDED,
                   AgreementStatus.TERMINATED, AgreementStatus.WITHDRAWN, AgreementStatus.EXPIRED)


def period_bounds(year: int, period: str = "year") -> tuple[datetime.date, datetime.date]:
    end = datetime.date(year, 6, 30) if period == "h1" else datetime.date(year, 12, 31)
    return datetime.date(year, 1, 1), end


def register(locality):
    """The province's own register (the agreements it holds today): what it implements, so the figures of
    implementation (health, dormant agreements, overdue commitments) read this one only."""
    return Agreement.objects.filter(locality=locality)


def concluded(locality):
    """The agreements the province concluded: those it holds and those it signed jointly with the province
    that holds them (`Agreement.co_signatories`: a border province's joint committee with Guangxi or Yunnan),
    in its own name or as a former province merged into it (Hà Giang's co-signatures are Tuyên Quang's, as
    today's views group a former province's records under its successor). The report's lists of agreements
    signed name them all: a co-signing province's report left out what it had signed. Each agreement once
    (the co-signed ones by their distinct ids, not a join): one both held and co-signed, or co-signed by two
    provinces merged into this one, is one row. The few co-signed ids are read first: beside the province's
    own, a list of ids can be read by index, where a subquery inside the OR is checked row by row."""
    links = Agreement.co_signatories.through.objects.filter(Q(locality=locality) | Q(locality__successor=locality))
    co_signed = list(links.values_list("agreement_id", flat=True).distinct())
    return Agreement.objects.filter(Q(locality=locality) | Q(pk__any_of=co_signed))


def co_signed_mark(agreement) -> str:
    """What a row of an agreement the province co-signed but does not hold says: who keeps it (and reports
    on its implementation)."""
    return _("Đồng ký kết; do %(province)s theo dõi") % {"province": agreement.locality.short_name}


def partners_text(agreement) -> str:
    names = []
    for partner in agreement.partners.all():
        label = partner.name_vi or partner.name
        country = country_name(partner.country) if partner.country else ""
        names.append(f"{label} ({country})" if country else label)
    return "; ".join(names)


def signed_between(locality, start, end, month_known=False):
    """`month_known`: only the agreements whose signing month is known. One known only by its year is stored
    on 1 January: it falls in any period that starts the year, but nobody knows in which half it was signed."""
    found = concluded(locality).filter(signed_on__range=(start, end), status__in=SIGNED_STATUSES)
    if month_known:
        found = found.exclude(signed_precision=DatePrecision.YEAR)
    return found.select_related("locality").prefetch_related("partners").order_by("signed_on", "pk")


def co_signed_count(locality, start, end, month_known=False) -> int:
    """How many of the agreements `signed_between` lists another province holds (the province co-signed
    them): the report says so beside its count, so whoever adds up the provinces' reports counts each once."""
    return signed_between(locality, start, end, month_known).exclude(locality=locality).count()


def _signed_rows(locality, found, on_day) -> list[list]:
    """Rows of the signed agreements `found`, each with its status today, or at the end of `on_day`, a past
    period's last day (an agreement in force all that year and ended since was "Đã chấm dứt"). One that
    another province holds (`locality` co-signed it) says so under its partners: Decree 30's table keeps its
    six columns, and the row its count."""
    if on_day is not None:
        found = _dates_then(list(found.prefetch_related(
            Prefetch("events", queryset=Event.objects.filter(date__lte=on_day)))), on_day)
    return [[i, a.title,
             partners_text(a) if a.locality_id == locality.pk else f"{partners_text(a)}\n{co_signed_mark(a)}",
             a.form_display, a.signed_display,
             str(AgreementStatus(_status_on(a, on_day)).label) if on_day is not None else a.get_status_display()]
            for i, a in enumerate(found, 1)]


def signed_rows(locality, start, end, month_known=False, on_day=None) -> list[list]:
    return _signed_rows(locality, signed_between(locality, start, end, month_known), on_day)


def year_only_rows(locality, year: int, on_day=None) -> list[list]:
    """The agreements signed in `year` whose month is not known ("năm 2025"): a part of a year (the six-monthly
    report) lists them apart, neither in its count nor out of the year."""
    start, end = period_bounds(year)
    return _signed_rows(locality, signed_between(locality, start, end).filter(signed_precision=DatePrecision.YEAR),
                        on_day)


def in_force_on(locality, day) -> list[tuple]:
    """[(agreement, health, health reasons, last activity day)] of the province's agreements in force at the
    end of `day`, a past day (a past year's report): the register's status is today's, so it is derived again
    from the events dated by then and the agreement's dates (agreements.status, the register's own rules),
    and the health is the one the implementation sweep had recorded by then (HealthChange), else the one it
    had before its first later change, else today's. Its expiry is the one then in force (_dates_then).
    The province's own register only, not what it co-signed (`concluded`): these rows feed the figures of
    implementation (health, dormant agreements), and the province that holds an agreement implements it
    and reports them, so a joint agreement is counted there once, by its holder."""
    from ngoaivu.implementation.models import Activity, HealthChange
    candidates = _dates_then(list(
        register(locality).filter(Q(signed_on__lte=day) | Q(signed_on__isnull=True), status__in=SIGNED_STATUSES)
        .prefetch_related(Prefetch("events", queryset=Event.objects.filter(date__lte=day)), "partners")
        .order_by("signed_on", "pk")), day)
    agreements = [a for a in candidates if _status_on(a, day) == AgreementStatus.IN_FORCE]
    ids = [a.pk for a in agreements]
    end = _end_of(day)
    then, first_after = {}, {}
    for pk, previous, health, reasons, changed_at in (
            HealthChange.objects.filter(agreement_id__any_of=ids).order_by("changed_at", "sequence")
            .values_list("agreement_id", "previous", "health", "reasons", "changed_at")):
        if changed_at < end:
            then[pk] = (health, reasons)
        elif pk not in then:
            first_after.setdefault(pk, (previous or Health.NA, ""))
    last = dict(Activity.objects.filter(agreement_id__any_of=ids, occurred_on__lte=day).values("agreement_id")
                .annotate(m=Max("occurred_on")).values_list("agreement_id", "m").order_by())
    rows = []
    for a in agreements:
        health, reasons = then.get(a.pk) or first_after.get(a.pk) or (a.health, a.health_reasons)
        known = [d for d in (last.get(a.pk), a.recorded_activity_on if a.historical else None) if d and d <= day]
        rows.append((a, health, reasons, max(known) if known else None))
    return rows


def _end_of(day) -> datetime.datetime:
    """The end of `day` as a moment (local midnight after it): what was recorded before it stood at that day."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


# The dates of an agreement its status at a past day reads, as they were then (an extension moves them).
DATES_THEN = ("expires_on", "auto_renew", "term_months")


def _dates_then(agreements, day):
    """`agreements` (their events dated by `day` prefetched), each changed since the end of `day` given the
    expiry then in force as `dates_then`, from its history row of that day: one expired in the year and
    extended since was "Đang có hiệu lực" at the year's end, read with today's expiry. An extension dated
    by `day` but recorded after it was in force then: the row its recording wrote."""
    end = _end_of(day)
    changed = Agreement.history.filter(id__any_of=[a.pk for a in agreements], history_date__gte=end).values("id")
    rows = {}
    for pk, when, kind, *values in (Agreement.history.filter(id__in=changed).order_by("history_date", "history_id")
                                    .values_list("id", "history_date", "history_type", *DATES_THEN)):
        rows.setdefault(pk, []).append((when, kind, values))
    for a in agreements:
        history = rows.get(a.pk)
        if not history:
            continue  # unchanged since: today's dates are those of then
        late = [e.recorded_at for e in a.events.all() if e.kind == EventKind.EXTENDED and e.recorded_at >= end]
        if late:
            found = [values for when, _kind, values in history if when >= max(late)][:1]
        else:
            # Entered since (a late registration): the dates it was entered with, not those of an extension
            # recorded after that.
            found = ([values for when, _kind, values in history if when < end][-1:]
                     or [values for _when, kind, values in history[:1] if kind == "+"])
        if found:  # else no row of then nor of its entry (a record older than its history): its dates as they are
            a.dates_then = dict(zip(DATES_THEN, found[0]))
    return agreements


def _status_on(agreement, day):
    """The register's status of `agreement` at the end of `day`, from its events dated by then and its
    dates then (`dates_then`, else today's). A historical record (an old register's row, its steps not
    recorded here) keeps the status that register gave it whatever the day; one recorded as expired was
    still in force on a day before its expiry."""
    recorded = agreement.recorded_status
    today = {name: getattr(agreement, name) for name in DATES_THEN}
    for name, value in getattr(agreement, "dates_then", {}).items():
        setattr(agreement, name, value)
    if agreement.historical and recorded == AgreementStatus.EXPIRED:
        expiry = effective_expiry(agreement, day)
        if expiry is not None and expiry >= day:
            agreement.recorded_status = AgreementStatus.IN_FORCE
    try:
        return derive_status(agreement, agreement.events.all(), day).status
    finally:
        agreement.recorded_status = recorded
        for name, value in today.items():
            setattr(agreement, name, value)


def in_force_by_health(locality, past=None) -> list[list]:
    """Agreements in force by implementation health, with the total: [label, count]. Today's, or as they
    stood on a day gone by when `past` holds that day's `in_force_on`. The holder's (`register`): the
    province that holds an agreement implements it; a co-signatory's report does not count it here."""
    if past is not None:
        counts = Counter(health for _a, health, _reasons, _last in past)
    else:
        counts = dict(register(locality).filter(status=AgreementStatus.IN_FORCE).values_list("health")
                      .annotate(n=Count("pk")).values_list("health", "n"))
    rows = [[str(label), counts.get(value, 0)] for value, label in Health.choices]
    rows.append(["Tổng số", sum(counts.values())])
    return rows


def dormant_rows(locality, past=None) -> list[list]:
    """The agreements in force and dormant, with their last activity and the reasons: today's, or those of a
    day gone by when `past` holds that day's `in_force_on`. The holder's, as `in_force_by_health`."""
    if past is not None:
        found = [(a, last, reasons) for a, health, reasons, last in past if health == Health.DORMANT]
    else:
        found = [(a, a.last_activity_on, a.health_reasons) for a in (
            register(locality).filter(status=AgreementStatus.IN_FORCE, health=Health.DORMANT)
            .prefetch_related("partners").order_by("signed_on", "pk"))]
    return [[i, a.title, partners_text(a), short_date(last) or "Chưa có", reasons]
            for i, (a, last, reasons) in enumerate(found, 1)]


def overdue_commitments(locality, as_of):
    # The holder's commitments only: the province that holds an agreement implements it (not a co-signatory).
    return (Commitment.objects.filter(agreement__locality=locality, status__in=OPEN_STATUSES, due_on__lt=as_of)
            .select_related("agreement", "responsible_unit").order_by("due_on", "pk"))


def overdue_on(locality, day) -> list[tuple]:
    """[(commitment, due day)] of the commitments overdue at the end of `day`, a past day (a past year's
    report): the status and due date are today's, so one changed since counts as it stood. A commitment
    changed since `day` reads its status and due date from its last history row by then (waived then and
    reinstated since: not overdue; its due date moved since: the one then in force), unless a result
    confirmed since says that period was met by `day` (a recurring one: its next period, if due before
    `day` and not met by then, was overdue). One entered since counts as its entry wrote it (else, without
    a history row of then nor of its entry, as it is today): open and due before `day`, or met after `day`
    (its result's day) though due before it; for a recurring one, the earliest period due before `day`
    whose confirmed result came after it (its due date has moved on since)."""
    from ngoaivu.implementation.choices import CommitmentStatus, FulfilmentState
    from ngoaivu.implementation.health import next_due
    from ngoaivu.implementation.models import Fulfilment
    mine = Commitment.objects.filter(agreement__locality=locality)
    end = _end_of(day)
    then = {}
    changed = Commitment.history.filter(id__in=mine.values("pk"), history_date__gte=end).values("id")
    # Entered since (a late registration): as it was entered (its status, due date and result's day), not
    # as changed after that (waived a week later).
    entered = {}
    for pk, when, status, on, recurrence, done in (
            Commitment.history.filter(Q(history_date__lt=end) | Q(history_type="+"), id__in=changed)
            .order_by("history_date", "history_id")
            .values_list("id", "history_date", "status", "due_on", "recurrence", "fulfilled_on")):
        if when < end:
            then[pk] = (status, on, recurrence)
        elif pk not in then:
            entered[pk] = (status, on, recurrence, done)
    confirmed = Fulfilment.objects.filter(commitment__in=mine, state=FulfilmentState.CONFIRMED)
    met_by_then = set(confirmed.filter(commitment_id__any_of=[*then, *entered], fulfilled_on__lte=day)
                      .values_list("commitment_id", "due_on"))
    due = {}

    def add(pk, on):
        due[pk] = min(on, due.get(pk, on))
    for pk, (status, on, recurrence) in then.items():
        # A recurring one's periods met by then move its due date on, as their confirmation would have: the
        # next period may have been due before `day` and not met by then.
        while on is not None and (pk, on) in met_by_then:
            on = next_due(on, recurrence)
        if status in OPEN_STATUSES and on is not None and on < day:
            add(pk, on)
    for pk, (status, on, recurrence, done) in entered.items():
        while on is not None and (pk, on) in met_by_then:
            on = next_due(on, recurrence)
        if on is not None and on < day and (status in OPEN_STATUSES or (
                status == CommitmentStatus.FULFILLED and done is not None and done > day)):
            add(pk, on)
    for pk, on in mine.filter(due_on__lt=day).exclude(pk__any_of=[*then, *entered]).filter(
            Q(status__in=OPEN_STATUSES) | Q(status=CommitmentStatus.FULFILLED, fulfilled_on__gt=day)).values_list("pk", "due_on"):
        add(pk, on)
    for pk, on in (confirmed.filter(due_on__lt=day, fulfilled_on__gt=day).exclude(commitment_id__any_of=list(then))
                   .values_list("commitment_id", "due_on")):
        add(pk, on)
    found = Commitment.objects.filter(pk__in=list(due)).select_related("agreement", "responsible_unit")
    return sorted(((c, due[c.pk]) for c in found), key=lambda item: (item[1], item[0].pk))


def overdue_rows(locality, as_of, past=False) -> list[list]:
    """The commitments overdue by `as_of`: as they are today, or as they stood at the end of `as_of` when
    `past` (a past year's report)."""
    found = overdue_on(locality, as_of) if past else [(c, c.due_on) for c in overdue_commitments(locality, as_of)]
    return [[i, c.agreement.title, c.description, short_date(due), str(c.responsible_unit) if c.responsible_unit_id else ""]
            for i, (c, due) in enumerate(found, 1)]


def delegations_between(locality, start, end, direction):
    from ngoaivu.exchanges.models import Delegation
    return (Delegation.objects.filter(locality=locality, direction=direction, cancelled_on__isnull=True,
                                      start_date__range=(start, end))
            .prefetch_related("stops").order_by("start_date", "pk"))


def delegation_rows(locality, start, end, direction) -> list[list]:
    # Each country once, in the order visited: a trip to Tokyo and Osaka read "Nhật Bản, Nhật Bản". The
    # trip ends on the day it came back when that was recorded, not on the planned day.
    return [[i, d.title, f"{d.head_name}, {d.head_title}", d.member_count,
             ", ".join(country_name(c) for c in dict.fromkeys(d.countries)),
             f"{short_date(d.start_date)} – {short_date(d.return_date)}"]
            for i, d in enumerate(delegations_between(locality, start, end, direction), 1)]


def conferences_between(locality, start, end):
    from ngoaivu.exchanges.models import Conference
    return (Conference.objects.filter(locality=locality, cancelled_on__isnull=True, start_date__range=(start, end))
            .order_by("start_date", "pk"))


def conference_rows(locality, start, end) -> list[list]:
    return [[i, c.title, c.venue, c.participants_count, c.foreign_participants_count, short_date(c.start_date)]
            for i, c in enumerate(conferences_between(locality, start, end), 1)]


def indicator_rows(locality, start, end) -> tuple[list[list], list[list]]:
    """The province's entered indicator figures for the period (ngoaivu.indicators), one row each, only the
    indicators that have a value: (the document's rows, each figure written as a report writes it; the
    annex's, each figure a number Excel can add up)."""
    from ngoaivu.indicators.values import province_values, value_text
    text, figures = [], []
    for i, v in enumerate(province_values(locality, start, end), 1):
        head = [i, v.indicator.name, v.indicator.get_unit_display()]
        tail = ["" if v.complete else "Chưa đủ số liệu của cả kỳ"]
        text.append([*head, value_text(v.value, v.indicator.unit), *tail])
        figures.append([*head, v.value, *tail])
    return text, figures
