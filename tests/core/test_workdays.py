import datetime as dt

import pytest

from ngoaivu.core.models import CalendarDay
from ngoaivu.core.workdays import WorkingCalendar, add_working_days

D = dt.date


def test_seven_working_days_from_13_february_2026_skip_tet():
    # Fri 13/02; Tết 2026 holidays Mon 16 – Fri 20 February; weekends 14–15 and 21–22.
    assert WorkingCalendar({}).add_working_days(D(2026, 2, 13), 7) == D(2026, 3, 3)


def test_working_days_skip_weekends():
    assert WorkingCalendar({}).add_working_days(D(2026, 11, 20), 1) == D(2026, 11, 23)


def test_national_day_holidays_are_not_working_days():
    cal = WorkingCalendar({})
    assert not cal.is_working_day(D(2026, 9, 2))
    assert not cal.is_working_day(D(2026, 9, 1))


def test_zero_working_days_is_the_same_day():
    assert WorkingCalendar({}).add_working_days(D(2026, 3, 4), 0) == D(2026, 3, 4)


def test_working_days_between_counts_after_start_up_to_end():
    assert WorkingCalendar({}).working_days_between(D(2026, 2, 13), D(2026, 3, 3)) == 7


@pytest.mark.django_db
def test_announced_extra_day_off_and_make_up_saturday_change_the_deadline():
    CalendarDay.objects.create(date=D(2026, 3, 2), kind="off", note="Nghỉ bù (giả định cho kiểm thử)")
    assert add_working_days(D(2026, 2, 13), 7) == D(2026, 3, 4)
    CalendarDay.objects.create(date=D(2026, 2, 28), kind="work", note="Làm bù thứ Bảy")
    assert add_working_days(D(2026, 2, 13), 7) == D(2026, 3, 3)
