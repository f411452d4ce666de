"""A delegation that visits two cities of one country is one country in the report's delegation table:
"Nước" read "Nhật Bản, Nhật Bản, Hàn Quốc" for Tokyo, Osaka and Seoul, in the Word file and its annex."""
import datetime

import pytest

from ngoaivu.exchanges import actions as exchanges
from ngoaivu.exchanges.choices import Channel, DelegationLevel, Direction
from tests.reports.helpers import outbound_rows

pytestmark = pytest.mark.django_db


def test_a_country_visited_twice_is_named_once(world):
    user = world.users["officer_a"]
    start = datetime.date(2025, 3, 9)
    exchanges.plan_delegation(user, data={
        "locality": world.a, "direction": Direction.OUTBOUND, "channel": Channel.STATE, "level": DelegationLevel.LEADER,
        "title": "Đoàn thăm Nhật Bản và Hàn Quốc", "head_name": "Hoàng Văn Nam", "head_title": "Chủ tịch UBND tỉnh",
        "member_count": 6, "purpose": "Xúc tiến đầu tư", "start_date": start,
        "end_date": start + datetime.timedelta(days=6)},
        stops=[{"country": "JP", "city": "Tokyo", "days": 2}, {"country": "JP", "city": "Osaka", "days": 2},
               {"country": "KR", "city": "Seoul", "days": 2}])
    words, sheet = outbound_rows(user, world.a, 2025, "Đoàn thăm Nhật Bản và Hàn Quốc")
    assert [row[4] for row in words] == ["Nhật Bản, Hàn Quốc"]
    assert [row[4] for row in sheet] == ["Nhật Bản, Hàn Quốc"]
