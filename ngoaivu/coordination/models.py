"""Report requests from the centre to the provinces, each province's return, and the stored transitions of
a return's status; periodic schedules that create the recurring requests (their windows and deadlines are
settings, Decree 09/2019's defaults)."""
import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ngoaivu.coordination.choices import (RETURN_COLOURS, Frequency, OpinionStatus, RequestKind, ReturnStatus,
                                          Verdict, return_overdue)
from ngoaivu.core.files import ScopedFileField
from ngoaivu.core.numbers import vn_number
from ngoaivu.core.scoping import ScopedModel
from ngoaivu.core.text import Searchable


class ReportSchedule(models.Model):
    """A recurring report the rules require (the province's yearly report on international agreements; the
    six-monthly and yearly external-affairs reports). The data window and the deadline are settings: the
    defaults are Decree 09/2019's (yearly 15/12 of the previous year → 14/12; six-monthly 15/12 → 14/6),
    the sending deadline is `due_days` after the window ends, the request goes out `lead_days` before."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    title = models.CharField(_("tên báo cáo"), max_length=300)
    frequency = models.CharField(_("kỳ báo cáo"), max_length=12, choices=Frequency.choices)
    kind = models.CharField(_("loại báo cáo"), max_length=12, choices=RequestKind.choices,
                            default=RequestKind.STRUCTURED)
    window_start_day = models.PositiveSmallIntegerField(_("ngày bắt đầu kỳ số liệu"), default=15)
    window_start_month = models.PositiveSmallIntegerField(
        _("tháng bắt đầu kỳ số liệu"), default=12,
        help_text=_("Của năm trước (Nghị định 09/2019: từ 15/12 năm trước)"))
    due_days = models.PositiveSmallIntegerField(
        _("hạn gửi (số ngày sau khi chốt số liệu)"), default=5,
        help_text=_("Mỗi chế độ báo cáo quy định hạn riêng, ít nhất 1 ngày làm việc sau ngày chốt số liệu"))
    lead_days = models.PositiveSmallIntegerField(_("gửi yêu cầu trước ngày chốt (ngày)"), default=15)
    fields = models.JSONField(_("chỉ tiêu"), default=list, blank=True)
    active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("lịch báo cáo định kỳ")
        ordering = ["code"]

    def __str__(self):
        return self.title

    def periods_around(self, day: datetime.date):
        """The (key, window start, window end) of the periods that end in `day`'s year, the one before and after."""
        periods = []
        for year in (day.year - 1, day.year, day.year + 1):
            start = datetime.date(year - 1, self.window_start_month, self.window_start_day)
            year_end = datetime.date(year, self.window_start_month, self.window_start_day) - datetime.timedelta(days=1)
            if self.frequency == Frequency.HALF_YEARLY:
                middle = _add_months(start, 6)
                periods.append((f"{year}-H1", start, middle - datetime.timedelta(days=1)))
                periods.append((f"{year}-H2", middle, year_end))
            else:
                periods.append((str(year), start, year_end))
        return periods

    def period_to_open(self, day: datetime.date):
        """The period whose request should exist on `day`: the latest one already open (its window ends within
        `lead_days`, or has ended), or None."""
        due = [p for p in self.periods_around(day) if p[2] - datetime.timedelta(days=self.lead_days) <= day]
        return due[-1] if due else None


def _add_months(day, months):
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


