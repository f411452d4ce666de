"""An officer of Lạng Sơn exports the register (ten agreements all called "Cooperation deal", and a joint
agreement of Đà Nẵng), edits one row, adds one, and imports the file back: the preview says which row is
new, which changed (and what), which are unchanged — the joint one as "no right to edit" — and the
confirmation writes only those two; confirming the same preview again gets a message, not duplicates."""
import datetime
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from ngoaivu.agreements import exports
from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.spreadsheet import COLUMNS
from tests.agreements.factories import agreement, partner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = datetime.date(2026, 2, 2)


def test_officer_reimports_the_export_with_one_change_and_one_new_row(world, page, live_server, login, shoot):
    officer = world.users["officer_a"]
    same = [agreement(officer, world.a, title="Cooperation deal", summary=f"Nội dung riêng số {i}",
                      partners=[partner(f"Partner city {i}", "KR", name_vi="")], today=TODAY) for i in range(10)]
    joint = agreement(world.users["officer_b"], world.b, title="Thỏa thuận hợp tác ba bên", co_signatories=[world.a],
                      partners=[partner("Savannakhet", "LA", name_vi="")], today=TODAY)
    history = {a.pk: a.history.count() for a in Agreement.objects.all()}

    wb = load_workbook(io.BytesIO(exports.export_xlsx(Agreement.objects.visible_to(officer))))
    ws = wb.active
    keys = [key for key, _h, _hint in COLUMNS]
    for cells in ws.iter_rows(min_row=2):
        if cells[0].value == same[3].pk:
            cells[keys.index("summary")].value = "Nội dung đã sửa trong Excel"
    new = {"title": "Bản ghi nhớ hợp tác du lịch", "partners": "Luang Prabang", "countries": "Lào",
           "signed": "05/03/2025"}
    ws.append([new.get(key) for key in keys])
    out = io.BytesIO()
    wb.save(out)
    rows = ws.max_row - 1

    login(officer)
    page.goto(live_server.url + "/agreements/")
    page.get_by_role("link", name="Nhập từ Excel").click()
    page.get_by_label("Tệp Excel (.xlsx) hoặc CSV").set_input_files(
        {"name": "so-dang-ky.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "buffer": out.getvalue()})
    page.get_by_role("button", name="Kiểm tra tệp").click()
    summary = page.locator("#import-summary")
    expect(summary).to_contain_text(f"{rows} dòng — 1 mới, 1 thay đổi, {rows - 2} không đổi", use_inner_text=True)
    expect(summary).to_contain_text("1 thỏa thuận bạn chỉ được xem", use_inner_text=True)
    preview = page.locator("#import-preview")
    expect(preview).to_contain_text("Nội dung chính: Nội dung riêng số 3 → Nội dung đã sửa trong Excel",
                                    use_inner_text=True)
    expect(preview).to_contain_text("mới")
    expect(preview).to_contain_text("Bản ghi nhớ hợp tác du lịch")
    page.get_by_text(f"{rows - 2} dòng không đổi (không ghi gì)").click()
    unchanged = page.locator("#import-unchanged")
    expect(unchanged).to_contain_text("không đổi (không có quyền sửa)", use_inner_text=True)
    expect(unchanged).to_contain_text("Thỏa thuận hợp tác ba bên", use_inner_text=True)
    shoot("import-01-preview-new-changed-unchanged")

    page.get_by_role("button", name="Nhập: 1 mới, 1 thay đổi").click()
    expect(page.locator(".banner")).to_contain_text(
        f"Đã nhập {rows} dòng: 1 thỏa thuận mới, 1 được cập nhật, {rows - 2} không thay đổi.")
    page.go_back()
    expect(page.locator("#import-preview")).to_be_visible()
    page.get_by_role("button", name="Nhập: 1 mới, 1 thay đổi").click()
    expect(page.locator(".banner")).to_contain_text("Bản nhập này đã được xác nhận lúc")
    shoot("import-02-confirmed-twice")

    assert Agreement.objects.filter(title="Bản ghi nhớ hợp tác du lịch").count() == 1
    for a in Agreement.objects.exclude(title="Bản ghi nhớ hợp tác du lịch"):
        assert a.history.count() == history[a.pk] + (1 if a.pk == same[3].pk else 0), a
    assert Agreement.objects.get(pk=joint.pk).summary == ""
