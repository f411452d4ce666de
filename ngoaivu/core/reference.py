"""Loads reference data from packages: localities (vietnam-provinces: the 34 and the former 63),
units (standard provincial bodies, and one commune People's Committee per ward), sectors.
Also resolves a province's name as people write it ("TP HCM", "Thừa Thiên Huế", "Hà Tây", "Tinh Quang Nam")
to its row: `LocalityResolver`.

Idempotent: run by migration 0002 and again safely by `ngoaivu demo` and the tests.
"""
import datetime
import re

from django.apps import apps as global_apps
from django.db import models
from django.utils.text import slugify
from vietnam_provinces import Province, Ward
from vietnam_provinces.legacy.base import Province as LegacyProvince

from ngoaivu.core.text import build_search_text, fold

REFORM = datetime.date(2025, 7, 1)
BEFORE_REFORM = datetime.date(2025, 6, 30)

# Provinces that keep a Sở Ngoại vụ under Decree 45/2025 (international border gate, airport or
# seaport, or size). Initial data only: each province's manager sets the real agency on its page.
WITH_FOREIGN_AFFAIRS_DEPARTMENT = {1, 4, 11, 12, 15, 20, 22, 31, 46, 48, 56, 79, 91, 92, 44, 40, 42, 52, 80}

STANDARD_DEPARTMENTS = [
    "Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp", "Sở Công Thương", "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng", "Sở Khoa học và Công nghệ", "Sở Giáo dục và Đào tạo", "Sở Y tế",
    "Sở Văn hóa, Thể thao và Du lịch", "Sở Dân tộc và Tôn giáo", "Thanh tra tỉnh",
]

SECTORS = [
    ("economy-trade", "Kinh tế, thương mại", "Economy and trade"),
    ("investment", "Đầu tư", "Investment"),
    ("agriculture", "Nông nghiệp, nông thôn", "Agriculture and rural development"),
    ("education", "Giáo dục, đào tạo", "Education and training"),
    ("health", "Y tế", "Health"),
    ("culture-tourism", "Văn hóa, thể thao, du lịch", "Culture, sport and tourism"),
    ("science-tech", "Khoa học, công nghệ", "Science and technology"),
    ("environment", "Tài nguyên, môi trường, biến đổi khí hậu", "Environment and climate change"),
    ("infrastructure", "Giao thông, hạ tầng, đô thị", "Transport, infrastructure and urban development"),
    ("labour", "Lao động, việc làm", "Labour and employment"),
    ("border", "Quản lý biên giới, cửa khẩu", "Border and border-gate management"),
    ("security", "An ninh, trật tự", "Security and public order"),
    ("people", "Giao lưu nhân dân", "People-to-people exchange"),
    ("ngo-aid", "Viện trợ phi chính phủ", "Non-governmental aid"),
    ("other", "Khác", "Other"),
]


