"""The calendar pages and the iCalendar feed: parses, holds only the user's scope, dies when revoked."""
import datetime

import icalendar
import pytest
from django.urls import reverse

from ngoaivu.exchanges import actions
from ngoaivu.exchanges.agenda import entries_for
from tests.exchanges import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _feed(client, token):
    return client.get(reverse("exchanges:calendar_feed", args=[token]))


def test_the_feed_parses_and_holds_only_the_users_scope(world, client):
    officer_a = world.users["officer_a"]
    response = _feed(client, world.feed_token_a)   # anonymous client: the token is the credential
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    uids = {str(e["UID"]) for e in events}
    assert f"delegation-{world.delegation_a.pk}@ngoaivu" in uids
    assert f"delegation-report-{world.delegation_a.pk}@ngoaivu" in uids
    assert f"conference-{world.conference_a.pk}@ngoaivu" in uids
    assert not any(str(world.delegation_b.pk) in uid and "delegation-" in uid for uid in uids
                   if uid.startswith(f"delegation-{world.delegation_b.pk}@"))
    assert all(world.delegation_b.title not in str(e["SUMMARY"]) for e in events)
    for event in events:
        assert event.get("DTSTAMP") is not None
        assert isinstance(event.decoded("DTSTART"), datetime.date)
        assert event.decoded("DTEND") > event.decoded("DTSTART")   # all-day: DTEND is exclusive
    trip = next(e for e in events if str(e["UID"]) == f"delegation-{world.delegation_a.pk}@ngoaivu")
    assert trip.decoded("DTSTART") == world.delegation_a.start_date
    assert trip.decoded("DTEND") == world.delegation_a.end_date + datetime.timedelta(days=1)
    assert str(trip["URL"]).endswith(world.delegation_a.get_absolute_url())
    assert officer_a.exchange_feed_tokens.get().last_used_at is not None


def test_another_province_has_its_own_feed(world, client):
    token = actions.create_feed_token(world.users["officer_b"])
    summaries = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(_feed(client, token).content).walk("VEVENT")]
    assert any(world.delegation_b.title in s for s in summaries)
    assert not any(world.delegation_a.title in s for s in summaries)


def test_a_revoked_or_replaced_feed_stops_working(world, client):
    old = world.feed_token_a
    new = actions.create_feed_token(world.users["officer_a"])
    assert _feed(client, old).status_code == 404
    assert _feed(client, new).status_code == 200
    actions.revoke_feed_tokens(world.users["officer_a"])
    assert _feed(client, new).status_code == 404
    assert _feed(client, "not-a-token").status_code == 404


def test_a_deactivated_users_feed_stops_working(world, client):
    user = world.users["officer_a"]
    user.is_active = False
    user.save()
    assert _feed(client, world.feed_token_a).status_code == 404


def test_the_token_is_stored_only_as_a_hash(world):
    from ngoaivu.exchanges.models import FeedToken
    assert not FeedToken.objects.filter(token_hash=world.feed_token_a).exists()
    assert FeedToken.objects.filter(token_hash=FeedToken.hash(world.feed_token_a)).exists()


def test_the_subscription_page_shows_a_new_address_once(world, client_for):
    client = client_for(world.users["viewer"])
    client.post(reverse("exchanges:calendar_feed_create"))
    first = client.get(reverse("exchanges:calendar_feed_settings")).content.decode()
    assert "/exchanges/calendar/feed/" in first
    again = client.get(reverse("exchanges:calendar_feed_settings")).content.decode()
    assert "/exchanges/calendar/feed/" not in again and "Thu hồi địa chỉ lịch" in again


def test_month_and_week_views_show_the_trip_and_the_report_deadline(world, client_for):
    d = world.delegation_a
    client = client_for(world.users["officer_a"])
    month = client.get(reverse("exchanges:calendar"), {"month": f"{d.report_due:%Y-%m}"}).content.decode()
    assert f"Hạn báo cáo kết quả đoàn: {d.title}" in month
    week = client.get(reverse("exchanges:calendar_week"), {"date": d.start_date.isoformat()}).content.decode()
    assert d.title in week
    assert world.delegation_b.title not in client.get(
        reverse("exchanges:calendar"), {"month": f"{world.delegation_b.start_date:%Y-%m}"}).content.decode()


