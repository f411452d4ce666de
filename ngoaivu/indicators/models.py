"""The statistics layer: an indicator catalogue, observations of entered indicators per province and
period, and the roadmap's targets. Computed indicators read the other apps' registers (`computed.py`);
nothing else in the application reads this app."""
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ngoaivu.core.scoping import ScopedModel
from ngoaivu.indicators.choices import Aggregation, Computation, ExchangeKind, Method, PeriodKind, Unit
from ngoaivu.indicators.periods import Period


class Indicator(models.Model):
    """An indicator of the catalogue, managed by the centre and read by everyone signed in."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    definition = models.TextField(_("định nghĩa"), blank=True)
    definition_en = models.TextField(_("định nghĩa tiếng Anh"), blank=True)
    unit = models.CharField(_("đơn vị"), max_length=8, choices=Unit.choices, default=Unit.COUNT)
    higher_is_better = models.BooleanField(_("càng cao càng tốt"), default=True)
    source = models.CharField(_("nguồn số liệu"), max_length=200, blank=True)
    method = models.CharField(_("cách có số liệu"), max_length=8, choices=Method.choices, default=Method.ENTERED)
    computation = models.CharField(_("phép tính trên sổ theo dõi"), max_length=30, choices=Computation.choices,
                                   blank=True, help_text=_("Chỉ với chỉ số tính từ sổ theo dõi"))
    aggregation = models.CharField(_("giá trị của kỳ nhiều năm"), max_length=4, choices=Aggregation.choices,
                                   default=Aggregation.SUM)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ số")
        verbose_name_plural = _("chỉ số")
        ordering = ["position", "code"]

    def __str__(self):
        if self.name_en and (get_language() or "vi").startswith("en"):
            return self.name_en
        return self.name

    @property
    def name_lang(self) -> str:
        """The language of the name `str()` shows (the lang attribute of the element holding it)."""
        return "en" if self.name_en and (get_language() or "vi").startswith("en") else "vi"

    @property
    def shown_definition(self) -> str:
        # Stored with both, as the name: an English page shows the English one where there is one.
        return self.definition_en if self.definition_lang == "en" else self.definition

    @property
    def definition_lang(self) -> str:
        return "en" if self.definition_en and (get_language() or "vi").startswith("en") else "vi"

    def get_absolute_url(self):
        return reverse("indicators:indicator_detail", args=[self.code])

    @property
    def is_computed(self) -> bool:
        return self.method == Method.COMPUTED


def as_stored(value: Decimal) -> Decimal:
    """A figure as Observation.value keeps it (to the hundredth, half up): the grid, the import and the
    returns round here, before saving, rather than the model refusing a figure computed in Excel
    (1234,5678) after the preview accepted it."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class Observation(ScopedModel):
    """The value of an entered indicator for a province (or, with no province, the national figure the
    centre enters) and a period. A former province's observation counts for its successor."""

    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="observations", verbose_name=_("chỉ số"))
    locality = models.ForeignKey("core.Locality", models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("tỉnh, thành phố"), help_text=_("Để trống: số liệu toàn quốc"))
    # A figure of a province merged on 01/7/2025 (Bắc Giang's 2024 figures) is owned by its successor
    # (Bắc Ninh edits it; it counts under Bắc Ninh) and remembers the former province it was reported for.
    former_locality = models.ForeignKey("core.Locality", models.PROTECT, null=True, blank=True, related_name="+",
                                        verbose_name=_("tỉnh cũ"), help_text=_("Số liệu của tỉnh trước 01/7/2025"))
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    period_kind = models.CharField(_("loại kỳ"), max_length=8, choices=PeriodKind.choices)
    value = models.DecimalField(_("giá trị"), max_digits=20, decimal_places=2, validators=[MinValueValidator(0)])
    source = models.CharField(_("nguồn"), max_length=200, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("người nhập"))
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    # Not the time of each save (the history row has it): a line "cập nhật lúc" in every change said nothing.
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("số liệu chỉ số")
        verbose_name_plural = _("số liệu chỉ số")
        ordering = ["indicator__position", "period_start", "locality__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "locality", "period_start", "period_end"],
                                    condition=models.Q(former_locality__isnull=True), name="observation_unique_period"),
            models.UniqueConstraint(fields=["indicator", "former_locality", "period_start", "period_end"],
                                    condition=models.Q(former_locality__isnull=False),
                                    name="observation_unique_former_period"),
            models.UniqueConstraint(fields=["indicator", "period_start", "period_end"],
                                    condition=models.Q(locality__isnull=True), name="observation_unique_national"),
        ]
        indexes = [models.Index(fields=["indicator", "period_start"])]

    def __str__(self):
        where = self.locality or _("toàn quốc")
        return f"{self.indicator.code} {self.period} {where}: {self.value}"

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end)


