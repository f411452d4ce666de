"""Core's steps of `ngoaivu sweep`: expired sessions are deleted (Django leaves them in the table), and so are
the import previews nobody confirmed within a day (they keep the rows of the uploaded file) and the stored
files no record holds (core.files.remove_unreferenced)."""
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.core.sweep import StepReport


def clear_expired_sessions(run) -> StepReport:
    deleted, _by_model = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return StepReport(0, _("%(n)d phiên đăng nhập hết hạn đã xóa") % {"n": deleted})


def clear_stale_imports(run) -> StepReport:
    from ngoaivu.core.import_runs import forget_stale
    return StepReport(0, _("%(n)d bản xem trước nhập tệp bỏ dở đã xóa") % {"n": forget_stale()})


def clear_unreferenced_files(run) -> StepReport:
    from ngoaivu.core.files import remove_unreferenced
    removed, size = remove_unreferenced(settings.ORPHAN_FILE_GRACE_HOURS * 3600)
    return StepReport(0, _("%(n)d tệp không hồ sơ nào giữ đã xóa (%(bytes)d byte)") % {"n": removed, "bytes": size})
