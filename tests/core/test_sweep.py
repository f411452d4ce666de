"""One `ngoaivu sweep` moves every date-driven state (agreement status, delegation status, health), says
what it changed, changes nothing the second time, and does nothing while another sweep runs."""
import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from ngoaivu.agreements.models import Agreement, StatusChange
from ngoaivu.core import sweep
from ngoaivu.core.models import SweepJob
from ngoaivu.exchanges.choices import DelegationStatus
from ngoaivu.exchanges.models import ConferenceStatusChange, Delegation, DelegationStatusChange
from ngoaivu.implementation.health import add_months
from ngoaivu.implementation.models import HealthChange
from tests.agreements import factories as agreement_factories
from tests.core.held_lock import HeldLock
from tests.exchanges import factories as exchange_factories

pytestmark = pytest.mark.django_db
D0 = timezone.localdate()


def run_sweep(*args, **options) -> str:
    out = io.StringIO()
    call_command("sweep", *args, stdout=out, **options)
    return out.getvalue()


def state():
    """Every row the sweep may write, as comparable values."""
    return (list(Agreement.objects.order_by("pk").values_list("pk", "status", "next_due_on", "alert_on", "health",
                                                              "health_reasons")),
            list(Delegation.objects.order_by("pk").values_list("pk", "status", "report_due")),
            StatusChange.objects.count(), DelegationStatusChange.objects.count(),
            ConferenceStatusChange.objects.count(), HealthChange.objects.count())


@pytest.fixture
def dated(world):
    """An agreement in force that expires tomorrow, one signed 14 months ago with nothing done since,
    and an approved delegation leaving in two days for five days."""
    officer = world.users["officer_a"]
    expiring = agreement_factories.agreement(
        officer, world.a, title="Bản ghi nhớ sắp hết hạn", signed_on=add_months(D0, -24), in_force_on=add_months(D0, -24),
        expires_on=D0 + datetime.timedelta(days=1), today=D0)
    signed = add_months(D0, -14)
    idle = agreement_factories.agreement(officer, world.a, title="Bản ghi nhớ bị bỏ quên", signed_on=signed,
                                         in_force_on=signed, today=D0)
    trip = exchange_factories.approved_delegation(officer, world.a, start_date=D0 + datetime.timedelta(days=2))
    return expiring, idle, trip


def test_one_sweep_moves_agreements_delegations_and_health_and_a_second_changes_nothing(dated):
    expiring, idle, trip = dated
    assert Agreement.objects.get(pk=expiring.pk).status == "in_force"
    # Its health was judged when it came into force (the register's status_changed), not left to the sweep.
    assert Agreement.objects.get(pk=idle.pk).health == "dormant"
    assert HealthChange.objects.filter(agreement=idle, health="dormant", trigger="status").count() == 1
    assert Delegation.objects.get(pk=trip.pk).status == DelegationStatus.APPROVED

    out = run_sweep(today=D0 + datetime.timedelta(days=3))
    expiring.refresh_from_db(), idle.refresh_from_db(), trip.refresh_from_db()
    assert expiring.status == "expired"
    assert StatusChange.objects.filter(agreement=expiring).latest("pk").new_status == "expired"
    assert trip.status == DelegationStatus.UNDER_WAY
    assert idle.health == "dormant" and not HealthChange.objects.filter(agreement=idle, trigger="sweep").exists()
    # The expired one no longer has a health, and the sweep judged it on no day as in force.
    assert expiring.health == "na"
    assert not HealthChange.objects.filter(agreement=expiring, trigger="sweep",
                                           health__in=["active", "at_risk", "dormant"]).exists()
    for name in ("agreements:", "exchanges:", "health:", "sessions:"):
        assert name in out

    before = state()
    again = run_sweep(today=D0 + datetime.timedelta(days=3))
    assert state() == before
    assert "0 thỏa thuận đổi tình trạng, 0 cập nhật hạn" in again
    assert "0 đoàn, hội nghị đổi trạng thái" in again
    assert "0 thay đổi tình hình, 0 bản ghi cập nhật" in again
    assert "0 thay đổi tình trạng." in again

    run_sweep(today=trip.end_date + datetime.timedelta(days=1))
    trip.refresh_from_db()
    assert trip.status == DelegationStatus.RETURNED
    assert list(trip.status_changes.order_by("pk").values_list("new_status", flat=True))[-2:] == [
        DelegationStatus.UNDER_WAY, DelegationStatus.RETURNED]


def test_only_runs_the_named_step(dated):
    expiring, idle, trip = dated
    health_changes = HealthChange.objects.count()
    out = run_sweep(today=D0 + datetime.timedelta(days=3), only="exchanges")
    assert Delegation.objects.get(pk=trip.pk).status == DelegationStatus.UNDER_WAY
    assert Agreement.objects.get(pk=expiring.pk).status == "in_force"
    assert HealthChange.objects.count() == health_changes
    assert out.startswith("exchanges:") and "health:" not in out


def test_an_unknown_step_is_refused_with_the_list_of_steps(world):
    from django.core.management.base import CommandError
    with pytest.raises(CommandError, match="agreements, exchanges, health"):
        run_sweep(only="nothing")


