"""Implementation of agreements in force: what each side undertook (commitments), what is planned each
year (plans), what actually happened (activities), and the health that follows from them ("ký rồi để
đấy"). The agreement row itself carries `last_activity_on` and `health`, kept up to date here, so that a
dashboard of the whole country reads one table."""
import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ngoaivu.core import statements
from ngoaivu.core.files import ScopedFileField
from ngoaivu.core.scoping import ScopedModel
from ngoaivu.core.text import Searchable
from ngoaivu.implementation import health as rules_engine
from ngoaivu.implementation.choices import (
    OPEN_STATUSES, ActivityKind, CommitmentStatus, Completion, FulfilmentState, PlanStatus, Recurrence,
    ReviewDecision, Side,
)



def evidence_path(instance, filename):  # named by migration 0001; new files: ScopedFileField
    today = datetime.date.today()
    return f"implementation/{today:%Y/%m}/{filename}"


class HealthSettings(ScopedModel):
    """The health rules: one national row (no locality) and, optionally, one row per province that
    overrides some of them. An empty field in a province's row means "as the national default"."""

    locality = models.OneToOneField("core.Locality", models.CASCADE, null=True, blank=True,
                                    related_name="health_settings", verbose_name=_("tỉnh, thành phố"),
                                    help_text=_("Để trống: mặc định toàn quốc"))
    dormant_months = models.PositiveSmallIntegerField(
        _("ký rồi để đấy sau (tháng không có hoạt động)"), null=True, blank=True, validators=[MaxValueValidator(120)])
    grace_months = models.PositiveSmallIntegerField(
        _("chỉ xét ký rồi để đấy khi đã ký được (tháng)"), null=True, blank=True, validators=[MaxValueValidator(120)])
    plan_months = models.PositiveSmallIntegerField(
        _("ký rồi để đấy nếu chưa có kế hoạch sau khi ký (tháng)"), null=True, blank=True,
        validators=[MaxValueValidator(120)], help_text=_("0: không áp dụng quy tắc này"))
    at_risk_months = models.PositiveSmallIntegerField(
        _("có nguy cơ sau (tháng không có hoạt động)"), null=True, blank=True, validators=[MaxValueValidator(120)])
    overdue_at_risk = models.BooleanField(_("có cam kết quá hạn là có nguy cơ"), null=True, blank=True)
    due_soon_days = models.PositiveSmallIntegerField(
        _("báo sắp đến hạn trước (ngày)"), null=True, blank=True, validators=[MaxValueValidator(365)])
    plan_due_day = models.PositiveSmallIntegerField(
        _("hạn nộp kế hoạch năm: ngày"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)])
    plan_due_month = models.PositiveSmallIntegerField(
        _("hạn nộp kế hoạch năm: tháng (của năm trước)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)])
    historical_grace_months = models.PositiveSmallIntegerField(
        _("hồ sơ lịch sử: bắt đầu đánh giá sau khi nhập (tháng)"), null=True, blank=True,
        validators=[MaxValueValidator(120)],
        help_text=_("Thỏa thuận nhập từ sổ cũ không bị coi là ký rồi để đấy hay có nguy cơ trong thời gian này kể từ "
                    "ngày nhập"))
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    # Not the time of each save (the history row has it): a line "cập nhật lúc" in every change of the rules
    # said nothing (as coordination's returns, migration implementation 0014).
    history = HistoricalRecords(excluded_fields=["updated_at"])

    SCOPE_LOCALITY = "locality"
    RULE_FIELDS = ("dormant_months", "grace_months", "plan_months", "at_risk_months", "overdue_at_risk",
                   "due_soon_days", "plan_due_day", "plan_due_month", "historical_grace_months")

    class Meta:
        verbose_name = _("quy tắc đánh giá triển khai")
        verbose_name_plural = _("quy tắc đánh giá triển khai")
        # One national row (no province): a unique index on the column alone lets any number of NULLs through,
        # so it is on the column with NULL read as 0 (two first saves of the national rules at once).
        constraints = [models.UniqueConstraint(Coalesce("locality", models.Value(0)), name="one_national_health_settings")]

    def __str__(self):
        return str(self.locality or _("Mặc định toàn quốc"))

    @classmethod
    def rules_by_locality(cls) -> dict:
        """{locality_id or None: Rules}, national defaults merged under each province's overrides. The rows
        by a statement built once (core.statements): the home panel, the agreement page and the deadlines
        read them on every request."""
        rows = {row.locality_id: row for row in statements.instances(("health settings",), cls.objects.all)}
        national = rows.get(None)
        base = rules_engine.DEFAULT_RULES
        if national:
            base = national.merge(base)
        result = {None: base}
        for locality_id, row in rows.items():
            if locality_id is not None:
                result[locality_id] = row.merge(base)
        return result

    @classmethod
    def rules_for(cls, locality_id) -> rules_engine.Rules:
        rules = cls.rules_by_locality()
        return rules.get(locality_id, rules[None])

    def merge(self, base: rules_engine.Rules) -> rules_engine.Rules:
        values = {name: getattr(self, name) for name in self.RULE_FIELDS if getattr(self, name) is not None}
        return rules_engine.Rules(**{**base.__dict__, **values})


class Commitment(Searchable, ScopedModel):
    """What a side undertook under an agreement (cam kết, nội dung hợp tác): owner, due date or
    recurrence, status. Overdue / due soon are derived from the due date, never stored."""

    agreement = models.ForeignKey("agreements.Agreement", models.CASCADE, related_name="commitments",
                                  verbose_name=_("thỏa thuận"))
    side = models.CharField(_("bên thực hiện"), max_length=8, choices=Side.choices, default=Side.VIETNAMESE)
    description = models.TextField(_("nội dung cam kết"))
    sector = models.ForeignKey("core.Sector", models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("lĩnh vực"))
    responsible_unit = models.ForeignKey("core.Unit", models.PROTECT, null=True, blank=True,
                                         related_name="commitments", verbose_name=_("cơ quan chủ trì"),
                                         help_text=_("Cơ quan triển khai; cán bộ của cơ quan này được cập nhật cam kết"))
    due_on = models.DateField(_("hạn thực hiện"), null=True, blank=True,
                              help_text=_("Với cam kết định kỳ: hạn của kỳ tới"))
    recurrence = models.CharField(_("tính chất"), max_length=10, choices=Recurrence.choices, default=Recurrence.NONE)
    status = models.CharField(_("tình trạng"), max_length=12, choices=CommitmentStatus.choices,
                              default=CommitmentStatus.PENDING, db_index=True)
    fulfilled_on = models.DateField(_("hoàn thành ngày"), null=True, blank=True)
    fulfilled_late = models.BooleanField(_("hoàn thành muộn"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("người xác nhận"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                 related_name="commitments_to_review", verbose_name=_("người xác nhận kết quả"),
                                 help_text=_("Để trống: cán bộ cơ quan ngoại vụ của tỉnh xác nhận kết quả do cơ quan "
                                             "chủ trì đề nghị"))
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    SEARCH_FIELDS = ("description",)
    SCOPE_PARENT = "agreement"
    SCOPE_UNIT = "responsible_unit"   # the implementing body updates its commitments
    # The reason is text, not simple-history's 100 characters: a waiver's or a reopening's reason is written
    # there whole (PostgreSQL refused a longer one, and the waiver with it).
    history = HistoricalRecords(excluded_fields=["search_text"],
                                history_change_reason_field=models.TextField(null=True))

    class Meta:
        verbose_name = _("cam kết")
        verbose_name_plural = _("cam kết")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"]), models.Index(fields=["responsible_unit", "status"]),
                   # a province's open commitments past due, agreement by agreement (home panel)
                   models.Index(fields=["agreement", "status", "due_on", "id"], name="commitment_agreement_due_idx"),
                   # the earliest open commitments past due, in order: a large province finds the few shown
                   # among the first rows instead of sorting thousands (PostgreSQL picks it by statistics)
                   models.Index(fields=["due_on", "id"], condition=models.Q(status__in=OPEN_STATUSES),
                                name="commitment_open_due_idx"),
                   # the commitment list's order: its first page is read along it, each row's scope tested
                   # as it comes, instead of sorting a province's every commitment (PostgreSQL at national
                   # scale: 0.2 s, on disk); with the agreement, a reader who sees few commitments tests
                   # each in the index alone (core.generic's SPARSE)
                   models.Index(fields=["due_on", "id", "agreement"], name="commitment_due_idx")]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return reverse("implementation:commitment_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def deadline(self, today=None, soon_days=30) -> str:
        return rules_engine.deadline_state(self.due_on, today or datetime.date.today(), soon_days, self.is_open)


class Fulfilment(ScopedModel):
    """A commitment met (for a recurring one, one period of it), with its evidence and reviewer; whether
    it was on time is kept, not recomputed, because the due date of a recurring commitment moves on.

    Proposed by the implementing unit, then confirmed (or returned) by a reviewer — each decision its own
    FulfilmentReview row. Until confirmed it counts nowhere: the commitment stays open."""

    commitment = models.ForeignKey(Commitment, models.CASCADE, related_name="fulfilments", verbose_name=_("cam kết"))
    state = models.CharField(_("trạng thái"), max_length=10, choices=FulfilmentState.choices,
                             default=FulfilmentState.PROPOSED, db_index=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("người đề nghị"))
    reviewed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    due_on = models.DateField(_("hạn của kỳ"), null=True, blank=True)
    fulfilled_on = models.DateField(_("hoàn thành ngày"))
    on_time = models.BooleanField(_("đúng hạn"), default=True)
    evidence = ScopedFileField(_("tài liệu chứng minh"), blank=True)
    note = models.TextField(_("kết quả, minh chứng"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
                                    verbose_name=_("người xác nhận"))
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    SCOPE_PARENT = "commitment"

    class Meta:
        verbose_name = _("kết quả thực hiện cam kết")
        verbose_name_plural = _("kết quả thực hiện cam kết")
        ordering = ["-fulfilled_on", "-pk"]

    def __str__(self):
        return f"{self.commitment} — {self.fulfilled_on:%d/%m/%Y}"


class FulfilmentReview(ScopedModel):
    """One reviewer's decision on a proposed result: confirmed, or returned with the reason."""

    fulfilment = models.ForeignKey(Fulfilment, models.CASCADE, related_name="reviews", verbose_name=_("kết quả"))
    decision = models.CharField(_("quyết định"), max_length=10, choices=ReviewDecision.choices)
    note = models.TextField(_("nhận xét"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
                                    verbose_name=_("người xác nhận"))
    reviewed_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    SCOPE_PARENT = "fulfilment"

    class Meta:
        verbose_name = _("xác nhận kết quả cam kết")
        verbose_name_plural = _("xác nhận kết quả cam kết")
        ordering = ["reviewed_at", "pk"]

    def __str__(self):
        return f"{self.get_decision_display()} — {self.fulfilment}"


class Plan(ScopedModel):
    """The implementation plan of an agreement for one year, with its planned activities. It is due on
    a date set in the health rules (by default 15 November of the year before)."""

    agreement = models.ForeignKey("agreements.Agreement", models.CASCADE, related_name="plans",
                                  verbose_name=_("thỏa thuận"))
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    status = models.CharField(_("tình trạng"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    responsible_unit = models.ForeignKey("core.Unit", models.PROTECT, null=True, blank=True, related_name="plans",
                                         verbose_name=_("cơ quan chủ trì"))
    approved_on = models.DateField(_("ngày phê duyệt"), null=True, blank=True)
    budget_vnd = models.DecimalField(_("kinh phí dự kiến (đồng)"), max_digits=16, decimal_places=0, null=True, blank=True)
    document = ScopedFileField(_("văn bản kế hoạch"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người lập"))

    SCOPE_PARENT = "agreement"
    SCOPE_UNIT = "responsible_unit"   # the implementing body keeps its plan
    # The reason is text: a planned activity added or deleted is named there (its title holds 300 characters,
    # simple-history's reason 100, which PostgreSQL enforced and refused the change with).
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        verbose_name = _("kế hoạch triển khai")
        verbose_name_plural = _("kế hoạch triển khai")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["agreement", "year"], name="one_plan_per_agreement_year")]
        # The agreements without a plan of a year (queries.plan_deadlines, NOT EXISTS): a year's plans read
        # from here, not by scanning every plan when few or none of that year exist yet (next year's).
        indexes = [models.Index(fields=["year", "agreement"], name="plan_year_agreement_idx")]

    def __str__(self):
        return _("Kế hoạch năm %(year)s") % {"year": self.year}

    def get_absolute_url(self):
        return reverse("implementation:plan_detail", args=[self.pk])


class PlannedActivity(ScopedModel):
    """A line of a plan: what is planned, when, by whom. Done when an activity is linked to it."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="items", verbose_name=_("kế hoạch"))
    title = models.CharField(_("hoạt động dự kiến"), max_length=300)
    kind = models.CharField(_("loại hoạt động"), max_length=12, choices=ActivityKind.choices, default=ActivityKind.OTHER)
    planned_on = models.DateField(_("thời gian dự kiến"), null=True, blank=True)
    responsible_unit = models.ForeignKey("core.Unit", models.PROTECT, null=True, blank=True, related_name="+",
                                         verbose_name=_("cơ quan chủ trì"))
    commitment = models.ForeignKey(Commitment, models.SET_NULL, null=True, blank=True, related_name="planned",
                                   verbose_name=_("phục vụ cam kết"))

    SCOPE_PARENT = "plan"

    class Meta:
        verbose_name = _("hoạt động dự kiến")
        verbose_name_plural = _("hoạt động dự kiến")
        ordering = ["planned_on", "pk"]

    def __str__(self):
        return self.title


class Activity(Searchable, ScopedModel):
    """A dated thing that happened: a meeting, an exchange of delegations, a training, an investment…,
    under an agreement or of the province without one, with its results and evidence."""

    locality = models.ForeignKey("core.Locality", models.PROTECT, related_name="activities",
                                 verbose_name=_("tỉnh, thành phố"))
    agreement = models.ForeignKey("agreements.Agreement", models.CASCADE, null=True, blank=True,
                                  related_name="activities", verbose_name=_("thỏa thuận"),
                                  help_text=_("Để trống nếu hoạt động không thuộc thỏa thuận nào"))
    kind = models.CharField(_("loại hoạt động"), max_length=12, choices=ActivityKind.choices)
    title = models.CharField(_("tên hoạt động"), max_length=300)
    occurred_on = models.DateField(_("ngày diễn ra"))
    description = models.TextField(_("nội dung"), blank=True)
    participants = models.TextField(_("thành phần tham gia"), blank=True)
    responsible_unit = models.ForeignKey("core.Unit", models.PROTECT, null=True, blank=True,
                                         related_name="activities", verbose_name=_("cơ quan chủ trì"))
    investment_pledged_usd = models.DecimalField(_("vốn đầu tư cam kết (USD)"), max_digits=14, decimal_places=0,
                                                 null=True, blank=True, validators=[MinValueValidator(0)])
    investment_disbursed_usd = models.DecimalField(_("vốn đầu tư giải ngân (USD)"), max_digits=14, decimal_places=0,
                                                   null=True, blank=True, validators=[MinValueValidator(0)])
    aid_usd = models.DecimalField(_("viện trợ (USD)"), max_digits=14, decimal_places=0, null=True, blank=True,
                                  validators=[MinValueValidator(0)])
    people_trained = models.PositiveIntegerField(_("số người được đào tạo"), null=True, blank=True)
    trade_value_usd = models.DecimalField(_("kim ngạch thương mại (USD)"), max_digits=14, decimal_places=0,
                                          null=True, blank=True, validators=[MinValueValidator(0)])
    results = models.TextField(_("kết quả khác"), blank=True)
    commitments = models.ManyToManyField(Commitment, blank=True, related_name="activities",
                                         verbose_name=_("phục vụ cam kết"))
    planned_activities = models.ManyToManyField(PlannedActivity, blank=True, related_name="activities",
                                                verbose_name=_("thực hiện hoạt động dự kiến"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người ghi nhận"))

    SEARCH_FIELDS = ("title", "description", "participants")
    # Under an agreement it is seen as the agreement is; its own province (which may be a co-signatory
    # of a joint agreement, or the only owner of an activity without one) records and edits it.
    SCOPE_PARENT = "agreement"
    SCOPE_LOCALITY = "locality"
    SCOPE_UNIT = "responsible_unit"
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("hoạt động triển khai")
        verbose_name_plural = _("hoạt động triển khai")
        ordering = ["-occurred_on", "-pk"]
        # (agreement, day, id): an agreement's activities in order, and the few a sparse reader sees found in
        # the index alone (core.generic's FEW)
        indexes = [models.Index(fields=["agreement", "occurred_on", "id"], name="activity_agreement_day_idx"),
                   models.Index(fields=["locality", "occurred_on"]),
                   # the activity list's order: its first page is read along it, each row's scope tested as it
                   # comes (a mission's: 13 ms of SQL hashing its countries' every agreement, now 0.9); the
                   # indicators' index (day, agreement) left each day's activities to sort whole; with the
                   # agreement and the province, a reader who sees few activities tests each in the index
                   # alone (core.generic's SPARSE)
                   models.Index(fields=["occurred_on", "id", "agreement", "locality"], name="activity_day_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("implementation:activity_detail", args=[self.pk])


class Evidence(ScopedModel):
    """A file proving an activity took place (minutes, photos, a signed list of participants)."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="evidence", verbose_name=_("hoạt động"))
    file = ScopedFileField(_("tệp"))
    description = models.CharField(_("mô tả"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    SCOPE_PARENT = "activity"

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["pk"]

    def __str__(self):
        return self.description or self.file.name.rsplit("/", 1)[-1]

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1]


class HealthChange(ScopedModel):
    """A change of an agreement's health with the reason (healthchecks' Flip). `sequence` numbers the
    changes of one agreement; its uniqueness is what makes two sweeps at once unable to write the same
    change twice."""

    agreement = models.ForeignKey("agreements.Agreement", models.CASCADE, related_name="health_changes",
                                  verbose_name=_("thỏa thuận"))
    sequence = models.PositiveIntegerField(_("thứ tự"))
    previous = models.CharField(_("trước đó"), max_length=10, blank=True)
    health = models.CharField(_("tình trạng triển khai"), max_length=10)
    reasons = models.TextField(_("lý do"), blank=True)
    changed_at = models.DateTimeField(_("thời điểm"))
    trigger = models.CharField(_("nguyên nhân"), max_length=20, blank=True,
                               help_text=_("sweep, activity, commitment, plan"))

    SCOPE_PARENT = "agreement"

    class Meta:
        verbose_name = _("thay đổi tình trạng triển khai")
        verbose_name_plural = _("thay đổi tình trạng triển khai")
        ordering = ["-changed_at", "-sequence"]
        constraints = [models.UniqueConstraint(fields=["agreement", "sequence"], name="health_change_sequence_unique")]

    def __str__(self):
        return f"{self.previous or '—'} → {self.health}"


class Tracking(models.Model):
    """Figures of one agreement that the dashboards need, kept by the sweep and the actions next to the
    agreement's own health so the country is summarised from two narrow tables."""

    agreement = models.OneToOneField("agreements.Agreement", models.CASCADE, primary_key=True, related_name="tracking")
    completion = models.CharField(_("mức độ hoàn thành"), max_length=12, choices=Completion.choices,
                                  default=Completion.NO_EVIDENCE)
    commitments = models.PositiveIntegerField(default=0)
    open_commitments = models.PositiveIntegerField(default=0)
    overdue_commitments = models.PositiveIntegerField(default=0, db_index=True)
    health_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("số liệu triển khai")
        verbose_name_plural = _("số liệu triển khai")

    def __str__(self):
        return str(self.agreement_id)


class CapacityAssessment(ScopedModel):
    """The capacity check before signing: the readiness checklist, the responsible unit's record at that
    moment, and the result, kept with the opinion request it accompanied."""

    agreement = models.ForeignKey("agreements.Agreement", models.CASCADE, related_name="capacity_assessments",
                                  verbose_name=_("thỏa thuận"))
    opinion_request = models.ForeignKey("agreements.Event", models.SET_NULL, null=True, blank=True, related_name="+",
                                        verbose_name=_("kèm hồ sơ xin ý kiến"))
    responsible_unit = models.ForeignKey("core.Unit", models.PROTECT, null=True, blank=True, related_name="+",
                                         verbose_name=_("cơ quan chủ trì triển khai"))
    budget_identified = models.BooleanField(_("đã xác định kinh phí"), default=False)
    unit_named = models.BooleanField(_("đã giao cơ quan chủ trì triển khai"), default=False)
    first_year_plan = models.BooleanField(_("đã có dự thảo kế hoạch năm đầu"), default=False)
    several_fields = models.BooleanField(_("có từ hai lĩnh vực hợp tác cụ thể trở lên"), default=False)
    leadership_signoff = models.BooleanField(_("lãnh đạo đã cho ý kiến chủ trương"), default=False)
    unit_record = models.JSONField(_("hồ sơ triển khai của cơ quan chủ trì"), default=dict, blank=True)
    result = models.CharField(_("kết luận"), max_length=12)
    note = models.TextField(_("ghi chú"), blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
                                    verbose_name=_("người đánh giá"))
    assessed_at = models.DateTimeField(_("đánh giá lúc"), auto_now_add=True)

    SCOPE_PARENT = "agreement"
    CHECKLIST = ("budget_identified", "unit_named", "first_year_plan", "several_fields", "leadership_signoff")

    class Meta:
        verbose_name = _("đánh giá năng lực triển khai")
        verbose_name_plural = _("đánh giá năng lực triển khai")
        ordering = ["-assessed_at", "-pk"]

    def __str__(self):
        return f"{self.agreement_id}: {self.result}"


class DigestLog(models.Model):
    """One row per user and day a digest was sent: `ngoaivu digest` run twice sends one e-mail."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    sent_on = models.DateField()
    items = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bản tin nhắc việc đã gửi")
        verbose_name_plural = _("bản tin nhắc việc đã gửi")
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="one_digest_per_user_day")]


class Summary(models.Model):
    """The national figures kept current (implementation.summaries): per province, and per province and
    partner country, the agreements in force by health and their overdue commitments. The national page,
    the home panels and the per-country statement read these few hundred rows instead of aggregating the
    register on every request. `country` "" is the province's own total; `locality` 0 holds the agreements
    of the centre (no province), kept as a plain number so that (locality, country) is a true unique key
    for the upsert of a change."""

    locality = models.IntegerField(_("tỉnh, thành phố"))
    country = models.CharField(_("quốc gia đối tác"), max_length=2, blank=True)
    in_force = models.IntegerField(_("có hiệu lực"), default=0)
    active = models.IntegerField(_("đang triển khai"), default=0)
    at_risk = models.IntegerField(_("có nguy cơ"), default=0)
    dormant = models.IntegerField(_("ký rồi để đấy"), default=0)
    overdue = models.IntegerField(_("cam kết quá hạn"), default=0)

    class Meta:
        verbose_name = _("số liệu tổng hợp")
        verbose_name_plural = _("số liệu tổng hợp")
        constraints = [models.UniqueConstraint(fields=["locality", "country"], name="one_summary_per_key")]

    def __str__(self):
        return f"{self.locality}/{self.country or '*'}: {self.in_force}"


class _CountedRecords(models.Model):
    """The key and figure both record-count tables share (implementation.record_counts)."""

    agreement_locality = models.IntegerField(_("tỉnh, thành phố của thỏa thuận"))
    kind = models.CharField(_("loại"), max_length=12)  # "commitment" or "activity" (record_counts.KINDS)
    locality = models.IntegerField(_("tỉnh, thành phố"))
    visibility = models.CharField(_("phạm vi xem"), max_length=12, blank=True)
    records = models.IntegerField(_("số bản ghi"), default=0)

    class Meta:
        abstract = True


class RecordCount(_CountedRecords):
    """How many commitments and activities there are under each agreement province, record province and
    agreement visibility, kept current by `implementation.record_counts` so that the two lists, unfiltered,
    show their exact total without counting every record their reader sees (a province's 100,000 activities)
    through the one scoping mechanism (core.scoping.ScopedQuerySet.visible_count). `agreement_locality` 0:
    the centre's agreements, or an activity of no agreement (whose visibility is ""); a commitment's
    `locality` is its agreement's. Statistics, not a record."""

    class Meta:
        verbose_name = _("số cam kết, hoạt động theo tỉnh")
        verbose_name_plural = _("số cam kết, hoạt động theo tỉnh")
        constraints = [models.UniqueConstraint(fields=["agreement_locality", "kind", "locality", "visibility"],
                                               name="one_record_count_per_key")]

    def __str__(self):
        return f"{self.agreement_locality}/{self.kind}/{self.locality}/{self.visibility}: {self.records}"


class CountryRecordCount(_CountedRecords):
    """`RecordCount` per partner country of the agreement (a record counts once per country of its
    agreement's partners): a mission reads the records of its countries' agreements."""

    country = models.CharField(_("quốc gia đối tác"), max_length=2)

    class Meta:
        verbose_name = _("số cam kết, hoạt động theo tỉnh và nước đối tác")
        verbose_name_plural = _("số cam kết, hoạt động theo tỉnh và nước đối tác")
        constraints = [models.UniqueConstraint(
            fields=["agreement_locality", "kind", "country", "locality", "visibility"],
            name="one_country_record_count_per_key")]

    def __str__(self):
        return f"{self.agreement_locality}/{self.kind}/{self.country}/{self.locality}/{self.visibility}: {self.records}"


class UnitCommitmentCount(models.Model):
    """How many commitments each host body is responsible for, kept current by `implementation.unit_counts`
    so that the commitment list's host-body select offers the bodies with commitments without probing every
    body's commitments (the centre's and the missions' select: 3,884 bodies at national scale). Statistics,
    not a record."""

    unit = models.IntegerField(_("cơ quan chủ trì"))
    commitments = models.IntegerField(_("số cam kết"), default=0)

    class Meta:
        verbose_name = _("số cam kết theo cơ quan chủ trì")
        verbose_name_plural = _("số cam kết theo cơ quan chủ trì")
        constraints = [models.UniqueConstraint(fields=["unit"], name="one_unit_commitment_count_per_unit")]

    def __str__(self):
        return f"{self.unit}: {self.commitments}"
