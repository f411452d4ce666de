"""Signing dates as old registers write them: every common shape is read with the right precision, and
anything else gets a Vietnamese message that says how to write it."""
import datetime

import pytest

from ngoaivu.agreements import imports
from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.partial_dates import PartialDateError, as_text, format_partial_date, parse_partial_date
from tests.agreements.factories import register_workbook
from tests.agreements.test_excel import good_row

D = datetime.date


@pytest.mark.parametrize("value, expected", [
    ("2015", (D(2015, 1, 1), "year")), ("năm 2015", (D(2015, 1, 1), "year")), ("Năm 1989", (D(1989, 1, 1), "year")),
    (2015, (D(2015, 1, 1), "year")), (2015.0, (D(2015, 1, 1), "year")), ("2015.0", (D(2015, 1, 1), "year")),
    ("05/2015", (D(2015, 5, 1), "month")), ("5/2015", (D(2015, 5, 1), "month")), ("2015-05", (D(2015, 5, 1), "month")),
    ("tháng 5/2015", (D(2015, 5, 1), "month")), ("tháng 05 năm 2015", (D(2015, 5, 1), "month")),
    ("Tháng 5-2015", (D(2015, 5, 1), "month")), ("T5/2015", (D(2015, 5, 1), "month")), ("t5/2015", (D(2015, 5, 1), "month")),
    ("Th.5/2015", (D(2015, 5, 1), "month")), ("thang 5 nam 2015", (D(2015, 5, 1), "month")),
    ("tháng 5, năm 2015", (D(2015, 5, 1), "month")), ("May 2015", (D(2015, 5, 1), "month")),
    ("15/05/2015", (D(2015, 5, 15), "day")), ("15/5/2015", (D(2015, 5, 15), "day")), ("15.05.2015", (D(2015, 5, 15), "day")),
    ("15-05-2015", (D(2015, 5, 15), "day")), ("2015-05-15", (D(2015, 5, 15), "day")),
    ("2015-05-15 00:00:00", (D(2015, 5, 15), "day")), ("ngày 15 tháng 5 năm 2015", (D(2015, 5, 15), "day")),
    ("ngày 15/05/2015", (D(2015, 5, 15), "day")), ("15 May 2015", (D(2015, 5, 15), "day")),
    (datetime.datetime(2015, 5, 15, 0, 0), (D(2015, 5, 15), "day")), (D(2015, 5, 15), (D(2015, 5, 15), "day")),
    (42139, (D(2015, 5, 15), "day")), (42139.0, (D(2015, 5, 15), "day")),  # an Excel date in a General cell
    ("", (None, "day")), (None, (None, "day")), ("   ", (None, "day")),
])
def test_every_common_shape_is_read_with_its_precision(value, expected):
    assert parse_partial_date(value) == expected


@pytest.mark.parametrize("value, message", [
    ("đầu năm 2015", "Không đọc được ngày “đầu năm 2015”: viết dd/mm/yyyy (15/05/2015), hoặc mm/yyyy (05/2015) "
                     "nếu chỉ biết tháng, hoặc yyyy (2015) nếu chỉ biết năm"),
    ("5/15", "Không đọc được ngày “5/15”"),
    ("31/02/2015", "“31/02/2015” không phải là một ngày có thật"),
    ("tháng 13/2015", "“tháng 13/2015” không phải là một ngày có thật"),
    ("1800", "Năm 1800 nằm ngoài khoảng 1900–2100"),
    (True, "Không đọc được ngày “True”"),
])
def test_anything_else_is_refused_with_a_vietnamese_message(value, message):
    with pytest.raises(PartialDateError) as error:
        parse_partial_date(value)
    assert str(error.value).startswith(message)


@pytest.mark.parametrize("text", ["2015", "05/2015", "15/05/2015"])
def test_what_is_shown_in_a_cell_reads_back_the_same(text):
    assert as_text(*parse_partial_date(text)) == text


def test_only_what_is_known_is_shown():
    assert format_partial_date(*parse_partial_date("T5/2015")) == "tháng 05/2015"
    assert format_partial_date(*parse_partial_date("năm 2015")) == "năm 2015"


@pytest.mark.django_db
def test_an_import_reads_the_shapes_of_real_registers_and_stores_their_precision(world):
    officer = world.users["officer_a"]
    shapes = ["tháng 05 năm 2015", "T5/2016", "năm 1995", 42139, "2019-07", datetime.datetime(2020, 3, 4)]
    rows = [good_row(i) | {"signed": shape} for i, shape in enumerate(shapes)]
    result = imports.check_file(register_workbook(rows), officer)
    assert result.ok, result.errors
    imports.commit(result, officer)
    stored = {a.reference: (a.signed_on, a.signed_precision)
              for a in Agreement.objects.filter(reference__endswith="/2024/TT-UBND")}
    assert stored == {"0/2024/TT-UBND": (D(2015, 5, 1), "month"), "1/2024/TT-UBND": (D(2016, 5, 1), "month"),
                      "2/2024/TT-UBND": (D(1995, 1, 1), "year"), "3/2024/TT-UBND": (D(2015, 5, 15), "day"),
                      "4/2024/TT-UBND": (D(2019, 7, 1), "month"), "5/2024/TT-UBND": (D(2020, 3, 4), "day")}


@pytest.mark.django_db
def test_an_import_row_with_an_unreadable_date_names_the_row_and_column(world):
    rows = [good_row(0) | {"signed": "quý II/2015"}]
    result = imports.check_file(register_workbook(rows), world.users["officer_a"])
    assert result.errors == [(2, "Ngày ký", "Không đọc được ngày “quý II/2015”: viết dd/mm/yyyy (15/05/2015), hoặc "
                                            "mm/yyyy (05/2015) nếu chỉ biết tháng, hoặc yyyy (2015) nếu chỉ biết năm")]


@pytest.mark.django_db
@pytest.mark.parametrize("typed, stored", [("T5/2015", (D(2015, 5, 1), "month")), ("năm 2015", (D(2015, 1, 1), "year")),
                                           ("2015-05-15", (D(2015, 5, 15), "day"))])
def test_the_form_reads_the_same_shapes(world, client_for, typed, stored):
    from django.urls import reverse

    from tests.agreements.test_pages_and_api import form_data
    client = client_for(world.users["officer_a"])
    response = client.post(reverse("agreements:agreement_create"), form_data(world, signed=typed))
    assert response.status_code == 302
    agreement = Agreement.objects.get(title="Bản ghi nhớ hợp tác với tỉnh Chungcheong Bắc")
    assert (agreement.signed_on, agreement.signed_precision) == stored


@pytest.mark.django_db
def test_the_form_names_the_field_of_an_unreadable_date(world, client_for):
    from django.urls import reverse

    from tests.agreements.test_pages_and_api import form_data
    response = client_for(world.users["officer_a"]).post(reverse("agreements:agreement_create"),
                                                         form_data(world, signed="quý 2/2015"))
    assert response.status_code == 200
    assert "Không đọc được ngày “quý 2/2015”" in response.content.decode()
