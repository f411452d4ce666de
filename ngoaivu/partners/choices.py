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
