"""Delegations (đoàn ra, đoàn vào), international conferences (Decision 06/2020) and the calendar feed.

Statuses are derived (`ngoaivu.exchanges.rules`) from dates and recorded events; the result is kept on
the record (`status`, `report_due`, `authority`, `dossier_deadline`) so lists, filters and dashboards stay
cheap, and each change of status is stored as a row with its reason (healthchecks' Flip).
"""
import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from ngoaivu.core.countries import country_name
from ngoaivu.core.files import ScopedFileField
from ngoaivu.core.scoping import ScopedModel, ScopedQuerySet
from ngoaivu.core.text import Searchable, fold
from ngoaivu.exchanges.choices import (
    ApprovalAuthority, Authority, Channel, ConferenceForm, ConferenceKind, ConferenceStatus, DelegationEventKind, DelegationLevel,
    DelegationStatus, Direction, ForeignLevel, FundingSource, Opinion, OrganiserKind,
)

USER = settings.AUTH_USER_MODEL


class ExchangeSettings(ScopedModel):
    """A province's own rules on delegations and conference reports. Provinces issue their own (Hưng Yên
    76/2021/QĐ-UBND, Đà Nẵng 101/UBND-SNV…), so every number is here rather than in code; a province
    without a row gets the defaults below. An empty cap means "no cap"."""

    locality = models.OneToOneField("core.Locality", models.CASCADE, related_name="exchange_settings",
                                    verbose_name=_("tỉnh, thành phố"))
    report_days = models.PositiveSmallIntegerField(
        _("hạn báo cáo kết quả chuyến đi (ngày sau khi về)"), default=15)
    report_in_working_days = models.BooleanField(
        _("tính hạn báo cáo theo ngày làm việc"), default=False,
        help_text=_("Mặc định tính theo ngày dương lịch, như phần lớn quy chế của các tỉnh"))
    conference_report_days = models.PositiveSmallIntegerField(
        _("hạn báo cáo sau hội nghị, hội thảo (ngày)"), default=15)
    max_trips_per_official = models.PositiveSmallIntegerField(
        _("số chuyến đi nước ngoài tối đa mỗi năm của một người"), null=True, blank=True, default=2)
    max_members_leader = models.PositiveSmallIntegerField(
        _("số thành viên tối đa khi người đứng đầu tỉnh dẫn đoàn"), null=True, blank=True, default=10)
    max_members_deputy = models.PositiveSmallIntegerField(
        _("số thành viên tối đa khi cấp phó dẫn đoàn"), null=True, blank=True, default=7)
    max_members_department = models.PositiveSmallIntegerField(
        _("số thành viên tối đa của đoàn liên ngành do lãnh đạo sở, xã dẫn"), null=True, blank=True, default=5)
    max_days = models.PositiveSmallIntegerField(_("số ngày tối đa của một chuyến đi"), null=True, blank=True,
                                                default=10)
    max_countries = models.PositiveSmallIntegerField(_("số nước tối đa trong một chuyến đi"), null=True,
                                                     blank=True, default=3)
    max_days_per_country = models.PositiveSmallIntegerField(_("số ngày tối đa ở mỗi nước"), null=True, blank=True)
    no_enterprise_funding = models.BooleanField(_("không nhận doanh nghiệp tài trợ chuyến đi"), default=False)
    # Who approves which delegation: the province's rules say it (Hưng Yên 76/2021/QĐ-UBND…), so it is a
    # setting per level of the head; the party channel has its own. The defaults are a common pattern to
    # be checked against each province's rules.
    authority_leader = models.CharField(
        _("cấp phê duyệt đoàn do người đứng đầu tỉnh (hoặc cấp cao hơn) dẫn"), max_length=20,
        choices=ApprovalAuthority.choices, default=ApprovalAuthority.STANDING_COMMITTEE)
    authority_deputy = models.CharField(_("cấp phê duyệt đoàn do cấp phó lãnh đạo tỉnh dẫn"), max_length=20,
                                        choices=ApprovalAuthority.choices, default=ApprovalAuthority.STANDING_BOARD)
    authority_department = models.CharField(_("cấp phê duyệt đoàn do lãnh đạo sở, ngành, xã dẫn"), max_length=20,
                                            choices=ApprovalAuthority.choices, default=ApprovalAuthority.PC_CHAIR)
    authority_party = models.CharField(_("cấp phê duyệt đoàn trên kênh đối ngoại Đảng"), max_length=20,
                                       choices=ApprovalAuthority.choices, default=ApprovalAuthority.STANDING_BOARD,
                                       help_text=_("Áp dụng cho đoàn kênh Đảng do cấp phó hoặc cấp thấp hơn dẫn"))
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True,
                             help_text=_("Ví dụ: Công văn 101/UBND-SNV ngày 09/7/2025"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quy định của tỉnh về đoàn ra, đoàn vào, hội nghị")
        verbose_name_plural = _("quy định của tỉnh về đoàn ra, đoàn vào, hội nghị")

    def __str__(self):
        return str(self.locality)

    @classmethod
    def for_locality(cls, locality) -> "ExchangeSettings":
        """The province's row, or an unsaved one with the defaults. A locality read with its row
        (`select_related("locality__exchange_settings")`, the delegation's page) is not asked again.
        An unsaved row found there is the defaults an earlier call made (`cls(locality=…)` caches itself
        on the locality, one to one): the row may have been saved since, so it is asked again."""
        found, cached = None, locality is not None and type(locality).exchange_settings.is_cached(locality)
        if cached:
            found = getattr(locality, "exchange_settings", None)  # None: read, and it has none
        if locality is not None and (not cached or (found is not None and found.pk is None)):
            found = cls.objects.filter(locality=locality).first()
        return found or cls(locality=locality)

    def max_members_for(self, level):
        return {DelegationLevel.LEADER: self.max_members_leader, DelegationLevel.DEPUTY: self.max_members_deputy,
                DelegationLevel.DEPARTMENT: self.max_members_department}.get(level)


# Approved, neither cancelled nor reported: the statuses `actions.refresh_delegation` gives, in the
# transaction of every approval, cancellation and report.
OPEN_APPROVED = (DelegationStatus.APPROVED, DelegationStatus.UNDER_WAY, DelegationStatus.RETURNED)


class DelegationQuerySet(ScopedQuerySet):
    def report_overdue(self, today):
        """Approved, not cancelled, result report missing after its deadline. "No report" is read from the
        kept status (reported is not among OPEN_APPROVED), not by joining the reports: at national scale the
        join read all 33,000 reports for the 3,000 open delegations (57 ms of the centre's home panel).
        The statuses are written into the SQL (in_literals) so SQLite, too, reads exchanges_deleg_open_due_idx."""
        return self.filter(status__in_literals=OPEN_APPROVED, decision_date__isnull=False, cancelled_on__isnull=True,
                           report_due__lt=today)


class Delegation(Searchable, ScopedModel):
    """An outbound (đoàn ra) or inbound (đoàn vào) delegation of a province on one of the three channels,
    from proposal through approval and the trip to the report on its results."""

    SCOPE_LOCALITY = "locality"
    SCOPE_COUNTRY = "stops__country"   # a mission sees the delegations to or from its host country

    locality = models.ForeignKey("core.Locality", models.PROTECT, related_name="delegations",
                                 verbose_name=_("tỉnh, thành phố"))
    unit = models.ForeignKey("core.Unit", models.SET_NULL, null=True, blank=True, related_name="delegations",
                             verbose_name=_("cơ quan chủ trì"))
    direction = models.CharField(_("loại đoàn"), max_length=3, choices=Direction.choices)
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    level = models.CharField(_("cấp trưởng đoàn"), max_length=12, choices=DelegationLevel.choices)
    title = models.CharField(_("tên đoàn"), max_length=300)
    head_name = models.CharField(_("trưởng đoàn"), max_length=150)
    head_title = models.CharField(_("chức vụ trưởng đoàn"), max_length=200)
    head_key = models.CharField(max_length=150, editable=False, db_index=True, default="")  # fold(head_name)
    member_count = models.PositiveSmallIntegerField(_("số thành viên (kể cả trưởng đoàn)"))
    purpose = models.TextField(_("mục đích"))
    programme = models.TextField(_("chương trình"), blank=True)
    start_date = models.DateField(_("ngày đi"))
    end_date = models.DateField(_("ngày về"))
    funding = models.CharField(_("nguồn kinh phí"), max_length=12, choices=FundingSource.choices,
                               default=FundingSource.STATE_BUDGET)
    funding_note = models.CharField(_("ghi chú kinh phí"), max_length=300, blank=True)
    partners = models.ManyToManyField("partners.Partner", blank=True, related_name="delegations",
                                      verbose_name=_("đối tác"))
    # Approval (recorded by actions.approve_delegation)
    approval_authority = models.CharField(_("cấp phê duyệt"), max_length=20, blank=True,
                                          choices=ApprovalAuthority.choices)
    approval_authority_note = models.CharField(
        _("ghi chú cấp phê duyệt"), max_length=200, blank=True,
        help_text=_("Tên cấp phê duyệt khi chọn “Cấp khác”; cũng giữ nội dung cũ nhập tay không nhận ra được"))
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    returned_on = models.DateField(_("ngày về thực tế"), null=True, blank=True)
    cancelled_on = models.DateField(_("ngày hủy"), null=True, blank=True)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    # Derived (rules.delegation_status / rules.delegation_report_due), kept for lists and dashboards
    status = models.CharField(_("trạng thái"), max_length=10, choices=DelegationStatus.choices,
                              default=DelegationStatus.PROPOSED, db_index=True)
    report_due = models.DateField(_("hạn nộp báo cáo"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("người tạo"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    objects = DelegationQuerySet.as_manager()
    # The reason is text, not simple-history's 100 characters: it names the countries, members, contacts and
    # partners an edit added or removed (exchanges.actions.children_changes); cut, it misled its reader.
    history = HistoricalRecords(excluded_fields=["search_text", "head_key", "updated_at"],
                                history_change_reason_field=models.TextField(null=True))

    class Meta:
        verbose_name = _("đoàn ra, đoàn vào")
        verbose_name_plural = _("đoàn ra, đoàn vào")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["locality", "start_date"]), models.Index(fields=["locality", "status"]),
                   # The centre's and the missions' reads (this year's trips, a month of the calendar) are
                   # not by province; the reports overdue are read from the few approved, open ones.
                   models.Index(fields=["start_date"], name="exchanges_deleg_start_idx"),
                   models.Index(fields=["end_date"], name="exchanges_deleg_end_idx"),
                   # The calendar's trips back after their planned day (agenda), which end_date does not find:
                   # the few late returns only.
                   models.Index(fields=["returned_on"], name="exchanges_deleg_late_idx",
                                condition=models.Q(returned_on__gt=models.F("end_date"))),
                   models.Index(fields=["report_due", "locality"], name="exchanges_deleg_open_due_idx",
                                condition=models.Q(status__in=OPEN_APPROVED, decision_date__isnull=False,
                                                   cancelled_on__isnull=True))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exchanges:delegation_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.head_key = fold(self.head_name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "head_key"}
        super().save(*args, **kwargs)

    def search_parts(self):
        parts = [self.title, self.head_name, self.head_title, self.purpose]
        if self.pk:
            parts += [country_name(s.country) for s in self.stops.all()]
            parts += [s.city for s in self.stops.all()]
            parts += [str(p) for p in self.partners.all()]
            parts += [m.full_name for m in self.members.all()]
        return parts

    @property
    def countries(self) -> list[str]:
        return [str(s.country) for s in self.stops.all()]

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def return_date(self):
        """The actual return if recorded, else the planned one."""
        return self.returned_on or self.end_date

    @property
    def approval_authority_display(self) -> str:
        return approval_authority_text(self.approval_authority, self.approval_authority_note,
                                       lambda value: self.get_approval_authority_display())

    def report_is_overdue(self, today=None) -> bool:
        return delegation_report_overdue(self.decision_date, self.cancelled_on, self.report_due,
                                         hasattr(self, "report"), today)

    def status_colour(self):
        from ngoaivu.exchanges.choices import DELEGATION_STATUS_COLOURS
        return DELEGATION_STATUS_COLOURS.get(self.status, "grey")


class DelegationStop(ScopedModel):
    """A country (and city) visited by an outbound delegation, or that an inbound one comes from."""

    SCOPE_PARENT = "delegation"

    delegation = models.ForeignKey(Delegation, models.CASCADE, related_name="stops", verbose_name=_("đoàn"))
    country = CountryField(_("quốc gia"))
    city = models.CharField(_("địa phương"), max_length=120, blank=True)
    days = models.PositiveSmallIntegerField(_("số ngày"), null=True, blank=True)
    partner = models.ForeignKey("partners.Partner", models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("đối tác"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("nước đến, nước đi")
        verbose_name_plural = _("nước đến, nước đi")
        ordering = ["position", "pk"]
        # A mission reads the delegations by the countries it covers.
        indexes = [models.Index(fields=["country", "delegation"], name="exchanges_stop_country_idx")]

    def __str__(self):
        return country_name(self.country) + (f" ({self.city})" if self.city else "")


class DelegationMember(ScopedModel):
    """A member of the delegation other than its head, with their body; the folded name lets the caps on
    trips per official per year find the same person across delegations."""

    SCOPE_PARENT = "delegation"

    delegation = models.ForeignKey(Delegation, models.CASCADE, related_name="members", verbose_name=_("đoàn"))
    full_name = models.CharField(_("họ và tên"), max_length=150)
    title = models.CharField(_("chức vụ"), max_length=200, blank=True)
    organisation = models.CharField(_("cơ quan, đơn vị"), max_length=200, blank=True)
    unit = models.ForeignKey("core.Unit", models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("cơ quan của tỉnh"))
    name_key = models.CharField(max_length=150, editable=False, db_index=True, default="")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("thành viên đoàn")
        verbose_name_plural = _("thành viên đoàn")
        ordering = ["position", "pk"]

    def __str__(self):
        return ", ".join(p for p in (self.full_name, self.title, self.organisation) if p)

    def save(self, *args, **kwargs):
        self.name_key = fold(self.full_name)
        super().save(*args, **kwargs)


class DelegationContact(ScopedModel):
    """A contact planned or made during the trip, on one of the three channels."""

    SCOPE_PARENT = "delegation"

    delegation = models.ForeignKey(Delegation, models.CASCADE, related_name="contacts", verbose_name=_("đoàn"))
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    counterpart = models.CharField(_("tiếp xúc với"), max_length=300)
    partner = models.ForeignKey("partners.Partner", models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("đối tác"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("tiếp xúc")
        verbose_name_plural = _("tiếp xúc")
        ordering = ["channel", "position", "pk"]

    def __str__(self):
        return f"{self.get_channel_display()}: {self.counterpart}"


class DelegationEvent(ScopedModel):
    """A dated step in the life of a delegation (planned, approved, returned, reported, cancelled)."""

    SCOPE_PARENT = "delegation"

    delegation = models.ForeignKey(Delegation, models.CASCADE, related_name="events", verbose_name=_("đoàn"))
    kind = models.CharField(_("sự kiện"), max_length=10, choices=DelegationEventKind.choices)
    date = models.DateField(_("ngày"))
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("người ghi"))
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("sự kiện của đoàn")
        verbose_name_plural = _("sự kiện của đoàn")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class StatusChange(ScopedModel):
    """One change of a derived status, with why it changed (a "flip"); seen as its record is."""

    old_status = models.CharField(_("trạng thái cũ"), max_length=10, blank=True)
    new_status = models.CharField(_("trạng thái mới"), max_length=10)
    reason = models.TextField(_("lý do"))  # a cancellation carries the user's whole reason
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("người thực hiện"))

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]


class DelegationStatusChange(StatusChange):
    """A flip of a delegation's derived status."""

    SCOPE_PARENT = "delegation"

    delegation = models.ForeignKey(Delegation, models.CASCADE, related_name="status_changes")

    class Meta(StatusChange.Meta):
        verbose_name = _("thay đổi trạng thái đoàn")
        verbose_name_plural = _("thay đổi trạng thái đoàn")

    def labels(self):
        return DelegationStatus(self.old_status).label if self.old_status else "", DelegationStatus(self.new_status).label


def report_upload_to(instance, filename):  # named by migration 0001; new files: ScopedFileField
    return f"exchanges/reports/{timezone.now():%Y/%m}/{filename}"


class DelegationReport(ScopedModel):
    """The report on the results of a trip or a visit, with what came out of it."""

    SCOPE_PARENT = "delegation"

    delegation = models.OneToOneField(Delegation, models.CASCADE, related_name="report", verbose_name=_("đoàn"))
    submitted_on = models.DateField(_("ngày nộp báo cáo"))
    summary = models.TextField(_("nội dung báo cáo"))
    results = models.TextField(_("cam kết, hoạt động được ghi nhận"), blank=True)
    file = ScopedFileField(_("tệp báo cáo"), blank=True)
    agreements = models.ManyToManyField("agreements.Agreement", blank=True, related_name="delegation_reports",
                                        verbose_name=_("thỏa thuận ký trong chuyến đi"))
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("người nộp"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo kết quả đoàn")
        verbose_name_plural = _("báo cáo kết quả đoàn")

    def __str__(self):
        return str(self.delegation)


class Conference(Searchable, ScopedModel):
    """An international conference or seminar held in the province (Decision 06/2020/QĐ-TTg): who must
    allow it and by when the dossier is due are computed from its participants and topics."""

    SCOPE_LOCALITY = "locality"
    # A mission reads the conferences with partners from the countries it is accredited to, as it reads
    # their delegations: the venue is free text, so the partners' countries are the conference's countries.
    SCOPE_COUNTRY = "partners__country"

    locality = models.ForeignKey("core.Locality", models.PROTECT, related_name="conferences",
                                 verbose_name=_("tỉnh, thành phố"))
    title = models.CharField(_("tên hội nghị, hội thảo"), max_length=300)
    kind = models.CharField(_("loại"), max_length=12, choices=ConferenceKind.choices, default=ConferenceKind.CONFERENCE)
    form = models.CharField(_("hình thức"), max_length=10, choices=ConferenceForm.choices,
                            default=ConferenceForm.IN_PERSON)
    vietnam_endpoint = models.BooleanField(_("có điểm cầu tại Việt Nam"), default=True)
    venue = models.CharField(_("địa điểm"), max_length=300)
    start_date = models.DateField(_("ngày khai mạc"))
    end_date = models.DateField(_("ngày bế mạc"))
    organiser_kind = models.CharField(_("cơ quan tổ chức là"), max_length=14, choices=OrganiserKind.choices,
                                      default=OrganiserKind.PROVINCE_UNIT)
    organiser_unit = models.ForeignKey("core.Unit", models.SET_NULL, null=True, blank=True, related_name="+",
                                       verbose_name=_("cơ quan tổ chức của tỉnh"))
    organiser_name = models.CharField(_("tên cơ quan tổ chức"), max_length=300, blank=True)
    content = models.TextField(_("nội dung chính"), blank=True)
    participants_count = models.PositiveIntegerField(_("số đại biểu"))
    foreign_participants_count = models.PositiveIntegerField(_("số đại biểu nước ngoài"))
    highest_foreign_level = models.CharField(_("cấp cao nhất của đại biểu nước ngoài"), max_length=20,
                                             choices=ForeignLevel.choices, default=ForeignLevel.OTHER)
    topics = models.JSONField(_("nội dung nhạy cảm"), default=list, blank=True)
    # The foreign partners taking part (co-organisers, delegations, speakers): the conference appears on
    # their page and, through their countries, on the page of the mission accredited there.
    partners = models.ManyToManyField("partners.Partner", blank=True, related_name="conferences",
                                      verbose_name=_("đối tác nước ngoài"))
    dossier_submitted_on = models.DateField(_("ngày nộp hồ sơ"), null=True, blank=True)
    decision_authority = models.CharField(_("cấp cho phép"), max_length=6, choices=Authority.choices, blank=True)
    decision_number = models.CharField(_("số văn bản cho phép"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày cho phép"), null=True, blank=True)
    report_submitted_on = models.DateField(_("ngày nộp báo cáo"), null=True, blank=True)
    report_text = models.TextField(_("báo cáo kết quả"), blank=True)
    report_file = ScopedFileField(_("tệp báo cáo"), blank=True)
    cancelled_on = models.DateField(_("ngày hủy"), null=True, blank=True)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    # Derived (rules.*), kept for lists, filters and dashboards
    authority = models.CharField(_("thẩm quyền cho phép"), max_length=6, choices=Authority.choices,
                                 default=Authority.CHAIR, db_index=True)
    dossier_deadline = models.DateField(_("hạn nộp hồ sơ"), null=True, blank=True)
    report_due = models.DateField(_("hạn báo cáo"), null=True, blank=True, db_index=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=ConferenceStatus.choices,
                              default=ConferenceStatus.PLANNED, db_index=True)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("người tạo"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])

    class Meta:
        verbose_name = _("hội nghị, hội thảo quốc tế")
        verbose_name_plural = _("hội nghị, hội thảo quốc tế")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["locality", "start_date"]),
                   models.Index(fields=["start_date"], name="exchanges_conf_start_idx"),
                   # A month of the centre's and the missions' calendar: the conferences still running after
                   # its first day, and the dossiers due in it (with report_due, each arm of the deadlines'
                   # OR has an index; without them both were read from every conference).
                   models.Index(fields=["end_date"], name="exchanges_conf_end_idx"),
                   models.Index(fields=["dossier_deadline"], name="exchanges_conf_dossier_idx"),
                   # The open deadlines, for the home panel's first few (exchanges.upcoming) and the
                   # reports overdue (figures.conference_overdue_q): a few hundred rows of the country's
                   # conferences instead of all of them.
                   models.Index(fields=["dossier_deadline", "locality"], name="exchanges_conf_open_doss_idx",
                                condition=models.Q(dossier_submitted_on__isnull=True, cancelled_on__isnull=True)),
                   models.Index(fields=["report_due", "locality"], name="exchanges_conf_open_rep_idx",
                                condition=models.Q(decision_date__isnull=False, report_submitted_on__isnull=True,
                                                   cancelled_on__isnull=True))]

    SEARCH_FIELDS = ("title", "venue", "organiser_name", "content")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exchanges:conference_detail", args=[self.pk])

    def search_parts(self):
        parts = super().search_parts()
        if self.pk:
            for partner in self.partners.all():
                # Its names, other names and country (Partner.search_parts): "han quoc" finds a conference
                # with a Korean partner, as it finds the agreements with one.
                parts += partner.search_parts()
        return parts

    @property
    def organiser(self) -> str:
        return str(self.organiser_unit) if self.organiser_unit_id else self.organiser_name

    @property
    def countries(self) -> list[str]:
        """The countries of its foreign partners (what a mission reads it by), each once."""
        return sorted({str(p.country) for p in self.partners.all() if p.country})

    def topic_labels(self) -> list[str]:
        from ngoaivu.exchanges.choices import Topic
        return [Topic(t).label for t in self.topics if t in Topic.values]

    @property
    def dossier_late(self) -> bool:
        """Filed (or, if not yet filed, still missing) after the dossier deadline."""
        return conference_dossier_late(self.dossier_deadline, self.dossier_submitted_on, self.decision_date)

    @property
    def approval_authority_display(self) -> str:
        return approval_authority_text(self.approval_authority, self.approval_authority_note,
                                       lambda value: self.get_approval_authority_display())

    def report_is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (self.decision_date is not None and self.cancelled_on is None and not self.report_submitted_on
                and self.report_due is not None and self.report_due < today)

    def status_colour(self):
        from ngoaivu.exchanges.choices import CONFERENCE_STATUS_COLOURS
        return CONFERENCE_STATUS_COLOURS.get(self.status, "grey")


class ConferenceConsultation(ScopedModel):
    """A written opinion asked of a ministry or body; it answers within 15 calendar days."""

    SCOPE_PARENT = "conference"

    conference = models.ForeignKey(Conference, models.CASCADE, related_name="consultations",
                                   verbose_name=_("hội nghị"))
    body = models.CharField(_("cơ quan được hỏi ý kiến"), max_length=200)
    sent_on = models.DateField(_("ngày gửi"))
    due_on = models.DateField(_("hạn trả lời"))
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    opinion = models.CharField(_("ý kiến"), max_length=10, choices=Opinion.choices, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lấy ý kiến về hội nghị")
        verbose_name_plural = _("lấy ý kiến về hội nghị")
        ordering = ["sent_on", "pk"]
        # The unanswered ones by due date, for the home panel's first few deadlines (exchanges.upcoming).
        indexes = [models.Index(fields=["due_on"], name="exchanges_cons_open_due_idx",
                                condition=models.Q(answered_on__isnull=True))]

    def __str__(self):
        return self.body

    def is_overdue(self, today=None) -> bool:
        return self.answered_on is None and self.due_on < (today or timezone.localdate())


class ConferenceStatusChange(StatusChange):
    """A flip of a conference's derived status."""

    SCOPE_PARENT = "conference"

    conference = models.ForeignKey(Conference, models.CASCADE, related_name="status_changes")

    class Meta(StatusChange.Meta):
        verbose_name = _("thay đổi trạng thái hội nghị")
        verbose_name_plural = _("thay đổi trạng thái hội nghị")

    def labels(self):
        return (ConferenceStatus(self.old_status).label if self.old_status else "",
                ConferenceStatus(self.new_status).label)


class ListCount(models.Model):
    """How many delegations and how many conferences each province owns, kept current by
    `exchanges.list_counts` so that the unfiltered lists show their exact total without counting every row
    their reader sees (core.scoping.ScopedQuerySet.visible_count). Statistics, not a record."""

    locality = models.IntegerField(_("tỉnh, thành phố"))
    kind = models.CharField(_("loại"), max_length=12)  # "delegation" or "conference" (list_counts.KINDS)
    records = models.IntegerField(_("số bản ghi"), default=0)

    class Meta:
        verbose_name = _("số đoàn, hội nghị theo tỉnh")
        verbose_name_plural = _("số đoàn, hội nghị theo tỉnh")
        constraints = [models.UniqueConstraint(fields=["locality", "kind"], name="one_list_count_per_key")]

    def __str__(self):
        return f"{self.locality}/{self.kind}: {self.records}"


class YearFigure(models.Model):
    """Per province and year, the delegations out and in, those whose result report is in, and the conferences
    held (cancelled ones left out, by the year they start), kept current by `exchanges.year_figures` so that
    the home panels read this year's figures instead of counting the year's records. Statistics, not a
    record."""

    locality = models.IntegerField(_("tỉnh, thành phố"))
    year = models.SmallIntegerField(_("năm"))
    kind = models.CharField(_("loại"), max_length=10)  # out, in, reported, conference (year_figures)
    records = models.IntegerField(_("số bản ghi"), default=0)

    class Meta:
        verbose_name = _("số đoàn, hội nghị theo tỉnh và năm")
        verbose_name_plural = _("số đoàn, hội nghị theo tỉnh và năm")
        # The year first: the panels read one year (every province, or one).
        constraints = [models.UniqueConstraint(fields=["year", "locality", "kind"], name="one_year_figure_per_key")]

    def __str__(self):
        return f"{self.locality}/{self.year}/{self.kind}: {self.records}"


class FeedToken(models.Model):
    """A secret that lets a calendar program read one user's calendar without a session. Only its hash is
    stored: the URL is shown once, when made; regenerating or revoking makes the old URL answer 404."""

    user = models.ForeignKey(USER, models.CASCADE, related_name="exchange_feed_tokens",
                             verbose_name=_("người dùng"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("địa chỉ lịch riêng")
        verbose_name_plural = _("địa chỉ lịch riêng")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} ({self.created_at:%d/%m/%Y})"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


def conference_dossier_late(deadline, filed_on, decision_date, today=None) -> bool:
    """`Conference.dossier_late` from the columns it reads: for a row read as values (the list). A dossier
    not recorded is late only while the permission is still awaited: the permission was given on a dossier
    (Decision 06/2020), so once it is recorded nothing is owed; only a recorded filing day can say how late
    the dossier was."""
    if deadline is None:
        return False
    if filed_on is None:
        return decision_date is None and (today or timezone.localdate()) > deadline
    return filed_on > deadline


def approval_authority_text(authority, note, label) -> str:
    """`approval_authority_display` of a delegation or conference from the columns it reads (`label`: the
    authority's choice label of a value): the note where the authority is "other" or not given, else the label."""
    if note and authority in ("", ApprovalAuthority.OTHER):
        return note
    return label(authority) if authority else ""


def delegation_report_overdue(decision_date, cancelled_on, report_due, has_report, today=None) -> bool:
    """`Delegation.report_is_overdue` from the columns it reads: for a row read as values (the list)."""
    today = today or timezone.localdate()
    return (decision_date is not None and cancelled_on is None and report_due is not None
            and report_due < today and not has_report)
