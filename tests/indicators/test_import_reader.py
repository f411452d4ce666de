"""The indicators' import reads its file as every register's import does (core.import_files): a province's
sheet with its title above the header, a CSV, English headers, a figure summed in the sheet; a merged cell
is refused only where a data row would lose its value. Each case checks what was saved."""
import io
import re
import zipfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from ngoaivu.indicators.imports import COLUMNS
from ngoaivu.indicators.models import Observation


def _book(rows, merges=(), name="so-lieu.xlsx"):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = name
    return out


def _confirm(client, upload):
    page = client.post("/indicators/import/", {"file": upload})
    checked = page.context["checked"]
    assert not checked.errors, checked.errors
    assert client.post("/indicators/import/confirm/", {"token": checked.token}).status_code == 302
    return checked


def _saved(world):
    return dict(Observation.objects.filter(locality=world.a, period_start__year=2025)
                .values_list("indicator__code", "value"))


def test_a_sheet_with_its_title_above_the_header_is_read(db, world, ind, client_for):
    """A province's sheet: the title merged across the table, a blank line, then the header (it was refused
    for missing columns: the header was looked for in the first row only)."""
    rows = [["BÁO CÁO SỐ LIỆU ĐỐI NGOẠI TỈNH LẠNG SƠN NĂM 2025"], [], COLUMNS,
            ["foreign_visitors", "Lạng Sơn", "2025", 1200, "Sở VHTTDL", ""],
            ["remittances", "Lạng Sơn", "2025", 70, "", ""]]
    checked = _confirm(client_for(world.users["officer_a"]), _book(rows, merges=["A1:F1"]))
    assert [r["number"] for r in checked.rows] == [4, 5]  # rows named as the sheet numbers them
    assert _saved(world) == {"foreign_visitors": Decimal(1200), "remittances": Decimal(70)}


def test_a_csv_with_semicolons_and_vietnamese_numbers_is_read(db, world, ind, client_for):
    text = ("Mã chỉ số;Tỉnh, thành phố;Kỳ;Giá trị;Nguồn;Ghi chú\n"
            "remittances;Lạng Sơn;2025;1.234,5;NHNN;ước\n")
    upload = SimpleUploadedFile("so-lieu.csv", ("\ufeff" + text).encode("utf-8"), content_type="text/csv")
    _confirm(client_for(world.users["officer_a"]), upload)
    saved = Observation.objects.get(indicator__code="remittances", locality=world.a)
    assert (saved.value, saved.source, saved.note) == (Decimal("1234.5"), "NHNN", "ước")


def test_english_headers_are_read(db, world, ind, client_for):
    rows = [["Indicator code", "Province", "Period", "Value", "Source", "Note"],
            ["remittances", "Lạng Sơn", "2025", 80, "Bank", ""]]
    _confirm(client_for(world.users["officer_a"]), _book(rows))
    assert _saved(world) == {"remittances": Decimal(80)}


def _with_formula(upload, cell, formula):
    """The workbook with `cell`'s value kept as the result Excel saved for `formula` (openpyxl writes no
    results for its own formulas)."""
    source, out = zipfile.ZipFile(upload), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'(<c r="' + cell.encode() + rb'"[^>]*>)(<v>)', rb"\1<f>" + formula.encode() + rb"</f>\2",
                              data)
                assert formula.encode() in data
            target.writestr(item, data)
    out.seek(0)
    out.name = "so-lieu.xlsx"
    return out


def test_a_figure_summed_in_the_sheet_is_read_as_its_saved_result(db, world, ind, client_for):
    rows = [COLUMNS, ["foreign_visitors", "Lạng Sơn", "2025", 1500, "", ""]]
    _confirm(client_for(world.users["officer_a"]), _with_formula(_book(rows), "D2", "SUM(700,800)"))
    assert _saved(world) == {"foreign_visitors": Decimal(1500)}


