"""An agreement whose signing is known only by its year ("năm 2025", stored as 01/01/2025 with the precision
"year") was counted in the six-monthly report among the agreements signed in the first half of that year:
nobody knows in which half it was signed. The six-monthly report leaves it out of its count and lists it
apart, "không rõ tháng ký"; the yearly report counts it in the year."""
import datetime
import io

import pytest
from openpyxl import load_workbook

from ngoaivu.reports import actions
from tests.agreements.factories import agreement
from tests.reports.helpers import body_text, read_docx, table_rows

pytestmark = pytest.mark.django_db

YEAR = datetime.date.today().year - 1
YEAR_ONLY = "Bản ghi nhớ hợp tác văn hóa với Gyeonggi (chỉ biết năm ký)"
MONTH_KNOWN = "Thỏa thuận hợp tác thương mại với Gyeonggi (ký tháng 3)"


def _generate(world, period):
    user = world.users["officer_a"]
    draft = actions.create_draft(user, world.a, issued_on=datetime.date(YEAR, 7, 10), kind="external_affairs",
                                 year=YEAR, period=period)
    draft = actions.generate(user, draft)
    with draft.docx.open("rb") as handle:
        document = read_docx(handle.read())
    with draft.xlsx.open("rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()))
    return document, workbook


def _signed_count(document):
    [line] = [line for line in body_text(document) if line.startswith("4. Thỏa thuận quốc tế ký kết: ")]
    return int(line.rsplit(" ", 1)[1].replace(".", ""))


def _titles(rows):
    return [row[1] for row in rows[1:]]


def test_an_agreement_known_only_by_its_year_is_listed_apart_in_the_six_monthly_report(world):
    officer = world.users["officer_a"]
    before = _signed_count(_generate(world, "h1")[0])
    agreement(officer, world.a, title=YEAR_ONLY, signed_on=datetime.date(YEAR, 1, 1), signed_precision="year",
              effective_on_signing=True)
    agreement(officer, world.a, title=MONTH_KNOWN, signed_on=datetime.date(YEAR, 3, 1), signed_precision="month",
              effective_on_signing=True)
    document, workbook = _generate(world, "h1")
    text = body_text(document)
    assert _signed_count(document) == before + 1  # the one signed in March only
    tables = [table_rows(t) for t in document.tables]
    signed = [rows for rows in tables if MONTH_KNOWN in _titles(rows)]
    assert len(signed) == 1 and YEAR_ONLY not in _titles(signed[0])
    apart = [rows for rows in tables if YEAR_ONLY in _titles(rows)]
    assert len(apart) == 1 and MONTH_KNOWN not in _titles(apart[0])
    [row] = [row for row in apart[0][1:] if row[1] == YEAR_ONLY]
    assert row[4] == f"năm {YEAR}"
    note = (f"Ngoài ra, 1 thỏa thuận quốc tế ký trong năm {YEAR} chỉ biết năm ký, không rõ tháng: chưa tính vào số "
            f"liệu 6 tháng đầu năm, sẽ tính vào số liệu cả năm {YEAR}.")
    assert note in text
    assert text.index(note) > [i for i, line in enumerate(text) if line.startswith("4. ")][0]
    # The annex: the same split, the agreement of unknown month on its own sheet.
    signed_sheet = _titles(list(workbook["Thỏa thuận"].iter_rows(values_only=True)))
    assert MONTH_KNOWN in signed_sheet and YEAR_ONLY not in signed_sheet
    assert _titles(list(workbook["Không rõ tháng ký"].iter_rows(values_only=True))) == [YEAR_ONLY]


def test_the_yearly_report_counts_it_in_the_year(world):
    officer = world.users["officer_a"]
    before = _signed_count(_generate(world, "year")[0])
    agreement(officer, world.a, title=YEAR_ONLY, signed_on=datetime.date(YEAR, 1, 1), signed_precision="year",
              effective_on_signing=True)
    document, workbook = _generate(world, "year")
    text = body_text(document)
    assert _signed_count(document) == before + 1
    assert not any("không rõ tháng" in line for line in text)
    assert YEAR_ONLY in _titles(list(workbook["Thỏa thuận"].iter_rows(values_only=True)))
    assert "Không rõ tháng ký" not in workbook.sheetnames
