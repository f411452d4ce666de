"""An .xlsx whose cell is merged down over several rows (the province or the partner written once for a
group of rows, as officials lay out a table): openpyxl reads the value in the top row only, and the rows
below were read as empty, so they took the import's default (the user's own province) or went without
their partner, silently. The shared reader (core.import_files) refuses such a file naming the rows and the
column, for every import; nothing is written (the review of 03/12/2026)."""
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.spreadsheet import COLUMNS as AGREEMENT_COLUMNS
from ngoaivu.core.models import ImportRun
from ngoaivu.exchanges.imports import COLUMNS as DELEGATION_COLUMNS
from ngoaivu.exchanges.models import Delegation

pytestmark = pytest.mark.django_db


def _workbook(columns, rows, merge):
    """An .xlsx of these columns and rows, the cells of column `merge` merged over every row."""
    wb = Workbook()
    ws = wb.active
    keys = [k for k, *_rest in columns]
    ws.append([header for _k, header, *_rest in columns])
    for row in rows:
        ws.append([row.get(k) for k in keys])
    column = keys.index(merge) + 1
    ws.merge_cells(start_row=2, start_column=column, end_row=len(rows) + 1, end_column=column)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    assert [r[column - 1] for r in load_workbook(out, read_only=True).active.iter_rows(min_row=2, values_only=True)][1:] \
        == [None] * (len(rows) - 1), "openpyxl reads the rows below the first as empty"
    out.seek(0)
    out.name = "tep-gop-o.xlsx"
    return out


def _file_errors(response):
    assert response.status_code == 200
    assert response.context["result"] is None
    return response.context["form"].errors["file"]


def test_an_agreements_file_with_a_partner_merged_over_three_rows_is_refused(world, client_for):
    rows = [{"title": f"Bản ghi nhớ hợp tác gộp ô {i}", "partners": "Gyeonggi-do" if i == 1 else None,
             "countries": "Hàn Quốc", "signed": datetime.datetime(2024, 1, i)} for i in (1, 2, 3)]
    before = (Agreement.objects.count(), ImportRun.objects.count())
    response = client_for(world.users["officer_a"]).post(
        reverse("agreements:agreement_import"), {"file": _workbook(AGREEMENT_COLUMNS, rows, "partners")})
    [error] = _file_errors(response)
    assert "Dòng 2–4, cột “Đối tác nước ngoài”: ô gộp" in error and "bỏ gộp ô" in error, error
    assert (Agreement.objects.count(), ImportRun.objects.count()) == before


def test_a_delegations_file_with_the_province_merged_over_three_rows_is_refused(world, client_for):
    rows = [{"title": f"Đoàn gộp ô {i}", "locality": world.a.short_name if i == 1 else None, "direction": "Đoàn ra",
             "head_name": "Hoàng Văn Nam", "head_title": "Phó Chủ tịch UBND tỉnh", "member_count": 5,
             "destinations": "Nhật Bản", "purpose": "Xúc tiến đầu tư", "start_date": datetime.datetime(2026, 3, i),
             "end_date": datetime.datetime(2026, 3, i + 3)} for i in (1, 2, 3)]
    user = world.users["officer_a"]
    before = (Delegation.objects.count(), ImportRun.objects.count())
    response = client_for(user).post(reverse("exchanges:delegation_import"),
                                     {"file": _workbook(DELEGATION_COLUMNS, rows, "locality")})
    [error] = _file_errors(response)
    assert "Dòng 2–4, cột “Tỉnh, thành phố”: ô gộp (C2:C4)" in error, error
    assert (Delegation.objects.count(), ImportRun.objects.count()) == before


def test_a_merged_cell_the_import_does_not_read_or_within_one_row_is_no_error(world, client_for):
    """A column of the officials' own (not the import's) merged down, a title merged across two cells of
    its row: every row still reads its own values, so the file is read as before."""
    columns = [*AGREEMENT_COLUMNS, ("own_note", "Ghi chú nội bộ", "")]
    rows = [{"title": f"Bản ghi nhớ hợp tác gộp ô {i}", "partners": "Gyeonggi-do", "countries": "Hàn Quốc",
             "signed": datetime.datetime(2024, 1, i), "own_note": "Nhóm 1" if i == 1 else None} for i in (1, 2, 3)]
    upload = _workbook(columns, rows, "own_note")
    wb = load_workbook(upload)
    keys = [k for k, *_rest in columns]
    title = keys.index("title") + 1
    wb.active.cell(5, title).value = "Bản ghi nhớ hợp tác gộp ô 4"
    wb.active.merge_cells(start_row=5, start_column=title, end_row=5, end_column=title + 1)
    for key, value in (("partners", "Gyeonggi-do"), ("countries", "Hàn Quốc")):
        wb.active.cell(5, keys.index(key) + 1).value = value
    wb.active.cell(5, keys.index("signed") + 1).value = datetime.datetime(2024, 1, 4)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "tep-gop-o.xlsx"
    response = client_for(world.users["officer_a"]).post(reverse("agreements:agreement_import"), {"file": out})
    assert "file" not in response.context["form"].errors
    assert len(response.context["result"].rows) == 4


def test_many_merged_cells_are_named_five_and_counted(world):
    from ngoaivu.agreements import imports
    from ngoaivu.core.import_files import ImportFileError
    rows = [{"title": f"Bản ghi nhớ {i}", "partners": "Gyeonggi-do", "countries": "Hàn Quốc",
             "signed": datetime.datetime(2024, 1, 1)} for i in range(1, 15)]
    wb = load_workbook(_workbook(AGREEMENT_COLUMNS, rows, "countries"))
    column = [k for k, *_rest in AGREEMENT_COLUMNS].index("partners") + 1
    for first in range(2, 15, 2):   # seven more pairs of rows, the countries' range first
        wb.active.merge_cells(start_row=first, start_column=column, end_row=first + 1, end_column=column)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    with pytest.raises(ImportFileError) as refused:
        imports.check_file(out, world.users["officer_a"])
    message = str(refused.value)
    assert message.count("ô gộp (") == 5 and message.endswith("Còn 3 ô gộp khác."), message
    assert "Dòng 2–3, cột “Đối tác nước ngoài”" in message and "Dòng 2–15, cột “Quốc gia”" in message, message
