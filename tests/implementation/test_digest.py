"""The digest: one e-mail per user, only their scope; the notification list shows the same."""
import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import call_command

from ngoaivu.implementation import actions
from ngoaivu.implementation.models import Commitment
from tests.implementation.factories import TODAY, agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def dormant_everywhere(world):
    a = agreement(world.a, title="Thỏa thuận Lạng Sơn bị bỏ quên", signed_months_ago=20)
    b = agreement(world.b, title="Thỏa thuận Đà Nẵng bị bỏ quên", signed_months_ago=20)
    Commitment.objects.create(agreement=a, description="Việc của Sở Công Thương", responsible_unit=world.unit_a,
                              due_on=datetime.date(2026, 1, 1))
    Commitment.objects.create(agreement=a, description="Việc của tỉnh", due_on=datetime.date(2026, 2, 1))
    Commitment.objects.create(agreement=b, description="Việc của Đà Nẵng", due_on=datetime.date(2026, 1, 1))
    actions.sweep(on_day=TODAY)
    return a, b


def test_the_digest_for_a_province_officer_lists_only_their_province(world, dormant_everywhere):
    from ngoaivu.implementation.digest import send_digests
    send_digests(TODAY, users=[world.users["officer_a"]])
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Thỏa thuận Lạng Sơn bị bỏ quên" in body and "Việc của tỉnh" in body
    assert "Đà Nẵng" not in body


def test_the_digest_links_to_the_configured_site(world, dormant_everywhere, settings):
    from ngoaivu.implementation.digest import send_digests
    settings.SITE_URL = "https://ngoaivu.langson.gov.vn/"
    send_digests(TODAY, users=[world.users["officer_a"]])
    body = mail.outbox[0].body
    assert "https://ngoaivu.langson.gov.vn/" in body and "localhost" not in body


def test_the_digest_for_a_unit_officer_lists_only_their_units_commitments(world, dormant_everywhere):
    from ngoaivu.implementation.digest import send_digests
    send_digests(TODAY, users=[world.users["unit_officer"]])
    body = mail.outbox[0].body
    assert "Việc của Sở Công Thương" in body
    assert "Việc của tỉnh" not in body and "Đà Nẵng" not in body


def test_each_user_gets_one_email_even_when_the_digest_runs_twice(world, dormant_everywhere):
    call_command("digest", today=TODAY)
    first = len(mail.outbox)
    call_command("digest", today=TODAY)
    assert len(mail.outbox) == first
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == len(set(recipients))
    assert "officer_a@example.vn" in recipients and "officer_b@example.vn" in recipients


def test_the_notification_list_shows_the_same_as_the_digest(world, dormant_everywhere, client_for, monkeypatch):
    monkeypatch.setattr(actions, "today", lambda: TODAY)
    page = client_for(world.users["officer_b"]).get("/implementation/notifications/").content.decode()
    assert "Thỏa thuận Đà Nẵng bị bỏ quên" in page and "Việc của Đà Nẵng" in page
    assert "Lạng Sơn" not in page


def test_the_sweep_command_reports_and_is_idempotent(world, dormant_everywhere, capsys):
    call_command("sweep", "--today", TODAY.isoformat())
    assert "0 thay đổi" in capsys.readouterr().out


class RefusingBackend(locmem.EmailBackend):
    """The mail server refuses officer_a's address (a mistyped or closed mailbox), takes the others."""

    def send_messages(self, messages):
        for message in messages:
            if "officer_a@example.vn" in message.to:
                raise smtplib.SMTPRecipientsRefused({"officer_a@example.vn": (550, b"5.1.1 mailbox unavailable")})
        return super().send_messages(messages)


def test_one_refused_address_does_not_keep_the_digest_from_everyone_after_it(world, dormant_everywhere, settings):
    """Users are sent in order: a refused address stopped the run there, every day, so everyone after it
    never got a digest. The others get theirs; the refused one is counted and tried again next run."""
    from ngoaivu.implementation.digest import send_digests
    from ngoaivu.implementation.models import DigestLog
    settings.EMAIL_BACKEND = "tests.implementation.test_digest.RefusingBackend"
    result = send_digests(TODAY, users=[world.users["officer_a"], world.users["officer_b"]])
    assert [m.to for m in mail.outbox] == [["officer_b@example.vn"]]
    assert result["sent"] == 1 and result["failed"] == 1
    assert not DigestLog.objects.filter(user=world.users["officer_a"], sent_on=TODAY).exists()
