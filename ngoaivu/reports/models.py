"""Official documents in the Decree 30/2020 layout: the province's issuer settings, the drafts officers
write (narrative sections kept with history), the files generated from them and the PDF jobs."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ngoaivu.core.files import ScopedFileField
from ngoaivu.core.scoping import ScopedModel
from ngoaivu.reports.choices import JOB_COLOURS, DocumentKind, JobState, Period

# The years a report can be about: a typo such as 20266 is refused where it is typed (form, API), not found
# when the document is generated (a date of that year cannot be made).
YEAR_MIN, YEAR_MAX = 2000, 2100
YEAR_MESSAGE = _("Năm báo cáo: nhập năm từ 2000 đến 2100, ví dụ 2026")


def recipient_lines(text: str) -> list[str]:
    """A "Nơi nhận" text as its lines, each without the list's dashes and semicolons; blank lines dropped."""
    return [line.strip(" -;") for line in text.splitlines() if line.strip(" -;")]


class IssuerSettings(ScopedModel):
    """Who issues a province's documents: the header's bodies, the number's symbol, the signer, the place
    and the usual recipients. One row per province, edited by the province; a blank row gives defaults
    derived from the province's name (see `actions.settings_for`).

    Two issuers: the province's foreign-affairs agency (parent body, issuing body, symbol, signer) issues most
    documents; the provincial People's Committee itself issues the report to the Prime Minister on an
    agreement signed in its name (Law 70/2020 Arts. 18–19), with its own symbol and signature block
    (`committee_*`, Decree 30/2020: "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH")."""

    SCOPE_LOCALITY = "locality"

    locality = models.OneToOneField("core.Locality", models.CASCADE, related_name="issuer_settings",
                                    verbose_name=_("tỉnh, thành phố"))
    parent_body = models.CharField(_("cơ quan chủ quản"), max_length=200,
                                   help_text=_("Ví dụ: UBND TỈNH LẠNG SƠN (in hoa trên tiêu đề)"))
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200,
                                    help_text=_("Ví dụ: SỞ NGOẠI VỤ; nơi không có Sở Ngoại vụ: VĂN PHÒNG UBND TỈNH"))
    symbol = models.CharField(_("chữ viết tắt tên cơ quan"), max_length=40,
                              help_text=_("Phần sau loại văn bản trong số, ký hiệu; ví dụ: SNgV → Số: 12/BC-SNgV"))
    place_name = models.CharField(_("địa danh"), max_length=80, help_text=_("Ví dụ: Lạng Sơn"))
    authority_line = models.CharField(_("quyền hạn ký"), max_length=80, blank=True, default="KT. GIÁM ĐỐC",
                                      help_text=_("Ví dụ: KT. GIÁM ĐỐC; để trống khi người đứng đầu ký"))
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, default="PHÓ GIÁM ĐỐC")
    signer_name = models.CharField(_("họ tên người ký"), max_length=150, blank=True)
    committee_symbol = models.CharField(
        _("chữ viết tắt tên UBND tỉnh"), max_length=40, default="UBND",
        help_text=_("Cho văn bản UBND tỉnh ban hành (báo cáo Thủ tướng); ví dụ: UBND → Số: 12/BC-UBND"))
    committee_collective_line = models.CharField(
        _("dòng thay mặt tập thể (UBND tỉnh)"), max_length=80, blank=True, default="TM. ỦY BAN NHÂN DÂN",
        help_text=_("Dòng đầu khối chữ ký của văn bản UBND tỉnh ban hành, ví dụ: TM. ỦY BAN NHÂN DÂN"))
    committee_authority_line = models.CharField(
        _("quyền hạn ký (UBND tỉnh)"), max_length=80, blank=True, default="KT. CHỦ TỊCH",
        help_text=_("Ví dụ: KT. CHỦ TỊCH; để trống khi Chủ tịch ký"))
    committee_signer_title = models.CharField(_("chức vụ người ký (UBND tỉnh)"), max_length=120,
                                              default="PHÓ CHỦ TỊCH")
    committee_signer_name = models.CharField(_("họ tên người ký (UBND tỉnh)"), max_length=150, blank=True)
    recipients = models.TextField(_("nơi nhận thường dùng"), blank=True,
                                  help_text=_("Mỗi dòng một nơi nhận; thêm vào sau các nơi nhận riêng của từng văn bản"))
    archive_line = models.CharField(_("dòng lưu"), max_length=80, default="Lưu: VT",
                                    help_text=_("Dòng cuối của “Nơi nhận”, ví dụ: Lưu: VT, HTQT"))
    template = ScopedFileField(_("mẫu Word của tỉnh"), blank=True,
                               help_text=_("Tệp .docx có khổ giấy, lề, kiểu chữ của tỉnh; để trống dùng mẫu Nghị định 30/2020"))
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("thông tin ban hành văn bản")
        verbose_name_plural = _("thông tin ban hành văn bản")

    def __str__(self):
        return f"{self.issuing_body} — {self.parent_body}"

    def recipient_lines(self) -> list[str]:
        return recipient_lines(self.recipients)




