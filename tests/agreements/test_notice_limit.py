"""A self-renewing agreement's notice before renewal is at most five years (NOTICE_DAYS_MAX): the calendars
and the to-do list look for such notices among the agreements expiring within that many days of their
window, so a longer one would never reach anyone. The form and the import refuse a longer one, naming the
field, and change nothing; the longest allowed is found."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.agreements import imports
from ngoaivu.agreements.deadlines import deadlines_for
from ngoaivu.agreements.models import NOTICE_DAYS_MAX, Agreement
from ngoaivu.implementation.queries import overdue_and_coming
from tests.agreements.factories import agreement
from tests.agreements.test_import_limits import row, xlsx
from tests.test_edit_round_trip import page_values

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_form_refuses_a_notice_over_five_years_and_saves_nothing(world, client_for):
    record = world.agreement_a
    client = client_for(world.users["officer_a"])
    url = reverse("agreements:agreement_edit", args=[record.pk])
    values = page_values(client.get(url).context["form"])
    before = Agreement.objects.get(pk=record.pk).notice_days
    renewing = {"auto_renew": "on", "expires_on": "01/01/2035"}
    response = client.post(url, {**values, **renewing, "notice_days": str(NOTICE_DAYS_MAX + 1)})
    assert response.status_code == 200
    assert response.context["form"].errors == {"notice_days": ["Thời hạn báo trước không quá 5 năm (1.825 ngày)."]}
    assert ('<a href="#id_notice_days">Thời hạn báo trước khi chấm dứt (ngày): thời hạn báo trước không quá 5 năm '
            '(1.825 ngày).</a>') in response.content.decode()
    assert Agreement.objects.get(pk=record.pk).notice_days == before
    values = page_values(client.get(url).context["form"])
    response = client.post(url, {**values, **renewing, "notice_days": str(NOTICE_DAYS_MAX)})
    assert response.status_code == 302
    saved = Agreement.objects.get(pk=record.pk)
    assert (saved.notice_days, saved.auto_renew, saved.expires_on) == (NOTICE_DAYS_MAX, True, D(2035, 1, 1))
    assert NOTICE_DAYS_MAX == 1825  # the number the messages give


def test_the_import_names_the_row_and_column_of_a_notice_over_five_years(world):
    officer = world.users["officer_a"]
    count = Agreement.objects.count()
    renewing = {"auto_renew": "Có", "expires_on": datetime.datetime(2035, 1, 1)}
    result = imports.check_file(xlsx([row(1, **renewing, notice_days=NOTICE_DAYS_MAX),
                                      row(2, **renewing, notice_days=NOTICE_DAYS_MAX + 1)]), officer)
    assert [(n, column, message) for n, column, message in result.errors] == [
        (3, "Báo trước (ngày)", "Thời hạn báo trước không quá 5 năm (1.825 ngày).")]
    assert Agreement.objects.count() == count


def test_the_longest_notice_reaches_the_calendar_and_the_to_do_list(world):
    """Each notice on the last day its list reads: the calendar's month, the to-do list's furthest notice
    (an expiry's 90 days)."""
    officer = world.users["officer_a"]
    day = D(2026, 3, 2)
    month_end, furthest = day + datetime.timedelta(days=30), day + datetime.timedelta(days=90)
    for title, notice in (("Tự gia hạn, báo trước 5 năm, hạn cuối tháng", month_end),
                          ("Tự gia hạn, báo trước 5 năm, hạn sau 90 ngày", furthest)):
        renewing = agreement(officer, world.a, title=title, signed_on=D(2020, 1, 10), in_force_on=D(2020, 1, 10),
                             expires_on=notice + datetime.timedelta(days=NOTICE_DAYS_MAX), auto_renew=True,
                             notice_days=NOTICE_DAYS_MAX, reported_on=D(2020, 1, 12), today=day)
        assert renewing.next_due_on == notice
    calendar = [(r["date"], r["kind"]) for r in deadlines_for(officer, day, month_end, day)
                if "báo trước 5 năm" in r["title"]]
    assert calendar == [(month_end, "expiry")]
    _late, coming = overdue_and_coming(officer, day, days=30, limit=300)
    assert [r["date"] for r in coming if "báo trước 5 năm" in r.get("title", "")] == [month_end, furthest]
