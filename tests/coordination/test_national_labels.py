"""The national table sums a table field's rows by their name across provinces: the same name written with
other capitals or spaces by another province ("nhật bản", "Nhật  Bản") is the same row, not a row of its own
whose figure is missing from "Nhật Bản"."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ngoaivu.coordination import actions
from ngoaivu.coordination.models import ReportReturn
from tests.coordination.test_reports import _request

pytestmark = pytest.mark.django_db


def test_a_row_name_written_with_other_capitals_or_spaces_is_summed_with_it(world, client_for):
    report = _request(world, [world.a, world.b])
    central = world.users["central"]
    # "Thụy Sĩ" / "Thuỵ Sĩ": the tone mark's old and new place (both in official use); "Lao" is not "Lào".
    tables = {world.a: [["Nhật Bản", "2"], ["Lào", "1"], ["Thụy Sĩ", "3"]],
              world.b: [["nhật bản", "4"], ["Nhật\u00a0 Bản", "1"], ["LÀO", "2"], ["Hàn Quốc", "0,5"],
                        ["Thuỵ Sĩ", "2"], ["Lao", "9"]]}
    for locality, table in tables.items():
        ret = report.returns.get(locality=locality)
        ReportReturn.objects.filter(pk=ret.pk).update(
            values=actions.clean_values(report.fields, {"trips": "1", "guests": "1", "by_country": table}),
            status="submitted")
        actions.review_return(central, ret, accept=True)
    response = client_for(central).get(reverse("coordination:request_national_xlsx", args=[report.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[1].iter_rows(min_row=2, values_only=True))
    # Each name once, as the first province (in Vietnamese order) wrote it.
    first = world.a.sort_key < world.b.sort_key
    assert sorted(rows) == sorted([("Nhật Bản" if first else "nhật bản", 7), ("Lào" if first else "LÀO", 3),
                                   ("Hàn Quốc", 0.5), ("Thụy Sĩ" if first else "Thuỵ Sĩ", 5), ("Lao", 9)])
    page = client_for(central).get(reverse("coordination:request_national", args=[report.pk])).content.decode()
    assert "Nhật\u00a0 Bản" not in page
