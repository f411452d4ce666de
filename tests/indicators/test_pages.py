"""The grid, the dashboards, the map and the exports, read back."""
import io
from decimal import Decimal

from openpyxl import load_workbook

from ngoaivu.indicators.forecast import project
from ngoaivu.indicators.models import Observation


def test_grid_saves_all_or_nothing(db, world, ind, client_for):
    client = client_for(world.users["officer_a"])
    url = f"/indicators/entry/?locality={world.a.pk}&period=2025"
    assert client.get(url).status_code == 200
    ok = client.post(url, {"value_foreign_visitors": "1.250.000", "source_foreign_visitors": "Sở VHTTDL",
                           "value_remittances": "29,7"})
    assert ok.status_code == 302
    assert Observation.objects.get(indicator__code="foreign_visitors", locality=world.a).value == Decimal(1250000)
    assert Observation.objects.get(indicator__code="remittances", locality=world.a).value == Decimal("29.7")
    again = client.get(url).content.decode()
    assert 'value="1250000"' in again and 'value="29,7"' in again
    bad = client.post(url, {"value_foreign_visitors": "7", "value_trade": "abc"})
    assert bad.status_code == 200 and "không phải là số" in bad.content.decode()
    assert Observation.objects.get(indicator__code="foreign_visitors", locality=world.a).value == Decimal(1250000)
    # Another province in the query falls back to one's own.
    client.post(f"/indicators/entry/?locality={world.b.pk}&period=2025", {"value_trade": "9"})
    assert Observation.objects.get(indicator__code="trade").locality == world.a


def test_map_links_each_tile_and_colours_by_value(db, world, ind, enter, client_for):
    enter("officer_a", ind["foreign_visitors"], world.a, "2024", 100)
    enter("officer_b", ind["foreign_visitors"], world.b, "2024", 900)
    page = client_for(world.users["viewer"]).get("/indicators/map/?indicator=foreign_visitors&period=2024")
    html = page.content.decode()
    assert html.count("<rect x=") == 34
    assert f'href="/indicators/province/{world.a.pk}/?period=2024&amp;indicator=foreign_visitors"' in html
    ranking = page.context["ranking"]
    assert [(r["locality"], r["value"]) for r in ranking] == [(world.b, Decimal(900)), (world.a, Decimal(100))]


