"""The delegations import after the outside review of 07/12: the preview names the columns it does not read
and the sheets after the first that hold a table, and a date cell showing a month only is refused where a day
is needed, as the same text is, rather than read as the 1st."""
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ngoaivu.exchanges import imports
from ngoaivu.exchanges.models import Delegation

pytestmark = pytest.mark.django_db
URL = "exchanges:delegation_import"
HEADERS = [header for _key, header, _hint in imports.COLUMNS]
KEYS = [key for key, _header, _hint in imports.COLUMNS]


def _row(**values):
    row = {"title": "Đoàn công tác thăm Hàn Quốc", "direction": "Đoàn ra", "head_name": "Nguyễn Văn A",
           "head_title": "Phó Chủ tịch UBND tỉnh", "member_count": 5, "destinations": "Hàn Quốc; Suwon; 3",
           "purpose": "Xúc tiến đầu tư", "start_date": "02/03/2025", "end_date": "08/03/2025"}
    return [{**row, **values}.get(key) for key in KEYS]


def _upload(client, wb):
    out = io.BytesIO()
    wb.save(out)
    return client.post(reverse(URL), {"file": SimpleUploadedFile("doan.xlsx", out.getvalue())})


def test_preview_names_the_columns_it_does_not_read(world, client_for):
    wb = Workbook()
    wb.active.append(["STT", *HEADERS, "Kết quả chuyến đi"])
    wb.active.append([1, *_row(), "Ký 2 bản ghi nhớ"])
    response = _upload(client_for(world.users["officer_a"]), wb)
    result = response.context["result"]
    assert result.ok, result.errors
    assert result.notes == ["Cột không được dùng: “Kết quả chuyến đi”: dữ liệu trong cột này sẽ không được nhập. "
                            "Chỉ các cột của tệp mẫu được nhập; nếu đây là một cột của tệp mẫu ghi tên khác, hãy sửa "
                            "tên cột như tệp mẫu rồi tải lên lại."]
    page = response.content.decode()
    assert page.index("“Kết quả chuyến đi”") < page.index('id="import-preview"') and "“STT”" not in page


def test_preview_names_the_other_sheet_holding_a_table(world, client_for):
    wb = load_workbook(io.BytesIO(imports.template()))  # its own guide sheet holds no table
    wb.worksheets[0].append(_row(title="Đoàn quý I"))
    second = wb.create_sheet("Quý II")
    second.append(HEADERS)
    second.append(_row(title="Đoàn quý II"))
    response = _upload(client_for(world.users["officer_a"]), wb)
    result = response.context["result"]
    assert [r.data["title"] for r in result.rows] == ["Đoàn lãnh đạo tỉnh thăm tỉnh Gyeonggi", "Đoàn quý I"]
    assert result.notes == ["Chỉ trang tính đầu tiên của tệp, “Đoàn ra, đoàn vào”, được đọc: trang “Quý II” cũng "
                            "có bảng như tệp mẫu nhưng các dòng của trang này sẽ không được nhập. Hãy chép chúng sang "
                            "trang đầu, hoặc lưu thành tệp riêng để nhập."]
    assert "“Quý II”" in response.content.decode()


def test_month_cell_departure_is_refused_as_its_text_is(world, client_for):
    before = Delegation.objects.count()
    wb = Workbook()
    wb.active.append(HEADERS)
    wb.active.append(_row(title="Đoàn tháng ba", start_date=datetime.datetime(2025, 3, 1)))
    wb.active.append(_row(title="Đoàn tháng ba chữ", start_date="03/2025"))
    wb.active.cell(row=2, column=KEYS.index("start_date") + 1).number_format = "mm/yyyy"
    response = _upload(client_for(world.users["officer_a"]), wb)
    result = response.context["result"]
    assert result.errors == [(2, "Ngày đi", "“03/2025” không phải là ngày dd/mm/yyyy"),
                             (3, "Ngày đi", "“03/2025” không phải là ngày dd/mm/yyyy")]
    assert response.context["run"] is None and Delegation.objects.count() == before


def test_day_cell_departure_is_still_read(world):
    wb = Workbook()
    wb.active.append(HEADERS)
    wb.active.append(_row(start_date=datetime.datetime(2025, 3, 1)))
    wb.active.cell(row=2, column=KEYS.index("start_date") + 1).number_format = "dd/mm/yyyy"
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    result = imports.check_rows(imports.import_files.read_rows(out, imports.layout()), world.users["officer_a"])
    assert result.ok, result.errors
    assert result.rows[0].data["start_date"] == datetime.date(2025, 3, 1)
