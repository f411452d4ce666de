"""The directory of foreign partners: one record per partner for the whole country, with its other
names (aliases), identifiers and hierarchy; warnings the missions and the centre issue on partners; and
the merges that fold a duplicate into the partner it repeats (kept, so that they can be undone)."""
import re

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from ngoaivu.core.countries import VI_NAMES, country_name
from ngoaivu.core.scoping import ScopedModel, scope_of
from ngoaivu.core.text import Searchable, SearchQuerySet, fold
from ngoaivu.partners.choices import PartnerKind, WarningCategory, WarningSeverity


def partner_label(name, name_vi) -> str:
    """A partner as lists name it (`Partner.__str__`): its Vietnamese name, then its own in brackets where the two
    differ beyond diacritics and case."""
    if name_vi and fold(name_vi) != fold(name):
        return f"{name_vi} ({name})"
    return name


def country_search_names(code) -> list[str]:
    """Both the Foreign Ministry's Vietnamese name and the English name, so "han quoc" and "korea" both
    find a Korean partner whatever language the person who saved it was using."""
    code = str(code or "").upper()
    if not code:
        return []
    with translation.override("en"):
        english = str(countries.name(code))
    return [VI_NAMES.get(code, ""), english]


def partner_uses():
    """The records that use a partner, as (model, lookup to the partner, lookup to the owning province):
    a partner another province's record uses is shared, and only the centre changes it."""
    from django.apps import apps
    # Conferences too: their partners' countries decide which mission reads them (Conference.SCOPE_COUNTRY),
    # so a province changing a partner of another province's conference re-scoped it. Opportunities: another
    # poster's listing (a mission's has no province) names the partner of its country (partners.opportunities).
    return [(apps.get_model("agreements", "Agreement"), "partners", "locality"),
            (apps.get_model("exchanges", "Delegation"), "partners", "locality"),
            (apps.get_model("exchanges", "Conference"), "partners", "locality"),
            (apps.get_model("exchanges", "DelegationContact"), "partner", "delegation__locality"),
            (apps.get_model("exchanges", "DelegationStop"), "partner", "delegation__locality"),
            (apps.get_model("partners", "Opportunity"), "partner", "locality")]


def _posted_by_mission(model) -> bool:
    """Whether records of `model` name the mission that posted them (opportunities)."""
    return any(f.name == "mission" for f in model._meta.get_fields())


def name_key(text) -> str:
    """The form duplicates are spotted by: folded Latin or Vietnamese text; other scripts (崇左市,
    ແຂວງເຊກອງ) fold to nothing, so they are compared lower-cased with single spaces."""
    return fold(text) or " ".join(str(text or "").lower().split())


# Words that say what kind of place or body a name is, not which one: "Chungcheongbuk-do" and
# "Chungcheongbuk Province" (or "Tỉnh Chungcheongbuk") are the same province. Used only to *suggest*
# duplicates to the centre, never to match automatically.
GENERIC_WORDS = frozenset(
    "the of province prefecture city county state region district municipality metropolitan special "
    "autonomous government do si gun gu ken fu shi to cho sheng shi zhou xian tinh thanh pho quan huyen "
    "khu tu tri chinh quyen".split())


def core_key(text) -> str:
    """`name_key` without the generic words (see GENERIC_WORDS); the name key when nothing else is left."""
    key = name_key(text)
    words = [w for w in key.split() if w not in GENERIC_WORDS]
    return " ".join(words) or key


WIKIDATA_ID = re.compile(r"^Q[1-9][0-9]*$")


