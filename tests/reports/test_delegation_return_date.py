"""The external-affairs report's "Thời gian" of a delegation ends on the day it came back, when recorded (as
the delegation's own results report says): a trip planned to 14/03 and back on 17/03 read "– 14/03/2025"."""
import datetime
import io

import pytest
from openpyxl import load_workbook

from ngoaivu.exchanges import actions as exchanges
from ngoaivu.reports import actions
from tests.exchanges.factories import approved_delegation
from tests.reports.helpers import read_docx, table_rows

pytestmark = pytest.mark.django_db


def test_a_delegation_back_later_than_planned_is_reported_with_its_return_day(world):
    user = world.users["officer_a"]
    start = datetime.date(2025, 3, 9)
    delegation = approved_delegation(user, world.a, title="Đoàn về muộn", start_date=start)
    assert delegation.end_date == datetime.date(2025, 3, 14)
    exchanges.record_return(user, delegation, returned_on=datetime.date(2025, 3, 17))
    draft = actions.create_draft(user, world.a, issued_on=datetime.date(2026, 1, 10), kind="external_affairs",
                                 year=2025, period="year")
    draft = actions.generate(user, draft)
    with draft.docx.open("rb") as handle:
        document = read_docx(handle.read())
    rows = [row for t in document.tables for row in table_rows(t)[1:] if row[1] == "Đoàn về muộn"]
    assert [row[5] for row in rows] == ["09/03/2025 – 17/03/2025"]
    with draft.xlsx.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read()))["Đoàn ra"]
    assert [r[5] for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "Đoàn về muộn"] == [
        "09/03/2025 – 17/03/2025"]