def test_exports_read_back(db, world, ind, enter, client_for):
    enter("central", ind["agreements_reported"], None, "2017-2018", 420)
    enter("central", ind["agreements_reported"], None, "2019-2021", 661)
    client = client_for(world.users["central"])
    response = client.get("/indicators/compare/?a=2017-2018&b=2019-2021&format=xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row for row in ws.iter_rows(min_row=2, values_only=True)}
    assert [c.value for c in ws[1]][3:] == ["2017–2018", "2019–2021", "Tăng/giảm", "Tăng/giảm (%)"]
    code, _name, _unit, a, b, absolute, relative = rows["agreements_reported"]
    assert (a, b, absolute, round(relative, 2)) == (420, 661, 241, 57.38)
    csv = client.get("/indicators/map/?indicator=agreements_reported&period=2019-2021&format=csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Hạng,Tỉnh, thành phố") or csv.splitlines()[0].startswith('Hạng,"Tỉnh')
    nat = load_workbook(io.BytesIO(client.get("/indicators/?period=2019-2021&format=xlsx").content)).active
    assert any(row[0] == "agreements_reported" and row[4] == 661 for row in nat.iter_rows(values_only=True))


def test_national_page_chart_table_and_projection(db, world, ind, enter, client_for):
    for year, value in ((2019, 210), (2020, 221), (2021, 230), (2022, 236), (2023, 245)):
        enter("central", ind["agreements_reported"], None, str(year), value)
    page = client_for(world.users["officer_b"]).get("/indicators/?indicator=agreements_reported&period=2023")
    html = page.content.decode()
    assert '<svg class="ind-chart"' in html and "Dự báo — không phải kế hoạch hay mục tiêu" in html
    assert "Sai số kiểm tra lại" in html
    assert [p.year for p in page.context["forecast"].projections] == [2024, 2025, 2026]


def test_linear_forecast_and_backtest():
    result = project([(2019, 10), (2020, 12), (2021, 14), (2022, 16), (2023, 18)])
    first = result.projections[0]
    assert (first.year, round(first.value, 6)) == (2024, 20.0) and first.low == first.high == 20.0  # a perfect line
    assert result.mape == 0 and len(result.backtest) == 3
    noisy = project([(2019, 10), (2020, 14), (2021, 11), (2022, 17), (2023, 15)])
    assert noisy.projections[0].low < noisy.projections[0].value < noisy.projections[0].high
    assert noisy.mape > 0
    assert project([(2022, 1), (2023, 2), (2024, None)]) is None


def test_odd_inputs_are_refused_not_500(db, world, ind, client_for):
    client = client_for(world.users["officer_a"])
    url = f"/indicators/entry/?locality={world.a.pk}&period=2025"
    for value in ("NaN", "sNaN", "Infinity", "1e400", "-5"):
        page = client.post(url, {"value_trade": value})
        assert page.status_code == 200 and "value_trade" in page.context["form"].errors, value
    assert not Observation.objects.filter(indicator__code="trade").exists()
    assert client.get("/indicators/compare/?locality=%C2%B2").status_code == 200
    assert client.get("/indicators/targets/new/?locality=%C2%B2").status_code == 200
    api = client.get("/api/indicator-values/?indicator=trade&period=2025&locality=%C2%B2")
    assert api.status_code == 400 and "locality" in api.json()["errors"]
    assert client.get("/api/indicator-values/?indicator=trade&period=2025-Q9").status_code == 400


def test_count_figures_export_as_integers_and_money_keeps_decimals(db, world, ind, enter, client_for):
    """Defect: counts in the indicators' CSV were written "0.0". A count unit's cell is an integer ("0", "12")
    in the CSV and an integer cell in the XLSX; US dollars keep their decimals."""
    import csv as csv_module
    enter("central", ind["agreements_reported"], None, "2024", 0)
    enter("central", ind["agreements_reported"], None, "2025", 12)
    enter("officer_a", ind["foreign_visitors"], world.a, "2025", 1250000)
    enter("officer_a", ind["trade"], world.a, "2025", "29.75")
    client = client_for(world.users["central"])

    def csv_rows(url):
        return list(csv_module.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))

    national = {r[0]: r for r in csv_rows("/indicators/?period=2025&format=csv")[1:]}
    assert national["agreements_reported"][3:6] == ["0", "12", "12"]
    xlsx = {r[0]: r for r in load_workbook(io.BytesIO(client.get("/indicators/?period=2025&format=xlsx").content))
            .active.iter_rows(min_row=2, values_only=True)}
    assert xlsx["agreements_reported"][3:6] == (0, 12, 12)
    assert all(type(v) is int for v in xlsx["agreements_reported"][3:6])
    province = {r[0]: r for r in csv_rows(f"/indicators/province/{world.a.pk}/?period=2025&format=csv")[1:]}
    assert province["foreign_visitors"][4] == "1250000"
    assert province["trade"][4] == "29.75"
    ranking = csv_rows("/indicators/map/?indicator=foreign_visitors&period=2025&format=csv")
    assert ranking[1][2] == "1250000"
    cells = [r for r in load_workbook(io.BytesIO(client.get(
        "/indicators/map/?indicator=foreign_visitors&period=2025&format=xlsx").content)).active.iter_rows(
        min_row=2, values_only=True)]
    assert cells[0][2] == 1250000 and type(cells[0][2]) is int
    compare = {r[0]: r for r in csv_rows("/indicators/compare/?a=2024&b=2025&format=csv")[1:]}
    assert compare["agreements_reported"][3:6] == ["0", "12", "12"]