class PartnerQuerySet(SearchQuerySet):
    """The directory is shared: the same scoping calls as scoped models, with directory rules."""

    def current(self):
        """Partners not merged into another (a merged duplicate is kept only so the merge can be undone)."""
        return self.filter(merged_into__isnull=True)

    def visible_to(self, user):
        return self if user is not None and user.is_authenticated else self.none()

    def editable_by(self, user):
        """The partners `user` may change: the centre any; a province (or mission) those it added, while
        no record of another province uses them (see `partners.actions.partner_edit_refusal`)."""
        scope = scope_of(user)
        if scope.superuser or scope.centre_edit:
            return self
        own = self.filter(models.Q(locality__in=scope.edit_locality_ids) | models.Q(mission__in=scope.edit_mission_ids))
        return own.exclude(self._used_by_others())

    @staticmethod
    def _used_by_others():
        """A condition true of a partner that a record of a province other than its owner uses (any province,
        for a partner a mission or the centre added)."""
        condition = models.Q(pk__in=[])
        for model, partner_path, locality_path in partner_uses():
            rows = model._base_manager.filter(**{partner_path: models.OuterRef("pk")})
            # A mission's own listing (an opportunity it posted) names its partner without sharing it: else a
            # mission lost its partner to the centre as soon as it listed it. Another poster's listing shares it.
            others = rows.exclude(mission=models.OuterRef("mission")) if _posted_by_mission(model) else rows
            condition |= (models.Q(locality__isnull=True) & models.Exists(others))
            condition |= (models.Q(locality__isnull=False)
                          & models.Exists(rows.exclude(**{locality_path: models.OuterRef("locality")})))
        return condition

    def look_alikes(self, name: str, country, name_vi: str = ""):
        """Partners whose folded name (as written, or in Vietnamese) equals one of these, in that country."""
        keys = {k for k in (name_key(name), name_key(name_vi)) if k}
        if not keys:
            return self.none()
        return self.matching_keys(keys, country)

    def matching_keys(self, keys, country=None):
        """Current partners one of whose names — as written, in Vietnamese, or an alias — folds to one of
        `keys` (in `country`, if given): "Guangxi" finds the "Quảng Tây" that has that alias."""
        aliased = PartnerAlias.objects.filter(key__in=keys).values("partner_id")
        qs = self.current().filter(models.Q(name_key__in=keys) | models.Q(name_vi_key__in=keys) | models.Q(pk__in=aliased))
        return qs.filter(country=str(country)) if country else qs


class Partner(Searchable):
    """A foreign counterpart: a local government, ministry, firm, university, NGO, international
    organisation or person. Shared by every province (the same Gyeonggi-do signs with many of them), so it
    is reference-like data: every signed-in user reads it; anyone with an editing role may add to it.

    Who changes it is narrower, because a partner's country scopes the agreements that use it (a mission
    reads the agreements with its host country): the centre changes any partner; the province (`locality`)
    or mission (`mission`) that added it changes it while no other province's record uses it. Both empty:
    the centre's."""

    name = models.CharField(_("tên theo cách đối tác viết"), max_length=255,
                            help_text=_("Ví dụ: Gyeonggi-do, 广西壮族自治区, Prefecture of Shizuoka"))
    name_vi = models.CharField(_("tên tiếng Việt"), max_length=255, blank=True,
                               help_text=_("Ví dụ: Tỉnh Gyeonggi, Khu tự trị dân tộc Choang Quảng Tây"))
    kind = models.CharField(_("loại đối tác"), max_length=12, choices=PartnerKind.choices, default=PartnerKind.LOCAL_GOVERNMENT)
    country = CountryField(_("quốc gia"), blank=True)
    parent = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="children",
                               verbose_name=_("trực thuộc"), help_text=_("Ví dụ: một thành phố thuộc tỉnh, bang"))
    website = models.URLField(_("trang thông tin điện tử"), blank=True)
    registration_number = models.CharField(_("số đăng ký"), max_length=80, blank=True,
                                           help_text=_("Mã số doanh nghiệp, số đăng ký tổ chức (nếu có)"))
    wikidata_id = models.CharField(_("mã Wikidata"), max_length=20, blank=True,
                                   help_text=_("Ví dụ: Q41151 (tỉnh Chungcheong Bắc)"))
    # Set when the centre merged this partner into another (actions.merge_partners): the row stays, with
    # no references left, so that an unmerge can give them back; lists and searches leave it out.
    merged_into = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="merged_partners",
                                    verbose_name=_("đã gộp vào"), editable=False)
    notes = models.TextField(_("ghi chú"), blank=True)
    # Folded names, kept to spot a duplicate before it is created (fold("Gyeonggi-do") == "gyeonggi do").
    name_key = models.CharField(max_length=255, editable=False, db_index=True, default="")
    name_vi_key = models.CharField(max_length=255, editable=False, db_index=True, default="", blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người tạo"))
    locality = models.ForeignKey("core.Locality", models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("tỉnh, thành phố tạo"))
    mission = models.ForeignKey("core.Mission", models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("cơ quan đại diện tạo"))

    objects = PartnerQuerySet.as_manager()
    # The reason is text, not simple-history's 100 characters: it names other names changed ("Tên khác: old →
    # new"), what a change of country touched, the partner a duplicate was merged into; cut, it misled its reader.
    history = HistoricalRecords(excluded_fields=["search_text", "name_key", "name_vi_key"],
                                history_change_reason_field=models.TextField(null=True))

    class Meta:
        verbose_name = _("đối tác nước ngoài")
        verbose_name_plural = _("đối tác nước ngoài")
        ordering = ["name"]
        indexes = [models.Index(fields=["country", "name_key"])]

    def __str__(self):
        return partner_label(self.name, self.name_vi)

    @property
    def display_name(self) -> str:
        return self.name_vi or self.name

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    def search_parts(self):
        aliases = [a.name for a in self.aliases.all()] if self.pk else []
        return [self.name, self.name_vi, *aliases, *country_search_names(self.country)]

    def published_parts(self) -> list[str]:
        """What an agreement's published record shows of this partner: its names and country, not its other
        names (an agreement's search text puts those where the open data does not search)."""
        return [self.name, self.name_vi, *country_search_names(self.country)]

    @property
    def alias_names(self) -> list[str]:
        return [a.name for a in self.aliases.all()]

    @property
    def wikidata_url(self) -> str:
        return f"https://www.wikidata.org/wiki/{self.wikidata_id}" if self.wikidata_id else ""

    def set_owner_from(self, user) -> None:
        """The owner of a new partner is the creator's province (or mission); the centre's otherwise. Set
        in `save` so every way of adding a partner (the form, an agreement's form, an import) agrees."""
        scope = scope_of(user)
        if scope.centre_edit or scope.superuser:
            return
        if scope.edit_locality_ids:
            self.locality_id = min(scope.edit_locality_ids)
        elif scope.edit_mission_ids:
            self.mission_id = min(scope.edit_mission_ids)

    def save(self, *args, **kwargs):
        if self._state.adding and self.created_by_id and not (self.locality_id or self.mission_id):
            self.set_owner_from(self.created_by)
        self.name_key = name_key(self.name)
        self.name_vi_key = name_key(self.name_vi)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "name_key", "name_vi_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partners:partner_detail", args=[self.pk])


