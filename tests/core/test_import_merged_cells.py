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


# --- merged cells outside the table: a province register's banner above the header, a note below -------------

BANNER = ["UBND TỈNH LẠNG SƠN", "DANH MỤC THỎA THUẬN QUỐC TẾ CỦA TỈNH (đến 30/11/2026)"]


def _register(rows, *, banner=True, note=True, merge_inside=False):
    """A register as a province keeps it: a numbered column (STT, not read), the title banner merged across
    the table over two rows above the header, the agreements, then a note merged across the table below."""
    keys = ["title", "partners", "countries", "signed"]
    headers = dict((k, h) for k, h, _hint in AGREEMENT_COLUMNS)
    wb = Workbook()
    ws = wb.active
    if banner:
        ws.append([BANNER[0]])
        ws.append([BANNER[1]])
        ws.merge_cells("A1:E2")  # one banner over both rows, as the province's template has it
    ws.append(["STT", *[headers[k] for k in keys]])
    header_row = ws.max_row
    for i, row in enumerate(rows, 1):
        ws.append([i, *[row.get(k) for k in keys]])
    last = ws.max_row
    if merge_inside:
        ws.merge_cells(start_row=header_row + 1, start_column=3, end_row=header_row + 2, end_column=3)
    if note:
        ws.cell(last + 2, 1).value = "Ghi chú: danh mục gồm các thỏa thuận đã ký; Sở Ngoại vụ cập nhật hằng quý."
        ws.merge_cells(start_row=last + 2, start_column=1, end_row=last + 3, end_column=5)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "danh-muc-tinh.xlsx"
    return out


def _register_rows(prefix):
    return [{"title": f"{prefix} {i}", "partners": "Gyeonggi-do", "countries": "Hàn Quốc",
             "signed": datetime.datetime(2024, 2, i)} for i in (1, 2, 3)]


def test_a_note_merged_below_the_table_is_no_error(world):
    """The note's rows read empty (its text is in the numbered column, not read): they are no data rows, so
    its merge leaves no row reading another row's value."""
    from ngoaivu.agreements import imports
    result = imports.check_file(_register(_register_rows("Bản ghi nhớ ghi chú gộp"), banner=False),
                                world.users["officer_a"])
    assert result.ok, result.errors
    assert [row.number for row in result.rows] == [2, 3, 4]


def test_a_register_with_a_banner_merged_above_the_header_imports(world, client_for):
    client = client_for(world.users["officer_a"])
    response = client.post(reverse("agreements:agreement_import"),
                           {"file": _register(_register_rows("Bản ghi nhớ dưới tiêu đề gộp"))})
    assert "file" not in response.context["form"].errors, response.context["form"].errors
    result, run = response.context["result"], response.context["run"]
    assert result.ok, result.errors
    assert [row.number for row in result.rows] == [4, 5, 6]  # the sheet's own row numbers, below the header
    client.post(reverse("agreements:agreement_import"), {"confirm": "1", "token": str(run.token)}, follow=True)
    saved = Agreement.objects.filter(title__startswith="Bản ghi nhớ dưới tiêu đề gộp")
    assert sorted(saved.values_list("title", flat=True)) == [f"Bản ghi nhớ dưới tiêu đề gộp {i}" for i in (1, 2, 3)]
    assert {a.signed_on for a in saved} == {datetime.date(2024, 2, i) for i in (1, 2, 3)}


def test_a_merge_inside_the_data_below_a_banner_is_refused_naming_its_rows(world, client_for):
    before = (Agreement.objects.count(), ImportRun.objects.count())
    response = client_for(world.users["officer_a"]).post(
        reverse("agreements:agreement_import"),
        {"file": _register(_register_rows("Bản ghi nhớ gộp trong bảng"), merge_inside=True)})
    [error] = _file_errors(response)
    assert "Dòng 4–5, cột “Đối tác nước ngoài”: ô gộp (C4:C5)" in error, error
    assert "A1:E2" not in error and "A9:E10" not in error, error  # the banner and the note are not named
    assert (Agreement.objects.count(), ImportRun.objects.count()) == before
    assert not Agreement.objects.filter(title__startswith="Bản ghi nhớ gộp trong bảng").exists()


