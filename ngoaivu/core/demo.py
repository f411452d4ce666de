"""Demo data for the four demo provinces — Lạng Sơn, Bắc Ninh (with former Bắc Giang), Đà Nẵng,
TP. Hồ Chí Minh — and an account for each persona. Only `ngoaivu demo` calls this."""
from django.db import transaction

from ngoaivu.core import actions
from ngoaivu.core.models import Locality, Mission, Unit, User
from ngoaivu.core.reference import load_reference
from ngoaivu.core.registry import DEMO_LOADERS

DEMO_PASSWORD = "ngoaivu-demo-2026"

# code of the current locality → account prefix
DEMO_PROVINCES = {20: "langson", 24: "bacninh", 48: "danang", 79: "hcm"}

# Each province's people: manager, officer, provincial leader (viewer), Department of Industry and Trade.
# Distinct names, so that a history entry or a "who changed it" says which person it was.
DEMO_PEOPLE = {
    "langson": ["Hoàng Văn Nam", "Phạm Thu Trang", "Vũ Đức Anh", "Đỗ Thị Lan"],
    "bacninh": ["Nguyễn Văn Hùng", "Trịnh Thị Mai", "Lý Quang Vinh", "Bùi Thị Hạnh"],
    "danang": ["Phan Thanh Sơn", "Lê Thị Kim Oanh", "Huỳnh Văn Phúc", "Võ Thị Ngọc Ánh"],
    "hcm": ["Trương Minh Khoa", "Nguyễn Ngọc Hân", "Đinh Công Danh", "Lâm Thị Thu Thảo"],
}
# Earlier demos gave every province the first four: a prepared demo keeps its data, so these are renamed.
_SHARED_NAMES = set(DEMO_PEOPLE["langson"])

# name, kind, host country, city. Each is accredited to its host country only: Vietnam has its own
# embassies in the neighbours (Mongolia, for instance, has one in Ulaanbaatar), so none covers a second one.
MISSIONS = [
    ("Đại sứ quán Việt Nam tại Hàn Quốc", "embassy", "KR", "Seoul"),
    ("Đại sứ quán Việt Nam tại Nhật Bản", "embassy", "JP", "Tokyo"),
    ("Tổng Lãnh sự quán Việt Nam tại Osaka", "consulate", "JP", "Osaka"),
    ("Đại sứ quán Việt Nam tại Trung Quốc", "embassy", "CN", "Bắc Kinh"),
    ("Tổng Lãnh sự quán Việt Nam tại Nam Ninh", "consulate", "CN", "Nam Ninh"),
    ("Đại sứ quán Việt Nam tại Lào", "embassy", "LA", "Viêng Chăn"),
]


def demo_accounts():
    """(username, description) of every demo account, in the order they are printed."""
    rows = [("admin", "Quản trị hệ thống (superuser)"),
            ("tw.quanly", "Cục Ngoại vụ và Ngoại giao văn hóa — quản lý"),
            ("tw.chuyenvien", "Cục Ngoại vụ và Ngoại giao văn hóa — chuyên viên"),
            ("tw.xem", "Ban Đối ngoại Trung ương — chỉ xem toàn quốc")]
    for code, prefix in DEMO_PROVINCES.items():
        name = Locality.objects.current().get(code=code).short_name
        rows += [(f"{prefix}.quanly", f"{name} — quản lý cơ quan ngoại vụ"),
                 (f"{prefix}.chuyenvien", f"{name} — chuyên viên cơ quan ngoại vụ"),
                 (f"{prefix}.xem", f"{name} — lãnh đạo tỉnh (chỉ xem)"),
                 (f"{prefix}.soct", f"{name} — Sở Công Thương (cơ quan triển khai)")]
    rows.append(("dsq.hanquoc", "Đại sứ quán Việt Nam tại Hàn Quốc"))
    rows.append(("tlsq.osaka", "Tổng Lãnh sự quán Việt Nam tại Osaka"))
    return rows


@transaction.atomic
def load_demo() -> None:
    load_reference()
    for name, kind, country, city in MISSIONS:
        Mission.objects.get_or_create(name=name, defaults={"kind": kind, "country": country, "city": city,
                                                           "accredited_countries": [country]})

    def ensure(username, **kwargs):
        if not User.objects.filter(username=username).exists():
            actions.create_user(username=username, password=DEMO_PASSWORD, **kwargs)
        else:
            User.objects.filter(username=username, full_name__in=_SHARED_NAMES).exclude(
                full_name=kwargs["full_name"]).update(full_name=kwargs["full_name"])

    ensure("admin", full_name="Quản trị hệ thống", kind="centre", role="manager", is_superuser=True)
    ensure("tw.quanly", full_name="Nguyễn Thị Minh Hà", job_title="Phó Cục trưởng", kind="centre", role="manager")
    ensure("tw.chuyenvien", full_name="Trần Quốc Bảo", job_title="Chuyên viên", kind="centre", role="officer",
           email="tw.chuyenvien@example.vn")
    ensure("tw.xem", full_name="Lê Văn Thành", job_title="Chuyên viên Ban Đối ngoại Trung ương", kind="centre",
           role="viewer")
    for code, prefix in DEMO_PROVINCES.items():
        people = DEMO_PEOPLE[prefix]
        locality = Locality.objects.current().get(code=code)
        soct = Unit.objects.get(locality=locality, name__startswith="Sở Công Thương")
        ensure(f"{prefix}.quanly", full_name=people[0], job_title="Giám đốc cơ quan ngoại vụ", kind="locality",
               role="manager", locality=locality, email=f"{prefix}.quanly@example.vn")
        ensure(f"{prefix}.chuyenvien", full_name=people[1], job_title="Chuyên viên", kind="locality",
               role="officer", locality=locality, email=f"{prefix}.chuyenvien@example.vn")
        ensure(f"{prefix}.xem", full_name=people[2], job_title="Phó Chủ tịch UBND", kind="locality",
               role="viewer", locality=locality)
        ensure(f"{prefix}.soct", full_name=people[3], job_title="Chuyên viên Sở Công Thương", kind="unit",
               role="officer", unit=soct, email=f"{prefix}.soct@example.vn")
    ensure("dsq.hanquoc", full_name="Ngô Minh Tuấn", job_title="Bí thư thứ nhất", kind="mission", role="officer",
           mission=Mission.objects.get(name=MISSIONS[0][0]))
    ensure("tlsq.osaka", full_name="Đặng Thu Hương", job_title="Lãnh sự", kind="mission", role="officer",
           mission=Mission.objects.get(name=MISSIONS[2][0]))
    for _order, loader in DEMO_LOADERS:
        loader()
