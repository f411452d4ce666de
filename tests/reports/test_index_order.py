"""The centre's "Văn bản, báo cáo" page lists the provinces to pick from in Vietnamese alphabetical order: it was
ordered by the full names' code points ("Thành phố Cần Thơ", "Thành phố Huế", "Thành phố Hà Nội" … "Tỉnh Vĩnh
Long", then "Tỉnh Điện Biên", "Tỉnh Đắk Lắk", "Tỉnh Đồng Nai" last)."""
import re

import pytest
from django.urls import reverse

from ngoaivu.core.models import Locality

pytestmark = pytest.mark.django_db


def test_the_centres_province_list_is_in_vietnamese_order(world, client_for):
    html = client_for(world.users["central"]).get(reverse("reports:index")).content.decode()
    shown = re.findall(r'<li><a href="/reports/province/\d+/">([^<]+)</a></li>', html)
    assert shown == [l.name for l in Locality.objects.current().order_by("sort_key")]
    assert shown.index("Tỉnh Điện Biên") < shown.index("Thành phố Hà Nội") < shown.index("Thành phố Huế")
