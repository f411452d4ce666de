from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    FREE = "free", _("Báo cáo tự do (văn bản, tệp đính kèm)")
    STRUCTURED = "structured", _("Báo cáo theo mẫu (chỉ tiêu, bảng số liệu)")


class FieldType(models.TextChoices):
    NUMBER = "number", _("Số liệu")
    TEXT = "text", _("Nội dung")
    TABLE = "table", _("Bảng (dòng, số liệu)")


class ReturnStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Trả lại để bổ sung")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


RETURN_COLOURS = {"not_started": "grey", "draft": "yellow", "submitted": "blue", "returned": "orange",
                  "accepted": "green"}
# Waiting for the province: past the deadline in one of these, a return is overdue.
OPEN_STATUSES = (ReturnStatus.NOT_STARTED, ReturnStatus.DRAFT, ReturnStatus.RETURNED)


def return_overdue(status, due_on, today) -> bool:
    """Whether a return in `status` of a request due on `due_on` is overdue on `today`."""
    return status in OPEN_STATUSES and due_on < today


class Frequency(models.TextChoices):
    YEARLY = "yearly", _("Hằng năm")
    HALF_YEARLY = "half_yearly", _("Sáu tháng")


class Verdict(models.TextChoices):
    AGREE = "agree", _("Đồng ý")
    AGREE_WITH_COMMENTS = "agree_comments", _("Đồng ý, có ý kiến")
    DISAGREE = "disagree", _("Không đồng ý")


class OpinionStatus(models.TextChoices):
    WAITING = "waiting", _("Chưa soạn")
    DRAFT = "draft", _("Đang soạn")
    ISSUED = "issued", _("Đã ban hành")
