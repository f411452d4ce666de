"""The month page bounded (issue 9): a day's cell draws its first DAY_LIMIT entries and links the others to
the week view that lists them; a month with more than LIST_LIMIT entries is counted per kind and per week
instead of listed. What the page shows is checked against entries_for, the source of every calendar view."""
import datetime
import re

import pytest
from django.urls import reverse

from ngoaivu.exchanges.agenda import Entry, by_day, cell_key, entries_for
from ngoaivu.exchanges.views import calendar as calendar_views
from tests.exchanges import factories


def cell_order(entries, day):
    """A whole cell sorted by the grid's rule (agenda.cell_key): the reference the page's first cells follow."""
    return sorted(entries, key=lambda e: cell_key(e, day))


pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 11)  # a Wednesday; the world's delegation_a (9–14/03/2026) covers it too
MONTH = "2026-03"
FIRST, LAST = datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)  # 1 March 2026 is a Sunday


def _cell(html, day):
    """The grid cell of `day`: from its <time> to the end of its <td>."""
    start = html.index(f'<time datetime="{day:%Y-%m-%d}">')
    return html[start:html.index("</td>", start)]


def _month(user, weeks):
    """The entries of March 2026: those of the grid's weeks that overlap the month."""
    return [e for e in entries_for(user, weeks[0][0], weeks[-1][-1]) if e.start <= LAST and e.end >= FIRST]


def _crowd(world, n=5):
    officer = world.users["officer_a"]
    return [factories.delegation(officer, world.a, title=f"Đoàn thứ {i} thăm Nhật Bản", start_date=DAY,
                                 end_date=DAY) for i in range(n)]


def test_a_full_day_shows_its_first_entries_and_links_the_rest_to_the_week_that_lists_them(world, client_for):
    _crowd(world)
    officer = world.users["officer_a"]
    client = client_for(officer)
    day_entries = cell_order(entries_for(officer, DAY, DAY), DAY)
    shown, hidden = day_entries[:calendar_views.DAY_LIMIT], day_entries[calendar_views.DAY_LIMIT:]
    assert len(day_entries) > calendar_views.DAY_LIMIT and hidden

    cell = _cell(client.get(reverse("exchanges:calendar"), {"month": MONTH}).content.decode(), DAY)
    assert cell.count('class="exch-entry') == calendar_views.DAY_LIMIT
    assert all(f'href="{e.url}"' in cell for e in shown)
    assert not any(f'href="{e.url}"' in cell for e in hidden)
    more = re.search(r'<a class="exch-more" href="([^"]+)">\+ (\d+) mục khác'
                     r'<span class="visually-hidden"> ngày (\d\d/\d\d/\d{4})</span></a>', cell)
    assert more and int(more.group(2)) == len(hidden) and more.group(3) == f"{DAY:%d/%m/%Y}"
    assert more.group(1) == f"{reverse('exchanges:calendar_week')}?date={DAY:%Y-%m-%d}"

    week = client.get(more.group(1).replace("&amp;", "&")).content.decode()
    assert all(f'href="{e.url}"' in week for e in hidden)

    client.cookies["django_language"] = "en"
    cell = _cell(client.get(reverse("exchanges:calendar"), {"month": MONTH}).content.decode(), DAY)
    assert f"+ {len(hidden)} more" in cell and f"on {DAY:%d/%m/%Y}" in cell


def test_a_day_within_the_limit_has_no_more_link(world, client_for):
    officer = world.users["officer_a"]
    html = client_for(officer).get(reverse("exchanges:calendar"), {"month": MONTH}).content.decode()
    assert len(entries_for(officer, DAY, DAY)) <= calendar_views.DAY_LIMIT
    assert "exch-more" not in _cell(html, DAY)