class PartnerAlias(models.Model):
    """Another name of a partner: a romanisation ("Chungbuk"), a script ("충청북도", "广西"), a former
    name, or the name of a duplicate merged into it. Searched and matched like the partner's own names."""

    partner = models.ForeignKey(Partner, models.CASCADE, related_name="aliases", verbose_name=_("đối tác"))
    name = models.CharField(_("tên khác"), max_length=255)
    key = models.CharField(max_length=255, editable=False, db_index=True, default="")
    # The merge that added it (its duplicate's name), so that an unmerge removes it again.
    merge = models.ForeignKey("PartnerMerge", models.CASCADE, null=True, blank=True, related_name="aliases_added",
                              editable=False)

    class Meta:
        verbose_name = _("tên khác của đối tác")
        verbose_name_plural = _("tên khác của đối tác")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["partner", "key"], name="partner_alias_unique_key")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = name_key(self.name)
        super().save(*args, **kwargs)


class PartnerMerge(models.Model):
    """The centre folded `duplicate` into `survivor`: what moved is kept in `moved`, so that an unmerge
    gives every reference back to the duplicate. `moved` = {"agreements": [ids moved], "agreements_both":
    [ids that had both and lost the duplicate], the same for "delegations", "contacts": [ids], "children":
    [ids], "warnings": [ids]}."""

    survivor = models.ForeignKey(Partner, models.PROTECT, related_name="merges_in", verbose_name=_("đối tác giữ lại"))
    duplicate = models.ForeignKey(Partner, models.PROTECT, related_name="merges_out", verbose_name=_("đối tác trùng"))
    moved = models.JSONField(_("những gì đã chuyển"), default=dict)
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    merged_at = models.DateTimeField(_("gộp lúc"), auto_now_add=True)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
                                  verbose_name=_("người gộp"))
    unmerged_at = models.DateTimeField(_("tách lại lúc"), null=True, blank=True)
    unmerged_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("người tách lại"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lần gộp đối tác")
        verbose_name_plural = _("lần gộp đối tác")
        ordering = ["-merged_at", "-pk"]

    def __str__(self):
        return f"{self.duplicate.name} → {self.survivor.name}"

    @property
    def is_active(self) -> bool:
        return self.unmerged_at is None

    def get_absolute_url(self):
        return reverse("partners:merge_detail", args=[self.pk])


class WarningQuerySet(models.QuerySet):
    def active(self):
        return self.filter(lifted_at__isnull=True)

    def visible_to(self, user):
        """Warnings are national: every signed-in user reads them (a province must know before it signs)."""
        return self if user is not None and user.is_authenticated else self.none()


class PartnerWarning(models.Model):
    """An early warning on a partner (an investor without capacity, outdated technology, an environmental
    risk, a dispute…), issued by a mission abroad or by the centre and read by every province. It is
    shown wherever the partner appears, acknowledged by each province with ties, and lifted (not deleted)
    when it no longer holds, so its history stays."""

    partner = models.ForeignKey(Partner, models.CASCADE, related_name="warnings", verbose_name=_("đối tác"))
    category = models.CharField(_("loại cảnh báo"), max_length=16, choices=WarningCategory.choices)
    severity = models.CharField(_("mức độ"), max_length=8, choices=WarningSeverity.choices,
                                default=WarningSeverity.MEDIUM)
    summary = models.CharField(_("nội dung cảnh báo"), max_length=300)
    details = models.TextField(_("chi tiết"), blank=True)
    source = models.CharField(_("nguồn thông tin"), max_length=300,
                              help_text=_("Ví dụ: Thông báo của Bộ Môi trường Hàn Quốc; bản án số …"))
    source_date = models.DateField(_("ngày của nguồn"))
    mission = models.ForeignKey("core.Mission", models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("cơ quan đại diện cảnh báo"),
                                help_text=_("Để trống: Bộ Ngoại giao (trung ương) cảnh báo"))
    issued_at = models.DateTimeField(_("cảnh báo lúc"), auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
                                  verbose_name=_("người cảnh báo"))
    lifted_at = models.DateTimeField(_("gỡ lúc"), null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("người gỡ"))
    lift_reason = models.CharField(_("lý do gỡ"), max_length=300, blank=True)

    objects = WarningQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cảnh báo về đối tác")
        verbose_name_plural = _("cảnh báo về đối tác")
        ordering = ["lifted_at", "-issued_at", "-pk"]
        indexes = [models.Index(fields=["partner", "lifted_at"])]

    def __str__(self):
        return f"{self.get_category_display()}: {self.summary}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None

    @property
    def issuer_display(self) -> str:
        return str(self.mission) if self.mission_id else str(_("Bộ Ngoại giao"))

    @property
    def severity_colour(self) -> str:
        return {"high": "red", "medium": "orange", "low": "yellow"}.get(self.severity, "grey")

    def get_absolute_url(self):
        return reverse("partners:warning_detail", args=[self.pk])


class WarningAcknowledgement(ScopedModel):
    """A province concerned has read a warning (who, when): it leaves that province's attention list.

    The warning is national, its acknowledgements are not: only provinces with ties acknowledge, so the
    list named the provinces with ties (an internal agreement's too) and their notes, which the partner page
    only counts for another province (partners.ties). Read by the province, the centre and the missions of
    the partner's country (the issuer follows who has taken note)."""

    SCOPE_LOCALITY = "locality"
    SCOPE_COUNTRY = "warning__partner__country"
    # The issuing mission too, whatever the partner's country has become since (a change of country, a
    # merge into a partner of another country): it still lifts its warning (alerts.can_lift).
    SCOPE_MISSION = "warning__mission"

    warning = models.ForeignKey(PartnerWarning, models.CASCADE, related_name="acknowledgements",
                                verbose_name=_("cảnh báo"))
    locality = models.ForeignKey("core.Locality", models.CASCADE, related_name="+", verbose_name=_("tỉnh, thành phố"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
                           verbose_name=_("người xác nhận"))
    at = models.DateTimeField(_("xác nhận lúc"), auto_now_add=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("xác nhận đã biết cảnh báo")
        verbose_name_plural = _("xác nhận đã biết cảnh báo")
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["warning", "locality"], name="warning_ack_once_per_locality")]

    def __str__(self):
        return f"{self.locality} — {self.at:%d/%m/%Y}"
from ngoaivu.partners.models_opportunities import *  # noqa: E402,F401,F403  (opportunities, profiles)
