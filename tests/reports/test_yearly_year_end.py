"""The yearly report on agreements of a past year: its tables 2 (in force, by implementation state) and 3
("ký rồi để đấy") showed the register as it stands on the day the file is made, not at the end of the
year reported on: an agreement terminated in February of the next year was missing from the year it was in
force, and one signed in the next year was counted in it."""
import datetime

import pytest
from django.utils import timezone

from ngoaivu.agreements import actions as agreement_actions
from ngoaivu.implementation.models import HealthChange
from ngoaivu.reports import actions
from tests.agreements.factories import agreement
from tests.reports.helpers import body_text, read_docx, table_rows

pytestmark = pytest.mark.django_db


def _report(world, year):
    user = world.users["officer_a"]
    draft = actions.create_draft(user, world.a, issued_on=datetime.date(year + 1, 1, 20), kind="yearly_agreements",
                                 year=year)
    draft = actions.generate(user, draft)
    with draft.docx.open("rb") as handle:
        document = read_docx(handle.read())
    health, dormant = (table_rows(t) for t in document.tables[2:4])
    return {row[0]: int(row[1].replace(".", "")) for row in health[1:]}, [row[1] for row in dormant[1:]], document


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def test_a_past_years_tables_show_the_agreements_as_they_stood_at_the_years_end(world):
    year = timezone.localdate().year - 1
    if timezone.localdate() < datetime.date(year + 1, 2, 2):
        pytest.skip("records steps dated up to 1 February of this year")
    officer = world.users["officer_a"]
    before_health, before_dormant, _document = _report(world, year)

    def signed(title, day):
        return agreement(officer, world.a, title=title, signed_on=day, effective_on_signing=True,
                         today=timezone.localdate())

    ended_later = signed("Bản ghi nhớ hợp tác du lịch với Quảng Tây", datetime.date(year - 1, 3, 1))
    agreement_actions.record_event(officer, ended_later, "terminated", datetime.date(year + 1, 1, 10))
    # Idle through the year (the sweep recorded it dormant in March), ended after it.
    HealthChange.objects.create(agreement=ended_later, sequence=100, previous="active", health="dormant",
                                reasons="không có hoạt động trong 12 tháng", changed_at=_at(datetime.date(year, 3, 1)))
    risky = signed("Thỏa thuận hợp tác giáo dục với Quảng Tây", datetime.date(year - 1, 9, 1))
    agreement_actions.record_event(officer, risky, "terminated", datetime.date(year + 1, 2, 1))
    HealthChange.objects.create(agreement=risky, sequence=100, previous="active", health="at_risk",
                                reasons="1/2 cam kết quá hạn", changed_at=_at(datetime.date(year, 11, 2)))
    signed_after = signed("Bản ghi nhớ hợp tác nông nghiệp với Gyeonggi", datetime.date(year + 1, 1, 5))
    ended_before = signed("Thỏa thuận hợp tác y tế với Gyeonggi", datetime.date(year - 2, 5, 1))
    agreement_actions.record_event(officer, ended_before, "terminated", datetime.date(year, 6, 1))
    ended_later.refresh_from_db()
    risky.refresh_from_db()
    assert (ended_later.status, risky.status, signed_after.status) == ("terminated", "terminated", "in_force")

    health, dormant, document = _report(world, year)
    # In force on 31 December: the two ended since, with the implementation state they had then; neither the
    # one signed after the year nor the one ended within it.
    assert health["Tổng số"] == before_health["Tổng số"] + 2
    assert health["Ký rồi để đấy"] == before_health["Ký rồi để đấy"] + 1
    assert health["Có nguy cơ"] == before_health["Có nguy cơ"] + 1
    assert sorted(dormant) == sorted([*before_dormant, ended_later.title])
    [row] = [row for row in table_rows(document.tables[3])[1:] if row[1] == ended_later.title]
    assert row[3:] == ["Chưa có", "không có hoạt động trong 12 tháng"]
    text = body_text(document)
    assert f"Bảng 2. Thỏa thuận có hiệu lực tại ngày 31/12/{year} theo tình hình triển khai" in text
    assert f"Bảng 3. Thỏa thuận ký rồi để đấy tại ngày 31/12/{year} và lý do" in text


def test_a_historical_record_expired_since_counts_in_a_year_it_was_in_force(world):
    """An old register's row recorded as expired keeps that status whatever the day (its steps are not
    recorded here): it was missing from the report of a year before its expiry (the outside review)."""
    year = timezone.localdate().year - 1
    officer = world.users["officer_a"]
    before_health, _dormant, _document = _report(world, year)

    def old_record(title, expires_on):
        return agreement(officer, world.a, title=title, historical=True, recorded_status="expired",
                         signed_on=datetime.date(year - 3, 1, 1), effective_on_signing=True, expires_on=expires_on,
                         today=timezone.localdate())

    later = old_record("Bản ghi nhớ cũ hết hạn sau năm báo cáo", datetime.date(year + 1, 6, 30))
    within = old_record("Bản ghi nhớ cũ hết hạn trong năm báo cáo", datetime.date(year, 6, 30))
    assert (later.status, within.status) == ("expired", "expired")
    health, _dormant, _document = _report(world, year)
    assert health["Tổng số"] == before_health["Tổng số"] + 1
    later.refresh_from_db()
    assert later.recorded_status == "expired"  # the report changes nothing
