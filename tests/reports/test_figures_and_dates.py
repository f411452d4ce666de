"""What the review of 03/12/2026 found in the documents, each read back from the file: Decree 30's date
(a leading zero on days 1–9 and on months 1 and 2 only), counts written "1.500", the Excel annex's indicator
figures as numbers, a report year refused where it is typed (form and API), not when the file is made."""
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ngoaivu.indicators.actions import Entry, save_observations
from ngoaivu.indicators.periods import Period
from ngoaivu.reports import actions
from ngoaivu.reports.dates import place_and_date
from ngoaivu.reports.models import DocumentDraft
from tests.exchanges import factories
from tests.reports.helpers import YEAR, header_cells, read_docx, table_rows

pytestmark = pytest.mark.django_db


def _generate(world, issued_on=datetime.date(YEAR + 1, 1, 5), **fields):
    user = world.users["officer_a"]
    draft = actions.generate(user, actions.create_draft(user, world.a, issued_on=issued_on, **fields))
    with draft.docx.open("rb") as handle:
        return draft, read_docx(handle.read())


@pytest.mark.parametrize("day, written", [
    (datetime.date(2027, 3, 5), "ngày 05 tháng 3 năm 2027"), (datetime.date(2027, 12, 25), "ngày 25 tháng 12 năm 2027"),
    (datetime.date(2027, 1, 9), "ngày 09 tháng 01 năm 2027"), (datetime.date(2027, 2, 10), "ngày 10 tháng 02 năm 2027"),
    (datetime.date(2027, 10, 1), "ngày 01 tháng 10 năm 2027")])
def test_the_date_pads_days_under_ten_and_months_one_and_two_only(day, written):
    assert place_and_date("Lạng Sơn", day) == f"Lạng Sơn, {written}"


def test_the_document_is_dated_as_decree_30_writes_march(world):
    _draft, document = _generate(world, issued_on=datetime.date(2027, 3, 5), kind="yearly_agreements", year=YEAR)
    assert header_cells(document)[1][-1] == "Lạng Sơn, ngày 05 tháng 3 năm 2027"


def test_counts_are_written_with_the_thousands_dot_and_the_annex_keeps_numbers(world, ind):
    factories.conference(world.users["officer_a"], world.a, title="Diễn đàn hợp tác biên giới Việt – Trung",
                         start_date=datetime.date(YEAR, 5, 10), end_date=datetime.date(YEAR, 5, 11),
                         participants_count=1500, foreign_participants_count=1200)
    save_observations(world.users["officer_a"], [
        Entry(ind["remittances"], world.a, Period.parse(str(YEAR)), Decimal("1250000")),
        Entry(ind["trade"], world.a, Period.parse(str(YEAR)), Decimal("2.5"))])
    draft, document = _generate(world, kind="external_affairs", year=YEAR, period="year")
    [row] = [r for t in document.tables for r in table_rows(t) if "Diễn đàn hợp tác biên giới Việt – Trung" in r]
    assert row[3:5] == ["1.500", "1.200"]
    [indicators] = [table_rows(t) for t in document.tables if table_rows(t)[0][:2] == ["STT", "Chỉ số"]]
    assert {r[1]: r[3] for r in indicators[1:]} == {"Kiều hối": "1.250.000", ind["trade"].name: "2,50"}
    with draft.xlsx.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    figures = {row[1]: row[3] for row in book["Chỉ số"].iter_rows(min_row=2, values_only=True)}
    assert figures == {"Kiều hối": 1250000, ind["trade"].name: 2.5}
    conferences = [row for row in book["Hội nghị, hội thảo"].iter_rows(min_row=2, values_only=True)]
    assert conferences[0][3:5] == (1500, 1200)


def test_a_report_year_out_of_range_is_refused_at_its_field_and_saves_nothing(world, client_for):
    draft = world.draft_a
    year = draft.year
    client = client_for(world.users["officer_a"])
    page = client.get(f"/reports/drafts/{draft.pk}/")
    version = page.context["form"].initial.get("version", "")
    response = client.post(f"/reports/drafts/{draft.pk}/", {
        "number": "3", "issued_on": "20/01/2027", "year": "20266", "opening": "Mở đầu đã sửa",
        "version": version, "generate": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors["year"] == ["Năm báo cáo: nhập năm từ 2000 đến 2100, ví dụ 2026"]
    assert "Mở đầu đã sửa" in response.content.decode()  # the user's text is kept
    draft.refresh_from_db()
    assert (draft.year, draft.opening) == (year, "Mở đầu")
    api = client_for(world.users["officer_a"])
    answer = api.patch(f"/api/reports/drafts/{draft.pk}/", {"year": 1999}, content_type="application/json")
    assert answer.status_code == 400 and "year" in answer.json()["errors"]
    assert DocumentDraft.objects.get(pk=draft.pk).year == year