class Target(ScopedModel):
    """A roadmap target: the value a province (or the nation, without one) aims at for an indicator over
    a span of years, with optional yearly steps (`TargetStep`)."""

    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="targets", verbose_name=_("chỉ số"))
    locality = models.ForeignKey("core.Locality", models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("tỉnh, thành phố"), help_text=_("Để trống: mục tiêu toàn quốc"))
    first_year = models.PositiveSmallIntegerField(_("từ năm"), validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    last_year = models.PositiveSmallIntegerField(_("đến năm"), validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    value = models.DecimalField(_("giá trị mục tiêu cả kỳ"), max_digits=20, decimal_places=2,
                                validators=[MinValueValidator(0)])
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True,
                             help_text=_("Ví dụ: Nghị quyết Đại hội Đảng bộ tỉnh nhiệm kỳ 2025–2030"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("người nhập"))
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])  # as the observation's

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["indicator__position", "first_year", "locality__short_name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(first_year__lte=models.F("last_year")),
                                   name="target_years_in_order"),
            # One target per indicator, place, span and basis: a double click on "Lưu" listed the same target
            # twice, while the Party congress resolution and the 5-year plan may set two for one span (basis
            # is never null: "" when none is written). The form and save_target say so in words first; these
            # catch two requests that both passed.
            models.UniqueConstraint(fields=["indicator", "locality", "first_year", "last_year", "basis"],
                                    condition=models.Q(locality__isnull=False), name="target_unique_span"),
            models.UniqueConstraint(fields=["indicator", "first_year", "last_year", "basis"],
                                    condition=models.Q(locality__isnull=True), name="target_unique_national_span"),
        ]

    def __str__(self):
        return f"{self.indicator} {self.first_year}–{self.last_year}: {self.value}"

    @property
    def period(self) -> Period:
        return Period.years(self.first_year, self.last_year)

    def get_absolute_url(self):
        return reverse("indicators:target_edit", args=[self.pk])


class TargetStep(ScopedModel):
    """The value aimed at in one year of a target's span (a flow indicator: that year's value; a stock or
    share: the level at that year's end)."""

    SCOPE_PARENT = "target"
    target = models.ForeignKey(Target, models.CASCADE, related_name="steps", verbose_name=_("mục tiêu"))
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("giá trị"), max_digits=20, decimal_places=2, validators=[MinValueValidator(0)])
    # A milestone changed or removed stays readable, as the target's own value does.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mốc năm")
        verbose_name_plural = _("mốc năm")
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["target", "year"], name="target_step_unique_year")]

    def __str__(self):
        return f"{self.year}: {self.value}"


