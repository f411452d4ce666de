"""A delegation's decision dated after today is refused by approve_delegation (e74c74f), but the import's
preview let it through: the file was shown as ready, and the confirmation then refused the whole file
("Không nhập dòng nào: …") naming no row. The preview now names the row and the column, as it does for
every other date the confirmation would refuse (review of 04/12/2026)."""
import datetime

from django.utils import timezone

from tests.exchanges.test_delegation_reimport import _export, _records, _upload


def test_a_decision_dated_tomorrow_is_named_in_the_preview_and_nothing_is_imported(world, client_for):
    officer = world.users["officer_a"]
    _korea, plain = _records(officer, world)
    client = client_for(officer)
    workbook = _export(client)
    sheet = workbook.active
    headers = [c.value for c in sheet[1]]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == plain.pk:
            row[headers.index("Số quyết định")].value = "77/QĐ-UBND"
            row[headers.index("Ngày quyết định")].value = tomorrow
    preview = _upload(client, workbook)
    result = preview.context["result"]
    assert not result.ok
    assert any(column == "Ngày quyết định" and "không được sau hôm nay" in message
               for _number, column, message in result.errors), result.errors
    plain.refresh_from_db()
    assert (plain.decision_number, plain.decision_date) == ("", None)
    assert preview.context["run"] is None  # nothing to confirm
