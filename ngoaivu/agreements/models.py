"""The agreement register: agreements, the dated events of their legal life, their documents, and the
derived-status transitions (like a health check's flips)."""
import os

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ngoaivu.agreements.choices import (
    AgreementForm, AgreementStatus, Channel, ConsultCondition, DatePrecision, DocumentKind, EventKind, Health,
    Opinion, ParentRelation, SignatoryLevel, SIGNED_STATUSES, STATUS_COLOURS,
)
from ngoaivu.agreements.partial_dates import format_partial_date
from ngoaivu.core.choices import Visibility
from ngoaivu.core.files import ScopedFileField
from ngoaivu.core.scoping import ScopedModel, ScopedQuerySet, shared_condition
from ngoaivu.core.text import Searchable, build_search_text

# The longest notice before a self-renewing agreement renews (five years): the calendars and the to-do list
# look for such notices among the agreements expiring within this many days of their window
# (deadlines.candidate_keys), so a longer one would never be found.
NOTICE_DAYS_MAX = 1825  # the messages of the form and the import name it


class AgreementQuerySet(ScopedQuerySet):
    def with_related(self):
        return (self.select_related("locality", "signatory_locality", "signing_unit")
                .prefetch_related("partners", "sectors"))


class Agreement(ScopedModel, Searchable):
    """An international agreement (thỏa thuận quốc tế) of a province or one of its bodies.

    `locality` is the current province that holds it today (Bắc Ninh for a Bắc Giang agreement);
    `signatory_locality` and `signatory_name` keep the Vietnamese side as it signed. The status is
    derived from the events and dates by `status.derive_status` and only written by actions.
    """

    SCOPE_LOCALITY = "locality"
    SCOPE_UNIT = None  # a Sở sees its province's register but edits nothing here (see README of the app)
    SCOPE_COUNTRY = "partners__country"   # a mission sees the agreements with its host country
    SCOPE_VISIBILITY = "visibility"
    # The other provinces of a joint agreement read it (a former co-signatory counts for its successor).
    SCOPE_READ_LOCALITIES = ("co_signatories", "co_signatories__successor")

    locality = models.ForeignKey("core.Locality", models.PROTECT, related_name="agreements",
                                 verbose_name=_("tỉnh, thành phố quản lý"),
                                 help_text=_("Tỉnh, thành phố hiện hành đang quản lý thỏa thuận"))
    signatory_locality = models.ForeignKey("core.Locality", models.PROTECT, null=True, blank=True,
                                           related_name="signed_agreements", verbose_name=_("tỉnh khi ký"),
                                           help_text=_("Tỉnh, thành phố đứng tên khi ký, kể cả tỉnh cũ (trước 01/7/2025)"))
    signing_unit = models.ForeignKey("core.Unit", models.PROTECT, null=True, blank=True, related_name="agreements",
                                     verbose_name=_("cơ quan ký kết"))
    signatory_name = models.CharField(_("bên Việt Nam (tên khi ký)"), max_length=255, blank=True,
                                      help_text=_("Ví dụ: UBND tỉnh Bắc Giang; Tỉnh ủy Lạng Sơn"))
    co_signatories = models.ManyToManyField("core.Locality", blank=True, related_name="co_signed_agreements",
                                            verbose_name=_("tỉnh, thành phố cùng ký"))
    inherited_from = models.CharField(_("kế thừa từ"), max_length=255, blank=True,
                                      help_text=_("Cơ quan đã ký trước đây, ví dụ UBND huyện Lục Ngạn (Nghị định 177/2025)"))

    reference = models.CharField(_("số, ký hiệu"), max_length=80, blank=True)
    title = models.CharField(_("tên thỏa thuận"), max_length=500)
    title_en = models.CharField(_("tên tiếng Anh"), max_length=500, blank=True)
    form = models.CharField(_("hình thức"), max_length=24, choices=AgreementForm.choices, blank=True)
    form_other = models.CharField(_("tên gọi khác"), max_length=120, blank=True)
    partners = models.ManyToManyField("partners.Partner", related_name="agreements", verbose_name=_("đối tác nước ngoài"))
    sectors = models.ManyToManyField("core.Sector", blank=True, related_name="agreements", verbose_name=_("lĩnh vực"))
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices, default=Channel.STATE)
    summary = models.TextField(_("nội dung chính"), blank=True)
    languages = models.CharField(_("ngôn ngữ văn bản"), max_length=200, blank=True)
    signer_vn = models.CharField(_("người ký phía Việt Nam"), max_length=255, blank=True)
    signer_foreign = models.CharField(_("người ký phía nước ngoài"), max_length=255, blank=True)

    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    signed_precision = models.CharField(_("độ chính xác ngày ký"), max_length=5, choices=DatePrecision.choices,
                                        default=DatePrecision.DAY)
    signed_place = models.CharField(_("nơi ký"), max_length=200, blank=True)
    effective_on_signing = models.BooleanField(_("có hiệu lực từ ngày ký"), default=True)
    in_force_on = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    reported_on = models.DateField(_("ngày báo cáo Thủ tướng, gửi bản sao Bộ Ngoại giao"), null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(_("thời hạn (tháng)"), null=True, blank=True)
    expires_on = models.DateField(_("ngày hết hạn"), null=True, blank=True)
    auto_renew = models.BooleanField(_("tự động gia hạn"), default=False)
    notice_days = models.PositiveSmallIntegerField(
        _("thời hạn báo trước khi chấm dứt (ngày)"), null=True, blank=True,
        validators=[MaxValueValidator(NOTICE_DAYS_MAX, _("Thời hạn báo trước không quá 5 năm (1.825 ngày)."))])

    visibility = models.CharField(_("phạm vi xem"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL)
    # A record of an agreement concluded before its steps were tracked here (an old register imported or
    # typed in): its status comes from what the source says and from its dates, the order of legal steps
    # is not checked and no legal deadline (opinions, report to the PM) is computed for it.
    historical = models.BooleanField(
        _("hồ sơ lịch sử"), default=False,
        help_text=_("Thỏa thuận đã ký trước khi theo dõi trên hệ thống (nhập từ sổ cũ): không tính thời hạn pháp lý, "
                    "không kiểm tra thứ tự các bước"))
    recorded_status = models.CharField(
        _("tình trạng theo hồ sơ"), max_length=12, choices=AgreementStatus.choices, blank=True,
        help_text=_("Với hồ sơ lịch sử: tình trạng theo sổ cũ khi không biết ngày, ví dụ Đã ký (không rõ ngày)"))
    recorded_activity_on = models.DateField(
        _("hoạt động gần nhất theo hồ sơ"), null=True, blank=True,
        help_text=_("Với hồ sơ lịch sử: ngày hoạt động triển khai gần nhất đã biết trước khi nhập"))
    parent = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="children",
                               verbose_name=_("thỏa thuận gốc"))
    parent_relation = models.CharField(_("quan hệ với thỏa thuận gốc"), max_length=12,
                                       choices=ParentRelation.choices, blank=True)

    # Derived: written by actions from the events and dates (status.py), never by a form.
    status = models.CharField(_("tình trạng"), max_length=12, choices=AgreementStatus.choices,
                              default=AgreementStatus.PROPOSED, editable=False)
    status_changed_at = models.DateTimeField(_("đổi tình trạng lúc"), null=True, blank=True, editable=False)
    # The earliest open deadline and the day it starts being "due soon": both absolute dates, so the
    # list filters overdue / due soon in SQL without a nightly job.
    next_due_on = models.DateField(_("thời hạn gần nhất"), null=True, blank=True, editable=False)
    alert_on = models.DateField(_("bắt đầu nhắc từ"), null=True, blank=True, editable=False)

    # Implementation health: filled by the implementation app (issue 5), not by this one.
    last_activity_on = models.DateField(_("hoạt động gần nhất"), null=True, blank=True)
    health = models.CharField(_("tình hình triển khai"), max_length=10, choices=Health.choices, default=Health.NA)
    health_reasons = models.TextField(_("lý do"), blank=True)
    health_checked_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)
    # Kept next to the health by the same write (implementation.actions.refresh; Tracking has the same
    # figure): the dashboards add it up per province and per country from this table and one index alone.
    overdue_commitments = models.PositiveIntegerField(_("cam kết quá hạn"), default=0, editable=False)

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người tạo"))
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    # When the agreement was first made public (`mark_published`; kept if it is hidden and published again):
    # the open data's feed lists the latest. Read from the history for every public agreement on each visit,
    # the feed cost 100–120 ms of the database at 10,000 public agreements. A constraint keeps it set.
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True, editable=False)

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text", "updated_at", "next_due_on", "alert_on",
                                                 "last_activity_on", "health_checked_at", "status_changed_at",
                                                 "overdue_commitments", "published_at"])

    class Meta:
        verbose_name = _("thỏa thuận quốc tế")
        verbose_name_plural = _("thỏa thuận quốc tế")
        ordering = ["-signed_on", "-created_at"]
        indexes = [
            # (signed_on last: a province's agreements of a status newest first — the plan deadlines of the
            # home panel — come in index order)
            models.Index(fields=["locality", "status", "signed_on"], name="agreement_locality_status_idx"),
            models.Index(fields=["locality", "health"]),
            # Covers the national page's figures (per province and, joined to partners, per country) and
            # the home panel's counts: no visit to the wide agreement rows.
            # (id last: PostgreSQL joins partners from the index alone; SQLite keeps the rowid anyway.)
            models.Index(fields=["status", "locality", "health", "overdue_commitments", "id"],
                         name="agreement_dashboard_idx"),
            models.Index(fields=["next_due_on"]),
            # A province's deadlines (agreements.panels.RegisterDeadlines): counted from the index alone,
            # and the first few read in deadline order without sorting the province's rows.
            models.Index(fields=["locality", "next_due_on", "alert_on"], name="agreement_deadline_idx"),
            # The other arm of the home panels' "due by … or alert started" (RegisterDeadlines): with it the
            # OR is read from two index ranges, not from every agreement with a deadline in the country.
            models.Index(fields=["alert_on", "locality", "next_due_on"], name="agreement_alert_idx",
                         condition=models.Q(alert_on__isnull=False)),
            # The longest-idle agreements of a health (implementation.queries.dormant_list): their order
            # is read from this index alone, then only the rows shown are fetched. Also serves every
            # (status, health) filter, which had an index of its own.
            models.Index(fields=["status", "health", "last_activity_on", "signed_on", "in_force_on", "id"],
                         name="agreement_idle_idx"),
            # A province's longest-idle agreements (the home panel's dormant list) are read in their order
            # from an index on the expression, one per database, that Django's Index cannot write on both:
            # agreement_idle_local_sqlite_idx (agreements/0017) and agreement_idle_local_pg_idx (0019).
            # Calendars and the to-do list look up expiries in a window (deadlines.window_candidates).
            models.Index(fields=["status", "auto_renew", "expires_on"], name="agreement_expiry_idx"),
            models.Index(fields=["signed_on"]),
            # The agreements whose report to the PM is still owed, by signing day: a calendar's report
            # deadlines (deadlines.CANDIDATES_SQL). With signed_on alone the database visited every
            # agreement signed in the window (nine in ten reported) to find the few still owed.
            models.Index(fields=["signed_on"], condition=models.Q(reported_on__isnull=True),
                         name="agreement_unreported_idx"),
            # The register list's default order (newest signed first, the undated drafts before them, as
            # ORDER BY … DESC puts NULLs): its first page is read in index order and stops after 25 rows
            # in scope. With signed_on alone the database read every undated draft of the country (a
            # thousand-row tie) and sorted them on each visit of the plain list.
            models.Index(fields=["-signed_on", "-created_at", "-id"], name="agreement_list_order_idx"),
            models.Index(fields=["locality", "reference"]),
            # The agreements every province reads (national, public; see core.scoping.shared_condition):
            # with it each arm of the scope's OR has an index, and a province's list is read through its
            # own rows (agreement_dashboard_idx, agreement_locality_status_idx), not every agreement.
            models.Index(fields=["visibility", "status", "health"], condition=shared_condition(),
                         name="agreement_shared_idx"),
            # The open data's list, in its order, and its count (reports.opendata, anyone without signing in):
            # SQLite cannot read the shared index for `visibility = 'public'` alone (an IN in the index's
            # condition), and counted 10,000 public agreements by reading all 50,000 rows: 27 ms a visit.
            # `visibility` leads so that the count reads the index alone (SQLite looked up every row to test
            # the condition the index's own WHERE already holds).
            models.Index(fields=["visibility", "-signed_on", "-id"], condition=models.Q(visibility="public"),
                         name="agreement_public_idx"),
            # The feed's order: the latest published first.
            models.Index(fields=["visibility", "-published_at", "-id"], condition=models.Q(visibility="public"),
                         name="agreement_published_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["locality", "reference"], condition=~models.Q(reference=""),
                                    name="agreement_reference_unique_per_locality"),
            # A write that makes an agreement public without saying when (an update() beside mark_published)
            # fails rather than leave it out of the feed's order.
            models.CheckConstraint(condition=~models.Q(visibility="public") | models.Q(published_at__isnull=False),
                                   name="agreement_public_has_published_at"),
        ]

    def __str__(self):
        return self.title

    def mark_published(self, now=None) -> bool:
        """Note when the agreement is first public; True if that is now (the caller writes the field)."""
        if self.visibility == Visibility.PUBLIC and self.published_at is None:
            self.published_at = now or timezone.now()
            return True
        return False

    def save(self, *args, **kwargs):
        if self.mark_published() and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("agreements:agreement_detail", args=[self.pk])

    def search_parts(self):
        raise NotImplementedError("an agreement's search text has a part the public does not search: "
                                  "use built_search_text()")

    def built_search_text(self, partners=None) -> str:
        """The register's search text: what the published record shows, then (after core.text.PRIVATE_MARK)
        the signers' names, where the record was inherited from and the partners' other names ("广西",
        "Quảng Tây" for Guangxi), which the register's readers search and the open data does not show.
        `partners`: those of an agreement not saved yet (the import), else its own."""
        if partners is None:
            partners = self.partners.all() if self.pk else ()
        shown = [self.reference, self.title, self.title_en, self.summary, self.signatory_name]
        hidden = [self.signer_vn, self.signer_foreign, self.inherited_from]
        # The other form's name is published only as the form ("Tên gọi khác"); left typed under another form,
        # it is not shown (form_display).
        (shown if self.form == AgreementForm.OTHER else hidden).append(self.form_other)
        for partner in partners:
            shown += partner.published_parts()
            hidden += partner.alias_names if partner.pk else []
        return build_search_text(shown, hidden)

    @property
    def is_signed(self) -> bool:
        """Signed on a known day, or — a historical record — known to be signed on an unknown day."""
        return self.signed_on is not None or (self.historical and self.recorded_status in SIGNED_STATUSES)

    @property
    def tracked(self) -> bool:
        """Its legal steps are recorded here, so the law's order and deadlines apply."""
        return not self.historical

    @property
    def signed_display(self) -> str:
        return signed_text(self.signed_on, self.signed_precision, self.historical, self.recorded_status)

    @property
    def form_display(self) -> str:
        return form_text(self.form, self.form_other)

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "grey")

    @property
    def signatory_display(self) -> str:
        """The Vietnamese side as it signed; a former province is followed by the one that holds it today."""
        former = self.signatory_locality
        if former is not None and not former.is_current:
            return _("%(name)s (nay thuộc %(today)s)") % {"name": self.signatory_as_signed,
                                                           "today": self.locality.short_name}
        return self.signatory_as_signed

    @property
    def signatory_as_signed(self) -> str:
        """The Vietnamese side's name as it signed, alone (the open data, which names the holder beside it):
        the signatory typed, else the signing department, else the province (a former one as it was)."""
        name = self.signatory_name or (str(self.signing_unit) if self.signing_unit_id else "")
        former = self.signatory_locality
        return name or (former.name if former is not None and not former.is_current else self.locality.name)

    @property
    def countries(self) -> list[str]:
        seen = []
        for partner in self.partners.all():
            if partner.country and str(partner.country) not in seen:
                seen.append(str(partner.country))
        return seen