class ReportRequest(Searchable, ScopedModel):
    """A request for a report sent by the centre to provinces, with its deadline and data window. A
    structured request lists its fields (`fields`: [{"key", "label", "type", "unit", "source"}]); a
    source names a figure pre-filled from the province's own data (ngoaivu.coordination.prefill)."""

    sender_locality = models.ForeignKey("core.Locality", models.PROTECT, null=True, blank=True, related_name="+",
                                        verbose_name=_("nơi gửi"), help_text=_("Để trống: cơ quan trung ương"))
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    title = models.CharField(_("tên báo cáo"), max_length=300)
    kind = models.CharField(_("loại báo cáo"), max_length=12, choices=RequestKind.choices, default=RequestKind.FREE)
    body = models.TextField(_("nội dung yêu cầu"), blank=True)
    data_from = models.DateField(_("số liệu từ ngày"))
    data_to = models.DateField(_("số liệu đến ngày"))
    due_on = models.DateField(_("hạn gửi"))
    fields = models.JSONField(_("chỉ tiêu"), default=list, blank=True)
    schedule = models.ForeignKey(ReportSchedule, models.PROTECT, null=True, blank=True, related_name="requests",
                                 verbose_name=_("lịch định kỳ"))
    period = models.CharField(_("kỳ"), max_length=12, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    # The record's own facts (its page shows them): not the folded search text derived from them.
    history = HistoricalRecords(excluded_fields=["search_text"])

    SCOPE_LOCALITY = "sender_locality"
    # The provinces it is addressed to read it (not edit it).
    SCOPE_READ_LOCALITIES = ("returns__locality",)
    SEARCH_FIELDS = ("title", "number")

    class Meta:
        verbose_name = _("yêu cầu báo cáo")
        ordering = ["-due_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["schedule", "period"], name="report_request_one_per_period",
                                               condition=models.Q(schedule__isnull=False))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("coordination:request_detail", args=[self.pk])

    @property
    def structured(self):
        return self.kind == RequestKind.STRUCTURED

    def history_field_changes(self, name, old, new):
        """The page's history names the indicators asked for (their labels), not their JSON."""
        if name != "fields":
            return None
        labels = [", ".join(f.get("label") or f.get("key", "") for f in (fields or [])) or "—" for fields in (old, new)]
        return [(self._meta.get_field(name).verbose_name, *labels)]


class ReportReturn(ScopedModel):
    """One province's answer to a request: its status (changes stored as `ReturnTransition` rows), the values
    of a structured request's fields, the text of a free one, and the read receipt."""

    SCOPE_OWN = "one province's answer: the request is read by every recipient, the return only by its province"
    request = models.ForeignKey(ReportRequest, models.CASCADE, related_name="returns", verbose_name=_("yêu cầu"))
    locality = models.ForeignKey("core.Locality", models.PROTECT, related_name="report_returns",
                                 verbose_name=_("tỉnh, thành phố"))
    status = models.CharField(_("tình trạng"), max_length=12, choices=ReturnStatus.choices,
                              default=ReturnStatus.NOT_STARTED)
    values = models.JSONField(_("số liệu"), default=dict, blank=True)
    text = models.TextField(_("nội dung báo cáo"), blank=True)
    # A free-form return's file (the request type says "văn bản, tệp đính kèm"); read like the return itself.
    attachment = ScopedFileField(_("tệp đính kèm"), blank=True)
    first_opened_at = models.DateTimeField(_("mở lần đầu lúc"), null=True, blank=True)
    first_opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                        related_name="+", verbose_name=_("người mở lần đầu"))
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    # Not the time of each save (the history row has it): a line "cập nhật lúc" in every change said nothing.
    history = HistoricalRecords(excluded_fields=["updated_at"])

    SCOPE_LOCALITY = "locality"

    class Meta:
        verbose_name = _("báo cáo của tỉnh")
        ordering = ["locality__short_name"]
        constraints = [models.UniqueConstraint(fields=["request", "locality"], name="report_return_one_per_province")]

    def __str__(self):
        return f"{self.request.title} — {self.locality.short_name}"

    def get_absolute_url(self):
        return reverse("coordination:return_detail", args=[self.pk])

    def is_overdue(self, today) -> bool:
        return return_overdue(self.status, self.request.due_on, today)

    @property
    def colour(self):
        return RETURN_COLOURS[self.status]

    def history_field_changes(self, name, old, new):
        """A change of the figures, one line per indicator of the request that changed (its label and unit,
        the old and the new figure), not the two dictionaries the history row holds."""
        if name != "values":
            return None
        old, new = old or {}, new or {}
        fields = {f["key"]: f for f in self.request.fields}
        rows = []
        for key in [*fields, *sorted((set(old) | set(new)) - set(fields))]:
            before, after = _figure(old.get(key)), _figure(new.get(key))
            if before != after:  # a table never filled and one saved empty are both "—"
                f = fields.get(key, {"label": key})
                rows.append((f["label"] + (f" ({f['unit']})" if f.get("unit") else ""), before, after))
        return rows


