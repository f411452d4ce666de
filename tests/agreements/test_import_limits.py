"""The import's edges: formulas are named, not read as empty; a file over the size or row limit gets a
message naming the field; a preview confirmed twice (double click, two tabs) imports once; a reference
saved by someone else between the check and the write gives a message, not a 500."""
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from ngoaivu.agreements import imports
from ngoaivu.agreements.import_files import ImportFileError
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.models import ImportRun
from ngoaivu.agreements.spreadsheet import COLUMNS
from tests.agreements.factories import agreement, register_workbook

pytestmark = pytest.mark.django_db
URL = "agreements:agreement_import"


def xlsx(rows, name="thoa-thuan.xlsx") -> io.BytesIO:
    out = register_workbook(rows)
    out.name = name
    return out


def row(i, **extra):
    # No reference number: a second import of these rows would add them again — what a double
    # confirmation must not do.
    return {"title": f"Bản ghi nhớ hợp tác số {i}", "partners": "Gyeonggi-do", "countries": "Hàn Quốc",
            "signed": datetime.datetime(2024, 1, 1) + datetime.timedelta(days=i)} | extra


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_a_formula_in_an_optional_column_is_an_error_naming_row_and_column(world):
    officer = world.users["officer_a"]
    rows = [row(1), row(2, summary="=A1"), row(3, languages="=CONCAT(\"Việt\";\"Hàn\")")]
    result = imports.check_file(xlsx(rows), officer)
    assert [(n, col) for n, col, _m in result.errors] == [(3, "Nội dung chính"), (4, "Ngôn ngữ văn bản")]
    assert "công thức (=A1)" in result.errors[0][2]
    with pytest.raises(Exception):
        imports.commit(result, officer)
    assert not Agreement.objects.filter(title__startswith="Bản ghi nhớ hợp tác số").exists()


def test_text_that_only_looks_like_a_formula_is_read_as_text(world):
    wb = Workbook()
    ws = wb.active
    ws.append([h for _k, h, _hint in COLUMNS])
    keys = [k for k, _h, _hint in COLUMNS]
    ws.append([row(1).get(k) for k in keys])
    cell = ws.cell(row=2, column=keys.index("summary") + 1)
    cell.value, cell.data_type = "=một dòng ghi chú", "s"   # a text cell, as a neutralising export writes
    ws.cell(row=2, column=keys.index("signer_vn") + 1).value = "'=Chủ tịch"   # an apostrophe-escaped text
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    result = imports.check_file(out, world.users["officer_a"])
    assert result.ok, result.errors
    assert result.rows[0].fields["summary"] == "=một dòng ghi chú"
    assert result.rows[0].fields["signer_vn"] == "=Chủ tịch"


def test_a_file_over_the_size_limit_is_refused_before_reading_naming_the_field(world, client_for, settings):
    settings.AGREEMENT_IMPORT_MAX_MB = 1
    client = client_for(world.users["officer_a"])
    big = io.BytesIO(b"x" * (1024 * 1024 + 10))
    big.name = "rat-lon.xlsx"
    response = client.post(reverse(URL), {"file": big})
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors == ["Tệp lớn 1,0 MB, quá giới hạn 1 MB của một lần nhập: hãy chia thành nhiều tệp"]
    page = response.content.decode()
    assert "Tệp Excel (.xlsx) hoặc CSV" in page and "quá giới hạn 1 MB" in page
    assert not ImportRun.objects.exists()


def test_a_file_over_the_row_limit_is_refused_with_a_clear_message(world, settings):
    settings.AGREEMENT_IMPORT_MAX_ROWS = 3
    with pytest.raises(ImportFileError) as error:
        imports.check_file(xlsx([row(i) for i in range(4)]), world.users["officer_a"])
    assert str(error.value) == ("Tệp có hơn 3 dòng thỏa thuận (dòng 5 vượt giới hạn của một lần nhập): hãy chia "
                                "thành nhiều tệp, mỗi tệp tối đa 3 dòng")


def preview(client, rows):
    response = client.post(reverse(URL), {"file": xlsx(rows)})
    assert response.status_code == 200
    result, run = response.context["result"], response.context["run"]
    assert result.ok, result.errors
    return run


def test_the_same_preview_confirmed_twice_imports_once_and_the_second_gets_a_message(world, client_for):
    client = client_for(world.users["officer_a"])
    run = preview(client, [row(i) for i in range(3)])
    before = Agreement.objects.count()
    first = client.post(reverse(URL), {"confirm": "1", "token": str(run.token)}, follow=True)
    assert "Đã nhập 3 dòng: 3 thỏa thuận mới, 0 được cập nhật, 0 không thay đổi." in messages_of(first)
    second = client.post(reverse(URL), {"confirm": "1", "token": str(run.token)}, follow=True)
    assert second.status_code == 200
    assert any(m.startswith("Bản nhập này đã được xác nhận lúc") and "(3 thỏa thuận mới, 0 được cập nhật)" in m
               for m in messages_of(second))
    assert Agreement.objects.count() == before + 3
    assert Agreement.objects.filter(title="Bản ghi nhớ hợp tác số 1").count() == 1
    run.refresh_from_db()
    assert run.confirmed_at is not None and (run.created, run.updated) == (3, 0)


