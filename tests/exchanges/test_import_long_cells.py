"""A delegation import cell longer than its column (name, head, title, decision number) is named, row and
column, and nothing is imported: it was cut to the column's length without a word, so the register held a
name nobody wrote (review of 03/12/2026). The agreements' import refuses the same way."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from ngoaivu.core.models import ImportRun
from ngoaivu.exchanges.imports import COLUMNS
from ngoaivu.exchanges.models import Delegation

pytestmark = pytest.mark.django_db


def _file(rows):
    wb = Workbook()
    ws = wb.active
    ws.append([h for _k, h, _hint in COLUMNS])
    for row in rows:
        ws.append([row.get(k) for k, _h, _hint in COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("doan.xlsx", out.getvalue())


def test_a_cell_longer_than_its_column_is_named_and_nothing_is_imported(world, client_for):
    good = {"title": "Đoàn xúc tiến đầu tư tại Hàn Quốc", "direction": "Đoàn ra", "head_name": "Nguyễn Văn A",
            "head_title": "Phó Chủ tịch", "member_count": 5, "destinations": "Hàn Quốc; Seoul; 3",
            "purpose": "Xúc tiến đầu tư", "start_date": "01/03/2025", "end_date": "03/03/2025"}
    long = {**good, "title": "Đoàn công tác " + "xúc tiến thương mại, đầu tư và du lịch " * 8,
            "head_title": "Phó Chủ tịch " * 20, "decision_number": "1234/QĐ-UBND-" + "X" * 60,
            "decision_date": "01/02/2025"}
    before = Delegation.objects.count()
    response = client_for(world.users["officer_a"]).post("/exchanges/delegations/import/", {"file": _file([good, long])})
    result = response.context["result"]
    named = {(n, col): message for n, col, message in result.errors}
    assert set(named) == {(3, "Tên đoàn"), (3, "Chức vụ trưởng đoàn"), (3, "Số quyết định")}
    assert "300" in named[(3, "Tên đoàn")] and "60" in named[(3, "Số quyết định")]
    assert response.context["run"] is None and not ImportRun.objects.exists()
    assert Delegation.objects.count() == before
