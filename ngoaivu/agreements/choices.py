"""Choices of the agreement register, with Vietnamese labels (English lives in locale/en)."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.choices import Channel  # noqa: F401  (one set of channels for every app)


class AgreementForm(models.TextChoices):
    """Names allowed by Art. 6 of Law 70/2020 (never the treaty names)."""

    AGREEMENT = "thoa_thuan", _("Thỏa thuận")
    MOU = "ban_ghi_nho", _("Bản ghi nhớ")
    LETTER_OF_INTENT = "y_dinh_thu", _("Ý định thư")
    RECORD_OF_AGREEMENT = "bien_ban_thoa_thuan", _("Biên bản thỏa thuận")
    RECORD_OF_DISCUSSION = "bien_ban_trao_doi", _("Biên bản trao đổi")
    COOPERATION_PROGRAMME = "chuong_trinh", _("Chương trình hợp tác")
    COOPERATION_PLAN = "ke_hoach", _("Kế hoạch hợp tác")
    TWINNING = "ket_nghia", _("Kết nghĩa, thiết lập quan hệ hữu nghị")
    COMMUNIQUE = "thong_cao", _("Thông cáo")
    DECLARATION = "tuyen_bo", _("Tuyên bố")
    OTHER = "other", _("Tên gọi khác")


class DatePrecision(models.TextChoices):
    """How much of a date is known: old registers often know only the year or the month of signing."""

    DAY = "day", _("Ngày, tháng, năm")
    MONTH = "month", _("Chỉ biết tháng, năm")
    YEAR = "year", _("Chỉ biết năm")


class ParentRelation(models.TextChoices):
    AMENDMENT = "amendment", _("Sửa đổi, bổ sung")
    EXTENSION = "extension", _("Gia hạn")
    REPLACEMENT = "replacement", _("Thay thế")


class AgreementStatus(models.TextChoices):
    """Derived from events and dates (see status.py), never typed."""

    PROPOSED = "proposed", _("Đang đề xuất")
    CONSULTING = "consulting", _("Đang lấy ý kiến")
    AWAITING_PM = "awaiting_pm", _("Chờ ý kiến Thủ tướng")
    REFUSED = "refused", _("Không được chấp thuận")
    APPROVED = "approved", _("Đã được phê duyệt, chờ ký")
    SIGNED = "signed", _("Đã ký, chưa có hiệu lực")
    IN_FORCE = "in_force", _("Đang có hiệu lực")
    SUSPENDED = "suspended", _("Tạm đình chỉ")
    TERMINATED = "terminated", _("Đã chấm dứt")
    WITHDRAWN = "withdrawn", _("Đã rút khỏi")
    EXPIRED = "expired", _("Đã hết hiệu lực")


# Statuses a historical record can be known to be in without a signing date.
SIGNED_STATUSES = {"signed", "in_force", "suspended", "terminated", "withdrawn", "expired"}

# Tag colour of each status (words always shown; colour only helps scanning).
STATUS_COLOURS = {
    "proposed": "grey", "consulting": "blue", "awaiting_pm": "purple", "refused": "red", "approved": "blue",
    "signed": "yellow", "in_force": "green", "suspended": "orange", "terminated": "grey", "withdrawn": "grey",
    "expired": "grey",
}


class Health(models.TextChoices):
    """Filled by the implementation app (issue 5); the register only stores it."""

    NA = "na", _("Không áp dụng")
    ACTIVE = "active", _("Đang triển khai")
    AT_RISK = "at_risk", _("Có nguy cơ")
    DORMANT = "dormant", _("Ký rồi để đấy")


class EventKind(models.TextChoices):
    PROPOSED = "proposed", _("Đề xuất ký kết")
    OPINION_REQUESTED = "opinion_requested", _("Gửi xin ý kiến")
    OPINION_RECEIVED = "opinion_received", _("Nhận ý kiến")
    REFERRED_TO_PM = "referred_to_pm", _("Trình Thủ tướng Chính phủ")
    PM_CONSENT = "pm_consent", _("Thủ tướng đồng ý")
    PM_REFUSAL = "pm_refusal", _("Thủ tướng không đồng ý")
    APPROVED = "approved", _("Phê duyệt ký kết")
    SIGNED = "signed", _("Ký kết")
    REPORTED = "reported", _("Đã báo cáo Thủ tướng và gửi bản sao cho Bộ Ngoại giao")
    ENTERED_INTO_FORCE = "entered_into_force", _("Có hiệu lực")
    AMENDED = "amended", _("Sửa đổi, bổ sung")
    EXTENDED = "extended", _("Gia hạn")
    SUSPENDED = "suspended", _("Tạm đình chỉ thực hiện")
    RESUMED = "resumed", _("Tiếp tục thực hiện")
    TERMINATED = "terminated", _("Chấm dứt hiệu lực")
    WITHDRAWN = "withdrawn", _("Rút khỏi thỏa thuận")
    EXPIRED = "expired", _("Hết hiệu lực")


class Opinion(models.TextChoices):
    """A consultee's answer. Anything but DISAGREE counts as agreement in the status derivation; an agreement
    with comments is kept apart so the province sees that there are comments to act on."""
    AGREE = "agree", _("Đồng ý")
    # "commented" and not a longer name: the stored field is 10 characters wide.
    AGREE_WITH_COMMENTS = "commented", _("Đồng ý, có ý kiến")
    DISAGREE = "disagree", _("Không đồng ý")


class DocumentKind(models.TextChoices):
    SIGNED_TEXT = "signed_text", _("Văn bản đã ký")
    TRANSLATION = "translation", _("Bản dịch")
    DRAFT = "draft", _("Dự thảo")
    LETTER = "letter", _("Công văn liên quan")
    OPINION = "opinion", _("Văn bản góp ý")
    REPORT = "report", _("Báo cáo")
    OTHER = "other", _("Khác")


class DeadlineKind(models.TextChoices):
    OPINION = "opinion", _("Trả lời ý kiến")
    MOFA_COPY = "mofa_copy", _("Báo cáo Thủ tướng, gửi bản sao cho Bộ Ngoại giao")
    EXPIRY = "expiry", _("Hết hạn")


class DeadlineState(models.TextChoices):
    OVERDUE = "overdue", _("Quá hạn")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    ANY = "any", _("Có thời hạn đang mở")


class SignatoryLevel(models.TextChoices):
    """Who signs on the Vietnamese side decides whom the province must consult (Law 70 Arts. 18–19 for the
    People's Committee and Council; Decree 64/2021 and each province's procedure for a Sở or a commune)."""

    PROVINCE = "province", _("UBND, HĐND tỉnh")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    COMMUNE = "commune", _("UBND xã biên giới, huyện cũ")


class ConsultCondition(models.TextChoices):
    """When a body on a consultee list must be asked."""

    ALWAYS = "always", _("Luôn xin ý kiến")
    DEFENCE = "defence", _("Khi liên quan đến quốc phòng")
    SECURITY = "security", _("Khi liên quan đến an ninh, trật tự")
    INVESTMENT = "investment", _("Khi liên quan đến đầu tư")
    SENSITIVE = "sensitive", _("Khi nội dung phức tạp, nhạy cảm")