def _figure(value) -> str:
    """A return's stored value as its history shows it: a number written the Vietnamese way, a table's rows
    "label: number", a text as typed."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return vn_number(value)
    if isinstance(value, list):
        return ", ".join(f"{row[0]}: {_figure(row[1])}" if isinstance(row, (list, tuple)) and len(row) == 2
                         else str(row) for row in value)
    return str(value)


class ReturnTransition(ScopedModel):
    """A change of a return's status with its reason (the comment when the centre sends it back)."""

    report_return = models.ForeignKey(ReportReturn, models.CASCADE, related_name="transitions",
                                      verbose_name=_("báo cáo"))
    from_status = models.CharField(_("từ"), max_length=12, choices=ReturnStatus.choices)
    to_status = models.CharField(_("sang"), max_length=12, choices=ReturnStatus.choices)
    reason = models.TextField(_("lý do, ý kiến"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                           verbose_name=_("người thực hiện"))
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    SCOPE_PARENT = "report_return"

    class Meta:
        verbose_name = _("chuyển trạng thái báo cáo")
        ordering = ["at", "pk"]


class MinistryOpinion(ScopedModel):
    """The Foreign Ministry's written opinion on a province's draft agreement (Law 70/2020, 7 working days),
    drafted by a central officer, approved by a central manager and issued here: issuing records the
    "opinion received" event on the province's agreement (`answer`) and whether the deadline was met."""

    request_event = models.OneToOneField("agreements.Event", models.CASCADE, related_name="ministry_opinion",
                                         verbose_name=_("đề nghị xin ý kiến"))
    status = models.CharField(_("tình trạng"), max_length=10, choices=OpinionStatus.choices, default=OpinionStatus.DRAFT)
    verdict = models.CharField(_("ý kiến"), max_length=16, choices=Verdict.choices, blank=True)
    text = models.TextField(_("nội dung ý kiến"), blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("người soạn"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("người phê duyệt"))
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    deadline_met = models.BooleanField(_("đúng hạn"), null=True, blank=True)
    answer = models.OneToOneField("agreements.Event", models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name=_("sự kiện nhận ý kiến"))
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])  # as the return's

    SCOPE_PARENT = "request_event"

    class Meta:
        verbose_name = _("ý kiến của Bộ Ngoại giao")

    def __str__(self):
        return f"{self.request_event.agreement.title}"

    def get_absolute_url(self):
        return reverse("coordination:opinion_detail", args=[self.request_event_id])


