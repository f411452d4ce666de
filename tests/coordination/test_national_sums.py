"""The national table of a structured request sums the accepted returns' figures as they were typed: two
provinces' 1,1 and 2,2 million USD are 3,3 nationally, not the binary float sum "3,3000000000000003"."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ngoaivu.coordination import actions
from tests.coordination.test_reports import _request

pytestmark = pytest.mark.django_db
FIELDS = [{"key": "fdi", "label": "Vốn FDI", "type": "number", "unit": "triệu USD", "source": ""},
          {"key": "by_country", "label": "Theo quốc gia", "type": "table", "unit": "", "source": ""}]


def test_decimal_figures_of_two_provinces_sum_to_the_decimal_total_on_the_page_and_in_the_export(world, client_for):
    report = _request(world, [world.a, world.b], fields=FIELDS)
    central = world.users["central"]
    for locality, persona, value in ((world.a, "officer_a", "1,1"), (world.b, "officer_b", "2,2")):
        ret = report.returns.get(locality=locality)
        actions.save_return(world.users[persona], ret, values={"fdi": value, "by_country": [["Nhật Bản", value]]},
                            submit=True)
        actions.review_return(central, ret, accept=True)
    page = client_for(central).get(reverse("coordination:request_national", args=[report.pk])).content.decode()
    total = page.split("<tfoot>")[1].split("</tfoot>")[0]
    assert '<th class="num">3,3</th>' in total, total
    table = page.split("Theo quốc gia</h2>")[1].split("</table>")[0]
    assert '<td class="num">3,3</td>' in table, table
    book = load_workbook(io.BytesIO(client_for(central).get(
        reverse("coordination:request_national_xlsx", args=[report.pk])).content))
    summary = list(book.worksheets[0].iter_rows(values_only=True))
    assert summary[-1] == ("Toàn quốc", 3.3)
    assert list(book.worksheets[1].iter_rows(min_row=2, values_only=True)) == [("Nhật Bản", 3.3)]