class VisibleCount(models.Model):
    """How many agreements each province owns with each visibility, kept current by
    `agreements.visible_counts` so that the register's unfiltered list shows its exact total without
    counting every agreement its reader sees (core.scoping.ScopedQuerySet.visible_count). Statistics,
    not a record; `locality` 0 holds the centre's own agreements (no province)."""

    locality = models.IntegerField(_("tỉnh, thành phố"))
    visibility = models.CharField(_("phạm vi xem"), max_length=10)
    agreements = models.IntegerField(_("số thỏa thuận"), default=0)

    class Meta:
        verbose_name = _("số thỏa thuận theo tỉnh và phạm vi xem")
        verbose_name_plural = _("số thỏa thuận theo tỉnh và phạm vi xem")
        constraints = [models.UniqueConstraint(fields=["locality", "visibility"], name="one_visible_count_per_key")]

    def __str__(self):
        return f"{self.locality}/{self.visibility}: {self.agreements}"


class CountryVisibleCount(models.Model):
    """How many agreements each province owns with each visibility that have a partner of each country,
    kept current by `agreements.visible_counts` so that a mission's unfiltered register list totals the
    agreements of its country (core.scoping.ScopedQuerySet.visible_count) without reading every one of
    them (Korea: ~9,600 at national scale). An agreement with two partners of one country counts once
    there. Statistics, not a record; `locality` 0 holds the centre's own agreements."""

    locality = models.IntegerField(_("tỉnh, thành phố"))
    country = models.CharField(_("quốc gia"), max_length=2)
    visibility = models.CharField(_("phạm vi xem"), max_length=10)
    agreements = models.IntegerField(_("số thỏa thuận"), default=0)

    class Meta:
        verbose_name = _("số thỏa thuận theo tỉnh, nước đối tác và phạm vi xem")
        verbose_name_plural = _("số thỏa thuận theo tỉnh, nước đối tác và phạm vi xem")
        constraints = [models.UniqueConstraint(fields=["locality", "country", "visibility"],
                                               name="one_country_visible_count_per_key")]
        # A mission's total reads its country's rows (~34 provinces × 4 visibilities).
        indexes = [models.Index(fields=["country"], name="agreements_cvc_country_idx")]

    def __str__(self):
        return f"{self.locality}/{self.country}/{self.visibility}: {self.agreements}"


