"""Every list export (a URL name containing "export", found through the URL resolver) with records whose
typed text is hostile: no cell of the file may be a formula, and text that starts like one is marked as
text (Excel's quote prefix in XLSX, a leading apostrophe in CSV). Numbers and dates stay typed cells."""
import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ngoaivu.core.exports import FORMULA_STARTS
from tests.test_url_walk import url_names

HOSTILE = ['=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)", "\t=1+1"]


def export_names():
    return sorted(n for n in url_names() if "export" in n.split(":")[-1])


@pytest.fixture
def hostile(world):
    from ngoaivu.agreements import actions as agreements
    from ngoaivu.exchanges import actions as exchanges
    from ngoaivu.partners.models import Partner
    from tests.exchanges import factories
    officer = world.users["officer_a"]
    partners = [Partner.objects.create(name=text, country="KR") for text in HOSTILE]
    agreements.create_agreement(officer, locality=world.a, partners=partners, title=HOSTILE[0], reference=HOSTILE[1],
                                summary=HOSTILE[3], signer_vn=HOSTILE[2], form="thoa_thuan",
                                signed_on=datetime.date(2025, 3, 1), term_months=24)
    delegation = factories.delegation(officer, world.a, title=HOSTILE[0], head_name=HOSTILE[1],
                                      head_title=HOSTILE[2])
    delegation.partners.set(partners)
    opening = datetime.date.today() + datetime.timedelta(days=60)
    factories.conference(officer, world.a, title=HOSTILE[0], venue=HOSTILE[3], organiser_kind="foreign",
                         organiser_name=HOSTILE[2], start_date=opening, end_date=opening,
                         topics=["security", "defence"])
    from ngoaivu.coordination.actions import create_request
    create_request(world.users["central"], title=HOSTILE[0], number=HOSTILE[1], data_from=opening, data_to=opening,
                   due_on=opening, localities=[world.a])
    from ngoaivu.partners import opportunities
    opportunities.post_opportunity(officer, title=HOSTILE[0], sought=HOSTILE[3], contact=HOSTILE[1], offered=HOSTILE[2])
    return world


def test_the_exports_are_found():
    assert set(export_names()) >= {"agreements:agreement_export_xlsx", "agreements:agreement_export_csv",
                                   "exchanges:delegation_export", "exchanges:conference_export"}


def _xlsx_cells(content):
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


@pytest.mark.django_db
@pytest.mark.parametrize("name", export_names())
def test_no_exported_cell_is_a_formula(name, hostile, client_for):
    response = client_for(hostile.users["officer_a"]).get(reverse(name))
    assert response.status_code == 200, f"{name}: {response.status_code}"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        assert content.startswith(b"\xef\xbb\xbf"), "CSV starts with a BOM, for Excel"
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        texts = [value for row in rows for value in row]
        dangerous = [v for v in texts if v.startswith(FORMULA_STARTS)]
        assert not dangerous, f"{name}: CSV cells that a spreadsheet reads as formulas: {dangerous}"
        assert any(v == "'" + HOSTILE[0] for v in texts), f"{name}: the hostile title is exported, as text"
        return
    cells = _xlsx_cells(content)
    formulas = [c.coordinate for c in cells if c.data_type == "f"]
    assert not formulas, f"{name}: formula cells {formulas}"
    unmarked = [c.value for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS)
                and not c.quotePrefix]
    assert not unmarked, f"{name}: text that looks like a formula without the quote prefix: {unmarked}"
    values = [c.value for c in cells]
    assert HOSTILE[0] in values, f"{name}: the hostile title is exported unchanged, as text"
    assert any(isinstance(v, datetime.datetime) for v in values), f"{name}: dates stay date cells"


@pytest.mark.django_db
def test_the_conference_export_opens_and_names_the_sensitive_topics(hostile, client_for):
    """It was a 500 for everybody: the topics' lazy labels were joined as strings."""
    response = client_for(hostile.users["central"]).get(reverse("exchanges:conference_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
    row = next(r for r in rows if r["Tên"] == HOSTILE[0])
    assert row["Nội dung nhạy cảm"] == "An ninh, Quốc phòng"
    assert row["Địa điểm"] == HOSTILE[3]
    assert isinstance(row["Ngày khai mạc"], datetime.datetime)
    assert row["Số đại biểu"] == 120


@pytest.mark.django_db
def test_the_import_template_has_no_formula(world, client_for):
    response = client_for(world.users["officer_a"]).get(reverse("agreements:import_template"))
    cells = _xlsx_cells(response.content)
    assert cells and not [c for c in cells if c.data_type == "f"]


@pytest.mark.parametrize("title, written", [
    ("Kim ngạch xuất/nhập khẩu", "Kim ngạch xuất-nhập khẩu"), ("Tỷ lệ [%]: 2025?", "Tỷ lệ -%-- 2025-"),
    ("'Trích dẫn'", "Trích dẫn"), ("/", "-"), ("''", "Sheet"), ("Đoàn ra, đoàn vào của các tỉnh năm 2025 — toàn quốc",
                                                             "Đoàn ra, đoàn vào của các tỉnh")])
def test_a_typed_sheet_title_becomes_one_excel_accepts(title, written):
    from openpyxl import Workbook

    from ngoaivu.core.exports import Sheet, sheet_title, xlsx
    assert sheet_title(title) == written and len(written) <= 31
    Workbook().create_sheet(written)  # openpyxl refuses what Excel refuses
    assert load_workbook(io.BytesIO(xlsx(Sheet(title, ["A"], [[1]])))).sheetnames == [written]


@pytest.mark.django_db
def test_the_indicator_map_exports_an_indicator_named_with_a_slash(world, client_for):
    """The centre may name an indicator "Kim ngạch xuất/nhập khẩu": the map's Excel export, whose sheet is
    named after it, answered 500."""
    from ngoaivu.indicators.actions import save_indicator
    from ngoaivu.indicators.catalogue import load_catalogue
    from ngoaivu.indicators.models import Indicator
    load_catalogue()
    save_indicator(world.users["central"], Indicator.objects.get(code="trade"), name="Kim ngạch xuất/nhập khẩu")
    response = client_for(world.users["officer_a"]).get("/indicators/map/?indicator=trade&period=2025&format=xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0].startswith("Kim ngạch xuất-nhập")
    assert book.worksheets[0].cell(1, 3).value.startswith("Kim ngạch xuất/nhập khẩu")
