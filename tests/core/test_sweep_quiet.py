"""The sweep's own alarm: every step's run is written down (when it last went through, when it last failed and
why), and the administrators' to-do list (and so their daily digest) names the steps that have not gone
through for NGOAIVU_SWEEP_QUIET_HOURS — cron no longer calling it, a lock left taken, a step failing each time
— since nothing else would say that every date-driven state has stopped moving."""
import dataclasses
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from ngoaivu.core import sweep
from ngoaivu.core.attention import attention
from ngoaivu.core.models import SweepJob, User
from ngoaivu.core.registry import SWEEP_STEPS

pytestmark = pytest.mark.django_db


def _quiet(user):
    return [s for s in attention(user, timezone.localdate()) if s.key == "sweep_quiet"]


@pytest.fixture
def root(world):
    return User.objects.create_superuser("root_sweep", "root@example.vn", "pw-root-sweep-2026!")


def test_each_step_run_is_written_down_and_a_failing_step_keeps_its_last_good_run(world):
    before = timezone.now()
    call_command("sweep", stdout=io.StringIO())
    jobs = SweepJob.objects.in_bulk(field_name="step")
    assert set(jobs) == {step.name for step in SWEEP_STEPS}
    assert all(job.last_ok_at >= before and job.last_failed_at is None and not job.requested_at
               for job in jobs.values())
    good = jobs["sessions"].last_ok_at

    def broken(run):
        raise RuntimeError("máy chủ thư hết chỗ")
    index = next(i for i, s in enumerate(SWEEP_STEPS) if s.name == "sessions")
    original = SWEEP_STEPS[index]
    SWEEP_STEPS[index] = dataclasses.replace(original, func=broken)
    try:
        with pytest.raises(CommandError, match="sessions"):  # the command fails, so cron mails its output
            call_command("sweep", only="sessions", stdout=io.StringIO())
    finally:
        SWEEP_STEPS[index] = original
    job = SweepJob.objects.get(step="sessions")
    assert job.last_ok_at == good and job.last_failed_at > good
    assert "máy chủ thư hết chỗ" in job.last_error
    # A step written down is not a step asked for: the next sweep has nothing pending.
    assert not sweep._pending_jobs().exists()


def test_the_administrator_is_told_which_steps_went_quiet_and_nobody_else_is(world, root, settings, client_for):
    # Never run: every step is named.
    section, = _quiet(root)
    assert section.total == len(SWEEP_STEPS)
    assert all("chưa chạy xong lần nào" in item["title"] for item in section.items)

    call_command("sweep", stdout=io.StringIO())
    assert _quiet(root) == []

    # The health step last went through 27 hours ago, and failed since: named with its time and its error.
    long_ago = timezone.now() - datetime.timedelta(hours=settings.SWEEP_QUIET_HOURS + 1)
    SweepJob.objects.filter(step="health").update(last_ok_at=long_ago, last_failed_at=timezone.now(),
                                                  last_error="OperationalError('hết thời gian chờ khóa')")
    section, = _quiet(root)
    item, = section.items
    assert f"{timezone.localtime(long_ago):%d/%m/%Y %H:%M}" in item["title"]
    assert "hết thời gian chờ khóa" in item["detail"]
    assert item["url"] == reverse("admin:core_sweepjob_changelist")

    page = client_for(root).get(reverse("implementation:notifications")).content.decode()
    assert "Lượt quét tự động không chạy" in page and "hết thời gian chờ khóa" in page
    assert client_for(root).get(item["url"]).status_code == 200  # the admin lists the steps' last runs

    for name in ("central_manager", "central", "officer_a", "mission_officer"):
        assert _quiet(world.users[name]) == [], name
        page = client_for(world.users[name]).get(reverse("implementation:notifications")).content.decode()
        assert "Lượt quét tự động" not in page, name

    client = client_for(root)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("implementation:notifications")).content.decode()
    assert "Automatic sweep not running" in page and "last completed at" in page


def test_the_administrators_digest_opens_with_the_quiet_sweep(world, root):
    from django.core import mail

    from ngoaivu.implementation import actions
    from ngoaivu.implementation.digest import send_digests
    from tests.implementation.factories import agreement
    agreement(world.a, title="Thỏa thuận bị bỏ quên", signed_months_ago=20)  # something else to tell too
    actions.sweep(on_day=timezone.localdate())  # its health alone, not the sweep's steps
    send_digests(timezone.localdate(), users=[root])
    message, = mail.outbox
    alarm = message.body.index("LƯỢT QUÉT TỰ ĐỘNG KHÔNG CHẠY")
    assert all(f"Bước “{step.label}” chưa chạy xong lần nào" in message.body for step in SWEEP_STEPS)
    html = message.alternatives[0][0]
    assert html.index("Lượt quét tự động không chạy") < html.index("Xem tất cả việc cần làm")
    # Before any other section of the e-mail.
    assert 0 <= alarm < message.body.index("Thỏa thuận bị bỏ quên")
