"""The directory of foreign partners (minimal: grown in a later issue)."""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from ngoaivu.core.countries import VI_NAMES, country_name
from ngoaivu.core.scoping import scope_of
from ngoaivu.core.text import Searchable, SearchQuerySet, fold
from ngoaivu.partners.choices import PartnerKind


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
    return [(apps.get_model("agreements", "Agreement"), "partners", "locality"),
            (apps.get_model("exchanges", "Delegation"), "partners", "locality"),
            (apps.get_model("exchanges", "DelegationContact"), "partner", "delegation__locality")]


def name_key(text) -> str:
    """The form duplicates are spotted by: folded Latin or Vietnamese text; other scripts (崇左市,
    ແຂວງເຊກອງ) fold to nothing, so they are compared lower-cased with single spaces."""
    return fold(text) or " ".join(str(text or "").lower().split())


class PartnerQuerySet(SearchQuerySet):
    """The directory is shared: the same scoping calls as scoped models, with directory rules."""

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
            condition |= (models.Q(locality__isnull=True) & models.Exists(rows))
            condition |= (models.Q(locality__isnull=False)
                          & models.Exists(rows.exclude(**{locality_path: models.OuterRef("locality")})))
        return condition

    def look_alikes(self, name: str, country, name_vi: str = ""):
        """Partners whose folded name (as written, or in Vietnamese) equals one of these, in that country."""
        keys = {k for k in (name_key(name), name_key(name_vi)) if k}
        if not keys:
            return self.none()
        qs = self.filter(models.Q(name_key__in=keys) | models.Q(name_vi_key__in=keys))
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
    history = HistoricalRecords(excluded_fields=["search_text", "name_key", "name_vi_key"])

    class Meta:
        verbose_name = _("đối tác nước ngoài")
        verbose_name_plural = _("đối tác nước ngoài")
        ordering = ["name"]
        indexes = [models.Index(fields=["country", "name_key"])]

    def __str__(self):
        if self.name_vi and fold(self.name_vi) != fold(self.name):
            return f"{self.name_vi} ({self.name})"
        return self.name

    @property
    def display_name(self) -> str:
        return self.name_vi or self.name

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    def search_parts(self):
        return [self.name, self.name_vi, *country_search_names(self.country)]

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
