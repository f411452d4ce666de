"""Second review of the documents and the open data: files read back and compared with the registers."""
import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ngoaivu.implementation.models import Commitment
from ngoaivu.reports import actions
from tests.reports.helpers import body_text, make_registers, read_docx, table_rows

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _generate(world, user="officer_a", **fields):
    user = world.users[user]
    draft = actions.create_draft(user, world.a, **fields)
    draft = actions.generate(user, draft)
    with draft.docx.open("rb") as handle:
        return draft, read_docx(handle.read())


def test_the_yearly_report_written_during_the_year_lists_as_overdue_only_what_is_past_due(world):
    made = make_registers(world)
    Commitment.objects.create(agreement=made["active"], description="Hội thảo chung cuối năm",
                              due_on=datetime.date(2026, 11, 20), status="pending")
    # Written in June 2026 for 2026 (a report asked for mid-year): the commitment due in November is not late.
    with time_machine.travel(datetime.datetime(2026, 6, 15, 9, 0, tzinfo=VN), tick=False):
        draft, document = _generate(world, kind="yearly_agreements", year=2026,
                                    issued_on=datetime.date(2026, 6, 15))
    overdue = table_rows(document.tables[4])
    assert "Hội thảo chung cuối năm" not in [row[2] for row in overdue[1:]]
    assert "Tổ chức hội chợ du lịch chung" in [row[2] for row in overdue[1:]]  # due 01/5/2026, still open
    assert "Bảng 4. Cam kết quá hạn đến ngày 15/06/2026" in body_text(document)
    from openpyxl import load_workbook
    with draft.xlsx.open("rb") as handle:
        sheet = load_workbook(handle)["Cam kết quá hạn"]
    assert "Hội thảo chung cuối năm" not in [row[2].value for row in sheet.iter_rows(min_row=2)]
