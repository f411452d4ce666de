"""Re-import never touches another agreement: rows match by record number ("Mã hồ sơ") or reference
number only, an unchanged export writes nothing (no history row), a changed row changes only its own
agreement, rows the user only reads come back as "unchanged (no right to edit)", CSV imports like XLSX."""
import csv
import datetime
import io
import random

import pytest
from openpyxl import load_workbook

from ngoaivu.agreements import exports, imports
from ngoaivu.agreements.import_files import ImportFileError
from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.spreadsheet import COLUMNS, HEADERS
from ngoaivu.core.choices import Visibility
from tests.agreements.factories import agreement, partner, register_workbook

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 2, 2)


def snapshot(queryset=None):
    """Every fact, relation, derived field and history count of every agreement, by id."""
    result = {}
    for a in (queryset or Agreement.objects.all()).order_by("pk"):
        facts = {f.attname: getattr(a, f.attname) for f in Agreement._meta.concrete_fields
                 if f.attname not in ("updated_at",)}
        result[a.pk] = (facts, sorted(a.partners.values_list("pk", flat=True)),
                        sorted(a.sectors.values_list("pk", flat=True)),
                        sorted(a.co_signatories.values_list("pk", flat=True)),
                        a.history.count(), a.status_changes.count(), a.events.count())
    return result


def ten_same_titled(world):
    """Ten undated agreements of A, all called "Cooperation deal", each with its own partner and summary."""
    officer = world.users["officer_a"]
    return [agreement(officer, world.a, title="Cooperation deal",
                      summary=f"Nội dung riêng số {i}" + ("\r\nDòng hai, xuống dòng kiểu Windows" if i == 9 else ""),
                      partners=[partner(f"Partner city {i}", "KR", name_vi="")], today=TODAY)
            for i in range(10)]


def shuffled(data: bytes, seed=3) -> io.BytesIO:
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    random.Random(seed).shuffle(rows)
    ws.delete_rows(2, ws.max_row)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def edit(data: bytes, changes: dict) -> io.BytesIO:
    """changes: {agreement id: {column key: new value}}, applied to the exported workbook."""
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    keys = [key for key, _h, _hint in COLUMNS]
    for row in ws.iter_rows(min_row=2):
        wanted = changes.get(row[keys.index("id")].value, {})
        for key, value in wanted.items():
            row[keys.index(key)].value = value
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_the_export_has_the_record_number_column(world):
    made = ten_same_titled(world)
    ws = load_workbook(io.BytesIO(exports.export_xlsx(Agreement.objects.filter(pk__in=[a.pk for a in made])))).active
    assert ws.cell(row=1, column=1).value == "Mã hồ sơ"
    assert sorted(ws.cell(row=r, column=1).value for r in range(2, 12)) == sorted(a.pk for a in made)


def test_ten_same_titled_undated_agreements_reimported_shuffled_change_nothing(world):
    officer = world.users["officer_a"]
    made = ten_same_titled(world)
    before = snapshot()
    data = exports.export_xlsx(Agreement.objects.filter(pk__in=[a.pk for a in made]))
    result = imports.check_file(shuffled(data), officer, today=TODAY)
    assert result.ok, result.errors
    assert (result.new_count, result.changed_count, result.unchanged_count) == (0, 0, 10)
    assert {row.state for row in result.rows} == {"same"}
    assert all(row.changes == [] for row in result.rows)
    assert imports.commit(result, officer, today=TODAY) == (0, 0)
    assert snapshot() == before