def test_another_user_cannot_confirm_someone_elses_preview(world, client_for):
    run = preview(client_for(world.users["officer_a"]), [row(1)])
    response = client_for(world.users["manager_a"]).post(reverse(URL), {"confirm": "1", "token": str(run.token)},
                                                         follow=True)
    assert any("Phiên nhập đã hết hạn" in m for m in messages_of(response))
    assert not Agreement.objects.filter(title="Bản ghi nhớ hợp tác số 1").exists()


def test_a_reference_saved_meanwhile_by_someone_else_gives_a_message_and_writes_nothing(world, client_for,
                                                                                       monkeypatch):
    officer = world.users["officer_a"]
    client = client_for(officer)
    rows = [row(1), row(2, reference="7/2024/TT-UBND")]
    run = preview(client, rows)
    stale = imports.check_file(xlsx(rows), officer)
    # Saved between the confirmation's check and its write (simulated: the check sees the old register).
    agreement(officer, world.a, reference="7/2024/TT-UBND", title="Thỏa thuận vừa được lưu")
    monkeypatch.setattr(imports, "check_rows", lambda raw_rows, user, today=None: stale)
    before = Agreement.objects.count()
    response = client.post(reverse(URL), {"confirm": "1", "token": str(run.token)}, follow=True)
    assert response.status_code == 200
    assert any("một thỏa thuận cùng số, ký hiệu vừa được lưu" in m for m in messages_of(response))
    assert Agreement.objects.count() == before
    assert not Agreement.objects.filter(title="Bản ghi nhớ hợp tác số 1").exists()
    run.refresh_from_db()
    assert run.confirmed_at is None  # rolled back with the rows: the user may upload again


def test_the_preview_lists_new_changed_and_unchanged_rows(world, client_for):
    officer = world.users["officer_a"]
    existing = agreement(officer, world.a, reference="3/2024/TT", title="Thỏa thuận cũ",
                         summary="Nội dung cũ", today=datetime.date(2026, 2, 2))
    same = agreement(officer, world.a, reference="4/2024/TT", title="Thỏa thuận giữ nguyên",
                     today=datetime.date(2026, 2, 2))
    from ngoaivu.agreements import exports
    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(exports.export_xlsx(Agreement.objects.filter(pk__in=[existing.pk, same.pk]))))
    ws = wb.active
    keys = [k for k, _h, _hint in COLUMNS]
    for cells in ws.iter_rows(min_row=2):
        if cells[0].value == existing.pk:
            cells[keys.index("summary")].value = "Nội dung mới"
    ws.append([row(9).get(k) for k in keys])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "sua.xlsx"
    response = client_for(officer).post(reverse(URL), {"file": out})
    page = response.content.decode()
    assert "1 mới, 1 thay đổi, 1 không đổi" in page
    assert "<strong>Nội dung chính</strong>: Nội dung cũ → Nội dung mới" in page
    assert "Nhập: 1 mới, 1 thay đổi" in page


def test_a_register_changed_since_the_preview_is_not_overwritten_by_the_confirmation(world, client_for):
    from ngoaivu.agreements import actions, exports
    officer = world.users["officer_a"]
    client = client_for(officer)
    existing = agreement(officer, world.a, reference="5/2024/TT", title="Thỏa thuận đang sửa",
                         summary="Nội dung cũ", today=datetime.date(2026, 2, 2))
    data = exports.export_xlsx(Agreement.objects.filter(pk=existing.pk))
    response = client.post(reverse(URL), {"file": io.BytesIO(data)})
    result, run = response.context["result"], response.context["run"]
    assert [r.state for r in result.rows] == ["same"]
    # Meanwhile a colleague edits the agreement on its page: the file would now undo that edit.
    actions.update_agreement(officer, existing, summary="Nội dung mới của đồng nghiệp")
    history = existing.history.count()
    confirmed = client.post(reverse(URL), {"confirm": "1", "token": str(run.token)}, follow=True)
    assert any("Sổ đăng ký đã thay đổi từ lúc kiểm tra (dòng 2)" in m for m in messages_of(confirmed))
    existing.refresh_from_db()
    assert existing.summary == "Nội dung mới của đồng nghiệp" and existing.history.count() == history
