"""A delegation that visits two cities of one country is one country in the report's delegation table:
"Nước" read "Nhật Bản, Nhật Bản, Hàn Quốc" for Tokyo, Osaka and Seoul, in the Word file and its annex."""
import datetime
import io

import pytest
from openpyxl import load_workbook

from ngoaivu.exchanges import actions as exchanges
from ngoaivu.exchanges.choices import Channel, DelegationLevel, Direction
from ngoaivu.reports import actions
from tests.reports.helpers import read_docx, table_rows

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
    draft = actions.create_draft(user, world.a, issued_on=datetime.date(2026, 1, 10), kind="external_affairs",
                                 year=2025, period="year")
    draft = actions.generate(user, draft)
    with draft.docx.open("rb") as handle:
        document = read_docx(handle.read())
    rows = [row for t in document.tables for row in table_rows(t)[1:] if row[1] == "Đoàn thăm Nhật Bản và Hàn Quốc"]
    assert [row[4] for row in rows] == ["Nhật Bản, Hàn Quốc"]
    with draft.xlsx.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read()))["Đoàn ra"]
    assert [r[4] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["Nhật Bản, Hàn Quốc"]
