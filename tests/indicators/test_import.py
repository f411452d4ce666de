"""Import: a preview first, then all rows or none; errors name the row and the column."""
import html
import io
from decimal import Decimal

from openpyxl import Workbook

from ngoaivu.indicators.imports import COLUMNS
from ngoaivu.indicators.models import Indicator, Observation


def _xlsx(rows, header=COLUMNS):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "so-lieu.xlsx"
    return out


def test_a_bad_row_changes_nothing_and_is_named(db, world, ind, client_for):
    client = client_for(world.users["officer_a"])
    rows = [["foreign_visitors", "Lạng Sơn", "2025", 1000, "Sở VHTTDL", ""],
            ["remittances", "Lạng Sơn", "2025", "nhiều", "", ""],
            ["remittances", "Đà Nẵng", "2025-Q5", 5, "", ""],
            ["khong_co", "", "2025", 5, "", ""]]
    page = client.post("/indicators/import/", {"file": _xlsx(rows)}).content.decode()
    assert "Dòng 3, cột “Giá trị”" in page
    assert "Dòng 4, cột “Tỉnh, thành phố”: bạn không có quyền nhập số liệu của Đà Nẵng" in page
    assert "Dòng 4, cột “Kỳ”" in page
    assert "Dòng 5, cột “Mã chỉ số”" in page
    assert "Dòng 5, cột “Tỉnh, thành phố”" in page  # the nation is the centre's
    assert 'name="token"' not in page
    assert not Observation.objects.exclude(indicator__code="fdi_registered").exists()


def test_preview_then_confirm_saves_all_rows(db, world, ind, client_for):
    client = client_for(world.users["central"])
    rows = [["foreign_visitors", "Lạng Sơn", 2025, 1000, "Sở VHTTDL", "ước"],
            ["remittances", "Toàn quốc", "2019-2021", "52.000.000.000", "NHNN", ""],
            ["fdi_registered", "Bắc Giang", "2024", "1,5", "", ""]]
    page = client.post("/indicators/import/", {"file": _xlsx(rows)})
    token = page.context["checked"].token
    assert not page.context["checked"].errors
    assert not Observation.objects.filter(indicator__code="foreign_visitors").exists()  # the preview saves nothing
    response = client.post("/indicators/import/confirm/", {"token": token})
    assert response.status_code == 302
    visitors = Observation.objects.get(indicator__code="foreign_visitors")
    assert (visitors.locality, visitors.value, visitors.source, visitors.note) == (world.a, Decimal(1000), "Sở VHTTDL", "ước")
    national = Observation.objects.get(indicator__code="remittances")
    assert national.locality is None and national.value == Decimal(52 * 10 ** 9) and national.period_kind == "span"
    bac_giang = Observation.objects.get(indicator__code="fdi_registered", former_locality__isnull=False)
    assert bac_giang.locality.code == 24 and bac_giang.value == Decimal("1.5")


def test_a_tampered_token_saves_nothing(db, world, ind, client_for):
    client = client_for(world.users["central"])
    before = Observation.objects.count()
    response = client.post("/indicators/import/confirm/", {"token": "abc:def"}, follow=True)
    assert "hết hạn hoặc không hợp lệ" in response.content.decode()
    assert Observation.objects.count() == before


def test_missing_columns_and_unreadable_file(db, world, ind, client_for):
    client = client_for(world.users["officer_a"])
    page = client.post("/indicators/import/", {"file": _xlsx([], header=["Mã chỉ số", "Kỳ"])}).content.decode()
    assert "Thiếu cột: “Tỉnh, thành phố”, “Giá trị”" in html.unescape(page)
    junk = io.BytesIO(b"not a workbook")
    junk.name = "x.xlsx"
    assert "Không thấy dòng tiêu đề cột" in client.post("/indicators/import/", {"file": junk}).content.decode()
    pdf = io.BytesIO(b"%PDF-1.4 not a sheet")
    pdf.name = "x.xlsx"
    assert "không phải là tệp Excel .xlsx hay CSV" in client.post("/indicators/import/", {"file": pdf}).content.decode()


