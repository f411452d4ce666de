"""Re-importing the delegation export: a row is matched only by its "Mã hồ sơ"; an unchanged export
writes nothing (no history row), one changed cell changes exactly that field, a row without the id is new."""
import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from ngoaivu.exchanges import imports
from ngoaivu.exchanges.models import Delegation, DelegationStatusChange
from tests.exchanges import factories

URL = "exchanges:delegation_import"


def _records(officer, world):
    korea = factories.approved_delegation(officer, world.a, title="Đoàn thăm Hàn Quốc", countries=("KR", "JP"),
                                          purpose="Xúc tiến đầu tư\nvà du lịch")
    korea.stops.filter(country="KR").update(city="Suwon", days=3)
    plain = factories.delegation(officer, world.a, title="Đoàn chưa phê duyệt")
    return korea, plain


def _snapshot():
    return {d.pk: (d.title, d.head_name, d.head_title, d.member_count, d.purpose, d.start_date, d.end_date,
                   d.level, d.channel, d.direction, d.funding, d.decision_number, d.decision_date,
                   d.approval_authority, d.status, [(str(s.country), s.city, s.days) for s in d.stops.all()])
            for d in Delegation.objects.prefetch_related("stops").order_by("pk")}


def _counts():
    return (Delegation.objects.count(), Delegation.history.count(), DelegationStatusChange.objects.count())


def _export(client):
    response = client.get(reverse("exchanges:delegation_export"))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _cell(workbook, pk, header):
    """The cell of the export's row of record `pk` under `header`."""
    sheet = workbook.active
    headers = [c.value for c in sheet[1]]
    [row] = [row for row in sheet.iter_rows(min_row=2) if row[0].value == pk]
    return row[headers.index(header)]


def _upload(client, workbook):
    out = io.BytesIO()
    workbook.save(out)
    return client.post(reverse(URL), {"file": SimpleUploadedFile("doan.xlsx", out.getvalue())})


def test_the_export_carries_the_record_number_first(world, client_for):
    officer = world.users["officer_a"]
    korea, _plain = _records(officer, world)
    sheet = _export(client_for(officer)).active
    assert sheet.cell(1, 1).value == "Mã hồ sơ"
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[korea.pk][5] == "Đoàn thăm Hàn Quốc"
    assert rows[korea.pk][9] == "Hàn Quốc; Suwon; 3\nNhật Bản"


def test_re_importing_an_unchanged_export_changes_nothing_and_writes_no_history(world, client_for):
    officer = world.users["officer_a"]
    _records(officer, world)
    client = client_for(officer)
    before, counts = _snapshot(), _counts()
    preview = _upload(client, _export(client))
    result = preview.context["result"]
    assert result.ok, result.errors
    assert (result.new_count, result.changed_count) == (0, 0)
    assert result.unchanged_count == len(result.rows) == Delegation.objects.visible_to(officer).count() >= 3
    assert all(row.state == imports.SAME and row.changes == [] for row in result.rows)
    assert "không có gì để nhập" in preview.content.decode()
    # The export's own columns the import does not read (partners, status, report dates) are not named as
    # unused columns, as a register's unknown column is.
    assert result.notes == []
    # Even a forced confirmation writes nothing.
    client.post(reverse(URL), {"confirm": "1", "token": str(preview.context["run"].token)})
    assert _snapshot() == before and _counts() == counts


def test_one_changed_cell_changes_exactly_that_field(world, client_for):
    officer = world.users["officer_a"]
    korea, _plain = _records(officer, world)
    client = client_for(officer)
    workbook = _export(client)
    _cell(workbook, korea.pk, "Trưởng đoàn").value = "Trần Thị Bình"
    before, counts = _snapshot(), _counts()
    preview = _upload(client, workbook)
    result = preview.context["result"]
    assert result.ok, result.errors
    assert (result.new_count, result.changed_count) == (0, 1)
    [changed] = [row for row in result.rows if row.state == imports.CHANGED]
    assert changed.existing.pk == korea.pk
    assert changed.changes == [("Trưởng đoàn", "Hoàng Văn Nam", "Trần Thị Bình")]
    assert "Trần Thị Bình" in preview.content.decode()
    assert _snapshot() == before  # the preview writes nothing
    client.post(reverse(URL), {"confirm": "1", "token": str(preview.context["run"].token)})
    after = _snapshot()
    expected = dict(before)
    expected[korea.pk] = (before[korea.pk][0], "Trần Thị Bình", *before[korea.pk][2:])
    assert after == expected
    assert Delegation.objects.count() == counts[0]
    assert Delegation.history.count() == counts[1] + 1
    assert Delegation.history.filter(id=korea.pk).latest("history_date").head_name == "Trần Thị Bình"


def test_a_changed_decision_and_a_row_without_id_are_named_in_the_preview(world, client_for):
    officer = world.users["officer_a"]
    korea, plain = _records(officer, world)
    client = client_for(officer)
    workbook = _export(client)
    sheet = workbook.active
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == plain.pk:
            row[headers.index("Số quyết định")].value = "77/QĐ-UBND"
            row[headers.index("Ngày quyết định")].value = datetime.date(2026, 2, 1)
        if row[0].value == korea.pk:
            row[0].value = None  # without its id the row is a new delegation
    count = Delegation.objects.count()
    preview = _upload(client, workbook)
    result = preview.context["result"]
    assert result.ok, result.errors
    assert (result.new_count, result.changed_count) == (1, 1)
    [changed] = [row for row in result.rows if row.state == imports.CHANGED]
    assert changed.existing.pk == plain.pk and changed.changed_columns == ["Số quyết định", "Ngày quyết định"]
    client.post(reverse(URL), {"confirm": "1", "token": str(preview.context["run"].token)})
    plain.refresh_from_db()
    assert (plain.decision_number, plain.decision_date) == ("77/QĐ-UBND", datetime.date(2026, 2, 1))
    assert Delegation.objects.count() == count + 1
    assert Delegation.objects.filter(title="Đoàn thăm Hàn Quốc").count() == 2


def test_a_record_number_the_user_cannot_see_is_an_error_naming_row_and_column(world, client_for):
    officer = world.users["officer_a"]
    _records(officer, world)
    client = client_for(officer)
    workbook = _export(client)
    sheet = workbook.active
    sheet.cell(2, 1).value = world.delegation_b.pk  # Đà Nẵng's
    counts = _counts()
    result = _upload(client, workbook).context["result"]
    assert not result.ok
    assert [(n, col) for n, col, _msg in result.errors] == [(2, "Mã hồ sơ")]
    assert "Không có đoàn mang mã hồ sơ" in result.errors[0][2]
    assert _counts() == counts
