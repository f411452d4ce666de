"""The calendar pages (month, week), the secret feed address a user manages, and the feed itself."""
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ngoaivu.core import statements
from ngoaivu.core.models import Locality
from ngoaivu.exchanges import actions
from ngoaivu.exchanges.agenda import by_day, entries_for, month_grid
from ngoaivu.exchanges.ical import build_calendar
from ngoaivu.exchanges.models import FeedToken
from ngoaivu.exchanges.month import Month
from ngoaivu.exchanges.month_cells import grid_body, province_options, week_rows

WEEKDAYS = [gettext_lazy("Thứ Hai"), gettext_lazy("Thứ Ba"), gettext_lazy("Thứ Tư"), gettext_lazy("Thứ Năm"), gettext_lazy("Thứ Sáu"),
            gettext_lazy("Thứ Bảy"), gettext_lazy("Chủ nhật")]


def _province_filter(request) -> dict:
    """The centre's choice of one province (?province=<id>): a national month holds over a thousand entries.
    Offered to those who see every province only, as the lists' province filter is; an unknown id shows every
    province, a former one (the register's filter offers them) the province that holds its records today.
    {"provinces", "province" (or None), "keep" (the query's tail every link carries), "province_options"
    (the choice's <option>s, month_cells.province_options)}."""
    if not request.user.scope.sees_all:
        return {"provinces": [], "province": None, "keep": "", "province_options": ""}
    # Built once (core.statements): the centre's every calendar page reads them.
    provinces = statements.instances(("calendar provinces",), lambda: Locality.objects.current().only("short_name"))
    asked = request.GET.get("province", "")
    if asked.isdecimal() and len(asked) < 10 and not any(str(p.pk) == asked for p in provinces):
        asked = str(getattr(Locality.objects.current().holding(asked), "pk", ""))
    chosen = next((p for p in provinces if str(p.pk) == asked), None)
    return {"provinces": provinces, "province": chosen, "keep": f"&province={chosen.pk}" if chosen else "",
            "province_options": province_options(provinces, chosen)}


def _in_range(day) -> bool:
    """A year a record can have (actions.check_dates): the pages step a month or a week either side, which
    beyond year 1 or 9999 raised an OverflowError (a server error for a mistyped link)."""
    return actions.EARLIEST <= day.year <= actions.LATEST


def _parse_month(value, today):
    try:
        year, month = (int(p) for p in (value or "").split("-"))
        first = datetime.date(year, month, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)
    return first if _in_range(first) else today.replace(day=1)


def _parse_day(value, today):
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        return today
    return day if _in_range(day) else today


# A national month holds about 1,500 entries: the grid draws the first DAY_LIMIT of each day and links the
# rest to the week view (which lists every entry of each day); the list below the grid is written in full
# only up to LIST_LIMIT entries, else counted per kind and per week (each week linking to its view).
DAY_LIMIT = 3
LIST_LIMIT = 100


