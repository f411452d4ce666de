"""A count (số lượng) or a number of people (người) is a whole number: the grid, a target and its yearly steps,
and the Excel import took "2,5" agreements or "12.345,6" visitors, kept 2.5 and 12345.6 and then showed "3" and
"12.346" — not what the officer typed and not a possible figure. Such a figure is now refused, naming the
indicator, the input is kept, and nothing is saved; amounts in USD and shares keep their decimals."""
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from ngoaivu.indicators.models import Observation, Target

pytestmark = pytest.mark.django_db


def _url(world):
    return f"/indicators/entry/?locality={world.a.pk}&period=2025"


def _grid(client, world):
    form = client.get(_url(world)).context["form"]
    return {name: ("" if form[name].value() is None else str(form[name].value())) for name in form.fields}


def _saved(world):
    return dict(Observation.objects.filter(locality=world.a, period_start__year=2025, period_end__year=2025)
                .values_list("indicator__code", "value"))


def test_the_grid_refuses_a_fraction_of_a_count_and_keeps_what_was_typed(world, ind, client_for):
    client = client_for(world.users["officer_a"])
    data = _grid(client, world)
    data.update(value_agreements_reported="2,5", value_foreign_visitors="12.345,6", value_trade="1.234,5")
    page = client.post(_url(world), data)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Số thỏa thuận quốc tế được ký (theo báo cáo): nhập số nguyên" in html
    assert "Khách quốc tế: nhập số nguyên" in html
    assert 'value="12.345,6"' in html and 'value="2,5"' in html  # nothing typed is lost
    assert not _saved(world)
    data.update(value_agreements_reported="3", value_foreign_visitors="12.346")
    client.post(_url(world), data)
    assert _saved(world) == {"agreements_reported": Decimal(3), "foreign_visitors": Decimal(12346), "trade": Decimal("1234.5")}


def test_a_target_of_a_count_and_its_steps_are_whole(world, ind, client_for):
    client = client_for(world.users["officer_a"])
    data = {"indicator": ind["foreign_visitors"].pk, "locality": world.a.pk, "first_year": 2026, "last_year": 2030,
            "value": "1.234,5", "basis": "", "step_2026": "1,5"}
    html = client.post("/indicators/targets/new/", data).content.decode()
    assert "Giá trị mục tiêu cả kỳ: nhập số nguyên" in html and "Mốc năm 2026: nhập số nguyên" in html
    assert not Target.objects.filter(locality=world.a, indicator=ind["foreign_visitors"]).exists()
    client.post("/indicators/targets/new/", {**data, "value": "1.235", "step_2026": "2"})
    target = Target.objects.get(locality=world.a, indicator=ind["foreign_visitors"])
    assert (target.value, list(target.steps.values_list("value", flat=True))) == (Decimal(1235), [Decimal(2)])


def test_the_import_refuses_a_fraction_of_a_count(world, ind, client_for):
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã chỉ số", "Tỉnh, thành phố", "Kỳ", "Giá trị", "Nguồn", "Ghi chú"])
    sheet.append(["foreign_visitors", world.a.short_name, "2025", "12.345,6", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "so-lieu.xlsx"
    html = client_for(world.users["officer_a"]).post("/indicators/import/", {"file": buffer}).content.decode()
    assert "nhập số nguyên" in html