def test_a_crowded_month_is_counted_per_kind_and_per_week_instead_of_listed(world, client_for, monkeypatch):
    _crowd(world, 3)
    # Only in the grid's first week's February days: counted neither in the month nor in that week.
    factories.delegation(world.users["officer_a"], world.a, title="Đoàn cuối tháng Hai",
                         start_date=datetime.date(2026, 2, 25), end_date=datetime.date(2026, 2, 27))
    monkeypatch.setattr(calendar_views, "LIST_LIMIT", 2)
    officer = world.users["officer_a"]
    html = client_for(officer).get(reverse("exchanges:calendar"), {"month": MONTH}).content.decode()
    weeks = calendar_views.month_grid(2026, 3)
    month = _month(officer, weeks)
    assert f"Tháng này có {len(month)} mục" in html and "Danh sách trong tháng" not in html
    for label, kind in (("Đoàn ra", "delegation_out"), ("Đoàn vào", "delegation_in"),
                        ("Hội nghị, hội thảo", "conference"), ("Hạn", "deadline")):
        assert f'<tr><th scope="row">{label}</th><td class="num">{sum(e.kind == kind for e in month)}</td></tr>' in html
    assert f'<tr><th scope="row">Trong đó quá hạn</th><td class="num">{sum(e.overdue for e in month)}</td></tr>' in html
    for week in weeks:
        count = len(entries_for(officer, max(week[0], FIRST), min(week[-1], LAST)))
        link = f'<tr><th scope="row"><a href="{reverse("exchanges:calendar_week")}?date={week[0]:%Y-%m-%d}">'
        shown = max(week[0], FIRST), min(week[-1], LAST)  # the week's days inside the month, as counted
        assert f'{link}Tuần {shown[0]:%d/%m/%Y} – {shown[1]:%d/%m/%Y}</a></th><td class="num">{count}</td>' in html


def test_a_month_within_the_limit_is_listed_in_full(world, client_for):
    _crowd(world, 3)
    officer = world.users["officer_a"]
    html = client_for(officer).get(reverse("exchanges:calendar"), {"month": MONTH}).content.decode()
    listed = html[html.index("Danh sách trong tháng"):]
    weeks = calendar_views.month_grid(2026, 3)
    month = _month(officer, weeks)
    assert len(month) <= calendar_views.LIST_LIMIT
    assert listed.count("<tr><td>") == len(month) and "Tháng này có" not in html


def test_by_day_is_every_entry_covering_each_day_in_order():
    d = datetime.date
    entries = [Entry(uid=str(i), kind="conference", title=str(i), start=start, end=end, url="/")
               for i, (start, end) in enumerate([(d(2026, 2, 20), d(2026, 3, 2)), (d(2026, 3, 1), d(2026, 3, 1)),
                                                 (d(2026, 3, 3), d(2026, 4, 20)), (d(2026, 4, 1), d(2026, 4, 2))])]
    first, last = d(2026, 2, 23), d(2026, 4, 5)
    days = by_day(entries, first, last)
    assert list(days) == [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]
    for day, covering in days.items():
        assert covering == [e for e in entries if e.covers(day)]


