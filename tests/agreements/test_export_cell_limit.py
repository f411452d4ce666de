"""Excel holds at most 32,767 characters in a cell and "repairs" (empties) a file with a longer one: the export
cuts such a text to the limit with a visible mark, leaves every other cell whole, and the file brought back
unchanged does not replace the register's full text with the cut one."""
import datetime
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from ngoaivu.agreements import exports, imports
from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.spreadsheet import COLUMNS
from ngoaivu.core.exports import CELL_MAX, Sheet, cut_to_cell, xlsx
from tests.agreements.factories import agreement, partner

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 2, 2)
MARK_VI = "… [đã cắt, xem bản đầy đủ trên hệ thống]"
MARK_EN = "… [cut, see the full text in the register]"
KEYS = [key for key, _header, _hint in COLUMNS]
# 40,000 characters, each line numbered so that a cut anywhere but at the end would show.
LONG = "\n".join(f"Điều {i:05d}: nội dung hợp tác" for i in range(1, 1500))[:40000]


def _cells(data):
    ws = load_workbook(io.BytesIO(data)).active
    return {ws.cell(row=1, column=c).value: ws.cell(row=2, column=c).value for c in range(1, ws.max_column + 1)}


def long_agreement(world):
    return agreement(world.users["officer_a"], world.a, title="Thỏa thuận dài", summary=LONG, reference="7/2025/TT",
                     signer_vn="Nguyễn Văn A", partners=[partner("Gyeonggi-do", "KR")], today=TODAY)


def test_a_40000_character_summary_is_cut_to_the_limit_with_the_mark_and_the_other_cells_are_whole(world):
    made = long_agreement(world)
    assert len(LONG) == 40000
    cells = _cells(exports.export_xlsx(Agreement.objects.filter(pk=made.pk)))
    summary = cells["Nội dung chính"]
    assert len(summary) <= CELL_MAX
    assert summary.endswith(MARK_VI)
    assert LONG.startswith(summary[:-len(MARK_VI)])
    assert len(summary) > CELL_MAX - 100  # cut at the limit, not well before it
    assert (cells["Mã hồ sơ"], cells["Tên thỏa thuận"], cells["Số, ký hiệu"], cells["Người ký phía Việt Nam"]) == (
        made.pk, "Thỏa thuận dài", "7/2025/TT", "Nguyễn Văn A")
    assert cells["Đối tác nước ngoài"] == "Gyeonggi-do"


def test_the_exported_file_brought_back_unchanged_keeps_the_full_summary(world):
    made = long_agreement(world)
    officer = world.users["officer_a"]
    data = exports.export_xlsx(Agreement.objects.filter(pk=made.pk))
    result = imports.check_file(io.BytesIO(data), officer, today=TODAY)
    assert result.ok, result.errors
    assert [row.state for row in result.rows] == ["same"]
    # Another column changed in the file: the row is written whole, the summary stays the full text.
    wb = load_workbook(io.BytesIO(data))
    wb.active.cell(row=2, column=KEYS.index("signer_vn") + 1).value = "Trần Thị B"
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    result = imports.check_file(out, officer, today=TODAY)
    assert result.ok, result.errors
    assert result.rows[0].changed_columns == ["Người ký phía Việt Nam"]
    assert imports.commit(result, officer, today=TODAY) == (0, 1)
    made.refresh_from_db()
    assert (made.signer_vn, made.summary) == ("Trần Thị B", LONG)


def test_a_cut_summary_edited_in_the_file_is_refused(world):
    made = long_agreement(world)
    data = exports.export_xlsx(Agreement.objects.filter(pk=made.pk))
    wb = load_workbook(io.BytesIO(data))
    cell = wb.active.cell(row=2, column=KEYS.index("summary") + 1)
    # Excel keeps a cell within its limit: an edit in the middle of the cut text, of the same length.
    cell.value = cell.value.replace("Điều 00500: nội dung hợp tác", "Điều 00500: nội dung đã sửa!", 1)
    assert "đã sửa!" in cell.value
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    result = imports.check_file(out, world.users["officer_a"], today=TODAY)
    assert not result.ok
    assert "đã bị cắt khi xuất" in str(result.rows[0].errors)
    made.refresh_from_db()
    assert made.summary == LONG


def test_every_xlsx_writer_cuts_in_the_active_language_and_counts_an_emoji_as_excel_does():
    with translation.override("en"):
        data = xlsx(Sheet("Delegations", ["Title", "Programme"], [["short", "x" * 40000]]))
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A2"].value == "short"
    assert len(ws["B2"].value) <= CELL_MAX and ws["B2"].value.endswith(MARK_EN)
    # An emoji is two of Excel's characters: never more than the limit, never half an emoji.
    text = cut_to_cell("😀" * 20000)
    assert len(text.encode("utf-16-le")) // 2 <= CELL_MAX
    assert text.endswith(MARK_VI) and set(text[:-len(MARK_VI)]) == {"😀"}
    assert cut_to_cell("y" * CELL_MAX) == "y" * CELL_MAX
