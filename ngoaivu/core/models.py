"""Reference data (localities, units, missions, sectors, calendar) and users with their scopes."""
import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from ngoaivu.core.choices import (CalendarDayKind, JobState, LocalityFactKind, LocalityKind, MissionKind, Role, ScopeKind,
                                  UnitKind)
from ngoaivu.core.files import GeneratedFileField
from ngoaivu.core.text import Searchable, SearchQuerySet, search_q

REFORM_DATE = datetime.date(2025, 7, 1)  # Resolution 202/2025/QH15: 34 provincial units from this day


class LocalityQuerySet(SearchQuerySet):
    def current(self):
        return self.filter(valid_until__isnull=True)

    def former(self):
        return self.filter(valid_until__isnull=False)

    def holding(self, value):
        """The province of this queryset that holds today the records of the province with id `value`: that
        province itself, or the one a former province was merged into (Bắc Giang → Bắc Ninh); None for a
        value that names no province (or is not an id). The one rule by which every list's province filter
        and the calendar read a former province's id (core.filters.TodayLocalityFilter). One query."""
        pk = _plain_id(value)
        if pk is None:
            return None
        held = Locality.objects.filter(pk=pk).annotate(held=Coalesce("successor_id", "pk")).values("held")
        return self.filter(pk=models.Subquery(held[:1])).first()

    def merged(self, value):
        """The former province with id `value`, its successor loaded, or None (a current one, no province,
        not an id): what a form or the API names in its refusal (Locality.merged_message)."""
        pk = _plain_id(value)
        if pk is None:
            return None
        return self.former().filter(pk=pk, successor__isnull=False).select_related("successor").first()

    def merged_refusal(self, value, label) -> str | None:
        """Why a field offering this queryset's provinces (the current ones) refuses `value`, when it is a
        former province whose successor is on offer: "Tỉnh, thành phố: Quảng Nam đã hợp nhất vào Đà Nẵng từ
        01/07/2025; chọn Đà Nẵng" (Locality.merged_message, `label` the field's). None otherwise — the field's
        own error stands: its successor is not on offer (another province's officer is not told to choose
        it), or the value is no former province. The one rule of every province field of a new record,
        single or several, form or API (core.forms.CurrentLocalityField, CurrentLocalitiesField,
        core.api.serializers.CurrentLocalityRelatedField)."""
        former = Locality.objects.merged(value)
        if former is not None and self.filter(pk=former.successor_id).exists():
            return former.merged_message(label)
        return None

    def by_legacy_code(self, code: int):
        """The pre-2025 province with this GSO code (a former row, or an unchanged current one)."""
        return self.filter(models.Q(valid_until__isnull=False, code=code) | models.Q(legacy_code=code)).first()

    def resolve(self, text, on: datetime.date | None = None):
        """The locality a name designates as people write it ("TP HCM", "Thừa Thiên Huế", "Tinh Bac Giang",
        "Hà Tây"), or None. For many names at once, build one `core.reference.LocalityResolver`."""
        from ngoaivu.core.reference import LocalityResolver
        return LocalityResolver(self).resolve(text, on)

    def search(self, term: str):
        """The word search, plus the province the whole term names ("Tỉnh Thừa Thiên Huế" is Huế)."""
        from ngoaivu.core.reference import LocalityResolver
        found = self.filter(search_q(term)) if search_q(term) is not None else self
        named = [loc.pk for loc in LocalityResolver(self).candidates(term)] if str(term or "").strip() else []
        return (found | self.filter(pk__in=named)) if named else found


def _plain_id(value) -> int | None:
    """An id as a link or a JSON body gives it (12, "12"), or None: a larger number than an id column holds
    (SQLite raised OverflowError on it), a decimal, a word, a boolean."""
    if isinstance(value, bool):
        return None
    text = str(value).strip() if isinstance(value, (int, str)) else ""
    if not text.isdecimal() or len(text) > 10 or int(text) > 2**31 - 1:
        return None
    return int(text)