def test_a_changed_row_shows_its_changed_columns_and_only_that_agreement_changes(world):
    officer = world.users["officer_a"]
    made = ten_same_titled(world)
    target = made[4]
    before = snapshot()
    data = exports.export_xlsx(Agreement.objects.filter(pk__in=[a.pk for a in made]))
    changed = edit(data, {target.pk: {"summary": "Nội dung đã sửa", "partners": "Partner city 4; Busan",
                                      "countries": "Hàn Quốc"},
                          # a spreadsheet program that rewrote the line ending has not changed the text
                          made[9].pk: {"summary": "Nội dung riêng số 9\nDòng hai, xuống dòng kiểu Windows"}})
    result = imports.check_file(shuffled(changed.getvalue()), officer, today=TODAY)
    assert result.ok, result.errors
    assert (result.new_count, result.changed_count, result.unchanged_count) == (0, 1, 9)
    row = next(r for r in result.rows if r.state == "changed")
    assert row.existing.pk == target.pk
    assert row.changed_columns == ["Nội dung chính", "Đối tác nước ngoài"]
    assert ("Nội dung chính", "Nội dung riêng số 4", "Nội dung đã sửa") in row.changes

    assert imports.commit(result, officer, today=TODAY) == (0, 1)
    after = snapshot()
    for pk, state in before.items():
        if pk != target.pk:
            assert after[pk] == state, pk
    target.refresh_from_db()
    assert target.summary == "Nội dung đã sửa"
    assert sorted(target.partners.values_list("name", flat=True)) == ["Busan", "Partner city 4"]
    assert target.history.count() == before[target.pk][4] + 1
    # The history diffs columns only: the reason names the partners' change.
    assert target.history.first().history_change_reason == "Nhập từ tệp; Đổi đối tác nước ngoài"
    assert "busan" in target.search_text


def test_rows_without_record_number_or_reference_are_new_even_with_the_same_title(world):
    officer = world.users["officer_a"]
    ten_same_titled(world)
    out = register_workbook([{"title": "Cooperation deal", "partners": "Partner city 1", "countries": "KR",
                              "summary": "Nội dung riêng số 1"}])
    result = imports.check_file(out, officer, today=TODAY)
    assert result.ok, result.errors
    assert result.new_count == 1
    assert imports.commit(result, officer, today=TODAY) == (1, 0)
    assert Agreement.objects.filter(title="Cooperation deal").count() == 11
    # What the batch wrote is what a save through the form would have: status, its first change, text.
    new = Agreement.objects.filter(title="Cooperation deal").latest("pk")
    assert new.search_text == new.built_search_text()
    assert "partner city 1" in new.search_text and "han quoc" in new.search_text
    assert (new.status, new.events.get().kind) == ("proposed", "proposed")
    change = new.status_changes.get()
    assert (change.old_status, change.new_status, change.event_id) == ("", "proposed", new.events.get().pk)
    assert new.history.get().history_change_reason == "Đăng ký thỏa thuận"


def test_a_row_naming_an_unknown_record_or_twice_the_same_is_an_error_naming_the_rows(world):
    officer = world.users["officer_a"]
    made = ten_same_titled(world)
    data = exports.export_xlsx(Agreement.objects.filter(pk=made[0].pk))
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    ws.append([c.value for c in ws[2]])                # the same agreement twice
    ws.append([987654] + [c.value for c in ws[2]][1:])  # a record number nobody has
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    before = snapshot()
    result = imports.check_file(out, officer, today=TODAY)
    assert not result.ok
    assert [(n, col) for n, col, _m in result.errors] == [(3, "Mã hồ sơ"), (4, "Mã hồ sơ")]
    assert "Dòng 2 cũng là thỏa thuận này" in result.errors[0][2]
    assert "987654" in result.errors[1][2]
    assert snapshot() == before


def test_an_agreement_of_another_province_the_user_reads_comes_back_unchanged_not_as_an_error(world):
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    joint = agreement(officer_b, world.b, title="Thỏa thuận hợp tác ba bên", co_signatories=[world.a],
                      partners=[partner("Savannakhet", "LA", name_vi="")], today=TODAY)
    public = agreement(officer_b, world.b, title="Bản ghi nhớ công khai", visibility=Visibility.PUBLIC,
                       partners=[partner("Champasak", "LA", name_vi="")], today=TODAY)
    own = ten_same_titled(world)
    visible = Agreement.objects.visible_to(officer_a)
    assert {joint.pk, public.pk} <= set(visible.values_list("pk", flat=True))
    before = snapshot()
    data = exports.export_xlsx(visible)
    result = imports.check_file(shuffled(data), officer_a, today=TODAY)
    assert result.ok, result.errors
    states = {row.existing.pk: row.state for row in result.rows}
    assert states[joint.pk] == states[public.pk] == "read_only"
    assert {states[a.pk] for a in own} == {"same"}
    assert result.read_only_count == len([pk for pk in states if states[pk] == "read_only"])
    assert imports.commit(result, officer_a, today=TODAY) == (0, 0)
    assert snapshot() == before

    changed = edit(data, {joint.pk: {"summary": "Sửa trộm"}})
    result = imports.check_file(changed, officer_a, today=TODAY)
    assert not result.ok
    [(number, column, message)] = result.errors
    assert column == "Mã hồ sơ" and f"mã hồ sơ {joint.pk}" in message and "Nội dung chính" in message
    assert number == next(r.number for r in result.rows if r.agreement_id == joint.pk)


