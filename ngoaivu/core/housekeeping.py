"""Core's step of `ngoaivu sweep`: expired sessions are deleted (Django leaves them in the table)."""
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.core.sweep import StepReport


def clear_expired_sessions(run) -> StepReport:
    deleted, _by_model = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return StepReport(0, _("%(n)d phiên đăng nhập hết hạn đã xóa") % {"n": deleted})
