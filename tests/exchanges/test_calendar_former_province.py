"""The centre's calendar asked for a former province (?province=<Quảng Nam>, an id the register's province
filter offers) showed the whole country under "every province": it shows the province that holds the
former one's records today, chosen in the select, and every link keeps that choice."""
import re

import pytest
from django.urls import reverse

from ngoaivu.core.models import Locality
from tests.exchanges.test_calendar_province import _links, march  # noqa: F401  (the month's records)

pytestmark = pytest.mark.django_db


def test_a_former_province_narrows_the_calendar_to_its_successor(world, client_for, march):  # noqa: F811
    client = client_for(world.users["central"])
    quang_nam = Locality.objects.by_legacy_code(49)  # now part of Đà Nẵng (world.b)
    successor = client.get(reverse("exchanges:calendar"), {"month": "2026-03", "province": world.b.pk}).content.decode()
    former = client.get(reverse("exchanges:calendar"), {"month": "2026-03", "province": quang_nam.pk}).content.decode()
    assert _links(former) == _links(successor) and "Đoàn Đà Nẵng thăm Hàn Quốc" in former
    assert "Đoàn Lạng Sơn thăm Nhật Bản" not in former
    assert re.search(rf'<option value="{world.b.pk}" selected>', former)
    assert f'href="?month=2026-04&province={world.b.pk}" rel="next"' in former.replace("&amp;", "&")
    week = client.get(reverse("exchanges:calendar_week"), {"date": "2026-03-09", "province": quang_nam.pk})
    assert "Đoàn Đà Nẵng thăm Hàn Quốc" in week.content.decode()
    assert "Đoàn Lạng Sơn thăm Nhật Bản" not in week.content.decode()