class Event(ScopedModel):
    """A dated step of an agreement's legal life: a request for an opinion, the answer, the signing,
    the report to the PM and copy to MOFA, entry into force, termination… Events are the source the
    status is derived from; they are added, not edited."""

    SCOPE_PARENT = "agreement"  # seen by whoever sees the agreement (co-signatories, missions included)

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="events", verbose_name=_("thỏa thuận"))
    kind = models.CharField(_("sự kiện"), max_length=20, choices=EventKind.choices)
    date = models.DateField(_("ngày"))
    note = models.TextField(_("ghi chú"), blank=True)
    consultee = models.CharField(_("cơ quan được xin ý kiến"), max_length=255, blank=True)
    is_mofa = models.BooleanField(_("là Bộ Ngoại giao"), default=False)
    request = models.ForeignKey("self", models.CASCADE, null=True, blank=True, related_name="answers",
                                verbose_name=_("trả lời cho đề nghị"))
    opinion = models.CharField(_("ý kiến"), max_length=10, choices=Opinion.choices, blank=True)
    due_on = models.DateField(_("hạn trả lời"), null=True, blank=True,
                              help_text=_("Tính theo ngày làm việc khi gửi xin ý kiến"))
    # A step recorded although an earlier step of the law's order is missing, in a case the law allows
    # (e.g. the Chair decided without waiting for a late answer): the written reason, kept with the step.
    override_reason = models.TextField(_("lý do ghi nhận khi chưa đủ bước trước"), blank=True)
    document = models.ForeignKey("Document", models.SET_NULL, null=True, blank=True, related_name="events",
                                 verbose_name=_("văn bản"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("người ghi nhận"))
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sự kiện của thỏa thuận")
        verbose_name_plural = _("sự kiện của thỏa thuận")
        ordering = ["date", "recorded_at", "pk"]
        indexes = [models.Index(fields=["agreement", "kind"]), models.Index(fields=["kind", "due_on"])]

    def __str__(self):
        label = self.get_kind_display()
        if self.consultee:
            label = f"{label}: {self.consultee}"
        return f"{self.date:%d/%m/%Y} — {label}"

    @property
    def is_open_request(self) -> bool:
        return self.kind == EventKind.OPINION_REQUESTED and not any(True for _a in self.answers.all())


def document_path(instance, filename):  # named by migration 0001; new files: ScopedFileField
    return f"agreements/{instance.agreement_id}/{filename}"


class Document(ScopedModel):
    """A file of an agreement: the signed text, a translation, a letter, an opinion, a report."""

    SCOPE_PARENT = "agreement"  # seen by whoever sees the agreement (co-signatories, missions included)

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="documents", verbose_name=_("thỏa thuận"))
    kind = models.CharField(_("loại văn bản"), max_length=12, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    title = models.CharField(_("tên văn bản"), max_length=255, blank=True)
    file = ScopedFileField(_("tệp"))
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("người tải lên"))
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("văn bản của thỏa thuận")
        verbose_name_plural = _("văn bản của thỏa thuận")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.title or self.filename

    @property
    def filename(self) -> str:
        return os.path.basename(self.file.name or "")

    def get_absolute_url(self):
        return self.file.download_url  # the scoped download view, never a media URL


