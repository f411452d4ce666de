"""The iCalendar (RFC 5545) feed of a user's calendar, for Outlook, Google Calendar and Thunderbird.

All items are whole days (DATE values, DTEND exclusive), so no time zone is needed for them; we still
call add_missing_timezones() so any timed item added later carries its VTIMEZONE. UIDs are stable: a
calendar program that refreshes the feed updates an event rather than adding a copy. An event's summary
names the province whose record it is unless the feed is that province's own: in the centre's or a
mission's calendar program, two provinces' conferences of one title were two identical events.
"""
import datetime

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.core.models import Locality
from ngoaivu.core.scoping import scope_of
from ngoaivu.exchanges.agenda import entries_for

PAST_DAYS = 120      # keep recent trips and overdue deadlines visible
FUTURE_DAYS = 550    # conferences are planned more than a year ahead


def _implied_locality(user):
    """The province a feed's records go without saying: a province's (or its unit's) user's own. None for
    the centre, a mission, or a user of several provinces."""
    scope = scope_of(user)
    if scope.sees_all or scope.mission_ids or len(scope.locality_ids) != 1:
        return None
    return next(iter(scope.locality_ids))


def build_calendar(user, *, base_url: str | None = None, today=None) -> icalendar.Calendar:
    today = today or timezone.localdate()
    base_url = (base_url or settings.SITE_URL).rstrip("/")
    cal = icalendar.Calendar()
    cal.add("prodid", "-//ngoaivu//Lich doi ngoai//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("Lịch đối ngoại — %(user)s") % {"user": user})
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    stamp = timezone.now()
    entries = entries_for(user, today - datetime.timedelta(days=PAST_DAYS),
                          today + datetime.timedelta(days=FUTURE_DAYS), today)
    implied = _implied_locality(user)
    # Each province's name read once (63 provinces at most), not joined to every row of the calendar.
    places = {locality.pk: str(locality) for locality in Locality.objects.filter(
        pk__in={e.locality_id for e in entries} - {None, implied})}
    for entry in entries:
        event = icalendar.Event()
        event.add("uid", f"{entry.uid}@ngoaivu")
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.start)
        event.add("dtend", entry.end + datetime.timedelta(days=1))
        title = entry.title
        if entry.locality_id in places:
            title = _("%(t)s — %(place)s") % {"t": title, "place": places[entry.locality_id]}
        if entry.overdue:
            title = _("Quá hạn: %(t)s") % {"t": title}
        elif entry.done:  # marked as the calendar pages mark it: a report sent early is not still to do
            title = _("Đã xong: %(t)s") % {"t": title}
        event.add("summary", title)
        event.add("url", base_url + entry.url)
        description = "\n".join(p for p in (entry.description, base_url + entry.url) if p)
        event.add("description", description)
        event.add("categories", [_("Hạn") if entry.is_deadline else _("Hoạt động đối ngoại")])
        event.add("transp", "TRANSPARENT")  # all-day items must not block people's free/busy time
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal
