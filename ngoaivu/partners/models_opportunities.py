"""Cooperation opportunities and province profiles (issue 10, items 4 and 5).

An `Opportunity` is a national listing: a foreign partner looking for a Vietnamese province (posted by a
mission abroad, the centre or a province) or a province "seeking a partner" (posted by the province, the
way Japan's CLAIR lists municipalities seeking sister cities). Every signed-in user reads them; the
poster's scope edits them. Provinces answer with an `Interest`; the poster (or the centre) connects it;
the outcome links the agreement or the delegation it led to, which the centre counts.
A `ProvinceProfile` (one per province, edited by it) feeds the explainable ranking (partners.matching).
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from ngoaivu.core.files import ScopedFileField
from ngoaivu.core.scoping import ScopedModel, ScopedQuerySet, scope_of
from ngoaivu.core.text import Searchable


class OpportunityKind(models.TextChoices):
    PARTNER_SEEKS = "partner_seeks", _("Đối tác nước ngoài tìm tỉnh hợp tác")
    PROVINCE_SEEKS = "province_seeks", _("Tỉnh tìm đối tác")


class OpportunityStatus(models.TextChoices):
    OPEN = "open", _("Đang mở")
    CLOSED = "closed", _("Đã đóng")


class OpportunityShownStatus(models.TextChoices):
    """What the pages show: the stored status, with "expired" derived (never stored) for an open
    opportunity whose deadline (Hà Nội date) has passed."""
    OPEN = "open", _("Đang mở")
    EXPIRED = "expired", pgettext_lazy("opportunity", "Hết hạn")
    CLOSED = "closed", _("Đã đóng")


class InterestStatus(models.TextChoices):
    EXPRESSED = "expressed", _("Đã bày tỏ quan tâm")
    CONNECTED = "connected", _("Đã kết nối")
    OUTCOME = "outcome", _("Đã có kết quả")


class NationalQuerySet(ScopedQuerySet):
    """National listings: every signed-in user reads them (the scope only decides who edits)."""

    def visible_to(self, user, per_row=False):
        # per_row (ScopedQuerySet's) changes nothing: there is no subquery to test per row.
        return self if scope_of(user).authenticated else self.none()


class OpportunityQuerySet(NationalQuerySet):
    def open_on(self, on_day=None):
        """Open and still before its deadline (or none): what "open" lists and counts mean."""
        on_day = on_day or timezone.localdate()
        return self.filter(Q(deadline__isnull=True) | Q(deadline__gte=on_day), status=OpportunityStatus.OPEN)

    def expired_on(self, on_day=None):
        """Still stored open but past its deadline: shown "Hết hạn"."""
        return self.filter(status=OpportunityStatus.OPEN, deadline__lt=on_day or timezone.localdate())

    def with_shown_status(self, shown, on_day=None):
        if shown == OpportunityShownStatus.OPEN:
            return self.open_on(on_day)
        if shown == OpportunityShownStatus.EXPIRED:
            return self.expired_on(on_day)
        return self.filter(status=shown)


class Opportunity(ScopedModel, Searchable):
    """A cooperation opportunity, posted by a mission (mission set), a province (locality set) or the
    centre (neither). Read nationally; edited by the poster's scope."""

    SCOPE_LOCALITY = "locality"
    SCOPE_MISSION = "mission"

    kind = models.CharField(_("loại"), max_length=16, choices=OpportunityKind.choices,
                            default=OpportunityKind.PARTNER_SEEKS)
    title = models.CharField(_("tiêu đề"), max_length=300)
    sectors = models.ManyToManyField("core.Sector", blank=True, related_name="opportunities", verbose_name=_("lĩnh vực"))
    country = CountryField(_("quốc gia đối tác"), blank=True)
    preferred_countries = CountryField(_("quốc gia ưu tiên"), multiple=True, blank=True)
    partner = models.ForeignKey("partners.Partner", models.SET_NULL, null=True, blank=True, related_name="opportunities",
                                verbose_name=_("đối tác nước ngoài"))
    sought = models.TextField(_("nội dung cần tìm"), blank=True)
    offered = models.TextField(_("nội dung tỉnh có thể đáp ứng"), blank=True)
    deadline = models.DateField(_("hạn bày tỏ quan tâm"), null=True, blank=True)
    contact = models.CharField(_("đầu mối liên hệ"), max_length=300, blank=True)
    document = ScopedFileField(_("tài liệu"), blank=True)
    status = models.CharField(_("tình trạng"), max_length=8, choices=OpportunityStatus.choices,
                              default=OpportunityStatus.OPEN)
    locality = models.ForeignKey("core.Locality", models.PROTECT, null=True, blank=True, related_name="opportunities",
                                 verbose_name=_("tỉnh đăng"))
    mission = models.ForeignKey("core.Mission", models.PROTECT, null=True, blank=True, related_name="opportunities",
                                verbose_name=_("cơ quan đại diện đăng"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("đăng lúc"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["search_text"])

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ hội hợp tác")
        verbose_name_plural = _("cơ hội hợp tác")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def search_parts(self):
        from ngoaivu.core.countries import country_name
        return [self.title, self.sought, self.offered, self.contact, country_name(self.country) if self.country else "",
                self.partner.name if self.partner_id else "", self.partner.name_vi if self.partner_id else ""]

    def get_absolute_url(self):
        return reverse("partners:opportunity_detail", args=[self.pk])

    @property
    def shown_status(self) -> str:
        """Derived, not stored: an open opportunity past its deadline (Hà Nội date) shows "Hết hạn"."""
        if self.status == OpportunityStatus.OPEN and self.deadline and self.deadline < timezone.localdate():
            return OpportunityShownStatus.EXPIRED
        return self.status

    def get_shown_status_display(self):
        return OpportunityShownStatus(self.shown_status).label

    @property
    def is_open(self) -> bool:
        return self.shown_status == OpportunityShownStatus.OPEN

    @property
    def poster_display(self):
        return str(self.mission or self.locality or _("Bộ Ngoại giao"))

    def countries_of_interest(self) -> set:
        codes = {str(c) for c in self.preferred_countries}
        if self.country:
            codes.add(str(self.country))
        return codes


class Interest(ScopedModel):
    """A province's interest in an opportunity, with its note; connected by the poster (or the centre);
    its outcome links the agreement or delegation it led to. Read by whoever reads the opportunity."""

    SCOPE_LOCALITY = "locality"
    SCOPE_OWN = "the interested province's own record; the opportunity itself is national"

    opportunity = models.ForeignKey(Opportunity, models.CASCADE, related_name="interests", verbose_name=_("cơ hội"))
    locality = models.ForeignKey("core.Locality", models.PROTECT, related_name="opportunity_interests",
                                 verbose_name=_("tỉnh quan tâm"))
    note = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(_("tình trạng"), max_length=10, choices=InterestStatus.choices,
                              default=InterestStatus.EXPRESSED)
    connected_at = models.DateTimeField(_("kết nối lúc"), null=True, blank=True)
    connected_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    agreement = models.ForeignKey("agreements.Agreement", models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name=_("thỏa thuận"))
    delegation = models.ForeignKey("exchanges.Delegation", models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("đoàn"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    history = HistoricalRecords()

    objects = NationalQuerySet.as_manager()

    class Meta:
        verbose_name = _("quan tâm")
        verbose_name_plural = _("quan tâm")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["opportunity", "locality"], name="one_interest_per_province")]

    def __str__(self):
        return f"{self.locality} — {self.opportunity}"


class ProvinceProfile(ScopedModel):
    """What a province brings and looks for: strengths, sectors of interest, priority countries. One per
    province, edited by it; read nationally (it is what the matching explains)."""

    SCOPE_LOCALITY = "locality"

    locality = models.OneToOneField("core.Locality", models.PROTECT, related_name="cooperation_profile",
                                    verbose_name=_("tỉnh, thành phố"))
    strengths = models.TextField(_("thế mạnh"), blank=True)
    sectors = models.ManyToManyField("core.Sector", blank=True, related_name="province_profiles",
                                     verbose_name=_("lĩnh vực quan tâm"))
    priority_countries = CountryField(_("quốc gia ưu tiên"), multiple=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    # Not the time of each save (the history row has it): "cập nhật lúc" was a change in every history row
    # and in every refusal of a stale save, beside what the colleague really changed.
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = NationalQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ hợp tác của tỉnh")
        verbose_name_plural = _("hồ sơ hợp tác của tỉnh")

    def __str__(self):
        return str(self.locality)
