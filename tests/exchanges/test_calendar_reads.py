"""The calendar after issue 9's changes: each entry's link written once in Python (Entry.html) must be what
the include exchanges/includes/entry.html wrote; the register's deadlines found from the union of their
four indexed sets, then scoped, must be those the ORed query found, for every persona."""
import datetime

import pytest
from django.db.models import Prefetch, Q
from django.template import Context, Template
from django.urls import reverse
from django.utils.translation import override

from ngoaivu.agreements import actions as agreement_actions
from ngoaivu.agreements.choices import AgreementStatus as S
from ngoaivu.agreements.choices import EventKind as E
from ngoaivu.agreements.deadlines import compute_deadlines, deadlines_for, report_days
from ngoaivu.agreements.models import Agreement, Event
from ngoaivu.exchanges.agenda import Entry
from tests.agreements.factories import agreement, partner

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = datetime.date.today()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_entrys_link_is_what_the_include_wrote(lang):
    include = Template('{% include "exchanges/includes/entry.html" %}')
    entries = [Entry(uid="a", kind="delegation_out", title="Đoàn ra: Hàn Quốc & <Nhật>", start=TODAY, end=TODAY,
                     url="/exchanges/delegations/12/?a=1&b=2"),
               Entry(uid="b", kind="deadline", title='Hạn "báo cáo"', start=TODAY, end=TODAY, url="/x/", overdue=True),
               Entry(uid="c", kind="deadline", title="Hạn nộp hồ sơ", start=TODAY, end=TODAY, url="/y/", done=True),
               Entry(uid="d", kind="conference", title="", start=TODAY, end=TODAY, url="")]
    with override(lang):
        for e in entries:
            assert str(e.html) == include.render(Context({"e": e}))


def test_a_trip_shows_in_every_day_it_covers_and_once_in_the_list(world, client_for):
    trip = world.delegation_a
    month = f"{trip.start_date:%Y-%m}"
    html = client_for(world.users["officer_a"]).get(reverse("exchanges:calendar") + f"?month={month}").content.decode()
    link = f'href="{trip.get_absolute_url()}"'
    days = (min(trip.end_date, trip.start_date.replace(day=28) + datetime.timedelta(days=14)) - trip.start_date).days + 1
    assert html.count(link) >= days + 1
    assert world.delegation_b.get_absolute_url() not in html


def _old_deadlines_for(user, start, end, today):
    """The query before issue 9's change (four ORed IN conditions inside the scope), as the reference."""
    report = datetime.timedelta(days=report_days())
    requested = Event.objects.filter(kind=E.OPINION_REQUESTED, due_on__range=(start, end)).values("agreement_id")
    reporting = Agreement.objects.filter(signed_on__range=(start - report, end - report),
                                         reported_on__isnull=True).values("pk")
    ending = Agreement.objects.filter(status__in=(S.IN_FORCE, S.SIGNED), auto_renew=False,
                                      expires_on__range=(start, end)).values("pk")
    renewing = Agreement.objects.filter(status__in=(S.IN_FORCE, S.SIGNED), auto_renew=True, notice_days__gt=0,
                                        expires_on__lte=end + datetime.timedelta(days=366 * 5)).values("pk")
    candidates = (Agreement.objects.visible_to(user)
                  .filter(Q(pk__in=requested) | Q(pk__in=reporting) | Q(pk__in=ending) | Q(pk__in=renewing))
                  .distinct().prefetch_related(Prefetch("events", queryset=Event.objects.all())))
    rows = []
    for a in candidates:
        for d in compute_deadlines(a, list(a.events.all()), today):
            if start <= d.date <= end:
                rows.append({"date": d.date, "title": f"{d.label} — {a.title}",
                             "url": reverse("agreements:agreement_detail", args=[a.pk]), "kind": d.kind,
                             "overdue": d.overdue, "locality_id": a.locality_id,
                             "request_id": d.event.pk if d.event is not None else None})
    return sorted(rows, key=lambda row: (row["date"], row["title"]))