def test_the_scope_tested_per_row_reads_what_the_scope_reads_for_every_persona(world):
    """visible_to(user, per_row=True) (the calendar's EXISTS form) against the default form, on the models
    whose scope crosses a many-to-many (countries of stops and partners, co-signing provinces)."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.exchanges.models import Conference, ConferenceConsultation, Delegation
    from tests.agreements.factories import agreement, partner
    officer = world.users["officer_a"]
    _crowd(world, 2)
    factories.delegation(officer, world.a, countries=("KR",), title="Đoàn thăm Hàn Quốc")  # the mission's country
    factories.conference(officer, world.a)
    agreement(officer, world.a, partners=[partner("Osaka Prefecture", "JP", "Tỉnh Osaka")], title="Bản ghi nhớ")
    agreement(officer, world.a, partners=[partner("Seoul Metropolitan Government", "KR", "Thành phố Seoul")],
              title="Thỏa thuận với Seoul")
    for user in world.users.values():
        for model in (Delegation, Conference, ConferenceConsultation, Agreement):
            narrowed = model.objects.filter(pk__gt=0)
            assert (set(narrowed.visible_to(user, per_row=True).values_list("pk", flat=True))
                    == set(model.objects.visible_to(user).values_list("pk", flat=True))), (user, model)


def test_a_cell_shows_its_overdue_deadline_before_the_trips_that_began_earlier(world, client_for):
    """Three trips begun before the day (and the world's delegation_a) used to fill the cell and hide the
    day's overdue deadline behind "+ N"; the week view keeps the calendar's order."""
    officer = world.users["officer_a"]
    late = factories.approved_delegation(officer, world.a, title="Đoàn chưa nộp báo cáo",
                                         start_date=datetime.date(2026, 2, 2), end_date=datetime.date(2026, 2, 6))
    late.refresh_from_db()
    due = late.report_due
    assert due is not None and due < datetime.date.today()
    trips = [factories.delegation(officer, world.a, title=f"Đoàn dài ngày {i}", start_date=due - datetime.timedelta(days=3 - i),
                                  end_date=due + datetime.timedelta(days=2)) for i in range(3)]
    starting = factories.delegation(officer, world.a, title="Đoàn khởi hành đúng ngày", start_date=due,
                                    end_date=due + datetime.timedelta(days=1))
    client = client_for(officer)
    entries = entries_for(officer, due, due)
    deadline = next(e for e in entries if e.is_deadline and e.url == late.get_absolute_url())
    assert deadline.overdue and entries.index(deadline) >= calendar_views.DAY_LIMIT  # hidden in the old order

    cell = _cell(client.get(reverse("exchanges:calendar"), {"month": f"{due:%Y-%m}"}).content.decode(), due)
    hrefs = re.findall(r'<a class="exch-entry[^"]*" href="([^"]+)">', cell)
    assert hrefs == [late.get_absolute_url(), starting.get_absolute_url(), trips[0].get_absolute_url()]
    assert "exch-entry--overdue" in cell.split("\n")[1] and "+ 2 mục khác" in cell

    week = client.get(reverse("exchanges:calendar_week"), {"date": due.isoformat()}).content.decode()
    assert week.index(trips[0].get_absolute_url()) < week.index("Hạn báo cáo kết quả đoàn: Đoàn chưa nộp báo cáo")


def test_a_cell_orders_overdue_deadlines_other_deadlines_starting_then_continuing_entries():
    d = datetime.date
    day = d(2026, 3, 11)

    def entry(name, kind, start, overdue=False):
        return Entry(uid=name, kind=kind, title=name, start=start, end=day, url="/", overdue=overdue)
    going_on = [entry("a", "conference", d(2026, 3, 1)), entry("b", "delegation_out", d(2026, 3, 9))]
    starting = [entry("c", "delegation_in", day), entry("d", "conference", day)]
    due, overdue = [entry("e", "deadline", day), entry("f", "deadline", day)], [entry("g", "deadline", day, True)]
    cell = cell_order(going_on + due[:1] + starting + overdue + due[1:], day)
    assert [e.title for e in cell] == ["g", "e", "f", "c", "d", "a", "b"]


def test_the_month_list_holds_what_overlaps_the_month_even_covering_it_whole(world, client_for):
    officer = world.users["officer_a"]
    whole = factories.delegation(officer, world.a, title="Đoàn dài hạn cả tháng Ba",
                                 start_date=datetime.date(2026, 2, 20), end_date=datetime.date(2026, 4, 5))
    before = factories.delegation(officer, world.a, title="Đoàn cuối tháng Hai",
                                  start_date=datetime.date(2026, 2, 25), end_date=datetime.date(2026, 2, 27))
    html = client_for(officer).get(reverse("exchanges:calendar"), {"month": MONTH}).content.decode()
    listed = html[html.index("Danh sách trong tháng"):]
    assert whole.get_absolute_url() in listed and before.get_absolute_url() not in listed
    assert listed.count("<tr><td>") == len(_month(officer, calendar_views.month_grid(2026, 3)))


def test_the_counts_labels_are_translated(world, client_for, monkeypatch):
    _crowd(world, 3)
    monkeypatch.setattr(calendar_views, "LIST_LIMIT", 2)
    client = client_for(world.users["officer_a"])
    client.cookies["django_language"] = "en"
    html = client.get(reverse("exchanges:calendar"), {"month": MONTH}).content.decode()
    assert '<th scope="row">Of which overdue</th>' in html