# Names a province had before, or that people write, that are not the name of any row. Each points to
# the name of the row that holds its records (for a province split or merged before 2025: the row of the
# province that got its seat, which the 2025 successor then follows). Keys are written as people write
# them; they are compared folded and without spaces, so "Sài Gòn", "Sai Gon" and "SAIGON" are one.
FORMER_NAMES = {
    # Renamed Thành phố Huế on 01/01/2025: also a dated name fact (HUE_FACTS below), through which the
    # resolver finds it like any later renaming; kept here so the stored search text holds it.
    "Thừa Thiên Huế": "Huế",
    "Thừa Thiên - Huế": "Huế",
    "Bình Trị Thiên": "Huế",              # split 1989; seat Huế
    "Hà Tây": "Hà Nội",                   # merged into Hà Nội on 01/8/2008
    "Hà Sơn Bình": "Hà Nội",              # split 1991; seat Hà Đông (Hà Tây, then Hà Nội)
    "Sài Gòn": "Hồ Chí Minh",
    "Sài Gòn - Gia Định": "Hồ Chí Minh",
    "TP HCM": "Hồ Chí Minh",
    "TPHCM": "Hồ Chí Minh",
    "HCM": "Hồ Chí Minh",
    "HCMC": "Hồ Chí Minh",
    "Vũng Tàu - Côn Đảo": "Bà Rịa - Vũng Tàu",   # special zone until 1991
    "Bà Rịa Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "BR-VT": "Bà Rịa - Vũng Tàu",
    "Hà Nam Ninh": "Nam Định",            # split 1992; seat Nam Định
    "Nam Hà": "Nam Định",                 # split 1996; seat Nam Định
    "Nghệ Tĩnh": "Nghệ An",               # split 1991; seat Vinh
    "Nghĩa Bình": "Bình Định",            # split 1989; seat Quy Nhơn
    "Phú Khánh": "Khánh Hòa",             # split 1989; seat Nha Trang
    "Thuận Hải": "Bình Thuận",            # split 1992; seat Phan Thiết
    "Cửu Long": "Vĩnh Long",              # split 1992; seat Vĩnh Long
    "Sông Bé": "Bình Dương",              # split 1997; seat Thủ Dầu Một
    "Bắc Thái": "Thái Nguyên",            # split 1997
    "Hà Bắc": "Bắc Giang",                # split 1997; seat Bắc Giang
    "Hải Hưng": "Hải Dương",              # split 1997; seat Hải Dương
    "Vĩnh Phú": "Phú Thọ",                # split 1997; seat Việt Trì
    "Minh Hải": "Cà Mau",                 # split 1997
    "Quảng Nam - Đà Nẵng": "Đà Nẵng",     # split 1997
    "Gia Lai - Kon Tum": "Gia Lai",       # split 1991; seat Pleiku
    "Hoàng Liên Sơn": "Yên Bái",          # split 1991; seat Yên Bái
    "Hà Tuyên": "Tuyên Quang",            # split 1991; seat Tuyên Quang
    # Spellings in common use
    "Đắc Lắc": "Đắk Lắk", "Đắk Lắc": "Đắk Lắk", "Đăk Lăk": "Đắk Lắk", "Daklak": "Đắk Lắk",
    "Đắc Nông": "Đắk Nông", "Đăk Nông": "Đắk Nông",
    "Bắc Cạn": "Bắc Kạn", "Kontum": "Kon Tum",
}

# Words around a name that do not change which province it is: "Tỉnh", "Thành phố", "TP.", "Thủ đô";
# in English "Province", "City"; and the "(cũ)" the register writes after a former province.
_PREFIXES = ("thanh pho ", "tinh ", "tp ", "t p ", "thu do ", "city of ", "province of ")
_SUFFIXES = (" province", " city", " municipality")
_FORMER_MARK = re.compile(r"\s*\((cu|cũ|former|trước 2025)\)\s*$", re.IGNORECASE)


def locality_key(text) -> str:
    """The form province names are compared in: folded, without "Tỉnh"/"Thành phố"/"TP."/"City" around
    it, without spaces ("Hanoi" is "Hà Nội")."""
    key = fold(_FORMER_MARK.sub("", str(text or "")))
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix):
                key, changed = key[len(prefix):], True
        for suffix in _SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key, changed = key[:-len(suffix)], True
    return key.replace(" ", "")


_ALIASES = {locality_key(alias): locality_key(name) for alias, name in FORMER_NAMES.items()}


def aliases_of(short_name: str) -> list[str]:
    """The other names people write for this province (kept in its search text)."""
    key = locality_key(short_name)
    return [alias for alias, name in FORMER_NAMES.items() if locality_key(name) == key]


def locality_search_parts(name: str, short_name: str) -> list[str]:
    return [name, short_name, *aliases_of(short_name)]


class LocalityResolver:
    """Finds the locality a name designates, loaded once (an import resolves thousands of rows).

    `resolve("Thừa Thiên Huế")` is Huế; `resolve("Bắc Giang")` is the former row of Bắc Giang (its
    `today` is Bắc Ninh); a name that is both a current and a former row (Đà Nẵng) gives the current one,
    unless it is written "(cũ)" or `on` is a date before 01/7/2025. None when no province has that name.
    """

    def __init__(self, queryset=None):
        if queryset is None:
            from ngoaivu.core.models import Locality
            queryset = Locality.objects.all()
        self.by_key: dict[str, list] = {}
        localities = list(queryset.select_related("successor").order_by("valid_until", "pk"))
        for locality in localities:
            for name in (locality.name, locality.short_name):
                self._add(name, locality)
        # Names a locality had or has by a dated fact ("Thừa Thiên Huế" until 31/12/2024): a renaming
        # recorded as data resolves without a change of code.
        from ngoaivu.core.models import LocalityFact
        by_pk = {locality.pk: locality for locality in localities}
        for locality_id, name, short_name in (LocalityFact.objects.filter(fact="name", locality_id__in=list(by_pk))
                                              .values_list("locality_id", "name", "short_name")):
            for text in (name, short_name):
                if text:
                    self._add(text, by_pk[locality_id])

    def _add(self, name, locality):
        rows = self.by_key.setdefault(locality_key(name), [])
        if locality not in rows:
            rows.append(locality)

    def candidates(self, text) -> list:
        key = locality_key(text)
        return self.by_key.get(key) or self.by_key.get(_ALIASES.get(key, ""), [])

    def resolve(self, text, on: datetime.date | None = None):
        candidates = self.candidates(text)
        if not candidates:
            return None
        former = bool(_FORMER_MARK.search(str(text or ""))) or (on is not None and on < REFORM)
        preferred = [c for c in candidates if (not c.is_current) == former]
        return (preferred or candidates)[0]