class YearTotal(models.Model):
    """Yearly totals per province kept current (indicators.totals) so the computed indicators of whole
    years and multi-year spans read a few hundred rows instead of scanning the registers: agreements
    signed (by signing year) and activities with their amounts (by the year they happened). `locality` 0
    holds the centre's own agreements (no province), a plain number so that (locality, year) is a true
    unique key for the upsert of a change. Keyed by the record's own province: a former province's totals
    count for its successor when read, as everywhere else. Not a record anyone edits: statistics."""

    locality = models.IntegerField(_("tỉnh, thành phố"))
    year = models.SmallIntegerField(_("năm"))
    signed = models.IntegerField(_("thỏa thuận ký"), default=0)
    activities = models.IntegerField(_("hoạt động"), default=0)
    pledged = models.DecimalField(_("vốn đầu tư cam kết (USD)"), max_digits=20, decimal_places=0, default=0)
    disbursed = models.DecimalField(_("vốn đầu tư giải ngân (USD)"), max_digits=20, decimal_places=0, default=0)
    aid = models.DecimalField(_("viện trợ (USD)"), max_digits=20, decimal_places=0, default=0)

    class Meta:
        verbose_name = _("tổng số theo năm")
        verbose_name_plural = _("tổng số theo năm")
        constraints = [models.UniqueConstraint(fields=["locality", "year"], name="one_year_total_per_key")]

    def __str__(self):
        return f"{self.locality}/{self.year}: {self.signed}, {self.activities}"


class ActiveYear(models.Model):
    """The years in which an agreement had an activity, kept current with the yearly totals
    (indicators.totals): `activities` counts its activities of that year, so that a deleted or moved
    activity takes the year away only when it was the last. The national page's "active share" and
    "dormant" of whole years and spans read this set (a few rows per agreement) instead of the
    activities themselves. `agreement` is a plain number (no foreign key): the row goes when its count
    falls to zero, not by a cascade that would race the activities' own receivers."""

    agreement = models.IntegerField(_("thỏa thuận"))
    year = models.SmallIntegerField(_("năm"))
    activities = models.IntegerField(_("hoạt động"), default=0)

    class Meta:
        verbose_name = _("năm có hoạt động của thỏa thuận")
        verbose_name_plural = _("năm có hoạt động của thỏa thuận")
        constraints = [models.UniqueConstraint(fields=["agreement", "year"], name="one_active_year_per_agreement")]
        # the read: the agreements with an activity in a range of years
        indexes = [models.Index(fields=["year", "agreement"], name="active_year_year_agreement_idx")]

    def __str__(self):
        return f"{self.agreement}/{self.year}: {self.activities}"


class CountryYearTotal(models.Model):
    """Yearly totals per province and partner country kept current (indicators.country_totals): the
    activities carried out under agreements with a partner of the country (an agreement with partners of
    two countries counts for each, once per country), and the amounts recorded on them; the agreements
    with such a partner signed that year under the province, and how many of them are in force today. The
    list of partner countries and a country's page read them for whole years and spans instead of the
    registers. Keyed by the activity's (the agreement's) own province, a former province's figures count for
    its successor when read. Statistics, not a record."""

    locality = models.IntegerField(_("tỉnh, thành phố"))
    country = models.CharField(_("quốc gia"), max_length=2)
    year = models.SmallIntegerField(_("năm"))
    activities = models.IntegerField(_("hoạt động"), default=0)
    pledged = models.DecimalField(_("vốn đầu tư cam kết (USD)"), max_digits=20, decimal_places=0, default=0)
    disbursed = models.DecimalField(_("vốn đầu tư giải ngân (USD)"), max_digits=20, decimal_places=0, default=0)
    aid = models.DecimalField(_("viện trợ (USD)"), max_digits=20, decimal_places=0, default=0)
    # The agreements with a partner of the country, under their own province and signing year.
    signed = models.IntegerField(_("thỏa thuận ký"), default=0)
    in_force = models.IntegerField(_("thỏa thuận đang có hiệu lực"), default=0)

    class Meta:
        verbose_name = _("tổng số theo năm và quốc gia đối tác")
        verbose_name_plural = _("tổng số theo năm và quốc gia đối tác")
        constraints = [models.UniqueConstraint(fields=["locality", "country", "year"],
                                               name="one_country_year_total_per_key")]
        # the reads: one country over a range of years; every country of a range of years
        indexes = [models.Index(fields=["country", "year"], name="country_total_country_year_idx"),
                   models.Index(fields=["year", "country"], name="country_total_year_country_idx")]

    def __str__(self):
        return f"{self.locality}/{self.country}/{self.year}: {self.activities}"