class Locality(Searchable):
    """A provincial-level unit. The 34 in force since 01/7/2025 have no `valid_until`; the provinces that
    were merged then are kept as former rows pointing to their `successor`. A province that did not
    change (Lạng Sơn) is one current row carrying its pre-2025 code in `legacy_code`."""

    code = models.PositiveSmallIntegerField(_("mã GSO"))
    legacy_code = models.PositiveSmallIntegerField(_("mã GSO trước 01/7/2025"), null=True, blank=True)
    name = models.CharField(_("tên đầy đủ"), max_length=100)
    short_name = models.CharField(_("tên"), max_length=80)
    codename = models.SlugField(_("mã định danh"), max_length=80)
    kind = models.CharField(_("loại"), max_length=10, choices=LocalityKind.choices)
    valid_from = models.DateField(_("có hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)
    successor = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="predecessors",
                                  verbose_name=_("đơn vị kế thừa"))
    # core.text.vietnamese_key(short_name), kept on save: lists order by it ("Đà Nẵng" after "Cần Thơ", not
    # after "Yên Bái" as code points would), the same on SQLite and PostgreSQL.
    sort_key = models.CharField(max_length=255, editable=False, default="", db_index=True)

    SEARCH_FIELDS = ("name", "short_name")
    objects = LocalityQuerySet.as_manager()

    def save(self, *args, **kwargs):
        from ngoaivu.core.text import vietnamese_key
        # A long name in another script can make a key longer than the column: its end only breaks ties.
        self.sort_key = vietnamese_key(self.short_name)[:self._meta.get_field("sort_key").max_length]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        super().save(*args, **kwargs)

    def search_parts(self):
        from ngoaivu.core.reference import locality_search_parts
        named = [n for f in self.facts.filter(fact=LocalityFactKind.NAME) for n in (f.name, f.short_name) if n] \
            if self.pk else []
        return [*locality_search_parts(self.name, self.short_name), *named]

    class Meta:
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")
        ordering = ["sort_key", "pk"]  # Vietnamese alphabetical order of short_name
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=models.Q(valid_until__isnull=True),
                                    name="locality_current_code_unique"),
            models.UniqueConstraint(fields=["code"], condition=models.Q(valid_until__isnull=False),
                                    name="locality_former_code_unique"),
        ]

    def __str__(self):
        return self.short_name if self.is_current else _("%(name)s (cũ)") % {"name": self.short_name}

    @property
    def is_current(self) -> bool:
        return self.valid_until is None

    @property
    def today(self) -> "Locality":
        """The unit that holds this one's records today (itself if it is current)."""
        return self if self.successor_id is None else self.successor

    def get_absolute_url(self):
        return reverse("core:locality_detail", args=[self.pk])

    def merger_facts(self) -> dict:
        """{"former", "today", "date"} of a former province: its name, its successor's, and the first day
        it is part of its successor ("01/07/2025"), as every message about the merger says them."""
        return {"former": self.short_name, "today": self.today.short_name,
                "date": (self.valid_until + datetime.timedelta(days=1)).strftime("%d/%m/%Y")}

    def merged_message(self, label) -> str:
        """Why a field (`label`, as the form names it) refuses this former province for a new record, and
        what to choose: the same words on the pages and in the API."""
        return gettext("%(field)s: %(former)s đã hợp nhất vào %(today)s từ %(date)s; chọn %(today)s") % {
            "field": label, **self.merger_facts()}

    @property
    def foreign_affairs_agency(self):
        return self.units.filter(is_foreign_affairs_agency=True).first()

    def fact_on(self, fact: str, on: datetime.date | None = None):
        """The fact of that kind in force on a day (today by default), or None when none is recorded.
        Uses prefetched `facts` when there are."""
        on = on or datetime.date.today()
        for item in sorted(self.facts.all(), key=lambda f: f.valid_from or datetime.date.min, reverse=True):
            if item.fact == fact and item.covers(on):
                return item
        return None

    def kind_on(self, on: datetime.date | None = None) -> str:
        """The type (province or centrally-run city) in force on a day, from the dated facts; the row's
        `kind` (the type today) when no fact covers the day."""
        item = self.fact_on(LocalityFactKind.KIND, on)
        return item.kind if item else self.kind

    def kind_label_on(self, on: datetime.date | None = None) -> str:
        return LocalityKind(self.kind_on(on)).label

    def name_on(self, on: datetime.date | None = None) -> str:
        item = self.fact_on(LocalityFactKind.NAME, on)
        return item.name if item else self.name


