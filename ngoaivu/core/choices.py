"""Choices of the core app, with Vietnamese labels (msgids are Vietnamese; English lives in locale/en)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class LocalityKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    CITY = "city", _("Thành phố trực thuộc trung ương")


class LocalityFactKind(models.TextChoices):
    """What a dated fact about a locality says."""

    KIND = "kind", _("Loại đơn vị hành chính")
    NAME = "name", _("Tên")
    SUCCESSOR = "successor", _("Đơn vị kế thừa")


class UnitKind(models.TextChoices):
    PEOPLES_COMMITTEE = "pc", _("Ủy ban nhân dân tỉnh/thành phố")
    PEOPLES_COUNCIL = "council", _("Hội đồng nhân dân tỉnh/thành phố")
    PC_OFFICE = "pc_office", _("Văn phòng UBND tỉnh/thành phố")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    PARTY_COMMITTEE = "party", _("Tỉnh ủy/Thành ủy")
    SOCIO_POLITICAL = "socio_political", _("Tổ chức chính trị - xã hội")
    DISTRICT_PC = "district_pc", _("UBND cấp huyện (trước 01/7/2025)")
    COMMUNE_PC = "commune_pc", _("UBND xã, phường, đặc khu")
    OTHER = "other", _("Khác")


class ScopeKind(models.TextChoices):
    CENTRE = "centre", _("Trung ương")
    LOCALITY = "locality", _("Tỉnh, thành phố")
    UNIT = "unit", _("Cơ quan, đơn vị trong tỉnh")
    MISSION = "mission", _("Cơ quan đại diện ở nước ngoài")


class MissionKind(models.TextChoices):
    """What a Vietnamese representative mission abroad is (cơ quan đại diện, Law 33/2009/QH12, art. 5)."""

    EMBASSY = "embassy", _("Đại sứ quán")
    CONSULATE_GENERAL = "consulate", _("Tổng Lãnh sự quán")
    PERMANENT_MISSION = "permanent", _("Phái đoàn thường trực")


class Role(models.TextChoices):
    MANAGER = "manager", _("Quản lý")
    OFFICER = "officer", _("Chuyên viên")
    VIEWER = "viewer", _("Chỉ xem")


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("Nội bộ (đơn vị sở hữu và trung ương)")
    NATIONAL = "national", _("Toàn quốc (mọi người dùng đã đăng nhập)")
    PUBLIC = "public", _("Công khai (dữ liệu mở)")


class CalendarDayKind(models.TextChoices):
    DAY_OFF = "off", _("Ngày nghỉ bổ sung")
    WORKING_DAY = "work", _("Ngày làm việc bù")


class Channel(models.TextChoices):
    """The three channels of external affairs a province manages as one (Conclusion 33-KL/TW)."""

    PARTY = "party", _("Đối ngoại Đảng")
    STATE = "state", _("Ngoại giao Nhà nước")
    PEOPLE = "people", _("Đối ngoại nhân dân")


class JobState(models.TextChoices):
    """A background job's state (core.jobs): asked for by a request, done by `ngoaivu worker` or the sweep."""

    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang làm")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không thành công")