class StatusChange(ScopedModel):
    """One change of an agreement's derived status, with its reason (healthchecks' Flip)."""

    SCOPE_PARENT = "agreement"  # seen by whoever sees the agreement (co-signatories, missions included)

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="status_changes", verbose_name=_("thỏa thuận"))
    old_status = models.CharField(_("tình trạng cũ"), max_length=12, choices=AgreementStatus.choices, blank=True)
    new_status = models.CharField(_("tình trạng mới"), max_length=12, choices=AgreementStatus.choices)
    reason = models.CharField(_("lý do"), max_length=500)
    event = models.ForeignKey(Event, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("sự kiện"))
    changed_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người thực hiện"))

    class Meta:
        verbose_name = _("thay đổi tình trạng")
        verbose_name_plural = _("thay đổi tình trạng")
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["new_status", "changed_at"])]

    def __str__(self):
        return f"{self.get_old_status_display() or '—'} → {self.get_new_status_display()}"

    @property
    def new_colour(self) -> str:
        return STATUS_COLOURS.get(self.new_status, "grey")


class ConsulteeRule(ScopedModel):
    """One body a province must ask for a written opinion before signing, for one signatory level and
    under one condition. Rows without a locality are the national defaults the centre keeps (Law 70,
    Decree 64/2021); a province that writes its own rows for a level uses them instead of the defaults for
    that level, because provinces publish their own procedures. It is a checklist, not a gate: the
    register's rules (MOFA's opinion for the People's Committee) stay in actions."""

    SCOPE_LOCALITY = "locality"

    locality = models.ForeignKey("core.Locality", models.CASCADE, null=True, blank=True,
                                 related_name="consultee_rules", verbose_name=_("tỉnh, thành phố"),
                                 help_text=_("Để trống: danh sách mặc định toàn quốc"))
    level = models.CharField(_("cấp ký kết"), max_length=12, choices=SignatoryLevel.choices)
    consultee = models.CharField(_("cơ quan được xin ý kiến"), max_length=255)
    is_mofa = models.BooleanField(_("là Bộ Ngoại giao"), default=False)
    condition = models.CharField(_("khi nào"), max_length=12, choices=ConsultCondition.choices,
                                 default=ConsultCondition.ALWAYS)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True,
                             help_text=_("Ví dụ: Quyết định 12/2024/QĐ-UBND về quy trình ký kết thỏa thuận"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cơ quan cần xin ý kiến")
        verbose_name_plural = _("cơ quan cần xin ý kiến")
        ordering = ["level", "position", "pk"]
        indexes = [models.Index(fields=["locality", "level"])]

    def __str__(self):
        return self.consultee


def signed_text(signed_on, precision, historical, recorded_status) -> str:
    """`Agreement.signed_display` from the columns it reads: for a row read as values (the register list)."""
    if signed_on is None and historical and recorded_status in SIGNED_STATUSES:  # is_signed, on no known day
        return str(_("không rõ ngày"))
    return format_partial_date(signed_on, precision)


def form_text(form, form_other) -> str:
    """`Agreement.form_display` from the columns it reads: for a row read as values (the register list)."""
    if form == AgreementForm.OTHER and form_other:
        return form_other
    if not form:
        return ""
    # The choice's label straight from the enum: get_form_display() rebuilds the whole choice map
    # on every call, twice per row of the register's list.
    try:
        return str(AgreementForm(form).label)
    except ValueError:  # a value outside the choices shows as stored, like get_form_display()
        return form
