"""Choices of implementation tracking, with Vietnamese labels (English lives in locale/en)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    VIETNAMESE = "vn", _("Phía Việt Nam")
    PARTNER = "partner", _("Phía đối tác")
    JOINT = "joint", _("Hai bên cùng thực hiện")


class Recurrence(models.TextChoices):
    NONE = "none", _("Một lần")
    YEARLY = "yearly", _("Hằng năm")
    QUARTERLY = "quarterly", _("Hằng quý")


class CommitmentStatus(models.TextChoices):
    PENDING = "pending", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    FULFILLED = "fulfilled", _("Đã hoàn thành")
    WAIVED = "waived", _("Không thực hiện nữa")


OPEN_STATUSES = (CommitmentStatus.PENDING, CommitmentStatus.IN_PROGRESS)


class FulfilmentState(models.TextChoices):
    """Four eyes on a commitment's result: the implementing unit proposes it with evidence, a reviewer of
    the foreign-affairs agency (or the reviewer named on the commitment) confirms or returns it. Only a
    confirmed result counts (the commitment's status, health, figures)."""
    PROPOSED = "proposed", _("Chờ xác nhận")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    RETURNED = "returned", _("Bị trả lại")


class ReviewDecision(models.TextChoices):
    CONFIRM = "confirm", _("Xác nhận hoàn thành")
    RETURN = "return", _("Trả lại, chưa đạt")


class Deadline(models.TextChoices):
    """Derived from the due date and today; never stored."""
    NONE = "", _("Không có hạn")
    ON_TRACK = "on_track", _("Còn hạn")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")


class ActivityKind(models.TextChoices):
    MEETING = "meeting", _("Hội đàm, làm việc")
    DELEGATION = "delegation", _("Trao đổi đoàn")
    EVENT = "event", _("Sự kiện")
    TRAINING = "training", _("Đào tạo, tập huấn")
    PROMOTION = "promotion", _("Xúc tiến thương mại, đầu tư")
    PROJECT = "project", _("Dự án")
    AID = "aid", _("Viện trợ")
    OTHER = "other", _("Khác")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    APPROVED = "approved", _("Đã phê duyệt")


class Completion(models.TextChoices):
    """The five-point scale of the Open Government Partnership's Independent Reporting Mechanism."""
    NO_EVIDENCE = "no_evidence", _("Chưa có căn cứ")
    NOT_STARTED = "not_started", _("Chưa bắt đầu")
    LIMITED = "limited", _("Hạn chế")
    SUBSTANTIAL = "substantial", _("Đáng kể")
    COMPLETE = "complete", _("Hoàn thành")


class HealthValue:
    """The values of agreements.choices.Health, used by the pure rules (which import no models)."""
    NA = "na"
    ACTIVE = "active"
    AT_RISK = "at_risk"
    DORMANT = "dormant"


HEALTH_COLOURS = {"na": "grey", "active": "green", "at_risk": "yellow", "dormant": "red"}
COMPLETION_COLOURS = {"no_evidence": "grey", "not_started": "red", "limited": "yellow",
                      "substantial": "blue", "complete": "green"}