def _short(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _kind(division_type) -> str:
    return "city" if "thành phố" in division_type.value else "province"


# Dated facts about localities, with the act that made each so; loaded once into `core.LocalityFact`,
# where a later resolution is added as a new row. Codes are GSO codes of the rows in force.
RES_202 = "Nghị quyết 202/2025/QH15 ngày 12/6/2025 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh"
RES_175 = "Nghị quyết 175/2024/QH15 của Quốc hội về thành lập thành phố Huế trực thuộc trung ương"
# Resolution 202/2025 names 6 centrally-run cities among the 34 units; the vietnam-provinces package also
# marks Quảng Ninh, Bắc Ninh and Đồng Nai as cities (becoming one is their target, not yet a resolution).
CITIES_202 = {1: "Hà Nội", 31: "Hải Phòng", 46: "Huế", 48: "Đà Nẵng", 79: "Hồ Chí Minh", 92: "Cần Thơ"}
HUE = 46
HUE_FACTS = [
    # (fact, kind, name, short name, from, to, basis)
    ("name", "", "Tỉnh Thừa Thiên Huế", "Thừa Thiên Huế", None, datetime.date(2024, 12, 31),
     "Tên tỉnh đến khi " + RES_175 + " có hiệu lực"),
    ("name", "", "Thành phố Huế", "Huế", datetime.date(2025, 1, 1), None, RES_175),
    ("kind", "province", "", "", None, datetime.date(2024, 12, 31),
     "Là tỉnh đến khi " + RES_175 + " có hiệu lực"),
    ("kind", "city", "", "", datetime.date(2025, 1, 1), REFORM - datetime.timedelta(days=1), RES_175),
]


def load_locality_facts(apps=global_apps) -> int:
    """Record the dated facts (idempotent) and make each row's type and name those in force today.
    Returns how many facts it added."""
    try:
        Fact = apps.get_model("core", "LocalityFact")
    except LookupError:  # migration 0002 runs before the facts table exists; 0007 runs this again
        return 0
    Locality = apps.get_model("core", "Locality")
    Unit = apps.get_model("core", "Unit")
    added = 0

    def fact(locality, fact, valid_from, valid_to=None, **values):
        nonlocal added
        _row, created = Fact.objects.get_or_create(
            locality=locality, fact=fact, valid_from=valid_from,
            defaults={"valid_to": valid_to, "basis": values.pop("basis"), **values})
        added += created

    today = datetime.date.today()
    for locality in Locality.objects.filter(valid_until__isnull=True):
        fact(locality, "kind", REFORM, kind="city" if locality.code in CITIES_202 else "province", basis=RES_202)
        if locality.code == HUE:
            for kind_, *rest in HUE_FACTS:
                k, name, short, start, end, basis = rest
                fact(locality, kind_, start, end, kind=k, name=name, short_name=short, basis=basis)
        # The row carries the type in force today (a later resolution entered as a fact included): where
        # the package's type differs, the facts win, and the bodies' names follow.
        in_force = (Fact.objects.filter(locality=locality, fact="kind")
                    .filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=today))
                    .filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=today))
                    .order_by(models.F("valid_from").desc(nulls_last=True)).first())
        kind = in_force.kind if in_force else locality.kind
        if locality.kind != kind:
            old_word, new_word = ("thành phố", "tỉnh") if kind == "province" else ("tỉnh", "thành phố")
            old_party, new_party = ("Thành ủy", "Tỉnh ủy") if kind == "province" else ("Tỉnh ủy", "Thành ủy")
            name = f"{new_word.capitalize()} {locality.short_name}"
            Locality.objects.filter(pk=locality.pk).update(
                kind=kind, name=name, search_text=build_search_text(locality_search_parts(name, locality.short_name)))
            for unit in Unit.objects.filter(locality=locality).exclude(kind="commune_pc"):
                name = unit.name.replace(f"{old_word} {locality.short_name}", f"{new_word} {locality.short_name}")
                name = name.replace(f"{old_party} {locality.short_name}", f"{new_party} {locality.short_name}")
                if name == f"Thanh tra {old_word}":
                    name = f"Thanh tra {new_word}"
                if name != unit.name:
                    Unit.objects.filter(pk=unit.pk).update(name=name, search_text=build_search_text([name]))
    for former in Locality.objects.filter(valid_until__isnull=False, successor__isnull=False):
        fact(former, "successor", former.valid_until + datetime.timedelta(days=1), successor_id=former.successor_id,
             basis=RES_202)
    return added