def test_csv_export_reimports_unchanged_and_a_semicolon_csv_without_bom_imports(world):
    officer = world.users["officer_a"]
    made = ten_same_titled(world)
    before = snapshot()
    data = exports.export_csv(Agreement.objects.filter(pk__in=[a.pk for a in made]))
    assert data.startswith(b"\xef\xbb\xbf")
    result = imports.check_file(io.BytesIO(data), officer, today=TODAY)
    assert result.ok, result.errors
    assert (result.new_count, result.changed_count, result.unchanged_count) == (0, 0, 10)
    assert imports.commit(result, officer, today=TODAY) == (0, 0)
    assert snapshot() == before

    # As Excel saves "CSV UTF-8" where the decimal mark is a comma: semicolons; here also without a BOM.
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    keys = [k for k, _h, _hint in COLUMNS]
    table[1][keys.index("summary")] = "Nội dung sửa qua CSV; có dấu chấm phẩy"
    table.append(["", "12/2025/TT-UBND", "Bản ghi nhớ hợp tác về du lịch", ""] + [""] * (len(keys) - 4))
    table[-1][keys.index("partners")], table[-1][keys.index("countries")] = "Luang Prabang", "Lào"
    table[-1][keys.index("signed")] = "05/03/2025"
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(table)
    result = imports.check_file(io.BytesIO(out.getvalue().encode("utf-8")), officer, today=TODAY)
    assert result.ok, result.errors
    assert (result.new_count, result.changed_count, result.unchanged_count) == (1, 1, 9)
    assert imports.commit(result, officer, today=TODAY) == (1, 1)
    new = Agreement.objects.get(reference="12/2025/TT-UBND")
    assert new.signed_on == datetime.date(2025, 3, 5) and new.partners.get().country == "LA"
    assert Agreement.objects.get(pk=int(table[1][0])).summary == "Nội dung sửa qua CSV; có dấu chấm phẩy"


def test_a_file_that_is_neither_xlsx_nor_utf8_csv_is_refused_with_a_message(world):
    with pytest.raises(ImportFileError, match="UTF-8"):
        imports.check_file(io.BytesIO("Tên thỏa thuận".encode("utf-8").replace(b"\xc3\xaa", b"\xea")), world.users["officer_a"])


def test_a_reference_given_to_another_agreement_of_the_province_is_an_error(world):
    officer = world.users["officer_a"]
    first = agreement(officer, world.a, reference="1/2024/TT", title="Thỏa thuận một", today=TODAY)
    second = agreement(officer, world.a, reference="2/2024/TT", title="Thỏa thuận hai", today=TODAY)
    data = exports.export_xlsx(Agreement.objects.filter(pk=second.pk))
    result = imports.check_file(edit(data, {second.pk: {"reference": "1/2024/TT"}}), officer, today=TODAY)
    assert [(n, col) for n, col, _m in result.errors] == [(2, HEADERS["reference"])]
    assert str(first.pk) in result.errors[0][2]


