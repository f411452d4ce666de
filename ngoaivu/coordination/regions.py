"""The six socio-economic regions, for sending a directive to a region. By the provinces' short names
(the 34 after the 2025 reorganisation); tests/coordination/test_directives.py checks each current province
is in exactly one region."""
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.text import fold

REGIONS = {
    "northern_midlands": (_("Trung du và miền núi phía Bắc"), (
        "Tuyên Quang", "Cao Bằng", "Lai Châu", "Lào Cai", "Thái Nguyên", "Điện Biên", "Lạng Sơn", "Sơn La",
        "Phú Thọ")),
    "red_river_delta": (_("Đồng bằng sông Hồng"), ("Hà Nội", "Hải Phòng", "Quảng Ninh", "Bắc Ninh", "Hưng Yên",
                                                  "Ninh Bình")),
    "central_coast": (_("Bắc Trung Bộ và duyên hải miền Trung"), (
        "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Trị", "Huế", "Đà Nẵng", "Quảng Ngãi", "Khánh Hòa")),
    "central_highlands": (_("Tây Nguyên"), ("Gia Lai", "Đắk Lắk", "Lâm Đồng")),
    "south_east": (_("Đông Nam Bộ"), ("Hồ Chí Minh", "Đồng Nai", "Tây Ninh")),
    "mekong_delta": (_("Đồng bằng sông Cửu Long"), ("Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang")),
}
REGION_CHOICES = [(key, label) for key, (label, _names) in REGIONS.items()]


def localities_of(region, localities):
    names = {fold(n) for n in REGIONS[region][1]}
    return [l for l in localities if fold(l.short_name) in names]