def test_the_registers_deadlines_are_those_the_ored_query_found_for_every_persona(world):
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    korea = partner("Seoul Metropolitan Government", "KR", "Thành phố Seoul")
    japan = partner("Osaka Prefecture", "JP", "Tỉnh Osaka")
    day = D(2026, 2, 13)
    asked = agreement(officer_a, world.a, partners=[korea], title="Dự thảo xin ý kiến", today=day)
    agreement_actions.record_event(officer_a, asked, E.OPINION_REQUESTED, day, consultee="Bộ Ngoại giao",
                                   is_mofa=True, today=day)
    # Two requests due in the window, one answered; and a request due before the window, still open, on an
    # agreement whose report falls due in it (deadlines_for reads the events of the first kind of agreement only).
    both = agreement(officer_a, world.a, partners=[japan], title="Hai bộ được hỏi", today=day)
    answered = agreement_actions.record_event(officer_a, both, E.OPINION_REQUESTED, day, consultee="Bộ Tư pháp",
                                              today=day)
    agreement_actions.record_event(officer_a, both, E.OPINION_REQUESTED, day, consultee="Bộ Công an", today=day)
    agreement_actions.record_event(officer_a, both, E.OPINION_RECEIVED, D(2026, 2, 20), request=answered,
                                   opinion="agree", today=D(2026, 2, 20))
    early = D(2026, 1, 5)
    late = agreement(officer_b, world.b, partners=[korea], title="Ký rồi lại hỏi", today=early)
    agreement_actions.record_event(officer_b, late, E.OPINION_REQUESTED, early, consultee="Bộ Tài chính",
                                   today=early)
    agreement_actions.record_event(officer_b, late, E.SIGNED, D(2026, 2, 20), override_reason="Ký trước khi có ý kiến",
                                   today=D(2026, 2, 20))
    agreement(officer_b, world.b, partners=[japan], title="Ký chưa báo cáo", signed_on=D(2026, 2, 10), today=day)
    agreement(officer_a, world.a, partners=[japan], title="Hết hạn trong tháng", signed_on=D(2025, 3, 20),
              in_force_on=D(2025, 3, 20), expires_on=D(2026, 3, 20), today=day)
    agreement(officer_b, world.b, partners=[korea], title="Tự gia hạn", signed_on=D(2024, 3, 25),
              in_force_on=D(2024, 3, 25), expires_on=D(2027, 3, 25), auto_renew=True, notice_days=400, today=day)
    # Its notice falls on 10/03/2026: found only by the self-renewing candidates' wide window.
    agreement(officer_a, world.a, partners=[korea], title="Tự gia hạn, báo trước trong tháng", signed_on=D(2024, 3, 25),
              in_force_on=D(2024, 3, 25), expires_on=D(2027, 3, 25), auto_renew=True, notice_days=380, today=day)
    start, end, today = D(2026, 3, 1), D(2026, 3, 31), D(2026, 3, 5)
    found_any = 0
    for name in ("officer_a", "officer_b", "central", "mission_officer", "viewer", "unit_officer"):
        user = world.users[name]
        rows = deadlines_for(user, start, end, today)
        assert rows == _old_deadlines_for(user, start, end, today), name
        found_any += len(rows)
    assert found_any and deadlines_for(world.users["central"], start, end, today)
    titles = [row["title"] for row in deadlines_for(world.users["central"], start, end, today)]
    assert any("Bộ Công an" in t for t in titles) and not any("Bộ Tư pháp" in t for t in titles)
    assert any("Ký rồi lại hỏi" in t for t in titles) and not any("Bộ Tài chính" in t for t in titles)
    # Each kind of candidate gives its deadline: an opinion, a report, a fixed expiry, a renewal's notice.
    kinds = {row["kind"] for row in deadlines_for(world.users["central"], start, end, today)}
    assert kinds == {"opinion", "mofa_copy", "expiry"}, kinds
    assert [row["date"] for row in deadlines_for(world.users["central"], start, end, today)
            if row["title"].endswith("Tự gia hạn, báo trước trong tháng")] == [D(2026, 3, 10)]
