from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    COUNT = "count", _("số lượng")
    USD = "usd", _("USD")
    PERSONS = "persons", _("người")
    PERCENT = "percent", _("%")


# Counted things (agreements, projects) and people: "2,5" was kept as 2.5 and shown rounded as "3". The
# grid, the targets and the import refuse a fraction of them; the exports write them as integers.
WHOLE_UNITS = (Unit.COUNT, Unit.PERSONS)


def whole_error(label):
    return _("%(label)s: nhập số nguyên (chỉ số này đếm số lượng, không có phần thập phân).") % {"label": label}


class Method(models.TextChoices):
    """How an indicator's values are obtained."""

    COMPUTED = "computed", _("Tính từ sổ theo dõi")
    ENTERED = "entered", _("Nhập số liệu")


class Aggregation(models.TextChoices):
    """How the values of the years inside a longer period make the period's value."""

    SUM = "sum", _("Cộng dồn các năm trong kỳ")
    LAST = "last", _("Giá trị cuối kỳ")


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Năm")
    HALF = "half", _("6 tháng")
    QUARTER = "quarter", _("Quý")
    SPAN = "span", _("Nhiều năm")


class Computation(models.TextChoices):
    """The register counts a computed indicator reads (see indicators.computed)."""

    AGREEMENTS_SIGNED = "agreements_signed", _("Thỏa thuận ký trong kỳ")
    AGREEMENTS_IN_FORCE = "agreements_in_force", _("Thỏa thuận đang có hiệu lực")
    AGREEMENTS_ACTIVE_SHARE = "agreements_active_share", _("Tỷ lệ thỏa thuận có hoạt động")
    AGREEMENTS_DORMANT = "agreements_dormant", _("Thỏa thuận không có hoạt động")
    DELEGATIONS_OUT = "delegations_out", _("Đoàn ra")
    DELEGATIONS_IN = "delegations_in", _("Đoàn vào")
    CONFERENCES = "conferences", _("Hội nghị, hội thảo quốc tế")
    ACTIVITIES = "activities", _("Hoạt động triển khai")
    INVESTMENT_PLEDGED = "investment_pledged", _("Vốn đầu tư cam kết ghi trên hoạt động")
    INVESTMENT_DISBURSED = "investment_disbursed", _("Vốn đầu tư giải ngân ghi trên hoạt động")
    AID = "aid", _("Viện trợ ghi trên hoạt động")


class TargetStatus(models.TextChoices):
    ACHIEVED = "achieved", _("Đã đạt")
    ON_TRACK = "on_track", _("Đúng tiến độ")
    BEHIND = "behind", _("Chậm tiến độ")
    NO_DATA = "no_data", _("Chưa có số liệu")


class ExchangeKind(models.TextChoices):
    """What a row of the kept yearly counts of exchanges (`ExchangeYearTotal`) counts."""

    DELEGATION = "delegation", _("Đoàn ra, đoàn vào")
    CONFERENCE = "conference", _("Hội nghị, hội thảo")
