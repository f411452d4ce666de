"""A row pasted twice into one import file: the second is named (row and column) and nothing is imported,
rather than two identical records added (review of 03/12/2026)."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.spreadsheet import COLUMNS as AGREEMENT_COLUMNS
from ngoaivu.core.models import ImportRun
from ngoaivu.exchanges.imports import COLUMNS as DELEGATION_COLUMNS
from ngoaivu.exchanges.models import Delegation
from tests.agreements.factories import register_workbook

pytestmark = pytest.mark.django_db


def _upload(client, url, content):
    return client.post(url, {"file": SimpleUploadedFile("tep.xlsx", content)})


def _workbook(columns, rows):
    from io import BytesIO

    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append([h for _k, h, _hint in columns])
    for row in rows:
        ws.append([row.get(k) for k, _h, _hint in columns])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def test_an_agreement_row_pasted_twice_is_named_and_nothing_is_imported(world, client_for):
    client = client_for(world.users["officer_a"])
    row = {"title": "Bản ghi nhớ hợp tác du lịch", "partners": "Gyeonggi-do", "countries": "Hàn Quốc",
           "signed": "01/03/2024"}
    other = {**row, "title": "Bản ghi nhớ hợp tác giáo dục"}
    before = Agreement.objects.count()
    response = _upload(client, "/agreements/import/", register_workbook([row, other, row]).getvalue())
    result = response.context["result"]
    assert [(n, col) for n, col, _m in result.errors] == [(4, "Tên thỏa thuận")]
    assert "dòng 2" in result.errors[0][2]
    assert response.context["run"] is None and not ImportRun.objects.exists()
    assert Agreement.objects.count() == before


def test_a_delegation_row_pasted_twice_is_named_and_nothing_is_imported(world, client_for):
    client = client_for(world.users["officer_a"])
    row = {"title": "Đoàn xúc tiến đầu tư tại Hàn Quốc", "direction": "Đoàn ra", "head_name": "Nguyễn Văn A",
           "head_title": "Phó Chủ tịch", "member_count": 5, "destinations": "Hàn Quốc; Seoul; 3",
           "purpose": "Xúc tiến đầu tư", "start_date": "01/03/2025", "end_date": "03/03/2025"}
    before = Delegation.objects.count()
    response = _upload(client, "/exchanges/delegations/import/", _workbook(DELEGATION_COLUMNS, [row, row]))
    result = response.context["result"]
    assert [(n, col) for n, col, _m in result.errors] == [(3, "Tên đoàn")]
    assert "dòng 2" in result.errors[0][2]
    assert response.context["run"] is None and not ImportRun.objects.exists()
    assert Delegation.objects.count() == before
