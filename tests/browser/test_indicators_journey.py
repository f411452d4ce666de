"""Lạng Sơn enters its 2025 figures and a 2026–2030 target; the centre compares 2021–2025 with 2016–2020
nationally, opens the map, clicks a province and exports the comparison (read back with openpyxl)."""
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from ngoaivu.indicators.actions import Entry, save_observations
from ngoaivu.indicators.demo import load_demo
from ngoaivu.indicators.models import Indicator, Observation, Target
from ngoaivu.indicators.numbers import vn_percent_change
from ngoaivu.indicators.periods import Period
from ngoaivu.indicators.values import change, figures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_indicators_journey(world, page, live_server, login, shoot):
    load_demo()
    a = world.a
    login(world.users["officer_a"])
    page.goto(f"{live_server.url}/indicators/entry/?locality={a.pk}&period=2025")
    page.get_by_label("Khách quốc tế (người)").fill("450.000")
    page.get_by_label("Nguồn: Khách quốc tế").fill("Sở VHTTDL Lạng Sơn")
    page.get_by_label("Kim ngạch xuất nhập khẩu (USD)").fill("5.100.000.000")
    shoot("indicators-01-grid-langson-2025")
    page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.locator(".banner--success")).to_contain_text("Đã lưu 2 số liệu")
    visitors = Observation.objects.get(indicator__code="foreign_visitors", locality=a, period_start__year=2025)
    assert (visitors.value, visitors.source) == (Decimal(450000), "Sở VHTTDL Lạng Sơn")
    # A colleague corrects the figure while the grid is open; the officer's own change is refused, naming
    # who and what, keeps the typed figure, and goes through when saved again.
    save_observations(world.users["manager_a"], [Entry(visitors.indicator, a, Period.parse("2025"), Decimal(460000),
                                                       "Sở VHTTDL Lạng Sơn")])
    page.get_by_label("Khách quốc tế (người)").fill("470.000")
    page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.locator(".error-summary")).to_contain_text("nay là 460.000")
    expect(page.get_by_label("Khách quốc tế (người)")).to_have_value("470.000")
    shoot("indicators-01b-grid-a-colleagues-change")
    visitors.refresh_from_db()
    assert visitors.value == Decimal(460000)
    page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.locator(".banner--success")).to_contain_text("Đã lưu 1 số liệu")
    visitors.refresh_from_db()
    assert visitors.value == Decimal(470000)

    page.goto(f"{live_server.url}/indicators/targets/new/?locality={a.pk}")
    page.get_by_role("combobox", name="Chỉ số", exact=True).select_option(label="Khách quốc tế")
    page.get_by_label("Từ năm").fill("2026")
    page.get_by_label("Đến năm").fill("2030")
    page.get_by_label("Giá trị mục tiêu cả kỳ").fill("3.000.000")
    page.get_by_label("Mốc năm 2026").fill("500.000")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#targets")).to_contain_text("Chưa có số liệu năm nào trong kỳ 2026–2030")
    shoot("indicators-02-province-page-with-target")
    target = Target.objects.get(locality=a, first_year=2026, last_year=2030, indicator__code="foreign_visitors")
    assert target.value == Decimal(3000000)
    assert list(target.steps.values_list("year", "value")) == [(2026, Decimal(500000))]

    page.context.clear_cookies()
    login(world.users["central"])
    page.goto(f"{live_server.url}/indicators/compare/")
    page.get_by_label("Kỳ trước").fill("2016-2020")
    page.get_by_label("Kỳ sau").fill("2021-2025")
    page.get_by_role("button", name="So sánh").click()
    table = page.locator("#comparison")
    expect(table).to_contain_text("Toàn quốc: 2016–2020 — 2021–2025")
    agreements = Indicator.objects.get(code="agreements_reported")
    before = figures(agreements, Period.parse("2016-2020")).national
    after = figures(agreements, Period.parse("2021-2025")).national
    assert (before, after) == (Decimal(1041), Decimal(1224))
    row = table.locator("tr", has_text="Số thỏa thuận quốc tế được ký (theo báo cáo)")
    expect(row).to_contain_text(vn_percent_change(change(before, after)[1]))
    expect(row).to_contain_text("+17,58 %")
    shoot("indicators-03-compare-national")

    with page.expect_download() as info:
        page.get_by_role("link", name="XLSX").click()
    ws = load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active
    cells = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert cells["agreements_reported"][3:5] == (1041, 1224)
    assert round(cells["agreements_reported"][6], 2) == 17.58

    page.get_by_role("link", name="Bản đồ").click()
    page.get_by_role("combobox", name="Chỉ số", exact=True).select_option(label="Khách quốc tế")
    page.get_by_label("Kỳ", exact=True).fill("2025")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("#ranking")).to_contain_text("Lạng Sơn")
    shoot("indicators-04-map")
    page.locator(f'a[href^="/indicators/province/{a.pk}/"]').first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lạng Sơn")
    expect(page.locator("svg.ind-chart")).to_be_visible()
    shoot("indicators-05-province-from-map")