class DocumentDraft(ScopedModel):
    """A document an officer prepares: its kind and subject (an agreement, a delegation or a period), the
    number and date it will carry, and the narrative sections written in the app around the tables and
    figures ngoaivu fills in. Every save is kept in its history; each generation stores the files."""

    SCOPE_LOCALITY = "locality"
    SCOPE_OWN = "the province's own document; the agreement or delegation it reports on is only its subject"

    locality = models.ForeignKey("core.Locality", models.PROTECT, related_name="document_drafts",
                                 verbose_name=_("tỉnh, thành phố"))
    kind = models.CharField(_("loại văn bản"), max_length=24, choices=DocumentKind.choices)
    agreement = models.ForeignKey("agreements.Agreement", models.CASCADE, null=True, blank=True,
                                  related_name="document_drafts", verbose_name=_("thỏa thuận"))
    delegation = models.ForeignKey("exchanges.Delegation", models.CASCADE, null=True, blank=True,
                                   related_name="document_drafts", verbose_name=_("đoàn"))
    year = models.PositiveSmallIntegerField(_("năm báo cáo"), null=True, blank=True, validators=[
        MinValueValidator(YEAR_MIN, YEAR_MESSAGE), MaxValueValidator(YEAR_MAX, YEAR_MESSAGE)])
    period = models.CharField(_("kỳ báo cáo"), max_length=4, choices=Period.choices, default=Period.YEAR)
    number = models.CharField(_("số văn bản"), max_length=20, blank=True,
                              help_text=_("Để trống nếu văn thư cấp số khi phát hành"))
    issued_on = models.DateField(_("ngày văn bản"))
    opening = models.TextField(_("phần mở đầu, căn cứ"), blank=True)
    assessment = models.TextField(_("đánh giá, nhận xét"), blank=True)
    proposals = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    extra_recipients = models.TextField(_("nơi nhận riêng"), blank=True, help_text=_("Mỗi dòng một nơi nhận"))

    docx = ScopedFileField(_("tệp Word"), blank=True, editable=False)
    xlsx = ScopedFileField(_("phụ lục Excel"), blank=True, editable=False)
    pdf = ScopedFileField(_("tệp PDF"), blank=True, editable=False)
    generated_at = models.DateTimeField(_("tạo tệp lúc"), null=True, blank=True, editable=False)

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người tạo"))
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "docx", "xlsx", "pdf"])

    class Meta:
        verbose_name = _("dự thảo văn bản")
        verbose_name_plural = _("dự thảo văn bản")
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.subject}"

    def get_absolute_url(self):
        return reverse("reports:draft_detail", args=[self.pk])

    @property
    def subject(self) -> str:
        if self.agreement_id:
            return str(self.agreement)
        if self.delegation_id:
            return str(self.delegation)
        if self.year:
            return f"{self.get_period_display()} {self.year}" if self.kind == DocumentKind.EXTERNAL_AFFAIRS \
                else str(self.year)
        return ""

    def recipient_lines(self) -> list[str]:
        return recipient_lines(self.extra_recipients)

    @property
    def last_job(self):
        return self.pdf_jobs.order_by("-requested_at", "-pk").first()


class PdfJob(ScopedModel):
    """One conversion of a draft's Word file to PDF, asked for by a request and run by the sweep's
    `reports` step: LibreOffice takes seconds (more on a busy server), too long to hold a web request."""

    SCOPE_PARENT = "draft"

    draft = models.ForeignKey(DocumentDraft, models.CASCADE, related_name="pdf_jobs", verbose_name=_("văn bản"))
    state = models.CharField(_("trạng thái"), max_length=8, choices=JobState.choices, default=JobState.PENDING)
    error = models.TextField(_("lỗi"), blank=True)
    requested_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("người yêu cầu"))
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    seconds = models.FloatField(_("thời gian chuyển (giây)"), null=True, blank=True)
    # When an editor of the province first looked at the finished job (the draft's page or its PDF): until
    # then the to-do list says the PDF is ready or failed.
    seen_at = models.DateTimeField(_("đã xem lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu tạo PDF")
        verbose_name_plural = _("yêu cầu tạo PDF")
        indexes = [models.Index(fields=["state", "requested_at"])]

    def __str__(self):
        return f"{self.draft} — {self.get_state_display()}"

    @property
    def colour(self) -> str:
        return JOB_COLOURS.get(self.state, "grey")