class LocalityFact(models.Model):
    """One dated fact about a locality — its type, its name, or the unit that succeeded it — with the legal
    act that made it so. A later resolution (a province becoming a centrally-run city, a renaming) is a
    new row, never a change of code: pages read the fact in force on the day they show."""

    locality = models.ForeignKey(Locality, models.CASCADE, related_name="facts", verbose_name=_("tỉnh, thành phố"))
    fact = models.CharField(_("nội dung"), max_length=10, choices=LocalityFactKind.choices)
    kind = models.CharField(_("loại"), max_length=10, choices=LocalityKind.choices, blank=True)
    name = models.CharField(_("tên đầy đủ"), max_length=100, blank=True)
    short_name = models.CharField(_("tên"), max_length=80, blank=True)
    successor = models.ForeignKey(Locality, models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("đơn vị kế thừa"))
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True, help_text=_("Để trống nếu không rõ"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True, help_text=_("Để trống nếu vẫn còn hiệu lực"))
    basis = models.CharField(_("căn cứ pháp lý"), max_length=300,
                             help_text=_("Ví dụ: Nghị quyết 202/2025/QH15 ngày 12/6/2025 của Quốc hội"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thông tin có thời hạn của tỉnh, thành phố")
        verbose_name_plural = _("thông tin có thời hạn của tỉnh, thành phố")
        ordering = ["locality", "fact", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["locality", "fact", "valid_from"], name="locality_fact_unique")]

    def __str__(self):
        return f"{self.locality.short_name}: {self.get_fact_display()} — {self.value}"

    @property
    def value(self) -> str:
        if self.fact == LocalityFactKind.KIND:
            return self.get_kind_display()
        if self.fact == LocalityFactKind.NAME:
            return self.name
        return self.successor.name if self.successor_id else ""

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.fact == LocalityFactKind.NAME:  # a name the locality had or has is searchable at once
            self.locality.refresh_search_text()

    def covers(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class Unit(Searchable):
    """A Vietnamese body inside a province: People's Committee and Council, a Sở, the PC Office, the
    Party committee, a commune PC (from the package's wards), a former district PC (before 01/7/2025)."""

    locality = models.ForeignKey(Locality, models.PROTECT, related_name="units", verbose_name=_("tỉnh, thành phố"))
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=UnitKind.choices)
    code = models.CharField(_("mã"), max_length=20, blank=True, help_text=_("Mã đơn vị hành chính nếu có"))
    is_foreign_affairs_agency = models.BooleanField(_("là cơ quan ngoại vụ của tỉnh"), default=False)
    valid_until = models.DateField(_("ngừng hoạt động từ"), null=True, blank=True)

    SEARCH_FIELDS = ("name",)
    objects = SearchQuerySet.as_manager()
    # The folded search text is derived from the name, not a fact: its history row said only that the name
    # changed, twice.
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["locality__sort_key", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["locality"], condition=models.Q(is_foreign_affairs_agency=True),
                                    name="one_foreign_affairs_agency_per_locality"),
        ]
        indexes = [models.Index(fields=["locality", "kind"])]

    def serves(self, locality) -> bool:
        """Whether this body is `locality`'s own: of that province, or of a former province merged into it
        (its department filed before 01/7/2025, which edit pages keep on offer). A body of one province
        neither hosts another's delegation nor answers for another's activity or commitment."""
        return locality is None or self.locality_id == locality.pk or self.locality.today.pk == locality.pk

    def __str__(self):
        return self.name