def load_reference(apps=global_apps) -> None:
    Locality = apps.get_model("core", "Locality")
    Unit = apps.get_model("core", "Unit")
    Sector = apps.get_model("core", "Sector")
    if not Locality.objects.exists():
        _load_localities(Locality)
    if not Unit.objects.exists():
        _load_units(Locality, Unit)
    for position, (code, name, name_en) in enumerate(SECTORS):
        Sector.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en, "position": position})
    load_locality_facts(apps)


def _load_localities(Locality) -> None:
    current = {}
    for p in Province.iter_all():
        sources = p.get_legacy_sources()
        unchanged = len(sources) == 1 and sources[0].code.value == p.code.value
        current[p.code.value] = Locality.objects.create(
            code=p.code.value, name=p.name, short_name=_short(p.name), codename=slugify(p.codename),
            kind=_kind(p.division_type), valid_from=None if unchanged else REFORM,
            legacy_code=p.code.value if unchanged else None,
            search_text=build_search_text(locality_search_parts(p.name, _short(p.name))))
    # Each former province points to the unit that inherited it. A former code listed under two new
    # units (the package lists Tiền Giang under both Tây Ninh and Đồng Tháp) goes to the one that kept
    # its code, which is where its provincial seat went.
    successor_of = {}
    for p in Province.iter_all():
        for source in p.get_legacy_sources():
            code = source.code.value
            if code not in successor_of or code == p.code.value:
                successor_of[code] = p.code.value
    for lp in LegacyProvince.iter_all():
        new = current[successor_of[lp.code.value]]
        if new.legacy_code == lp.code.value:
            continue  # unchanged: the current row is the same province
        Locality.objects.create(
            code=lp.code.value, name=lp.name, short_name=_short(lp.name), codename=slugify(lp.codename),
            kind=_kind(lp.division_type), valid_until=BEFORE_REFORM, successor=new,
            search_text=build_search_text(locality_search_parts(lp.name, _short(lp.name))))


def _load_units(Locality, Unit) -> None:
    rows = []
    for locality in Locality.objects.filter(valid_until__isnull=True):
        tinh = "thành phố" if locality.kind == "city" else "tỉnh"
        base = [
            (f"Ủy ban nhân dân {tinh} {locality.short_name}", "pc"),
            (f"Hội đồng nhân dân {tinh} {locality.short_name}", "council"),
            (f"Văn phòng Ủy ban nhân dân {tinh} {locality.short_name}", "pc_office"),
            (f"{'Thành ủy' if locality.kind == 'city' else 'Tỉnh ủy'} {locality.short_name}", "party"),
            *[(name.replace("tỉnh", tinh), "department") for name in STANDARD_DEPARTMENTS],
        ]
        has_department = locality.code in WITH_FOREIGN_AFFAIRS_DEPARTMENT
        if has_department:
            base.append((f"Sở Ngoại vụ {tinh} {locality.short_name}", "department"))
        for name, kind in base:
            agency = (name.startswith("Sở Ngoại vụ") if has_department else kind == "pc_office")
            rows.append(Unit(locality=locality, name=name, kind=kind, is_foreign_affairs_agency=agency,
                             search_text=build_search_text([name])))
        for ward in Ward.iter_by_province(Province.from_code(_province_code(locality.code)).code):
            name = f"Ủy ban nhân dân {ward.name[0].lower()}{ward.name[1:]}"
            rows.append(Unit(locality=locality, name=name, kind="commune_pc", code=str(ward.code.value),
                             search_text=build_search_text([name])))
    Unit.objects.bulk_create(rows, batch_size=1000)


def _province_code(code: int):
    from vietnam_provinces import ProvinceCode
    return ProvinceCode(code)