def test_the_calendar_answers_nonsense_parameters_with_this_month(world, client_for):
    client = client_for(world.users["officer_a"])
    assert client.get(reverse("exchanges:calendar"), {"month": "2026-13"}).status_code == 200
    assert client.get(reverse("exchanges:calendar_week"), {"date": "yesterday"}).status_code == 200


def test_conference_deadlines_and_consultations_are_on_the_calendar(world):
    c = world.conference_a
    entries = entries_for(world.users["officer_a"], TODAY, c.end_date, today=TODAY)
    uids = {e.uid for e in entries}
    assert {f"conference-{c.pk}", f"conference-dossier-{c.pk}", f"consultation-{world.consultation_a.pk}"} <= uids


def test_reported_delegations_show_their_deadline_as_done(world):
    officer = world.users["officer_a"]
    d = world.delegation_a
    actions.submit_report(officer, d, submitted_on=TODAY, summary="Xong")
    entry = next(e for e in entries_for(officer, d.report_due, d.report_due) if e.uid == f"delegation-report-{d.pk}")
    assert entry.done and not entry.overdue


def test_a_window_with_a_deadline_but_not_the_trip_shows_the_deadline_alone(world):
    """The calendar reads a delegation (a conference) once for its trip and its deadlines: a record read for
    its deadline alone must not show its trip."""
    officer = world.users["officer_a"]
    d, c = world.delegation_a, world.conference_a
    assert d.report_due > d.end_date and c.dossier_deadline < c.start_date  # the fixtures' shape
    uids = {e.uid for e in entries_for(officer, d.report_due, d.report_due, today=TODAY)}
    assert f"delegation-report-{d.pk}" in uids and f"delegation-{d.pk}" not in uids
    uids = {e.uid for e in entries_for(officer, c.dossier_deadline, c.dossier_deadline, today=TODAY)}
    assert f"conference-dossier-{c.pk}" in uids and f"conference-{c.pk}" not in uids
    # The day before the trip begins shows neither it nor a deadline of it that falls elsewhere.
    before = d.start_date - datetime.timedelta(days=1)
    assert not {f"delegation-{d.pk}", f"delegation-report-{d.pk}"} & {e.uid for e in entries_for(officer, before, before)}


def test_a_window_with_the_trip_but_not_its_deadlines_shows_the_trip_alone(world):
    """The converse: a record read for its trip or its conference days must not show a deadline of it that
    falls outside the window."""
    officer = world.users["officer_a"]
    d = world.delegation_a
    c = actions.approve_conference(officer, world.conference_a, decision_number="9/UBND", decision_date=TODAY)
    assert c.report_due > c.end_date and c.dossier_deadline < c.start_date  # the deadlines fall outside
    uids = {e.uid for e in entries_for(officer, d.start_date, d.end_date, today=TODAY)}
    assert f"delegation-{d.pk}" in uids and f"delegation-report-{d.pk}" not in uids
    uids = {e.uid for e in entries_for(officer, c.start_date, c.end_date, today=TODAY)}
    assert f"conference-{c.pk}" in uids
    assert not {f"conference-dossier-{c.pk}", f"conference-report-{c.pk}"} & uids
    # …and each deadline shows on its own day.
    uids = {e.uid for e in entries_for(officer, c.report_due, c.report_due, today=TODAY)}
    assert f"conference-report-{c.pk}" in uids and f"conference-{c.pk}" not in uids


def test_the_attention_list_holds_the_deadlines_of_those_who_edit_the_records(world):
    """Who must act on a report, a dossier or a consultation is who edits the record: province A's officers
    and managers, not those who only read it (its viewer and units, the centre) nor anyone else."""
    from ngoaivu.exchanges.agenda import attention
    d, c, asked = world.delegation_a, world.conference_a, world.consultation_a
    assert d.report_due < TODAY <= c.dossier_deadline  # the fixtures' shape: one overdue, two coming
    for name in ("officer_a", "manager_a"):
        overdue, due = attention(world.users[name], TODAY)
        assert [i["url"] for i in overdue.items] == [d.get_absolute_url()] and overdue.total == 1
        assert all(i["overdue"] for i in overdue.items)
        assert {i["url"] for i in due.items} == {c.get_absolute_url()} and due.total == 2, name
        assert {i["date"] for i in due.items} == {c.dossier_deadline, asked.due_on}
    for name in ("viewer", "unit_officer", "central", "central_viewer", "mission_officer"):
        assert [s.total for s in attention(world.users[name], TODAY)] == [0, 0], name
    # Province B's officer has its own conference's dossier to file, and nothing of A's.
    assert [i["url"] for s in attention(world.users["officer_b"], TODAY) for i in s.items] == [
        world.conference_b.get_absolute_url()]