class Mission(models.Model):
    """A Vietnamese embassy, consulate general or permanent mission abroad (cơ quan đại diện).

    Its officers see the records concerning the countries it is accredited to (`accredited_countries`,
    read by core.scoping): an embassy often covers neighbouring countries besides its host country, a
    consulate general usually only its host country."""

    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại cơ quan"), max_length=10, choices=MissionKind.choices,
                            default=MissionKind.EMBASSY)
    country = CountryField(_("nước sở tại"))
    city = models.CharField(_("thành phố"), max_length=100, blank=True)
    accredited_countries = CountryField(_("các nước kiêm nhiệm"), multiple=True, blank=True,
                                        help_text=_("Các nước cơ quan phụ trách, kể cả nước sở tại"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cơ quan đại diện")
        verbose_name_plural = _("cơ quan đại diện")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def country_codes(self) -> list[str]:
        """The codes of the countries it covers: its accreditations, the host country first and always."""
        codes = [str(self.country)] if self.country else []
        return codes + [str(c) for c in self.accredited_countries if str(c) not in codes]

    def get_absolute_url(self):
        return reverse("partners:mission_detail", args=[self.pk])


class Sector(models.Model):
    """A field of cooperation (lĩnh vực), a list managed by the centre."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["position", "name"]

    def __str__(self):
        # The list is stored with both names; an English page shows the English one.
        if self.name_en and (get_language() or "vi").startswith("en"):
            return self.name_en
        return self.name


class CalendarDay(models.Model):
    """An announced exception to the working calendar: an extra day off (e.g. a bridge day around Tết)
    or a Saturday worked in compensation. Public holidays themselves come from the holidays package."""

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=4, choices=CalendarDayKind.choices)
    note = models.CharField(_("căn cứ"), max_length=200, blank=True, help_text=_("Ví dụ: Thông báo số …/TB-VPCP"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ngày nghỉ/làm bù được công bố")
        verbose_name_plural = _("ngày nghỉ/làm bù được công bố")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}"


class User(AbstractUser):
    """An account. What it may see and change comes from its memberships (see core.scoping)."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    job_title = models.CharField(_("chức vụ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        # A sign-in saves only last_login, which the history leaves out: no empty "changed" entry in the
        # account's history (and no new version making a manager's open account page stale).
        fields = kwargs.get("update_fields")
        if fields is not None and set(fields) <= {"last_login"}:
            self.skip_history_when_saving = True
            try:
                return super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
        return super().save(*args, **kwargs)

    @property
    def scope(self):
        from ngoaivu.core.scoping import scope_of
        return scope_of(self)

    def memberships_shown(self):
        """The memberships by pk, with what their labels show (locality, unit and its locality, mission):
        those the sign-in backend read with the user on this request (core.backends), else one query."""
        loaded = getattr(self, "loaded_memberships", None)
        if loaded is not None:
            return loaded
        return list(self.memberships.select_related("locality", "unit__locality", "mission").order_by("pk"))


class Membership(models.Model):
    """Gives a user a scope (the centre, a province, a unit in a province, a mission) and a role."""

    user = models.ForeignKey(User, models.CASCADE, related_name="memberships", verbose_name=_("người dùng"))
    kind = models.CharField(_("phạm vi"), max_length=10, choices=ScopeKind.choices)
    locality = models.ForeignKey(Locality, models.PROTECT, null=True, blank=True, related_name="memberships",
                                 verbose_name=_("tỉnh, thành phố"))
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="memberships",
                             verbose_name=_("cơ quan, đơn vị"))
    mission = models.ForeignKey(Mission, models.PROTECT, null=True, blank=True, related_name="memberships",
                                verbose_name=_("cơ quan đại diện"))
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.OFFICER)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phạm vi và vai trò")
        verbose_name_plural = _("phạm vi và vai trò")

    def __str__(self):
        return f"{self.user} — {self.scope_label} ({self.get_role_display()})"

    @property
    def scope_label(self) -> str:
        if self.kind == ScopeKind.LOCALITY:
            return str(self.locality)
        if self.kind == ScopeKind.UNIT:
            return f"{self.unit} — {self.unit.locality}"
        if self.kind == ScopeKind.MISSION:
            return str(self.mission)
        return str(_("Trung ương (Bộ Ngoại giao)"))

    @property
    def home_locality(self):
        if self.kind == ScopeKind.LOCALITY:
            return self.locality
        if self.kind == ScopeKind.UNIT:
            return self.unit.locality
        return None

    def clean(self):
        needed = {ScopeKind.LOCALITY: "locality", ScopeKind.UNIT: "unit", ScopeKind.MISSION: "mission"}.get(self.kind)
        for name in ("locality", "unit", "mission"):
            value = getattr(self, f"{name}_id")
            if name == needed and value is None:
                raise ValidationError({name: _("Chọn %(field)s cho phạm vi này.") % {
                    "field": self._meta.get_field(name).verbose_name}})
            if name != needed and value is not None:
                setattr(self, name, None)
        if self.locality_id and self.locality.valid_until is not None:
            raise ValidationError({"locality": _("Chọn một tỉnh, thành phố đang có hiệu lực (34 đơn vị từ 01/7/2025).")})