@login_required
def calendar_month(request):
    today = timezone.localdate()
    first = _parse_month(request.GET.get("month"), today)
    weeks = month_grid(first.year, first.month)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    last = following - datetime.timedelta(days=1)
    narrowed = _province_filter(request)
    entries = entries_for(request.user, weeks[0][0], weeks[-1][-1], today, locality=narrowed["province"])
    month = Month(entries, weeks[0][0], weeks[-1][-1], DAY_LIMIT)
    counts, overdue = month.span(first, last)
    cells = month.cells()
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    # The days written here (numbers only, the same in every language) rather than by the date filter
    # in the template, a few hundred times a page.
    week_url = reverse("exchanges:calendar_week")
    grid = [[{"day": day, "iso": day.isoformat(), "shown": f"{day:%d/%m/%Y}", "entries": cells[day],
              "more": max(0, month.day_total(day) - DAY_LIMIT),
              "other_month": day.month != first.month, "today": day == today} for day in week]
            for week in weeks]
    context = {
        **narrowed, "first": first, "weekdays": WEEKDAYS, "week_url": week_url,
        "grid_body": grid_body(grid, week_url, narrowed["keep"]),
        "month_total": sum(counts.values()),
        "previous": f"{previous:%Y-%m}", "next": f"{following:%Y-%m}", "this_month": f"{today:%Y-%m}",
        "week_start": (today if (today.year, today.month) == (first.year, first.month) else first).isoformat(),
    }
    if context["month_total"] <= LIST_LIMIT:
        context["month_entries"] = [(f"{e.start:%d/%m/%Y}" + (f"–{e.end:%d/%m/%Y}" if e.end != e.start else ""), e)
                                    for e in entries if e.start <= last and e.end >= first]
    else:
        context["month_counts"] = _counts(counts, overdue)
        # Each week's days inside this month only, as the month's total counts them (the grid's first and
        # last weeks reach into the neighbouring months), and labelled with those days; the link opens the
        # whole week.
        context["month_weeks"] = week_rows([
            {"monday": week[0], "from": max(week[0], first), "to": min(week[-1], last),
             "count": sum(month.span(max(week[0], first), min(week[-1], last))[0].values())} for week in weeks],
            week_url, narrowed["keep"])
    return render(request, "exchanges/calendar_month.html", context)


def _counts(counts, overdue):
    """(label, number) per kind of entry, for a month too full to list."""
    labels = {"delegation_out": _("Đoàn ra"), "delegation_in": _("Đoàn vào"),
              "conference": _("Hội nghị, hội thảo"), "deadline": _("Hạn")}
    return [(labels[kind], counts[kind]) for kind in labels] + [(_("Trong đó quá hạn"), overdue)]


@login_required
def calendar_week(request):
    today = timezone.localdate()
    day = _parse_day(request.GET.get("date"), today)
    monday = day - datetime.timedelta(days=day.weekday())
    days = [monday + datetime.timedelta(days=i) for i in range(7)]
    narrowed = _province_filter(request)
    by_date = by_day(entries_for(request.user, days[0], days[-1], today, locality=narrowed["province"]),
                     days[0], days[-1])
    return render(request, "exchanges/calendar_week.html", {
        **narrowed,
        "days": [{"day": d, "name": WEEKDAYS[i], "entries": by_date[d],
                  "today": d == today} for i, d in enumerate(days)],
        "monday": monday, "sunday": days[-1],
        "previous": (monday - datetime.timedelta(days=7)).isoformat(),
        "next": (monday + datetime.timedelta(days=7)).isoformat(), "month": f"{monday:%Y-%m}",
    })


@login_required
def feed_settings(request):
    """Where a user gets, renews or revokes the secret address of their calendar."""
    token = request.session.pop("exchanges_new_feed_token", None)
    return render(request, "exchanges/feed_settings.html", {
        "active": FeedToken.objects.filter(user=request.user, revoked_at__isnull=True).first(),
        "feed_url": request.build_absolute_uri(reverse("exchanges:calendar_feed", args=[token])) if token else None,
    })


@login_required
@require_POST
def feed_create(request):
    token = actions.create_feed_token(request.user)
    # Shown once, on the next page: only the hash is stored.
    request.session["exchanges_new_feed_token"] = token
    messages.success(request, _("Đã tạo địa chỉ lịch riêng mới. Địa chỉ cũ (nếu có) không còn dùng được."))
    return redirect("exchanges:calendar_feed_settings")


@login_required
@require_POST
def feed_revoke(request):
    if actions.revoke_feed_tokens(request.user):
        messages.success(request, _("Đã thu hồi địa chỉ lịch riêng. Các chương trình lịch sẽ không đọc được nữa."))
    return redirect("exchanges:calendar_feed_settings")


def calendar_feed(request, token):
    """The iCalendar file: authenticated by the secret in the URL, never by a session."""
    feed = (FeedToken.objects.select_related("user").filter(token_hash=FeedToken.hash(token),
                                                            revoked_at__isnull=True).first())
    if feed is None or not feed.user.is_active:
        raise Http404
    FeedToken.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    cal = build_calendar(feed.user, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ngoaivu.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
