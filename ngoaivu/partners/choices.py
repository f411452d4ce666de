"""Choices of the partner directory, with Vietnamese labels."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    LOCAL_GOVERNMENT = "local_gov", _("Chính quyền địa phương nước ngoài")
    GOVERNMENT_AGENCY = "gov_agency", _("Cơ quan chính phủ, bộ, ngành")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    UNIVERSITY = "university", _("Trường đại học, viện nghiên cứu")
    NGO = "ngo", _("Tổ chức phi chính phủ")
    INTERNATIONAL_ORG = "intl_org", _("Tổ chức quốc tế")
    INDIVIDUAL = "individual", _("Cá nhân")
    OTHER = "other", _("Khác")


class WarningCategory(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("Nhà đầu tư không đủ năng lực")
    OUTDATED_TECH = "outdated_tech", _("Công nghệ lạc hậu")
    ENVIRONMENT = "environment", _("Rủi ro môi trường")
    DISPUTE = "dispute", _("Tranh chấp thương mại, pháp lý")
    SECURITY = "security", _("Vấn đề an ninh")
    OTHER = "other", _("Khác")


class WarningSeverity(models.TextChoices):
    HIGH = "high", _("Cao")
    MEDIUM = "medium", _("Trung bình")
    LOW = "low", _("Thấp")