def test_a_figure_computed_in_excel_is_saved_to_the_hundredth_as_previewed(db, world, ind, client_for):
    """A spreadsheet figure with many decimals (=A1/3) is rounded as the grid rounds it, shown so in the
    preview, and saved: the preview accepted it, so the confirmation must not refuse it (it used to, with
    the model's message naming no row)."""
    client = client_for(world.users["officer_a"])
    rows = [["foreign_visitors", "Lạng Sơn", "2025", 1000, "", ""],
            ["remittances", "Lạng Sơn", "2025", 1234.5678, "", ""],
            ["trade", "Lạng Sơn", "2025", "2,005", "", ""]]
    checked = client.post("/indicators/import/", {"file": _xlsx(rows)}).context["checked"]
    assert not checked.errors
    assert [r["value"] for r in checked.rows] == ["1000.00", "1234.57", "2.01"]
    client.post("/indicators/import/confirm/", {"token": checked.token})
    saved = dict(Observation.objects.filter(locality=world.a, period_start__year=2025).exclude(indicator__code="fdi_registered")
                 .values_list("indicator__code", "value"))
    assert saved == {"foreign_visitors": Decimal(1000), "remittances": Decimal("1234.57"), "trade": Decimal("2.01")}


def test_an_indicator_renamed_after_the_preview_is_named_and_nothing_is_saved(db, world, ind, client_for):
    """The catalogue changed a code between the preview and "Xác nhận": the page said "'remittances'"."""
    client = client_for(world.users["central"])
    rows = [["foreign_visitors", "Lạng Sơn", 2025, 1000, "", ""],
            [None, None, None, None, None, None],
            ["remittances", "Toàn quốc", "2025", "5.000", "", ""]]
    page = client.post("/indicators/import/", {"file": _xlsx(rows)})
    token = page.context["checked"].token
    assert not page.context["checked"].errors
    before = sorted(Observation.objects.values_list("pk", "indicator__code", "value"))
    Indicator.objects.filter(code="remittances").update(code="kieu_hoi")
    response = client.post("/indicators/import/confirm/", {"token": token}, follow=True)
    shown = response.content.decode()
    assert "Dòng 4, cột “Mã chỉ số”: không có chỉ số mã “remittances” trong danh mục" in shown
    assert "&#x27;remittances&#x27;" not in shown and "'remittances'" not in shown
    assert sorted(Observation.objects.values_list("pk", "indicator__code", "value")) == before


def test_a_figure_a_colleague_changed_after_the_preview_is_not_overwritten(db, world, ind, client_for, enter):
    """The preview read Lạng Sơn's 2025 visitors as 900; a colleague then saved 950 in the grid. Confirming
    replaced their figure with the file's without either of them seeing it (review of 03/12/2026): the
    confirmation now refuses, names the figure and who changed it, and writes nothing."""
    visitors = ind["foreign_visitors"]
    enter("manager_a", visitors, world.a, "2025", 900)
    client = client_for(world.users["officer_a"])
    rows = [["foreign_visitors", "Lạng Sơn", "2025", 1000, "Sở VHTTDL", ""],
            ["remittances", "Lạng Sơn", "2025", 70, "", ""]]
    token = client.post("/indicators/import/", {"file": _xlsx(rows)}).context["checked"].token
    enter("manager_a", visitors, world.a, "2025", 950)
    response = client.post("/indicators/import/confirm/", {"token": token}, follow=True)
    page = response.content.decode()
    assert "trong lúc bạn nhập" in page and str(world.users["manager_a"]) in page
    assert Observation.objects.get(indicator=visitors).value == Decimal(950)
    assert not Observation.objects.filter(indicator__code="remittances", locality=world.a).exists()
    # A figure the file leaves as the preview read it is not a conflict: the import goes through.
    token = client.post("/indicators/import/", {"file": _xlsx(rows)}).context["checked"].token
    assert client.post("/indicators/import/confirm/", {"token": token}).status_code == 302
    assert Observation.objects.get(indicator=visitors).value == Decimal(1000)


