"""The month page's counts and cells (exchanges.month.Month) against the plain recomputation from the entries:
every entry placed in every day it covers (agenda.by_day), a cell sorted whole (cell_order),
a span counted as the set of entries covering its days — for every persona, so each counts only its scope."""
import datetime
import re

import pytest
from django.urls import reverse

from ngoaivu.exchanges import actions
from ngoaivu.exchanges.agenda import by_day, entries_for
from ngoaivu.exchanges.month import Month
from ngoaivu.exchanges.views import calendar as calendar_views
from tests.exchanges import factories
from tests.exchanges.test_calendar_month import cell_order

pytestmark = pytest.mark.django_db
d = datetime.date
WEEKS = calendar_views.month_grid(2026, 3)
LO, HI = WEEKS[0][0], WEEKS[-1][-1]  # 23/02/2026 – 05/04/2026
FIRST, LAST = d(2026, 3, 1), d(2026, 3, 31)


def _assert_matches_recomputation(user, limit=calendar_views.DAY_LIMIT, window=(LO, HI)):
    lo, hi = window
    entries = entries_for(user, lo, hi)
    month = Month(entries, lo, hi, limit)
    days = by_day(entries, lo, hi)
    cells = month.cells()
    for day, covering in days.items():
        assert month.day_total(day) == len(covering), day
        assert cells[day] == cell_order(covering, day)[:limit], day
    for first, last in [(FIRST, LAST)] + [(max(w[0], FIRST), min(w[-1], LAST)) for w in WEEKS] + [(lo, hi)]:
        first, last = max(first, lo), min(last, hi)
        if first > last:
            continue
        spanned = {id(e): e for day in days if first <= day <= last for e in days[day]}.values()
        counts, overdue = month.span(first, last)
        kinds = {e.kind for e in spanned} | set(counts)
        assert {k: counts[k] for k in kinds} == {k: sum(e.kind == k for e in spanned) for k in kinds}, (first, last)
        assert overdue == sum(e.overdue for e in spanned), (first, last)
    return entries, month


def _busy(world):
    """Trips across the month's ends (from February into March, from March into April, one covering the whole
    grid), four that start the same day, a day crowded with deadlines (an overdue report among them), a
    trip of the mission's country, and province b's own trips."""
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    made = {
        "from_february": factories.delegation(officer_a, world.a, title="Đoàn từ tháng Hai",
                                              start_date=d(2026, 2, 20), end_date=d(2026, 3, 3)),
        "into_april": factories.conference(officer_a, world.a, title="Hội nghị cuối tháng Ba",
                                           start_date=d(2026, 3, 30), end_date=d(2026, 4, 8)),
        "whole": factories.delegation(officer_a, world.a, title="Đoàn dài hạn", start_date=d(2026, 2, 1),
                                      end_date=d(2026, 5, 1)),
        "korea": factories.delegation(officer_a, world.a, countries=("KR",), title="Đoàn thăm Hàn Quốc",
                                      start_date=d(2026, 3, 16), end_date=d(2026, 3, 19)),
        "b": factories.delegation(officer_b, world.b, title="Đoàn của tỉnh b", start_date=d(2026, 3, 16),
                                  end_date=d(2026, 3, 18)),
    }
    for i in range(4):
        factories.delegation(officer_a, world.a, title=f"Đoàn cùng ngày {i}", start_date=d(2026, 3, 16),
                             end_date=d(2026, 3, 16 + i))
    # Approved trips in early February: their result reports fall due in March (overdue once past).
    for i in range(4):
        factories.approved_delegation(officer_a, world.a, title=f"Đoàn đã duyệt {i}",
                                      start_date=d(2026, 2, 2), end_date=d(2026, 2, 6))
    # Cancelled trips, one of them approved (its result report would fall due in March): the page counts and
    # shows neither the trips nor that report.
    for key, make in (("cancelled", factories.delegation), ("cancelled_approved", factories.approved_delegation)):
        trip = make(officer_a, world.a, title=f"Đoàn đã hủy ({key})", start_date=d(2026, 3, 16) if key == "cancelled"
                    else d(2026, 2, 2), end_date=d(2026, 3, 17) if key == "cancelled" else d(2026, 2, 6))
        made[key] = actions.cancel_delegation(officer_a, trip, cancelled_on=d(2026, 2, 1), reason="Đối tác hoãn")
    return made