class Directive(Searchable, ScopedModel):
    """A directive, guidance or notice from the centre to provinces (all, a list, or a region), or from a
    province to its own units (`sender_locality` the province), with its recipients' read receipts and
    acknowledgements."""

    sender_locality = models.ForeignKey("core.Locality", models.PROTECT, null=True, blank=True, related_name="+",
                                        verbose_name=_("nơi gửi"), help_text=_("Để trống: cơ quan trung ương"))
    number = models.CharField(_("số, ký hiệu"), max_length=60)
    issued_on = models.DateField(_("ngày ban hành"))
    subject = models.CharField(_("trích yếu"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    signer = models.CharField(_("người ký"), max_length=150)
    attachment = ScopedFileField(_("tệp đính kèm"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    # As the request's; the reason is text, not 100 characters: an edit's names the recipients added and
    # removed (directives.update_directive), up to the 34 provinces.
    history = HistoricalRecords(excluded_fields=["search_text"], history_change_reason_field=models.TextField(null=True))

    SCOPE_LOCALITY = "sender_locality"
    SCOPE_READ_LOCALITIES = ("recipients__locality",)
    SEARCH_FIELDS = ("number", "subject")

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        ordering = ["-issued_on", "-pk"]
        # The list's order: the centre reads every directive, and a page of 25 walks this index instead of
        # sorting the whole table (4,180 rows at national scale).
        indexes = [models.Index(fields=["-issued_on", "-id"], name="coord_directive_newest_idx")]

    def __str__(self):
        return f"{self.number} — {self.subject}"

    def get_absolute_url(self):
        return reverse("coordination:directive_detail", args=[self.pk])


class DirectiveRecipient(ScopedModel):
    """One recipient's copy of a directive: a province's (from the centre) or a unit's (from its province,
    `locality` then the unit's province); first opened (when, by whom), acknowledged, reminded."""

    SCOPE_OWN = "one province's copy: the directive is read by every recipient, the receipt only by its province"
    directive = models.ForeignKey(Directive, models.CASCADE, related_name="recipients", verbose_name=_("văn bản"))
    locality = models.ForeignKey("core.Locality", models.PROTECT, related_name="+", verbose_name=_("tỉnh, thành phố"))
    unit = models.ForeignKey("core.Unit", models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("cơ quan, đơn vị"), help_text=_("Để trống: bản của tỉnh, thành phố"))
    first_opened_at = models.DateTimeField(_("mở lần đầu lúc"), null=True, blank=True)
    first_opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                        related_name="+", verbose_name=_("người mở lần đầu"))
    acknowledged_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                        related_name="+", verbose_name=_("người xác nhận"))
    reminded_at = models.DateTimeField(_("nhắc lúc"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("số lần nhắc"), default=0)

    SCOPE_LOCALITY = "locality"
    # A unit's officers acknowledge and answer their unit's copy of their province's directive.
    SCOPE_UNIT = "unit"

    class Meta:
        verbose_name = _("nơi nhận văn bản")
        ordering = ["locality__sort_key", "unit__name"]  # Vietnamese alphabetical order (Điện Biên after Cao Bằng)
        constraints = [
            models.UniqueConstraint(fields=["directive", "locality"], name="directive_one_per_province",
                                    condition=models.Q(unit__isnull=True)),
            models.UniqueConstraint(fields=["directive", "unit"], name="directive_one_per_unit",
                                    condition=models.Q(unit__isnull=False)),
        ]

    @property
    def name(self):
        return self.unit.name if self.unit_id else self.locality.short_name

    def get_absolute_url(self):
        return self.directive.get_absolute_url()


class DirectiveReply(ScopedModel):
    """A recipient's (a province's or a unit's) reply to a directive, with an attachment."""

    recipient = models.ForeignKey(DirectiveRecipient, models.CASCADE, related_name="replies", verbose_name=_("nơi nhận"))
    text = models.TextField(_("nội dung trả lời"))
    attachment = ScopedFileField(_("tệp đính kèm"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    SCOPE_PARENT = "recipient"

    class Meta:
        verbose_name = _("trả lời văn bản")
        ordering = ["at", "pk"]


# The records a conversation may be about: kind (in the thread's URL) → model.
THREAD_RECORDS = {"agreement": "agreements.Agreement", "delegation": "exchanges.Delegation",
                  "conference": "exchanges.Conference", "report_return": "coordination.ReportReturn",
                  "opportunity": "partners.Opportunity"}


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The comments on records `user` sees, through each record's own `visible_to` (no rule of its own:
        a comment, and its attachment's download, is read exactly when its record is)."""
        from django.apps import apps
        q = models.Q(pk__in=[])
        for kind, label in THREAD_RECORDS.items():
            records = apps.get_model(label).objects.visible_to(user).values("pk")
            q |= models.Q(record_kind=kind, record_id__in=records)
        return self.filter(q)


class Comment(models.Model):
    """One comment of the conversation on a record (an agreement, a delegation, a conference, a report
    return), with an optional attachment. It is read by whoever can see the record (`visible_to` asks the
    record's own `visible_to`), so a province never reads another's thread nor downloads its files."""

    record_kind = models.CharField(_("loại hồ sơ"), max_length=20)
    record_id = models.PositiveBigIntegerField(_("mã hồ sơ"))
    text = models.TextField(_("nội dung"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
                           verbose_name=_("người viết"))
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in",
                                      verbose_name=_("người được nhắc đến"))
    attachment = ScopedFileField(_("tệp đính kèm"), blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("trao đổi")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["record_kind", "record_id", "at"])]
