"""Choices of the documents app, with Vietnamese labels (English lives in locale/en)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """The documents ngoaivu writes (Decree 30/2020 layout); each has its own builder in documents.py."""

    OPINION_REQUEST = "opinion_request", _("Công văn xin ý kiến dự thảo thỏa thuận")
    PM_REPORT = "pm_report", _("Báo cáo Thủ tướng về việc ký kết thỏa thuận (bản sao gửi Bộ Ngoại giao)")
    YEARLY_AGREEMENTS = "yearly_agreements", _("Báo cáo hằng năm về ký kết và thực hiện thỏa thuận quốc tế")
    EXTERNAL_AFFAIRS = "external_affairs", _("Báo cáo công tác đối ngoại 6 tháng, năm")
    DELEGATION_RESULTS = "delegation_results", _("Báo cáo kết quả chuyến công tác của đoàn")


# What each kind is about: an agreement, a delegation or a period of the province.
NEEDS_AGREEMENT = {DocumentKind.OPINION_REQUEST, DocumentKind.PM_REPORT}
NEEDS_DELEGATION = {DocumentKind.DELEGATION_RESULTS}
NEEDS_YEAR = {DocumentKind.YEARLY_AGREEMENTS, DocumentKind.EXTERNAL_AFFAIRS}


class Period(models.TextChoices):
    FIRST_HALF = "h1", _("6 tháng đầu năm")
    YEAR = "year", _("Cả năm")


class JobState(models.TextChoices):
    """A PDF conversion job: asked for by a request, done by the sweep (LibreOffice runs outside requests)."""

    PENDING = "pending", _("Đang chờ chuyển")
    RUNNING = "running", _("Đang chuyển")
    DONE = "done", _("Đã có bản PDF")
    FAILED = "failed", _("Lỗi khi chuyển")


JOB_COLOURS = {"pending": "yellow", "running": "blue", "done": "green", "failed": "red"}