def test_counts_and_cells_equal_their_recomputation_for_every_persona(world):
    _busy(world)
    for name, user in world.users.items():
        if user is not None:
            _assert_matches_recomputation(user)
    _assert_matches_recomputation(world.users["officer_a"], limit=1)


def test_a_multi_day_trip_crossing_the_months_ends_counts_on_every_day_it_covers(world):
    made = _busy(world)
    entries, month = _assert_matches_recomputation(world.users["officer_a"])
    whole = next(e for e in entries if e.url == made["whole"].get_absolute_url() and not e.is_deadline)
    february = next(e for e in entries if e.url == made["from_february"].get_absolute_url() and not e.is_deadline)
    april = next(e for e in entries if e.url == made["into_april"].get_absolute_url() and not e.is_deadline)
    assert whole.start < LO and whole.end > HI and february.start < FIRST and april.end > LAST
    # The trip covering the whole grid is counted on its first and last day, and once in the month.
    assert month.day_total(LO) >= 2 and month.day_total(HI) >= 2
    counts, _ = month.span(FIRST, LAST)
    assert counts["conference"] == sum(e.kind == "conference" and e.start <= LAST and e.end >= FIRST for e in entries)


def test_a_crowded_day_draws_its_overdue_deadline_first(world):
    officer = world.users["officer_a"]
    late = [factories.approved_delegation(officer, world.a, title=f"Đoàn đã duyệt {i}", start_date=d(2026, 2, 2),
                                          end_date=d(2026, 2, 6)) for i in range(4)]
    late[0].refresh_from_db()
    due = late[0].report_due
    assert due is not None and due < datetime.date.today()
    # Trips starting that day, and trips begun earlier still running.
    for i in range(3):
        factories.delegation(officer, world.a, title=f"Đoàn khởi hành {i}", start_date=due, end_date=due)
        factories.delegation(officer, world.a, title=f"Đoàn dài ngày {i}", start_date=due - datetime.timedelta(days=2),
                             end_date=due + datetime.timedelta(days=2))
    weeks = calendar_views.month_grid(due.year, due.month)
    _, month = _assert_matches_recomputation(officer, window=(weeks[0][0], weeks[-1][-1]))
    cell = month.cells()[due]
    assert month.day_total(due) > calendar_views.DAY_LIMIT
    assert all(e.is_deadline and e.overdue for e in cell)  # four overdue reports first, then the trips


def test_a_province_counts_its_own_entries_and_a_mission_its_countries(world, client_for, monkeypatch):
    made = _busy(world)
    monkeypatch.setattr(calendar_views, "LIST_LIMIT", 2)  # counted, not listed
    day = d(2026, 3, 16)
    for name, url, sees in (("officer_b", made["b"].get_absolute_url(), True),
                            ("officer_b", made["korea"].get_absolute_url(), False),
                            ("mission_officer", made["korea"].get_absolute_url(), True),
                            ("mission_officer", made["b"].get_absolute_url(), False),
                            ("officer_a", made["b"].get_absolute_url(), False)):
        user = world.users[name]
        entries, month = _assert_matches_recomputation(user)
        assert any(e.url == url for e in entries) is sees, (name, url)
        cancelled = [made[key].get_absolute_url() for key in ("cancelled", "cancelled_approved")]
        assert not any(e.url in cancelled for e in entries), name
        html = client_for(user).get(reverse("exchanges:calendar"), {"month": "2026-03"}).content.decode()
        total = sum(e.start <= LAST and e.end >= FIRST for e in entries)
        assert total == sum(month.span(FIRST, LAST)[0].values())
        if total > 2:
            assert f"Tháng này có {total} mục" in html
        start = html.index(f'<time datetime="{day:%Y-%m-%d}">')
        cell = html[start:html.index("</td>", start)]
        more = re.search(r"\+ (\d+) mục khác", cell)
        assert not any(url in html for url in cancelled) and "Đoàn đã hủy" not in html, name
        assert (int(more.group(1)) if more else 0) == max(0, month.day_total(day) - calendar_views.DAY_LIMIT)
