"""The daily digest: each user gets ONE e-mail with what needs their attention in their scope — the
same sections as the in-app list of things to do (ngoaivu.core.attention)."""
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ngoaivu.core.models import User
from ngoaivu.core.attention import attention
from ngoaivu.implementation.models import DigestLog

logger = logging.getLogger(__name__)


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def build(user, on_day):
    """(subject, text, html) or None when nothing needs the user's attention."""
    sections = attention(user, on_day)
    if not sections:
        return None
    total = sum(s.total for s in sections)
    subject = ngettext("[Ngoại vụ] %(n)s việc cần chú ý ngày %(day)s", "[Ngoại vụ] %(n)s việc cần chú ý ngày %(day)s",
                       total) % {"n": total, "day": on_day.strftime("%d/%m/%Y")}
    from ngoaivu.implementation.queries import by_urgency
    ctx = {"user": user, "sections": sections, "urgency": by_urgency(sections), "site": site_url(), "day": on_day}
    return subject, render_to_string("implementation/digest.txt", ctx), render_to_string("implementation/digest.html", ctx)


def send_digests(on_day, users=None, dry_run=False, stdout=None) -> dict:
    """Send today's digest to every active user with an e-mail address, at most once a day each."""
    sent = skipped = empty = failed = 0
    users = users if users is not None else User.objects.filter(is_active=True).exclude(email="").order_by("pk")
    for user in users:
        with translation.override("vi"):
            message = build(user, on_day)
        if message is None:
            empty += 1
            continue
        if dry_run:
            sent += 1
            if stdout:
                stdout.write(f"{user.username}: {message[0]}")
            continue
        try:
            # Claim the (user, day) first: a second digest run at the same time cannot send it again.
            with transaction.atomic():
                log = DigestLog.objects.create(user=user, sent_on=on_day,
                                               items=sum(s.total for s in attention(user, on_day)))
        except IntegrityError:
            skipped += 1
            continue
        try:
            mail = EmailMultiAlternatives(message[0], message[1], settings.DEFAULT_FROM_EMAIL, [user.email])
            mail.attach_alternative(message[2], "text/html")
            mail.send()
        except Exception:
            # One refused address (a closed mailbox, a typo) or a failed connection must not stop the run:
            # the users after it, in the same order every day, never got a digest. Counted, logged, and
            # tried again by the next run (its claim is dropped).
            log.delete()
            logger.exception("digest to user %s not sent", user.pk)
            failed += 1
            continue
        sent += 1
    return {"sent": sent, "already_sent": skipped, "nothing_to_say": empty, "failed": failed}