class SweepJob(models.Model):
    """A sweep step's state. Asked for ahead of the schedule, e.g. re-evaluating every agreement after the
    health rules change: the web request only marks it pending (a national re-evaluation would outlast the
    request); the next `ngoaivu sweep` runs the step and writes its progress here for the page to show.

    Pending while `requested_at` is later than `started_at`: a request made while a run is under way
    (which may have read the old rules) stays pending for the run after.

    Every run of the step, asked for or scheduled, writes when it last went through (`last_ok_at`) or failed
    (`last_failed_at`, `last_error`): a sweep that stops running raises its own alarm (core.sweep.quiet_steps).
    A daily step that a sweep skips, having gone through earlier that day, writes nothing."""

    step = models.CharField(_("bước quét"), max_length=50, unique=True)
    reason = models.CharField(_("lý do"), max_length=200, blank=True)
    requested_at = models.DateTimeField(_("yêu cầu lúc"), null=True, blank=True)
    requested_by = models.ForeignKey("core.User", models.SET_NULL, null=True, blank=True, related_name="+",
                                     verbose_name=_("người yêu cầu"))
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveIntegerField(_("tổng số"), default=0)
    last_ok_at = models.DateTimeField(_("chạy xong lần cuối lúc"), null=True, blank=True)
    last_failed_at = models.DateTimeField(_("lỗi lần cuối lúc"), null=True, blank=True)
    last_error = models.CharField(_("lỗi lần cuối"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("bước quét tự động")
        verbose_name_plural = _("bước quét tự động")

    def __str__(self):
        return self.step

    @property
    def pending(self) -> bool:
        return self.requested_at is not None and (self.started_at is None or self.requested_at > self.started_at)

    @property
    def running(self) -> bool:
        return self.started_at is not None and (self.finished_at is None or self.finished_at < self.started_at)


class ImportRun(models.Model):
    """One checked import file waiting for its confirmation, then the record that it was confirmed — for
    every register that imports (`kind` names which; see `ngoaivu.core.import_runs`).

    The preview keeps the rows it read (as JSON, not the file) and what it showed for each row (`plan`);
    the confirmation checks the rows again against the register of that moment and writes only if each
    row would still do what the preview said. The preview hands the browser the run's token; the
    confirmation claims the run with one conditional UPDATE (confirmed_at from null to now), so two
    confirmations of the same preview — a double click, two tabs — import once and the second gets a
    message instead of duplicate rows or a 500. The rows are emptied once imported.

    A big file (over settings.IMPORT_INLINE_BYTES) is checked by the background worker instead
    (core.import_views.check_job): the request keeps the file in `upload` with `checking` set; the job reads and
    checks it, keeps the rows and the plan as above, writes the preview the page shows (`preview`, the register's
    preview template rendered in its requester's language) and drops the file."""

    token = models.UUIDField(_("mã phiên nhập"), unique=True, editable=False)
    kind = models.CharField(_("loại dữ liệu nhập"), max_length=40,
                            help_text=_("Sổ nhận các dòng, ví dụ agreements, delegations"))
    created_by = models.ForeignKey("core.User", models.CASCADE, related_name="+", verbose_name=_("người nhập"))
    filename = models.CharField(_("tên tệp tải lên"), max_length=255, blank=True)
    rows = models.JSONField(_("các dòng đã đọc"), default=list, blank=True)
    plan = models.JSONField(_("kết quả xem trước"), default=list, blank=True,
                            help_text=_("Từng dòng: số dòng, trạng thái, hồ sơ khớp, các cột thay đổi"))
    created_at = models.DateTimeField(_("kiểm tra lúc"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    created = models.PositiveIntegerField(_("số bản ghi mới"), default=0)
    updated = models.PositiveIntegerField(_("số bản ghi được cập nhật"), default=0)
    checking = models.BooleanField(_("đang chờ kiểm tra"), default=False,
                                   help_text=_("Tệp lớn: đang chờ tiến trình chạy nền kiểm tra"))
    upload = models.BinaryField(_("tệp tải lên"), null=True, blank=True, editable=False)
    preview = models.TextField(_("trang xem trước"), blank=True, editable=False)

    class Meta:
        verbose_name = _("lần nhập tệp")
        verbose_name_plural = _("lần nhập tệp")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename or self.token} ({self.created_at:%d/%m/%Y %H:%M})"


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A job is its requester's alone, whatever their scope: the file it made holds what they could read
        when they asked, which a colleague of another scope may not."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(requested_by=user)


class Job(models.Model):
    """Long work a request asked for and a background process does (`ngoaivu worker`, or the sweep when no
    worker runs): the centre's export of the whole register (20 s), a big import's confirmation. The request
    only writes this row and shows its page; the page follows `done`/`total` and, when the job is done,
    offers its file (`result`) or sends the user on (`result_url`). See ngoaivu.core.jobs.

    `params` is what the job needs to do the work again from the source: an export keeps the list's query
    string, not the rows, and reads them in the requester's scope when it runs."""

    kind = models.CharField(_("loại việc"), max_length=50)
    title = models.CharField(_("việc"), max_length=200)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=10, default="vi")
    requested_by = models.ForeignKey("core.User", models.CASCADE, related_name="jobs", verbose_name=_("người yêu cầu"))
    requested_at = models.DateTimeField(_("yêu cầu lúc"), db_index=True)
    state = models.CharField(_("trạng thái"), max_length=10, choices=JobState.choices, default=JobState.PENDING)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    # Written with the progress: a job "running" whose beat stopped was left by a process that died.
    heartbeat_at = models.DateTimeField(_("còn chạy lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveIntegerField(_("tổng số"), default=0)
    attempts = models.PositiveSmallIntegerField(_("số lần bắt đầu"), default=0)
    # A generated file, not an upload: no size limit or content check (core.files.check_upload), and only its
    # requester downloads it (core.views_jobs.job_download). Removed with the job (core.jobs.forget_old).
    result = GeneratedFileField(_("tệp kết quả"), blank=True)
    result_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    result_url = models.CharField(_("trang kết quả"), max_length=300, blank=True)
    message = models.TextField(_("kết quả"), blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("việc chạy nền")
        verbose_name_plural = _("việc chạy nền")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["state", "requested_at"], name="core_job_state_requested")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("core:job_detail", kwargs={"pk": self.pk})

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def colour(self) -> str:
        return {JobState.PENDING: "grey", JobState.RUNNING: "blue", JobState.DONE: "green"}.get(self.state, "red")

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0
