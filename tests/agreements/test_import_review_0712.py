"""The agreements import after the outside review of 07/12: nothing of a province's real register is dropped
without a word (columns the import does not know, sheets after the first), a colleague's edit past what the
preview shows is not overwritten, a re-import of the same file changes nothing, partners on separate lines of
a cell are separate partners, and a month-only date cell is refused where a day is needed."""
import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ngoaivu.agreements import actions, exports, imports
from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.spreadsheet import COLUMNS
from ngoaivu.partners import actions as partner_actions
from ngoaivu.partners.models import Partner
from tests.agreements.factories import agreement, partner, register_workbook

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 2, 2)
URL = "agreements:agreement_import"
KEYS = [key for key, _header, _hint in COLUMNS]


def _bytes(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(client, data: bytes, name="so-dang-ky.xlsx"):
    return client.post(reverse(URL), {"file": SimpleUploadedFile(name, data)})


def _confirm(client, run):
    response = client.post(reverse(URL), {"confirm": "1", "token": str(run.token)}, follow=True)
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- 1. columns the import does not know ---------------------------------------------------------------------

REAL_HEADERS = ["STT", "Tên thỏa thuận", "Đối tác nước ngoài", "Quốc gia", "Ngày ký kết", "Ngày hiệu lực",
                "Thời hạn", "Số hiệu"]


def _real_register():
    wb = Workbook()
    wb.active.append(REAL_HEADERS)
    wb.active.append([1, "Bản ghi nhớ hợp tác với Gyeonggi 2019", "Gyeonggi-do", "Hàn Quốc", "12/03/2019",
                      "12/03/2019", "5 năm", "12/2019/BGN"])
    return wb


def test_register_headers_for_the_template_columns_are_read(world):
    result = imports.check_file(io.BytesIO(_bytes(_real_register())), world.users["officer_a"], today=TODAY)
    assert result.ok, result.errors
    fields = result.rows[0].fields
    assert (fields["signed_on"], fields["in_force_on"], fields["reference"]) == (
        datetime.date(2019, 3, 12), datetime.date(2019, 3, 12), "12/2019/BGN")


def test_preview_names_every_column_it_does_not_read(world, client_for):
    officer = world.users["officer_a"]
    wb = _real_register()
    wb.active.cell(row=2, column=len(REAL_HEADERS) + 1, value="ghi chú không có tên cột")  # column I
    client = client_for(officer)
    response = _upload(client, _bytes(wb))
    result = response.context["result"]
    assert result.notes == ["Các cột không được dùng: “Thời hạn”, cột I (không có tên cột): dữ liệu trong các cột "
                            "này sẽ không được nhập. Chỉ các cột của tệp mẫu được nhập; nếu có cột của tệp mẫu ghi "
                            "tên khác, hãy sửa tên cột như tệp mẫu rồi tải lên lại."]
    page = response.content.decode()
    assert 'id="import-notes"' in page and page.index("“Thời hạn”") < page.index('id="import-preview"')
    assert "“STT”" not in page  # the register's own numbering: nothing to import
    # Shown whether or not the rows are good, and the confirmation writes what was read.
    _confirm(client, response.context["run"])
    made = Agreement.objects.get(title="Bản ghi nhớ hợp tác với Gyeonggi 2019")
    assert made.signed_on == datetime.date(2019, 3, 12)


def test_a_file_of_the_template_columns_has_no_notes(world):
    officer = world.users["officer_a"]
    a = agreement(officer, world.a, title="Thỏa thuận xuất ra", reference="3/2024/LS", today=TODAY)
    assert imports.check_file(register_workbook([{"title": "Bản ghi nhớ", "partners": "Busan", "countries": "KR"}]),
                              officer, today=TODAY).notes == []
    exported = imports.check_file(io.BytesIO(exports.export_xlsx(Agreement.objects.filter(pk=a.pk))), officer,
                                  today=TODAY)
    assert exported.notes == [] and [r.state for r in exported.rows] == ["same"]


def test_csv_unknown_column_is_named_too(world):
    text = "STT;Tên thỏa thuận;Đối tác nước ngoài;Quốc gia;Ghi chú\n1;Bản ghi nhớ;Busan;Hàn Quốc;đã báo cáo\n"
    result = imports.check_file(io.BytesIO(text.encode()), world.users["officer_a"], today=TODAY)
    assert result.ok and len(result.notes) == 1 and result.notes[0].startswith("Cột không được dùng: “Ghi chú”")


# --- 2. sheets after the first ---------------------------------------------------------------------------------

def test_preview_names_the_other_sheets_holding_a_register_table(world, client_for):
    officer = world.users["officer_a"]
    wb = Workbook()
    for ws, year in ((wb.active, 2019), (wb.create_sheet(), 2020), (wb.create_sheet(), 2021)):
        ws.title = f"Năm {year}"
        ws.append(["Tên thỏa thuận", "Đối tác nước ngoài", "Quốc gia", "Ngày ký"])
        ws.append([f"Bản ghi nhớ năm {year}", "Busan", "Hàn Quốc", f"01/06/{year}"])
    notes = wb.create_sheet("Ghi chú")  # notes, not a table of the register: nothing is lost there
    notes.append(["Tên thỏa thuận", "là tên ghi trên văn bản"])
    response = _upload(client_for(officer), _bytes(wb))
    assert response.context["result"].notes == [
        "Chỉ trang tính đầu tiên của tệp, “Năm 2019”, được đọc: các trang “Năm 2020”, “Năm 2021” cũng có bảng như "
        "tệp mẫu nhưng các dòng của các trang này sẽ không được nhập. Hãy chép chúng sang trang đầu, hoặc lưu mỗi "
        "trang thành một tệp để nhập riêng."]
    assert "“Năm 2020”" in response.content.decode()


def test_the_templates_guide_sheet_is_no_table(world):
    wb = load_workbook(io.BytesIO(exports.import_template()))
    wb.worksheets[0].append([{"title": "Bản ghi nhớ", "partners": "Busan", "countries": "KR"}.get(k) for k in KEYS])
    assert len(wb.worksheets) == 2
    result = imports.check_file(io.BytesIO(_bytes(wb)), world.users["officer_a"], today=TODAY)
    assert result.ok and result.notes == []


# --- 3. an edit past what the preview shows --------------------------------------------------------------------

def test_colleague_edit_past_the_shown_text_is_not_overwritten(world, client_for):
    officer = world.users["officer_a"]
    summary = ("Hợp tác phát triển nông nghiệp công nghệ cao, chuyển giao giống cây trồng và đào tạo nhân lực. "
               * 3).strip()
    assert 280 <= len(summary) <= 300
    a = agreement(officer, world.a, title="Thỏa thuận nội dung dài", reference="9/2024/LS", summary=summary,
                  today=TODAY)
    wb = load_workbook(io.BytesIO(exports.export_xlsx(Agreement.objects.filter(pk=a.pk))))
    wb.active.cell(row=2, column=KEYS.index("summary") + 1, value=summary + " Bổ sung hợp tác y tế.")
    client = client_for(officer)
    response = _upload(client, _bytes(wb))
    run = response.context["run"]
    assert run is not None and [r.state for r in response.context["result"].rows] == ["changed"]
    # Meanwhile a colleague corrects the summary on the agreement's page, at its 120th character.
    edited = summary[:120] + "SỬA CỦA ĐỒNG NGHIỆP " + summary[120:]
    actions.update_agreement(officer, Agreement.objects.get(pk=a.pk), summary=edited)
    messages = _confirm(client, run)
    a.refresh_from_db()
    assert a.summary == edited
    assert any("Sổ đăng ký đã thay đổi từ lúc kiểm tra (dòng 2)" in m for m in messages), messages


def test_long_text_unchanged_since_the_preview_is_written(world, client_for):
    officer = world.users["officer_a"]
    summary = "Hợp tác giáo dục, y tế, du lịch và thương mại biên giới giữa hai địa phương. " * 4
    a = agreement(officer, world.a, title="Thỏa thuận dài", reference="10/2024/LS", summary=summary, today=TODAY)
    wb = load_workbook(io.BytesIO(exports.export_xlsx(Agreement.objects.filter(pk=a.pk))))
    wb.active.cell(row=2, column=KEYS.index("summary") + 1, value=summary.strip() + " Bổ sung.")
    client = client_for(officer)
    _confirm(client, _upload(client, _bytes(wb)).context["run"])
    a.refresh_from_db()
    assert a.summary == summary.strip() + " Bổ sung."


# --- 4. the same original file imported again ------------------------------------------------------------------

def test_reimport_of_the_same_file_is_unchanged_whichever_name_the_partner_is_written_by(world, client_for):
    officer = world.users["officer_a"]
    partner_actions.create_partner(world.users["central"], name="广西壮族自治区", name_vi="Quảng Tây",
                                   country="CN", kind="local_gov", aliases=["Guangxi"])
    partner("Gyeonggi-do", "KR", name_vi="Tỉnh Gyeonggi")
    rows = [
        {"reference": "01/2019/HTQT", "title": "Biên bản hợp tác", "partners": "Guangxi", "countries": "Trung Quốc",
         "signed": "2019", "status": "Đã ký"},
        {"reference": "02/2019/HTQT", "title": "Biên bản hợp tác", "partners": "Tỉnh Gyeonggi", "countries": "Hàn Quốc",
         "signed": "12/03/2019"},
        {"reference": "03/2019/HTQT", "title": "Biên bản hợp tác", "partners": "Gyeonggi-do", "signed": "2018"},
    ]
    first = imports.check_file(register_workbook(rows), officer, today=TODAY)
    assert first.ok, first.errors
    assert imports.commit(first, officer, today=TODAY) == (3, 0)
    made = Agreement.objects.filter(reference__endswith="/2019/HTQT")
    history = {a.pk: a.history.count() for a in made}
    partners = Partner.objects.count()
    client = client_for(officer)
    response = _upload(client, register_workbook(rows).getvalue())
    result = response.context["result"]
    assert [(r.state, r.changes) for r in result.rows] == [("same", [])] * 3
    assert "Gyeonggi-do → Gyeonggi-do" not in response.content.decode()
    assert imports.commit(result, officer, today=TODAY) == (0, 0)
    assert {a.pk: a.history.count() for a in made} == history and Partner.objects.count() == partners


def test_another_partner_in_the_file_is_still_a_change(world):
    officer = world.users["officer_a"]
    a = agreement(officer, world.a, title="Thỏa thuận đổi đối tác", reference="04/2019/HTQT",
                  partners=[partner("Gyeonggi-do", "KR", name_vi="Tỉnh Gyeonggi")], today=TODAY)
    busan = partner("Busan", "KR", name_vi="Thành phố Busan")
    wb = load_workbook(io.BytesIO(exports.export_xlsx(Agreement.objects.filter(pk=a.pk))))
    wb.active.cell(row=2, column=KEYS.index("partners") + 1, value="Thành phố Busan")
    wb.active.cell(row=2, column=KEYS.index("partners_vi") + 1, value=None)
    result = imports.check_file(io.BytesIO(_bytes(wb)), officer, today=TODAY)
    assert [(r.state, r.changes) for r in result.rows] == [
        ("changed", [("Đối tác nước ngoài", "Gyeonggi-do", "Busan")])]
    imports.commit(result, officer, today=TODAY)
    assert list(a.partners.all()) == [busan]


# --- 5. partners on separate lines of a cell --------------------------------------------------------------------

def test_partners_on_separate_lines_of_a_cell_are_separate_partners(world):
    officer = world.users["officer_a"]
    rows = [{"title": "Bản ghi nhớ ba bên", "partners": "Thành phố Busan\nThành phố Gimhae",
             "countries": "Hàn Quốc\r\nHàn Quốc", "partners_vi": "Busan;\nGimhae", "signed": "2019"}]
    result = imports.check_file(register_workbook(rows), officer, today=TODAY)
    assert result.ok, result.errors
    assert result.rows[0].partners == [("Thành phố Busan", "KR"), ("Thành phố Gimhae", "KR")]
    assert result.rows[0].partner_details[("Thành phố Gimhae", "KR")][0] == "Gimhae"
    imports.commit(result, officer, today=TODAY)
    made = Agreement.objects.get(title="Bản ghi nhớ ba bên")
    assert sorted(made.partners.values_list("name", flat=True)) == ["Thành phố Busan", "Thành phố Gimhae"]


# --- 6. a month-only date cell where a day is needed -------------------------------------------------------------

def test_month_cell_in_a_day_column_is_refused_as_its_text_is(world):
    officer = world.users["officer_a"]
    before = Agreement.objects.count()
    wb = load_workbook(register_workbook([
        {"title": "Thỏa thuận hết hạn tháng", "partners": "Busan", "countries": "KR", "signed": "2019",
         "expires_on": datetime.datetime(2027, 3, 1)},
        {"title": "Thỏa thuận hết hạn chữ", "partners": "Busan", "countries": "KR", "signed": "2019",
         "expires_on": "03/2027"}]))
    wb.active.cell(row=2, column=KEYS.index("expires_on") + 1).number_format = "mm/yyyy"
    result = imports.check_file(io.BytesIO(_bytes(wb)), officer, today=TODAY)
    assert result.errors == [(2, "Ngày hết hạn", "“03/2027” không phải là ngày dd/mm/yyyy"),
                             (3, "Ngày hết hạn", "“03/2027” không phải là ngày dd/mm/yyyy")]
    with pytest.raises(Exception):
        imports.commit(result, officer, today=TODAY)
    assert Agreement.objects.count() == before


def test_month_cell_still_gives_a_month_for_the_signing_date(world):
    wb = load_workbook(register_workbook([{"title": "Ký tháng ba", "partners": "Busan", "countries": "KR",
                                           "signed": datetime.datetime(2019, 3, 1)}]))
    wb.active.cell(row=2, column=KEYS.index("signed") + 1).number_format = "mm/yyyy"
    result = imports.check_file(io.BytesIO(_bytes(wb)), world.users["officer_a"], today=TODAY)
    assert result.ok, result.errors
    assert (result.rows[0].fields["signed_on"], result.rows[0].fields["signed_precision"]) == (
        datetime.date(2019, 3, 1), "month")


def test_an_unchanged_export_keeps_a_partner_without_a_country(world):
    """Two partners of one name, one in Japan and one without a country: an agreement of the second, exported
    and imported again, was a change to "the same" name and relinked to the first (review of this session's
    change)."""
    central, officer = world.users["central"], world.users["officer_a"]
    jp = partner_actions.create_partner(central, name="Quỹ Giao lưu Quốc tế", country="JP", kind="ngo")
    none = partner_actions.create_partner(central, name="Quỹ Giao lưu Quốc tế", country="", kind="ngo",
                                          allow_duplicate=True)
    a = agreement(officer, world.a, title="Bản ghi nhớ với quỹ", reference="QUY/RV", partners=[none], today=TODAY)
    result = imports.check_file(io.BytesIO(exports.export_xlsx(Agreement.objects.filter(pk=a.pk))), officer,
                                today=TODAY)
    assert [row.state for row in result.rows] == ["same"]
    imports.commit(result, officer, today=TODAY)
    assert list(Agreement.objects.get(pk=a.pk).partners.values_list("pk", flat=True)) == [none.pk] != [jp.pk]


def test_checking_a_file_reads_the_signing_steps_once(world):
    """The rule on recorded signing steps read each draft row's steps by a statement of its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    officer = world.users["officer_a"]

    def statements(n):
        made = [agreement(officer, world.a, title=f"Bản ghi nhớ dự thảo {n}-{i}", reference=f"{n}-{i}/RV",
                          today=TODAY) for i in range(n)]
        data = exports.export_xlsx(Agreement.objects.filter(pk__in=[a.pk for a in made]))
        with CaptureQueriesContext(connection) as seen:
            assert imports.check_file(io.BytesIO(data), officer, today=TODAY).ok
        return len([q for q in seen.captured_queries if 'FROM "agreements_event"' in q["sql"]])

    assert statements(12) == statements(3)