class ExchangeYearTotal(models.Model):
    """Yearly counts of delegations and conferences per province kept current (indicators.exchange_totals),
    cancelled ones excluded, by the year they start. Rows of `kind` delegation: with a `channel` and no
    country, every delegation of that channel; with a `country` and no channel, the delegations with a stop
    in that country (once per country). Rows of kind conference (neither): the conferences. The national
    page, its channels and the partner countries' pages read them for whole years and spans instead of the
    exchanges' registers. Keyed by the record's own province, a former province's figures count for its
    successor when read. Statistics, not a record."""

    locality = models.IntegerField(_("tỉnh, thành phố"))
    year = models.SmallIntegerField(_("năm"))
    kind = models.CharField(_("loại"), max_length=10, choices=ExchangeKind.choices)
    channel = models.CharField(_("kênh"), max_length=8, blank=True)
    country = models.CharField(_("quốc gia"), max_length=2, blank=True)
    delegations_out = models.IntegerField(_("đoàn ra"), default=0)
    delegations_in = models.IntegerField(_("đoàn vào"), default=0)
    conferences = models.IntegerField(_("hội nghị, hội thảo"), default=0)

    class Meta:
        verbose_name = _("số đoàn và hội nghị theo năm")
        verbose_name_plural = _("số đoàn và hội nghị theo năm")
        constraints = [models.UniqueConstraint(fields=["locality", "year", "kind", "channel", "country"],
                                               name="one_exchange_year_total_per_key")]
        # the reads: a range of years (every province, every country); one country over a range of years
        indexes = [models.Index(fields=["year", "country"], name="exchange_total_year_idx"),
                   models.Index(fields=["country", "year"], name="exchange_total_country_idx")]

    def __str__(self):
        return (f"{self.locality}/{self.year}/{self.kind}/{self.channel}/{self.country}: "
                f"{self.delegations_out}, {self.delegations_in}")


class InForceYear(models.Model):
    """The agreements in force today, counted per province and signing year, with the years in which they
    had an activity, kept current by `indicators.in_force` so that the national page's "in force", "active
    share" and "dormant" of whole years and spans read a few thousand rows instead of the agreements and
    their active years. Statistics, not a record (a former province's rows count for its successor when
    read).

    Each agreement in force (with a signing date) adds 1 to the row (its province, its signing year, year 0,
    since 0) — the in-force count — and 1 to (its province, its signing year, Y, P) for each year Y in which
    it had an activity, P being its previous such year (0 when none). An agreement had an activity in the
    years A..B exactly when one of its active years Y in A..B has P < A (its first active year of the span),
    so the agreements active in a span are a sum of rows, never a distinct count."""

    locality = models.IntegerField(_("tỉnh, thành phố"))  # 0: the centre's own agreements
    signed = models.SmallIntegerField(_("năm ký"))
    year = models.SmallIntegerField(_("năm có hoạt động"))  # 0: the agreement counted as in force
    since = models.SmallIntegerField(_("năm có hoạt động trước đó"))  # 0: none before `year`
    agreements = models.IntegerField(_("thỏa thuận"), default=0)

    class Meta:
        verbose_name = _("thỏa thuận còn hiệu lực theo năm ký và năm có hoạt động")
        verbose_name_plural = _("thỏa thuận còn hiệu lực theo năm ký và năm có hoạt động")
        constraints = [models.UniqueConstraint(fields=["locality", "signed", "year", "since"],
                                               name="one_in_force_year_per_key")]
        # The read of a year or a span (in_force.read): its in-force rows (year 0) and its years, from the
        # index alone.
        indexes = [models.Index(fields=["year", "since", "signed", "locality", "agreements"],
                                name="in_force_year_idx")]

    def __str__(self):
        return f"{self.locality}/{self.signed}/{self.year}/{self.since}: {self.agreements}"