def test_a_csv_with_the_register_title_above_the_header_is_read_from_its_header(world):
    from ngoaivu.agreements import imports
    headers = dict((k, h) for k, h, _hint in AGREEMENT_COLUMNS)
    text = "\n".join([f"{BANNER[1]};;;", ";;;",
                      ";".join(headers[k] for k in ("title", "partners", "countries", "signed")),
                      "Bản ghi nhớ CSV dưới tiêu đề;Gyeonggi-do;Hàn Quốc;01/02/2024"])
    upload = io.BytesIO(text.encode("utf-8-sig"))
    upload.name = "danh-muc.csv"
    result = imports.check_file(upload, world.users["officer_a"])
    assert result.ok, result.errors
    assert [(row.number, row.title) for row in result.rows] == [(4, "Bản ghi nhớ CSV dưới tiêu đề")]


def test_the_merged_cells_are_found_without_openpyxls_private_sheet_reader(world, monkeypatch):
    """The merges were found through the read-only sheet's private `_get_source()`, which openpyxl may change
    in any release: the reader finds them in the file's own sheet XML (the first worksheet the workbook
    lists), and openpyxl's private reader is left to openpyxl."""
    import sys

    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    from ngoaivu.agreements import imports
    from ngoaivu.core.import_files import ImportFileError
    original, outside = ReadOnlyWorksheet._get_source, []

    def guarded(sheet):
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if not caller.startswith("openpyxl."):
            outside.append(caller)
            raise AssertionError(f"{caller} reads openpyxl's private _get_source()")
        return original(sheet)
    monkeypatch.setattr(ReadOnlyWorksheet, "_get_source", guarded)
    with pytest.raises(ImportFileError) as refused:
        imports.check_file(_register(_register_rows("Bản ghi nhớ gộp riêng"), merge_inside=True), world.users["officer_a"])
    assert outside == []
    assert str(refused.value).startswith("Dòng 4–5, cột “Đối tác nước ngoài”: ô gộp (C4:C5)"), refused.value


def _repacked(upload, rename, change):
    """The .xlsx with its archive's members renamed (rename: {old name: new name}) and each one's bytes
    passed through change(new name, data)."""
    import zipfile
    out = io.BytesIO()
    with zipfile.ZipFile(upload) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            name = rename.get(item.filename, item.filename)
            target.writestr(name, change(name, source.read(item.filename)))
    out.seek(0)
    out.name = "danh-muc-tinh.xlsx"
    return out


def test_the_merges_read_are_the_first_worksheets_wherever_the_workbook_stores_it(world):
    """Another program's file: the sheets' targets written from the archive's root ("/xl/worksheets/…"),
    and the first sheet listed stored as the second part. Only the first sheet's merges count: a second
    sheet's merge over its rows is not the import's."""
    from openpyxl import load_workbook

    from ngoaivu.agreements import imports
    wb = load_workbook(_register(_register_rows("Bản ghi nhớ trang đầu")))
    other = wb.create_sheet("Ghi chú")
    for i in range(1, 8):
        other.append([f"ghi chú {i}", f"ghi chú {i}", "x"])
    other.merge_cells("B4:B6")
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    first, second = b"worksheets/sheet1.xml", b"worksheets/sheet2.xml"

    def change(name, data):
        if name == "xl/_rels/workbook.xml.rels":
            data = data.replace(first, b"@").replace(second, first).replace(b"@", second)
            data = data.replace(b'Target="worksheets/', b'Target="/xl/worksheets/')
            assert b'Target="/xl/worksheets/sheet2.xml"' in data
        return data
    upload = _repacked(out, {"xl/worksheets/sheet1.xml": "xl/worksheets/sheet2.xml",
                             "xl/worksheets/sheet2.xml": "xl/worksheets/sheet1.xml",
                             "xl/worksheets/_rels/sheet1.xml.rels": "xl/worksheets/_rels/sheet2.xml.rels",
                             "xl/worksheets/_rels/sheet2.xml.rels": "xl/worksheets/_rels/sheet1.xml.rels"}, change)
    assert load_workbook(upload, read_only=True).worksheets[0]["B3"].value == "Tên thỏa thuận"  # openpyxl's first
    upload.seek(0)
    result = imports.check_file(upload, world.users["officer_a"])
    assert result.ok, result.errors
    assert [row.title for row in result.rows] == [f"Bản ghi nhớ trang đầu {i}" for i in (1, 2, 3)]
