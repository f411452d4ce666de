"""Health of agreements in force, kept on the agreement row, each change stored with its reason."""
import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from ngoaivu.implementation import actions
from ngoaivu.implementation.models import Activity, Commitment, HealthChange, Tracking
from tests.implementation.factories import TODAY, agreement

pytestmark = pytest.mark.django_db


def test_signed_eight_months_ago_without_activity_is_at_risk_and_at_thirteen_months_dormant(world):
    a = agreement(world.a, signed_months_ago=8)
    actions.sweep(on_day=TODAY)
    a.refresh_from_db()
    assert a.health == "at_risk"
    assert a.health_reasons == "chưa có hoạt động nào từ khi ký (8 tháng)"

    actions.sweep(on_day=datetime.date(2026, 8, 16))  # 13 months after signing
    a.refresh_from_db()
    assert a.health == "dormant"
    assert a.health_reasons == "chưa có hoạt động nào từ khi ký (13 tháng)"
    changes = list(HealthChange.objects.filter(agreement=a).order_by("sequence"))
    assert [(c.previous, c.health) for c in changes] == [("na", "at_risk"), ("at_risk", "dormant")]
    assert changes[1].reasons == "chưa có hoạt động nào từ khi ký (13 tháng)"


def test_recording_an_activity_makes_a_dormant_agreement_active_and_each_change_is_a_row(world):
    a = agreement(world.a, signed_months_ago=14)
    actions.sweep(on_day=TODAY)
    a.refresh_from_db()
    assert a.health == "dormant"
    activity = Activity(agreement=a, kind="meeting", title="Hội đàm với đoàn Gyeonggi",
                        occurred_on=datetime.date.today())
    actions.save_activity(world.users["officer_a"], activity,
                          files=[SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 minutes")])
    a.refresh_from_db()
    assert a.health == "active"
    assert a.last_activity_on == datetime.date.today()
    assert activity.evidence.count() == 1
    rows = list(HealthChange.objects.filter(agreement=a).order_by("sequence").values_list("health", "trigger"))
    assert rows == [("dormant", "sweep"), ("active", "activity")]


def test_deleting_the_only_activity_moves_last_activity_back(world):
    a = agreement(world.a, signed_months_ago=3)
    old = actions.save_activity(world.users["officer_a"], Activity(agreement=a, kind="event", title="Cũ",
                                                                    occurred_on=datetime.date(2025, 12, 20)))
    new = actions.save_activity(world.users["officer_a"], Activity(agreement=a, kind="event", title="Mới",
                                                                    occurred_on=datetime.date(2026, 2, 1)))
    a.refresh_from_db()
    assert a.last_activity_on == datetime.date(2026, 2, 1)
    actions.delete_activity(world.users["officer_a"], new)
    a.refresh_from_db()
    assert a.last_activity_on == old.occurred_on


def test_a_sweep_with_nothing_new_writes_no_row(world):
    agreement(world.a, signed_months_ago=14)
    actions.sweep(on_day=TODAY)
    count = HealthChange.objects.count()
    result = actions.sweep(on_day=TODAY)
    assert result.changed == 0 and HealthChange.objects.count() == count


def test_an_overdue_commitment_is_counted_and_named(world):
    a = agreement(world.a, signed_months_ago=20, last_activity_on=None)
    actions.save_activity(world.users["officer_a"], Activity(agreement=a, kind="event", title="Gần đây",
                                                              occurred_on=TODAY - datetime.timedelta(days=10)))
    Commitment.objects.create(agreement=a, description="Trao đổi đoàn doanh nghiệp", due_on=datetime.date(2026, 1, 1))
    Commitment.objects.create(agreement=a, description="Hội chợ", due_on=datetime.date(2026, 12, 1))
    actions.sweep(on_day=TODAY)
    a.refresh_from_db()
    assert a.health == "at_risk"
    assert a.health_reasons == "1/2 cam kết quá hạn"
    assert Tracking.objects.get(agreement=a).overdue_commitments == 1
    assert a.overdue_commitments == 1  # the dashboards' copy on the agreement row


def test_the_agreement_rows_overdue_count_follows_the_commitment_when_it_is_met(world):
    a = agreement(world.a, signed_months_ago=20, last_activity_on=None)
    late = Commitment.objects.create(agreement=a, description="Trao đổi đoàn", due_on=datetime.date(2026, 1, 1))
    actions.sweep(on_day=TODAY)
    a.refresh_from_db()
    assert a.overdue_commitments == 1
    proposal = actions.propose_fulfilment(world.users["manager_a"], late, TODAY)
    a.refresh_from_db()
    assert a.overdue_commitments == 1  # proposed, not confirmed: it does not count yet
    actions.review_fulfilment(world.users["officer_a"], proposal, "confirm")
    a.refresh_from_db()
    assert a.overdue_commitments == 0 == Tracking.objects.get(agreement=a).overdue_commitments


def test_a_unit_officer_cannot_touch_another_units_commitment(world):
    from ngoaivu.core.models import Unit
    a = agreement(world.a)
    other_unit = Unit.objects.filter(locality=world.a, kind="department").exclude(pk=world.unit_a.pk).first()
    theirs = Commitment.objects.create(agreement=a, description="Của Sở khác", responsible_unit=other_unit)
    mine = Commitment.objects.create(agreement=a, description="Của Sở Công Thương", responsible_unit=world.unit_a)
    officer = world.users["unit_officer"]
    assert list(Commitment.objects.editable_by(officer).filter(agreement=a)) == [mine]
    with pytest.raises(PermissionDenied):
        actions.set_commitment_status(officer, theirs, "in_progress")
    theirs.refresh_from_db()
    assert theirs.status == "pending"
    proposal = actions.propose_fulfilment(officer, mine, TODAY)
    actions.review_fulfilment(world.users["officer_a"], proposal, "confirm")
    mine.refresh_from_db()
    assert mine.status == "fulfilled" and mine.reviewed_by == world.users["officer_a"]


def test_a_recurring_commitment_moves_to_its_next_due_date_and_keeps_lateness(world):
    a = agreement(world.a)
    c = Commitment.objects.create(agreement=a, description="Họp định kỳ", recurrence="quarterly",
                                  due_on=datetime.date(2026, 3, 31))
    proposal = actions.propose_fulfilment(world.users["officer_a"], c, datetime.date(2026, 4, 2), note="Họp trực tuyến")
    actions.review_fulfilment(world.users["manager_a"], proposal, "confirm")
    c.refresh_from_db()
    assert c.due_on == datetime.date(2026, 6, 30) and c.status == "in_progress"
    assert c.fulfilments.get().on_time is False


def test_a_unit_officer_records_activities_only_for_their_unit(world):
    from ngoaivu.core.models import Unit
    a = agreement(world.a)
    other_unit = Unit.objects.filter(locality=world.a, kind="department").exclude(pk=world.unit_a.pk).first()
    officer = world.users["unit_officer"]
    with pytest.raises(PermissionDenied):
        actions.save_activity(officer, Activity(agreement=a, kind="event", title="X", occurred_on=TODAY,
                                                responsible_unit=other_unit))
    assert not Activity.objects.filter(title="X").exists()
    actions.save_activity(officer, Activity(agreement=a, kind="event", title="Y", occurred_on=TODAY,
                                            responsible_unit=world.unit_a))
    assert Activity.objects.filter(title="Y").exists()


def test_province_settings_override_the_national_defaults(world):
    from ngoaivu.implementation.models import HealthSettings
    a = agreement(world.a, signed_months_ago=8)
    b = agreement(world.b, signed_months_ago=8)
    HealthSettings.objects.create(locality=world.a, at_risk_months=9)
    actions.sweep(on_day=TODAY)
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.health, b.health) == ("active", "at_risk")


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_leave_no_duplicate_rows(world):
    from ngoaivu.agreements.models import Agreement
    for i in range(30):
        agreement(world.a if i % 2 else world.b, title=f"Kiểm thử quét {i}", signed_months_ago=8 + i % 10, country="JP")
    errors, barrier = [], threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            actions.sweep(on_day=TODAY)
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert not errors, errors
    mine = HealthChange.objects.filter(agreement__title__startswith="Kiểm thử quét ")
    assert mine.count() == Agreement.objects.filter(title__startswith="Kiểm thử quét ").count() == 30
    assert not mine.exclude(sequence=1).exists()


def test_the_register_page_shows_health_with_its_changes(world, client_for):
    a = agreement(world.a, signed_months_ago=14)
    actions.sweep(on_day=TODAY)
    page = client_for(world.users["officer_a"]).get(f"/agreements/{a.pk}/").content.decode()
    assert 'data-testid="implementation-summary"' in page
    assert "chưa có hoạt động nào từ khi ký" in page