def test_a_formula_without_a_saved_result_is_named_not_saved(db, world, ind, client_for):
    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    ws.append(["foreign_visitors", "Lạng Sơn", "2025", "=700+800", "", ""])  # a program's file: no result saved
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "so-lieu.xlsx"
    page = client_for(world.users["officer_a"]).post("/indicators/import/", {"file": out})
    assert any(e.startswith("Dòng 2, cột “Giá trị”") for e in page.context["checked"].errors)
    assert not Observation.objects.filter(indicator__code="foreign_visitors", locality=world.a).exists()


def test_a_merge_no_data_row_depends_on_is_not_refused(db, world, ind, client_for):
    """Merged down in a column the import does not read (a note beside the table), or in the title rows:
    no row loses a value, so the file is read (it was refused for any merged cell)."""
    rows = [["SỐ LIỆU 2025"], ["(đơn vị: lượt)"], COLUMNS + ["Người lập"],
            ["foreign_visitors", "Lạng Sơn", "2025", 1300, "", "", "Nguyễn Văn A"],
            ["remittances", "Lạng Sơn", "2025", 90, "", "", None]]
    _confirm(client_for(world.users["officer_a"]), _book(rows, merges=["A1:A2", "G4:G5"]))
    assert _saved(world) == {"foreign_visitors": Decimal(1300), "remittances": Decimal(90)}


def test_too_many_rows_is_named_and_nothing_saved(db, world, ind, client_for, settings, monkeypatch):
    from ngoaivu.indicators import imports
    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    rows = [COLUMNS] + [["foreign_visitors", "Lạng Sơn", str(2020 + i), 10, "", ""] for i in range(3)]
    page = client_for(world.users["officer_a"]).post("/indicators/import/", {"file": _book(rows)})
    errors = page.context["checked"].errors
    assert errors and "Tệp có hơn 2 dòng số liệu (dòng 4 vượt giới hạn" in errors[0]
    assert not Observation.objects.filter(indicator__code="foreign_visitors", locality=world.a).exists()


def test_an_english_file_names_a_national_figure_as_the_english_page_does(db, world, ind, client_for):
    """English headers are read, and the English preview labels a row without a province "National": a file
    written in English with "National" in the Province column was refused ("không nhận ra “National”")."""
    rows = [["Indicator code", "Province", "Period", "Value", "Source", "Note"],
            ["remittances", "National", "2025", 95, "", ""]]
    _confirm(client_for(world.users["central"]), _book(rows))
    national = Observation.objects.get(indicator__code="remittances", locality=None, period_start__year=2025)
    assert national.value == Decimal(95)


def test_the_import_page_says_which_headers_and_files_are_read_in_both_languages(db, world, ind, client_for):
    from django.conf import settings
    client = client_for(world.users["officer_a"])
    page = client.get("/indicators/import/").content.decode()
    assert "Tệp CSV (UTF-8" in page and "Indicator code, Province (ghi “National” cho số liệu toàn quốc)" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/indicators/import/").content.decode()
    assert "A CSV file (UTF-8" in page and "English column headers are read too" in page
    assert "Figures file (.xlsx or .csv)" in page


def test_a_column_and_a_sheet_not_read_are_named_above_the_rows(db, world, ind, client_for):
    """What the import does not read is said, as the register's imports say it: a column the file adds and a
    second sheet holding the same table were dropped without a word (review of 07/12/2026)."""
    wb = Workbook()
    wb.active.append([*COLUMNS, "Giá trị năm trước"])
    wb.active.append(["remittances", "Lạng Sơn", "2025", 1250000, "Sở Tài chính", "", 1000000])
    second = wb.create_sheet("Năm 2024")
    second.append(COLUMNS[:4])
    second.append(["remittances", "Lạng Sơn", "2024", 1000000])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "so-lieu.xlsx"
    page = client_for(world.users["officer_a"]).post("/indicators/import/", {"file": out})
    checked = page.context["checked"]
    assert not checked.errors, checked.errors
    assert len(checked.notes) == 2 and "“Giá trị năm trước”" in checked.notes[0] and "Năm 2024" in checked.notes[1]
    text = page.content.decode()
    assert text.index("“Giá trị năm trước”") < text.index('id="import-preview"')
