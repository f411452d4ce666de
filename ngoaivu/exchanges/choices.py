"""Choices of the exchanges app (delegations, conferences), with Vietnamese labels."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.choices import Channel  # noqa: F401  (one set of channels for every app)


class Direction(models.TextChoices):
    OUTBOUND = "out", _("Đoàn ra")
    INBOUND = "in", _("Đoàn vào")



class DelegationLevel(models.TextChoices):
    """Level of the head of the delegation; the provinces' caps on delegation size depend on it."""

    NATIONAL = "national", _("Lãnh đạo cấp quốc gia")
    MINISTER = "minister", _("Cấp bộ trưởng và tương đương")
    LEADER = "leader", _("Người đứng đầu Tỉnh ủy, HĐND, UBND tỉnh")
    DEPUTY = "deputy", _("Cấp phó lãnh đạo tỉnh")
    DEPARTMENT = "department", _("Lãnh đạo sở, ngành, xã (đoàn liên ngành)")
    OTHER = "other", _("Khác")


class ApprovalAuthority(models.TextChoices):
    """Who allows a delegation. Provinces' own rules say which level approves which trip (Politburo
    Regulation 272-QĐ/TW and each province's rules); `rules.delegation_authority` picks the one from the
    province's settings by the head's level and the channel."""

    POLITBURO = "politburo", _("Bộ Chính trị, Ban Bí thư")
    STANDING_COMMITTEE = "standing_committee", _("Ban Thường vụ Tỉnh ủy")
    STANDING_BOARD = "standing_board", _("Thường trực Tỉnh ủy")
    COUNCIL = "council", _("Thường trực HĐND tỉnh")
    PC_CHAIR = "pc_chair", _("Chủ tịch UBND tỉnh")
    OTHER = "other", _("Cấp khác")


class FundingSource(models.TextChoices):
    STATE_BUDGET = "budget", _("Ngân sách nhà nước")
    HOST = "host", _("Phía mời, đối tác chi trả")
    ENTERPRISE = "enterprise", _("Doanh nghiệp tài trợ")
    MIXED = "mixed", _("Kết hợp nhiều nguồn")
    OTHER = "other", _("Nguồn khác")


class DelegationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề xuất")
    APPROVED = "approved", _("Đã phê duyệt")
    UNDER_WAY = "under_way", _("Đang thực hiện")
    RETURNED = "returned", _("Đã kết thúc, chờ báo cáo")
    REPORTED = "reported", _("Đã nộp báo cáo")
    CANCELLED = "cancelled", _("Đã hủy")


DELEGATION_STATUS_COLOURS = {
    DelegationStatus.PROPOSED: "grey", DelegationStatus.APPROVED: "blue", DelegationStatus.UNDER_WAY: "purple",
    DelegationStatus.RETURNED: "orange", DelegationStatus.REPORTED: "green", DelegationStatus.CANCELLED: "grey",
}


class DelegationEventKind(models.TextChoices):
    PLANNED = "planned", _("Lập kế hoạch đoàn")
    APPROVED = "approved", _("Phê duyệt")
    RETURNED = "returned", _("Ghi nhận kết thúc chuyến đi")
    REPORTED = "reported", _("Nộp báo cáo kết quả")
    CANCELLED = "cancelled", _("Hủy đoàn")


class ConferenceKind(models.TextChoices):
    CONFERENCE = "conference", _("Hội nghị")
    SEMINAR = "seminar", _("Hội thảo")
    FORUM = "forum", _("Diễn đàn")
    ROUNDTABLE = "roundtable", _("Tọa đàm")
    OTHER = "other", _("Khác")


class ConferenceForm(models.TextChoices):
    IN_PERSON = "in_person", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    HYBRID = "hybrid", _("Kết hợp trực tiếp và trực tuyến")


class OrganiserKind(models.TextChoices):
    PROVINCE_UNIT = "province_unit", _("Cơ quan, đơn vị của tỉnh")
    VIETNAMESE = "vietnamese", _("Cơ quan, tổ chức Việt Nam khác trên địa bàn")
    FOREIGN = "foreign", _("Cơ quan, tổ chức nước ngoài trên địa bàn")


class ForeignLevel(models.TextChoices):
    """Highest level of the foreign participants (Decision 06/2020, Art. 3)."""

    HEAD_OF_STATE = "head_of_state", _("Nguyên thủ quốc gia")
    HEAD_OF_GOVERNMENT = "head_of_government", _("Người đứng đầu Chính phủ")
    MINISTER = "minister", _("Cấp bộ trưởng và tương đương")
    DEPUTY_MINISTER = "deputy_minister", _("Cấp thứ trưởng và tương đương")
    LOCAL_LEADER = "local_leader", _("Lãnh đạo chính quyền địa phương nước ngoài")
    OTHER = "other", _("Cấp khác (chuyên gia, doanh nghiệp, tổ chức)")
    NONE = "none", _("Không có đại biểu nước ngoài")


class Topic(models.TextChoices):
    """Sensitive topics: any of them brings the conference to the Prime Minister (Decision 06/2020)."""

    SOVEREIGNTY = "sovereignty", _("Chủ quyền, biên giới, lãnh thổ")
    SECURITY = "security", _("An ninh")
    DEFENCE = "defence", _("Quốc phòng")
    ETHNIC_RELIGIOUS = "ethnic_religious", _("Dân tộc, tôn giáo")
    HUMAN_RIGHTS = "human_rights", _("Nhân quyền")
    STATE_SECRETS = "state_secrets", _("Bí mật nhà nước")


class Authority(models.TextChoices):
    PRIME_MINISTER = "pm", _("Thủ tướng Chính phủ")
    CHAIR = "chair", _("Chủ tịch UBND tỉnh")


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", _("Chưa nộp hồ sơ")
    SUBMITTED = "submitted", _("Đã nộp hồ sơ, chờ cho phép")
    APPROVED = "approved", _("Đã được cho phép")
    HELD = "held", _("Đã tổ chức, chờ báo cáo")
    REPORTED = "reported", _("Đã báo cáo")
    CANCELLED = "cancelled", _("Đã hủy")


CONFERENCE_STATUS_COLOURS = {
    ConferenceStatus.PLANNED: "grey", ConferenceStatus.SUBMITTED: "yellow", ConferenceStatus.APPROVED: "blue",
    ConferenceStatus.HELD: "orange", ConferenceStatus.REPORTED: "green", ConferenceStatus.CANCELLED: "grey",
}


class Opinion(models.TextChoices):
    AGREE = "agree", _("Đồng ý")
    CONDITIONS = "conditions", _("Đồng ý, có điều kiện")
    DISAGREE = "disagree", _("Không đồng ý")
