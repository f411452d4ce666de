"""Loads reference data from packages: localities (vietnam-provinces: the 34 and the former 63),
units (standard provincial bodies, and one commune People's Committee per ward), sectors.

Idempotent: run by migration 0002 and again safely by `ngoaivu demo` and the tests.
"""
import datetime

from django.apps import apps as global_apps
from django.utils.text import slugify
from vietnam_provinces import Province, Ward
from vietnam_provinces.legacy.base import Province as LegacyProvince

from ngoaivu.core.text import build_search_text

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


def _short(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _kind(division_type) -> str:
    return "city" if "thành phố" in division_type.value else "province"


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


def _load_localities(Locality) -> None:
    current = {}
    for p in Province.iter_all():
        sources = p.get_legacy_sources()
        unchanged = len(sources) == 1 and sources[0].code.value == p.code.value
        current[p.code.value] = Locality.objects.create(
            code=p.code.value, name=p.name, short_name=_short(p.name), codename=slugify(p.codename),
            kind=_kind(p.division_type), valid_from=None if unchanged else REFORM,
            legacy_code=p.code.value if unchanged else None,
            search_text=build_search_text([p.name]))
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
            search_text=build_search_text([lp.name]))


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
