"""An officer of Lạng Sơn imports last year's delegations from a spreadsheet: a bad row is named by row and
column and nothing is imported; the corrected file shows a preview, and the confirmation creates them."""
import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from ngoaivu.exchanges.imports import COLUMNS
from ngoaivu.exchanges.models import Delegation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def workbook(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append([header for _key, header, _hint in COLUMNS])
    for row in rows:
        ws.append([row.get(key) for key, _h, _hint in COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(page, content):
    page.get_by_label("Tệp Excel (.xlsx) hoặc CSV").set_input_files(
        {"name": "doan-2025.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "buffer": content})
    page.get_by_role("button", name="Kiểm tra tệp").click()


def test_officer_imports_delegations_after_fixing_a_bad_row(world, page, live_server, login, shoot):
    korea = {"title": "Đoàn lãnh đạo tỉnh thăm tỉnh Gyeonggi", "direction": "Đoàn ra", "level": "Cấp phó lãnh đạo tỉnh",
             "head_name": "Nguyễn Thị Hoa", "head_title": "Phó Chủ tịch UBND tỉnh", "member_count": 5,
             "destinations": "Hàn Quốc; Suwon; 5", "purpose": "Xúc tiến đầu tư", "start_date": "02/03/2025",
             "end_date": "08/03/2025", "authority": "Thường trực Tỉnh ủy", "decision_number": "45/QĐ-UBND",
             "decision_date": "10/02/2025"}
    laos = {**korea, "title": "Đoàn Sở Công Thương thăm Viêng Chăn", "destinations": "Atlantis; Viêng Chăn; 3",
            "authority": "", "decision_number": "", "decision_date": "", "level": ""}
    before = Delegation.objects.count()
    login(world.users["officer_a"])
    page.goto(f"{live_server.url}/exchanges/delegations/")
    page.get_by_role("link", name="Nhập từ Excel").click()
    upload(page, workbook([korea, laos]))
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("Nước đến")
    expect(errors.locator("tr", has_text="không nhận ra nước “Atlantis”")).to_contain_text("3")
    shoot("exchanges-import-01-bad-row-named")
    assert Delegation.objects.count() == before

    upload(page, workbook([korea, {**laos, "destinations": "Lào; Viêng Chăn; 3"}]))
    expect(page.locator("#import-summary")).to_contain_text("Tệp hợp lệ: 2 dòng — 2 đoàn mới, 0 thay đổi, 0 không đổi. Chưa có gì được lưu.")
    expect(page.locator("#import-preview")).to_contain_text("Hàn Quốc (Suwon)")
    shoot("exchanges-import-02-preview")
    assert Delegation.objects.count() == before
    page.get_by_role("button", name="Nhập: 2 đoàn mới, 0 thay đổi").click()
    expect(page.locator(".banner--success")).to_contain_text("2 đoàn mới, 0 đoàn được cập nhật")
    expect(page.locator("table")).to_contain_text("Đoàn Sở Công Thương thăm Viêng Chăn")
    shoot("exchanges-import-03-imported")
    assert Delegation.objects.count() == before + 2
    imported = Delegation.objects.get(title="Đoàn lãnh đạo tỉnh thăm tỉnh Gyeonggi")
    assert (imported.approval_authority, imported.decision_number) == ("standing_board", "45/QĐ-UBND")