def test_a_changed_signing_date_and_province_are_shown_with_their_old_and_new_values(world):
    officer = world.users["officer_b"]
    signed = agreement(officer, world.b, reference="8/2024/TT", title="Thỏa thuận đã ký",
                       signed_on=datetime.date(2024, 5, 16), today=TODAY)
    data = exports.export_xlsx(Agreement.objects.filter(pk=signed.pk))
    result = imports.check_file(edit(data, {signed.pk: {"signed": "2024", "signatory_locality": "Quảng Nam (cũ)"}}),
                                officer, today=TODAY)
    assert result.ok, result.errors
    [row] = result.rows
    assert row.state == "changed"
    assert ("Ngày ký", "16/05/2024", "2024") in row.changes
    assert ("Tỉnh khi ký", "Đà Nẵng", "Quảng Nam") in row.changes
    assert imports.commit(result, officer, today=TODAY) == (0, 1)
    signed.refresh_from_db()
    assert (signed.signed_on, signed.signed_precision) == (datetime.date(2024, 1, 1), "year")
    assert signed.signatory_locality.name.endswith("Quảng Nam")


def test_a_partner_new_to_the_directory_belongs_to_the_importing_province_and_thua_thien_hue_is_hue(world):
    """An import adds partners in bulk (no Partner.save()): they still get the importer's province as
    owner, as the form gives them, so the province may correct them later. A former province name in the
    file resolves through core's resolver."""
    from ngoaivu.core.models import Locality
    from ngoaivu.partners.models import Partner
    officer = world.users["officer_a"]
    out = register_workbook([{"title": "Bản ghi nhớ với Chungcheongbuk-do", "partners": "Chungcheongbuk-do",
                              "countries": "KR"}])
    result = imports.check_file(out, officer, today=TODAY)
    assert result.ok, result.errors
    assert imports.commit(result, officer, today=TODAY) == (1, 0)
    added = Partner.objects.get(name="Chungcheongbuk-do")
    assert (added.locality_id, added.mission_id) == (world.a.pk, None)
    for written in ("Thừa Thiên Huế", "Tỉnh Thừa Thiên - Huế", "thua thien hue"):
        assert imports.Lookups().locality(written).today == Locality.objects.current().get(short_name="Huế")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_partner_names_holding_the_cells_separator_reimport_unchanged(world, fmt):
    """A partner named with a ";" (the separator of the partner cells), in its name or its Vietnamese name, beside
    partners without one and one without a Vietnamese name: its register's own export comes back unchanged, not
    as two partners (which the confirmation would have written) nor refused for a count of names that did not
    match (review of the fifty-third session)."""
    officer = world.users["officer_a"]
    ugly = agreement(officer, world.a, title="Thỏa thuận ba đối tác", today=TODAY, signed_on=datetime.date(2021, 1, 5),
                     partners=[partner("Bộ A; Sở B", "KR", name_vi=""), partner("Busan", "KR", name_vi="Thành phố; Busan"),
                               partner("Gyeonggi-do", "KR", name_vi="Tỉnh Gyeonggi")])
    plain = agreement(officer, world.a, title="Thỏa thuận một đối tác", today=TODAY,
                      partners=[partner("Sở A", "KR", name_vi="")])
    before = snapshot()
    queryset = Agreement.objects.filter(pk__in=[ugly.pk, plain.pk])
    data = exports.export_xlsx(queryset) if fmt == "xlsx" else exports.export_csv(queryset)
    file = io.BytesIO(data)
    file.name = f"so.{fmt}"
    result = imports.check_file(file, officer, today=TODAY)
    assert result.ok, result.errors
    assert [(row.state, row.changes) for row in result.rows] == [("same", [])] * 2
    by_title = {row.title: row for row in result.rows}
    assert sorted(by_title["Thỏa thuận ba đối tác"].partners) == [("Busan", "KR"), ("Bộ A; Sở B", "KR"),
                                                                   ("Gyeonggi-do", "KR")]
    imports.commit(result, officer)
    assert snapshot() == before


def test_a_new_row_still_splits_names_no_partner_holds(world):
    """Only the directory's own names are put back together: "Sở C; Sở D" of a new row is two partners."""
    partner("Bộ A; Sở B", "KR", name_vi="")
    result = imports.check_rows([(2, {"title": "Mới", "partners": "Sở C; Sở D; Bộ A; Sở B", "countries": "Hàn Quốc",
                                      "signed": "05/03/2025"})], world.users["officer_a"], today=TODAY)
    assert result.ok, result.errors
    assert result.rows[0].partners == [("Sở C", "KR"), ("Sở D", "KR"), ("Bộ A; Sở B", "KR")]