def _summaries(client, user, title):
    token = actions.create_feed_token(user)
    cal = icalendar.Calendar.from_ical(_feed(client, token).content)
    return sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT") if title in str(e["SUMMARY"]))


def test_the_centres_and_a_missions_feed_tell_two_provinces_records_of_one_title_apart(world, client):
    """Two provinces' conferences (delegations) of the same title were two identical events in the centre's
    (a mission's) calendar program; each names its province, and a province's own feed stays as it was."""
    day = TODAY + datetime.timedelta(days=30)
    title = "Hội thảo xúc tiến du lịch chung một tên"
    for user, locality in ((world.users["officer_a"], world.a), (world.users["officer_b"], world.b)):
        factories.conference(user, locality, title=title, start_date=day, end_date=day)
        factories.delegation(user, locality, title=title, countries=("KR",), start_date=day,
                             end_date=day + datetime.timedelta(days=3))
    a, b = world.a.short_name, world.b.short_name
    centre = _summaries(client, world.users["central"], title)  # the trips, the conferences, their deadlines
    assert len(centre) == len(set(centre)) == 6, centre
    assert sorted(s.rsplit(" — ", 1)[1] for s in centre) == sorted([a] * 3 + [b] * 3), centre
    assert f"Đoàn ra: {title} — {a}" in centre and f"Đoàn ra: {title} — {b}" in centre, centre
    mission = _summaries(client, world.users["mission_officer"], title)
    assert sorted(s for s in mission if s.startswith("Đoàn ra")) == sorted(
        [f"Đoàn ra: {title} — {a}", f"Đoàn ra: {title} — {b}"]), mission
    own = _summaries(client, world.users["officer_a"], title)
    assert len(own) == 3 and f"Đoàn ra: {title}" in own, own
    assert not any(a in s or b in s or " — " in s for s in own), own


def test_the_registers_deadlines_name_their_province_in_the_centres_feed_as_trips_do(world, client):
    """An agreement's expiry (or its report due) in the centre's feed named no province, where the trips and
    conferences beside it do: two provinces' agreements of one title were two identical events. Each names
    the province that holds it, in the centre's feed and in a co-signing province's; its own province's feed
    stays as it was."""
    from tests.agreements.factories import agreement
    title = "Bản ghi nhớ cùng một tên"
    ends = TODAY + datetime.timedelta(days=40)
    signed = TODAY - datetime.timedelta(days=400)
    for user, locality in ((world.users["officer_a"], world.a), (world.users["officer_b"], world.b)):
        agreement(user, locality, title=title, signed_on=signed, in_force_on=signed, expires_on=ends,
                  today=TODAY)
    joint = agreement(world.users["officer_a"], world.a, title=f"{title} (ký chung)", signed_on=signed,
                      in_force_on=signed, expires_on=ends, co_signatories=[world.b], today=TODAY)
    a, b = world.a.short_name, world.b.short_name
    centre = _summaries(client, world.users["central"], title)
    assert centre == sorted([f"Hết hạn — {title} — {a}", f"Hết hạn — {title} — {b}",
                             f"Hết hạn — {joint.title} — {a}"]), centre
    # The calendar's entries carry the province too (what the feed reads), as a trip's do.
    shown = {e.title: e.locality_id for e in entries_for(world.users["central"], ends, ends) if e.is_deadline}
    assert shown[f"Hết hạn — {joint.title}"] == world.a.pk, shown
    # Province B's own agreement goes without saying in its feed; the one it co-signs is A's.
    assert _summaries(client, world.users["officer_b"], title) == sorted(
        [f"Hết hạn — {title}", f"Hết hạn — {joint.title} — {a}"])
    assert _summaries(client, world.users["officer_a"], title) == sorted(
        [f"Hết hạn — {title}", f"Hết hạn — {joint.title}"])
