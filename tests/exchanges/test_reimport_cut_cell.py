"""A delegation's purpose longer than an Excel cell is cut by the export (core.exports.cut_to_cell): the
export brought back as it is must keep the register's full purpose, and a cut purpose edited in the file
must be refused, as the agreements import does."""
from django.urls import reverse

from tests.exchanges import factories
from tests.exchanges.test_delegation_reimport import URL, _cell, _export, _upload

LONG = "\n".join(f"Nội dung {i:05d}: làm việc với đối tác" for i in range(1, 1500))[:40000]


def test_an_export_with_a_cut_purpose_brought_back_keeps_the_full_purpose(world, client_for):
    officer = world.users["officer_a"]
    made = factories.delegation(officer, world.a, title="Đoàn dài", purpose=LONG)
    client = client_for(officer)
    workbook = _export(client)
    assert _cell(workbook, made.pk, "Mục đích").value.endswith("[đã cắt, xem bản đầy đủ trên hệ thống]")
    _cell(workbook, made.pk, "Trưởng đoàn").value = "Trần Thị B"
    preview = _upload(client, workbook)
    result = preview.context["result"]
    assert result.ok, result.errors
    [row] = [row for row in result.rows if row.delegation_id == made.pk]
    assert row.changed_columns == ["Trưởng đoàn"]
    client.post(reverse(URL), {"confirm": "1", "token": str(preview.context["run"].token)})
    made.refresh_from_db()
    assert (made.head_name, made.purpose) == ("Trần Thị B", LONG)


def test_a_cut_purpose_edited_in_the_file_is_refused(world, client_for):
    officer = world.users["officer_a"]
    made = factories.delegation(officer, world.a, title="Đoàn dài", purpose=LONG)
    client = client_for(officer)
    workbook = _export(client)
    cell = _cell(workbook, made.pk, "Mục đích")
    cell.value = cell.value.replace("Nội dung 00500", "Nội dung SỬA!", 1)
    preview = _upload(client, workbook)
    result = preview.context["result"]
    assert not result.ok
    assert "đã bị cắt khi xuất" in str([row.errors for row in result.rows])
    made.refresh_from_db()
    assert made.purpose == LONG