def test_a_merged_province_cell_is_named_not_read_as_national(db, world, ind, client_for):
    """Province files group rows under one merged "Tỉnh, thành phố" cell; only its top row holds the name,
    so the rows below read an empty province — a national figure for the Ministry's officer, saved as such
    without a word (review of 03/12/2026). A merged cell is now named, rows and column, and nothing is kept."""
    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    ws.append(["foreign_visitors", "Lạng Sơn", "2025", 1000, "", ""])
    ws.append(["remittances", None, "2025", 70, "", ""])
    ws.merge_cells("B2:B3")
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "so-lieu.xlsx"
    page = client_for(world.users["central"]).post("/indicators/import/", {"file": out})
    checked = page.context["checked"]
    assert any("Dòng 2–3, cột “Tỉnh, thành phố”" in e and "gộp" in e for e in checked.errors), checked.errors
    assert 'name="token"' not in page.content.decode()
    assert not Observation.objects.filter(indicator__code__in=["foreign_visitors", "remittances"]).exists()
    # Read whole for its merged cells, so a file is bounded: one over the limit is refused before reading.
    from django.core.files.uploadedfile import SimpleUploadedFile
    big = SimpleUploadedFile("so-lieu.xlsx", b"PK\x03\x04" + b"0" * (3 * 1024 * 1024))
    page = client_for(world.users["central"]).post("/indicators/import/", {"file": big})
    assert any("quá giới hạn 2 MB" in e for e in page.context["checked"].errors)


def test_the_preview_shows_the_figure_each_row_replaces(db, world, ind, client_for, enter):
    """The preview listed the file's figures only: a row replacing a figure already saved looked like a new
    one, and the officer confirmed without seeing what they overwrote. Each such row shows the figure it
    replaces beside the new one (the Vietnamese way, 1.234,5), the preview counts them, and the
    confirmation writes the new figures."""
    import html
    import re
    enter("officer_a", ind["foreign_visitors"], world.a, "2025", 1000)
    enter("officer_a", ind["remittances"], world.a, "2025", "999.5")
    client = client_for(world.users["officer_a"])
    rows = [["foreign_visitors", "Lạng Sơn", "2025", 1200, "Sở VHTTDL", ""],
            ["remittances", "Lạng Sơn", "2025", "1.234.567,5", "", ""],
            ["oda", "Lạng Sơn", "2025", 5000, "", ""]]
    response = client.post("/indicators/import/", {"file": _xlsx(rows)})
    page = html.unescape(response.content.decode())
    assert "Số hiện có" in page
    assert "3 số liệu sẵn sàng để nhập. Trong đó 2 số liệu thay số hiện có (cột “Số hiện có”)." in page
    cells = {int(number): re.findall(r"<td[^>]*>(.*?)</td>", row)
             for number, row in re.findall(r"<tr><td>(\d+)</td>(.*?)</tr>", page)}
    assert cells[2][3:5] == ["1.000", "1.200"]
    assert cells[3][3:5] == ["999,50", "1.234.567,50"]
    assert cells[4][3:5] == ['<span class="muted">chưa có</span>', "5.000"]
    assert client.post("/indicators/import/confirm/", {"token": response.context["checked"].token}).status_code == 302
    saved = dict(Observation.objects.filter(locality=world.a, period_start__year=2025, period_end__year=2025,
                                            indicator__code__in=["foreign_visitors", "remittances", "oda"])
                 .values_list("indicator__code", "value"))
    assert saved == {"foreign_visitors": Decimal(1200), "remittances": Decimal("1234567.5"), "oda": Decimal(5000)}


def test_a_file_with_many_bad_rows_names_the_first_fifty_errors_and_counts_the_rest(db, world, ind, client_for):
    """Every error was listed, one line each: a file of thousands of bad rows made a page of thousands of
    lines above the preview. The first 50 are named (row and column), the rest counted; nothing is saved."""
    before = sorted(Observation.objects.values_list("pk", "value"))
    client = client_for(world.users["officer_a"])
    rows = [["foreign_visitors", "Lạng Sơn", str(1990 + i), "nhiều", "", ""] for i in range(30)]
    rows += [["remittances", "Lạng Sơn", str(1990 + i), "-5", "", ""] for i in range(30)]
    page = html.unescape(client.post("/indicators/import/", {"file": _xlsx(rows)}).content.decode())
    assert "Có 60 lỗi, chưa nhập gì" in page
    assert "Dòng 2, cột “Giá trị”" in page and "Dòng 51, cột “Giá trị”" in page
    assert "Dòng 52, cột “Giá trị”" not in page.split('id="import-errors"')[1].split("</div>")[0]
    assert "và 10 lỗi khác (sửa các lỗi trên rồi tải tệp lên lại để xem tiếp)." in page
    assert sorted(Observation.objects.values_list("pk", "value")) == before