def test_a_computed_indicator_says_from_the_register_once(db, world, ind, client_for):
    """Defect: "Số thỏa thuận quốc tế được ký (từ sổ theo dõi) (từ sổ theo dõi)". Each row label of the overview
    says it once, in Vietnamese and in English; the stored name no longer carries it."""
    import re
    from ngoaivu.indicators.models import Indicator
    stored = Indicator.objects.get(code="agreements_signed")
    assert (stored.name, stored.name_en) == ("Số thỏa thuận quốc tế được ký", "International agreements signed")
    client = client_for(world.users["central"])
    for language, words in (("vi", "từ sổ theo dõi"), ("en", "from the registers")):
        client.cookies["django_language"] = language
        html = client.get("/indicators/?period=2025", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        labels = re.findall(r'<th scope="row"><a href="\?period=2025&amp;indicator=([a-z_]+)">(.*?)</th>', html, re.S)
        computed = {i.code for i in Indicator.objects.filter(is_active=True, method="computed")}
        assert {code for code, _label in labels} >= computed and "agreements_signed" in computed
        for code, label in labels:
            assert label.count(words) == (1 if code in computed else 0), (language, code, label)


def test_a_count_chart_whose_maximum_is_one_has_distinct_whole_ticks(db, world, ind, enter, client_for):
    """Defect: with a maximum of 1 the axis read "0, 0, 1, 1, 1" (quarter ticks rounded). A count's ticks are
    whole and distinct; the channels chart too."""
    import re
    from ngoaivu.indicators import charts
    enter("central", ind["agreements_reported"], None, "2024", 1)
    enter("central", ind["agreements_reported"], None, "2025", 0)
    html = client_for(world.users["central"]).get("/indicators/?indicator=agreements_reported&period=2025").content.decode()
    svg = re.search(r'<svg class="ind-chart".*?</svg>', html, re.S).group(0)
    ticks = re.findall(r'<text [^>]*text-anchor="end" dominant-baseline="middle">([^<]*)</text>', svg)
    assert ticks == ["0", "1"]
    channels = charts.grouped_bars([("Nhà nước", [(1, "Đoàn ra", 1), (2, "Đoàn vào", 0)])])
    assert [t["text"] for t in channels.ticks] == ["0", "1"]
    assert [t["text"] for t in charts.bar_chart([("2024", 3)], "count").ticks] == ["0", "1", "2", "3"]
    assert [t["text"] for t in charts.bar_chart([("2024", 1)], "percent").ticks] == [
        "0,00 %", "0,25 %", "0,50 %", "0,75 %", "1,00 %"]


def test_a_share_that_cannot_be_computed_says_why(db, world, ind, client_for):
    """The share of agreements with activity (active ÷ in force) showed a bare "—" for a province, or the
    nation, with no agreement in force at the end of the period, beside counts that read 0: the page says
    that it cannot be computed, for which place and period, and which figure is missing."""
    import html
    from ngoaivu.agreements.models import Agreement
    assert not Agreement.objects.filter(status="in_force", signed_on__lte="2005-12-31").exists()
    client = client_for(world.users["officer_a"])
    page = html.unescape(client.get(f"/indicators/province/{world.a.pk}/?period=2005").content.decode())
    share = "Tỷ lệ thỏa thuận có hoạt động triển khai"
    assert (f"{share} — {world.a.short_name}, kỳ 2005: không tính được vì không có thỏa thuận nào đang có hiệu lực "
            "đến cuối kỳ (tỷ lệ = số thỏa thuận có hoạt động trong kỳ ÷ số thỏa thuận đang có hiệu lực).") in page
    assert f"{share} — {world.a.short_name}, kỳ 2004: không tính được" in page  # the column before it
    page = html.unescape(client.get("/indicators/?period=2005").content.decode())
    assert f"{share} — toàn quốc, kỳ 2005: không tính được vì không có thỏa thuận nào" in page
    # Where agreements are in force, the share is computed and nothing is said.
    year = max(Agreement.objects.filter(locality=world.a, status="in_force").values_list("signed_on__year", flat=True))
    page = html.unescape(client.get(f"/indicators/province/{world.a.pk}/?period={year}").content.decode())
    assert f"{share} — {world.a.short_name}, kỳ {year}: không tính được" not in page
