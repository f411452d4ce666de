"""Count failed log-ins; lock the account after LOCKOUT_ATTEMPTS in a row."""
import datetime

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone


@receiver(user_login_failed)
def count_failed_login(sender, credentials, request=None, **kwargs):
    from ngoaivu.core.models import User
    username = (credentials or {}).get("username")
    if not username:
        return
    User.objects.filter(username=username).update(failed_logins=F("failed_logins") + 1)
    User.objects.filter(username=username, failed_logins__gte=settings.LOCKOUT_ATTEMPTS).update(
        locked_until=timezone.now() + datetime.timedelta(minutes=settings.LOCKOUT_MINUTES), failed_logins=0)


@receiver(user_logged_in)
def reset_failed_logins(sender, user, request=None, **kwargs):
    if user.failed_logins or user.locked_until:
        type(user).objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