def test_a_sweep_started_while_another_runs_says_so_and_does_nothing(dated):
    expiring, idle, trip = dated
    before = state()
    with HeldLock():
        out = run_sweep(today=D0 + datetime.timedelta(days=3), wait=0)  # exits normally (status 0)
    assert "Một lần quét khác đang chạy" in out
    assert state() == before
    run_sweep(today=D0 + datetime.timedelta(days=3))  # the lock is free again
    assert Agreement.objects.get(pk=expiring.pk).status == "expired"


def test_the_lock_is_released_after_a_sweep(world):
    run_sweep()
    with HeldLock():
        pass


# --- the health rules: the request marks, the sweep re-evaluates ------------------------------------

def test_changing_the_health_rules_marks_a_reevaluation_that_the_next_sweep_carries_out(world, client_for):
    signed = add_months(D0, -4)
    a = agreement_factories.agreement(world.users["officer_a"], world.a, title="Bản ghi nhớ bốn tháng",
                                      signed_on=signed, in_force_on=signed, today=D0)
    from ngoaivu.implementation.models import Plan
    Plan.objects.create(agreement=a, year=D0.year)
    Plan.objects.create(agreement=a, year=D0.year + 1)
    run_sweep()
    assert Agreement.objects.get(pk=a.pk).health == "active"

    client = client_for(world.users["central"])
    response = client.post("/implementation/settings/national/", {
        "dormant_months": 12, "grace_months": 6, "plan_months": 3, "at_risk_months": 3, "overdue_at_risk": "on",
        "due_soon_days": 30, "plan_due_day": 15, "plan_due_month": 11}, follow=True)
    assert response.status_code == 200
    # The request saved the rule but did not re-evaluate (a national re-evaluation outlasts a request).
    assert Agreement.objects.get(pk=a.pk).health == "active"
    job = SweepJob.objects.get(step="health")
    assert job.pending and job.requested_by == world.users["central"]
    page = client.get("/implementation/settings/").content.decode()
    assert "sẽ được tính lại trong lần quét tới" in page

    out = run_sweep(only="exchanges")  # any sweep picks up the asked-for step
    assert "health:" in out
    assert Agreement.objects.get(pk=a.pk).health == "at_risk"
    assert HealthChange.objects.filter(agreement=a, health="at_risk").count() == 1
    job.refresh_from_db()
    assert not job.pending and not job.running and job.finished_at is not None
    assert job.total >= 1 and job.done == job.total
    assert 'data-testid="reevaluation"' not in client.get("/implementation/settings/").content.decode()


def test_the_rules_page_shows_the_progress_of_a_running_reevaluation(world, client_for):
    job = sweep.request_step("health")
    SweepJob.objects.filter(pk=job.pk).update(started_at=timezone.now(), done=2000, total=31000)
    page = client_for(world.users["central"]).get("/implementation/settings/").content.decode()
    assert "Đang tính lại tình hình triển khai theo quy tắc mới… 2.000/31.000 thỏa thuận." in page


def test_a_rule_change_during_a_run_stays_pending_for_the_next_run(world):
    job = sweep.request_step("health")
    SweepJob.objects.filter(pk=job.pk).update(started_at=timezone.now())
    job = sweep.request_step("health")  # asked again while the first run is under way
    assert job.pending and job.running


def test_a_failing_step_does_not_stop_the_others_exits_non_zero_and_its_job_stays_pending(world, monkeypatch):
    from django.core.management.base import CommandError

    from ngoaivu.core.registry import SweepStep

    def broken(run):
        raise RuntimeError("hỏng")

    ran = []
    monkeypatch.setattr(sweep, "SWEEP_STEPS", [
        SweepStep("broken", broken, 1), SweepStep("after", lambda run: ran.append(run.today) or sweep.StepReport(0, "ok"), 2)])
    sweep.request_step("broken")
    out = io.StringIO()
    before = timezone.localdate()  # the run may cross midnight in Hà Nội (17:00 UTC)
    with pytest.raises(CommandError, match="broken"):
        call_command("sweep", stdout=out)
    assert "broken: LỖI" in out.getvalue() and len(ran) == 1 and ran[0] in {before, timezone.localdate()}
    assert SweepJob.objects.get(step="broken").pending


def test_a_job_left_running_by_a_sweep_that_died_is_run_again(world):
    signed = add_months(D0, -14)
    a = agreement_factories.agreement(world.users["officer_a"], world.a, title="Bỏ quên", signed_on=signed, in_force_on=signed, today=D0)
    job = sweep.request_step("health")
    SweepJob.objects.filter(pk=job.pk).update(started_at=timezone.now(), done=5, total=10)  # then the process died
    out = run_sweep(only="sessions")
    assert "health:" in out and Agreement.objects.get(pk=a.pk).health == "dormant"
    job.refresh_from_db()
    assert not job.pending and not job.running


def test_the_register_step_reads_in_a_fixed_number_of_queries_whatever_the_number_of_agreements(world):
    from django.test.utils import CaptureQueriesContext
    officer = world.users["officer_a"]

    def queries():
        run_sweep(only="agreements")  # settle
        with CaptureQueriesContext(connection) as captured:
            run_sweep(only="agreements")
        return len(captured)

    few = queries()
    for i in range(6):
        agreement_factories.agreement(officer, world.a, title=f"Thêm {i}", signed_on=add_months(D0, -3),
                                      in_force_on=add_months(D0, -3), today=D0)
    assert queries() == few
