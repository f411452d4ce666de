"""Defects found by an outside review: each test shows what a user was left with, not only the answer."""
import datetime
import io

import pytest
from django.urls import reverse

from ngoaivu.agreements import actions, exports, imports
from ngoaivu.agreements.models import Agreement
from ngoaivu.partners.models import Partner
from tests.agreements.factories import agreement, partner, register_workbook

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 2, 2)


def test_a_reference_already_used_in_the_province_is_refused_on_the_form_naming_the_field(world, client_for):
    officer = world.users["officer_a"]
    first = agreement(officer, world.a, reference="12/2026/TTQT-LS", title="Bản ghi nhớ thứ nhất", today=TODAY)
    client = client_for(officer)
    before = Agreement.objects.count()
    response = client.post(reverse("agreements:agreement_create"), {
        "locality": world.a.pk, "title": "Bản ghi nhớ thứ hai", "form": "ban_ghi_nho", "channel": "state",
        "visibility": "internal", "partners": [world.partner_kr.pk], "reference": "12/2026/TTQT-LS",
        "effective_on_signing": "on"})
    assert response.status_code == 200 and Agreement.objects.count() == before
    form = response.context["form"]
    assert "reference" in form.errors, form.errors
    message = " ".join(form.errors["reference"])
    assert "12/2026/TTQT-LS" in message and str(first.pk) in message
    assert "Constraint" not in response.content.decode()
    # Editing another agreement to take that reference is refused the same way; its own reference is fine.
    other = agreement(officer, world.a, title="Bản ghi nhớ thứ ba", today=TODAY)
    page = client.get(reverse("agreements:agreement_edit", args=[other.pk]))
    edit_data = {"locality": world.a.pk, "title": other.title, "form": "ban_ghi_nho", "channel": "state",
                 "visibility": "internal", "partners": [world.partner_kr.pk], "effective_on_signing": "on",
                 "version": page.context["form"].initial["version"], "reference": "12/2026/TTQT-LS"}
    response = client.post(reverse("agreements:agreement_edit", args=[other.pk]), edit_data)
    assert response.status_code == 200 and "reference" in response.context["form"].errors
    other.refresh_from_db()
    assert other.reference == ""
    edit_data["reference"] = "13/2026/TTQT-LS"
    assert client.post(reverse("agreements:agreement_edit", args=[other.pk]), edit_data).status_code == 302
    other.refresh_from_db()
    assert other.reference == "13/2026/TTQT-LS"


def test_an_export_whose_partner_has_no_country_reimports_unchanged_and_adds_no_partner(world):
    """A foundation with no country recorded, beside a Korean city: the export's country column is
    "; Hàn Quốc" (one place per partner). Read back without its empty place, the one country was taken for
    both partners: the row came back "changed" and confirming it made a Korean copy of the foundation."""
    officer = world.users["officer_a"]
    foundation = Partner.objects.create(name="Asia Friendship Foundation", country="")
    city = partner("Zeta-si", "KR")
    deal = agreement(officer, world.a, partners=[foundation, city], title="Bản ghi nhớ với quỹ và thành phố",
                     today=TODAY)
    partners_before = Partner.objects.count()
    data = exports.export_xlsx(Agreement.objects.filter(pk=deal.pk))
    result = imports.check_file(io.BytesIO(data), officer, today=TODAY)
    assert result.ok, result.errors
    assert [(row.state, row.changes) for row in result.rows] == [("same", [])]
    assert imports.commit(result, officer, today=TODAY) == (0, 0)
    assert Partner.objects.count() == partners_before
    assert set(deal.partners.all()) == {foundation, city}
    # The same places written by hand for a new row: each partner keeps its own (or no) country.
    out = register_workbook([{"title": "Bản ghi nhớ mới với quỹ", "partners": "Asia Friendship Foundation; Zeta-si",
                              "countries": "; Hàn Quốc"}])
    result = imports.check_file(out, officer, today=TODAY)
    assert result.ok, result.errors
    imports.commit(result, officer, today=TODAY)
    assert set(Agreement.objects.get(title="Bản ghi nhớ mới với quỹ").partners.all()) == {foundation, city}
    assert Partner.objects.count() == partners_before


def test_an_imported_title_longer_than_the_register_holds_is_an_error_naming_row_and_column(world):
    """The form and the API refuse a title over 500 characters; the import took it: SQLite stored it whole
    (a record its own edit form then refuses), PostgreSQL failed the confirmation with a server error."""
    officer = world.users["officer_a"]
    before = Agreement.objects.count()
    out = register_workbook([
        {"title": "Bản ghi nhớ hợp tác ngắn", "partners": "Gyeonggi-do", "countries": "KR"},
        {"title": "Bản ghi nhớ " + "về hợp tác " * 60, "partners": "Gyeonggi-do", "countries": "KR"},
        {"title": "Bản ghi nhớ khác", "title_en": "Memorandum " * 50, "partners": "Gyeonggi-do", "countries": "KR"},
    ])
    result = imports.check_file(out, officer, today=TODAY)
    assert not result.ok
    errors = {(number, column) for number, column, _message in result.errors}
    assert errors == {(3, "Tên thỏa thuận"), (4, "Tên tiếng Anh")}, result.errors
    assert all("500" in message for _n, _c, message in result.errors)
    with pytest.raises(Exception):
        imports.commit(result, officer, today=TODAY)
    assert Agreement.objects.count() == before


def test_a_csv_cell_holding_a_nul_character_is_an_error_naming_row_and_column(world):
    """The preview kept such a cell (core.import_runs stores it around the NUL) and said all was well; the
    confirmation then failed with a server error on PostgreSQL, which cannot store the character."""
    from ngoaivu.agreements.import_files import read_rows
    officer = world.users["officer_a"]
    before = Agreement.objects.count()
    data = ("Tên thỏa thuận,Đối tác nước ngoài,Quốc gia,Nội dung chính\n"
            "Bản ghi nhớ hợp tác,Gyeonggi-do,KR,Trao đổi\x00 đoàn\n").encode("utf-8")
    result = imports.check_rows(read_rows(io.BytesIO(data)), officer, today=TODAY)
    assert not result.ok
    assert [(number, column) for number, column, _message in result.errors] == [(2, "Nội dung chính")]
    assert "NUL" in result.errors[0][2]
    assert Agreement.objects.count() == before


def test_a_month_excel_turned_into_a_date_cell_stays_a_month_through_preview_and_confirmation(world):
    """Typing 03/2015 in Excel stores the date 01/03/2015 shown as "Mar-15" (a format without a day). The
    import took the cell as signed on 01/03/2015: a day nobody knew, shown and counted as known."""
    from openpyxl import load_workbook

    from ngoaivu.agreements.choices import DatePrecision
    from ngoaivu.agreements.spreadsheet import HEADERS
    from ngoaivu.agreements.views_excel import AgreementImportPage
    from ngoaivu.core import import_runs
    officer = world.users["officer_a"]
    out = register_workbook([
        {"title": "Bản ghi nhớ tháng", "partners": "Gyeonggi-do", "countries": "KR", "signed": datetime.datetime(2015, 3, 1)},
        {"title": "Bản ghi nhớ ngày", "partners": "Gyeonggi-do", "countries": "KR", "signed": datetime.datetime(2015, 3, 1)},
    ])
    wb = load_workbook(out)
    column = [cell.value for cell in wb.active[1]].index(HEADERS["signed"]) + 1
    wb.active.cell(row=2, column=column).number_format = "mmm-yy"       # Excel's own for a typed 03/2015
    wb.active.cell(row=3, column=column).number_format = "dd/mm/yyyy"   # a whole date stays a day
    data = io.BytesIO()
    wb.save(data)
    data.seek(0)
    from django.core.files.uploadedfile import SimpleUploadedFile
    page = AgreementImportPage()
    upload = SimpleUploadedFile("so-cu.xlsx", data.getvalue())
    result, run = import_runs.start("agreements", upload, officer, layout=page.layout(), check=page.check)
    assert result.ok, result.errors
    assert [(row.fields["signed_on"], row.fields["signed_precision"]) for row in result.rows] == [
        (datetime.date(2015, 3, 1), DatePrecision.MONTH), (datetime.date(2015, 3, 1), DatePrecision.DAY)]
    import_runs.confirm("agreements", run.token, officer, check=page.check, commit=page.commit)
    month = Agreement.objects.get(title="Bản ghi nhớ tháng")
    assert (month.signed_precision, month.signed_display) == (DatePrecision.MONTH, "tháng 03/2015")
    assert Agreement.objects.get(title="Bản ghi nhớ ngày").signed_precision == DatePrecision.DAY


def test_the_api_does_not_link_an_agreement_to_a_partner_merged_into_another(world, client_for):
    """After the centre folds a duplicate into its survivor, the duplicate links nothing. The API still
    took it as an agreement's partner (the form and the import offer current partners only): the record
    then counted a retired duplicate, and its own edit form refused to save it."""
    from ngoaivu.partners.merging import merge_partners
    survivor = partner("Gyeonggi Province", "KR")
    duplicate = partner("Gyeonggi Prov.", "KR")
    merge_partners(world.users["central"], survivor, duplicate)
    client = client_for(world.users["officer_a"])
    before = Agreement.objects.count()
    response = client.post("/api/agreements/", {"title": "Bản ghi nhớ với Gyeonggi", "form": "ban_ghi_nho",
                                                "locality": world.a.pk, "partners": [duplicate.pk]},
                           content_type="application/json")
    assert response.status_code == 400, response.content
    assert "partners" in response.json()["errors"]
    assert Agreement.objects.count() == before
    a = world.agreement_a
    response = client.patch(f"/api/agreements/{a.pk}/", {"partners": [duplicate.pk]}, content_type="application/json")
    assert response.status_code == 400 and "partners" in response.json()["errors"]
    assert not a.partners.filter(pk=duplicate.pk).exists()


def test_a_summary_pasted_from_word_with_a_line_break_exports_to_excel_and_reimports_unchanged(world, client_for):
    """Word's manual line break (Shift+Enter) pastes as a vertical tab, which the form keeps and an .xlsx
    cannot hold: the whole province's Excel export failed with a server error because of one agreement."""
    from openpyxl import load_workbook

    from ngoaivu.agreements.spreadsheet import HEADERS
    officer = world.users["officer_a"]
    deal = agreement(officer, world.a, title="Bản ghi nhớ dán từ Word",
                     summary="Trao đổi đoàn\x0bHợp tác giáo dục\x0cđào tạo", today=TODAY)
    response = client_for(officer).get(reverse("agreements:agreement_export_xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == deal.pk)
    assert row[headers.index(HEADERS["summary"])] == "Trao đổi đoàn\nHợp tác giáo dục\nđào tạo"
    result = imports.check_file(io.BytesIO(exports.export_xlsx(Agreement.objects.filter(pk=deal.pk))), officer,
                                today=TODAY)
    assert result.ok, result.errors
    assert [(r.state, r.changes) for r in result.rows] == [("same", [])]


def test_editing_an_agreement_signed_by_a_border_commune_keeps_its_signing_unit(world, client_for):
    """A border commune's agreement comes in through the import (or the API) with the commune's People's
    Committee as signing unit. The edit form offered no commune, so the page showed the field empty: a
    browser then sent it empty and an edit of the title silently dropped the signing unit (a test client
    sending the stored id was refused instead)."""
    import re

    from ngoaivu.core.models import Unit
    officer = world.users["officer_a"]
    commune = Unit.objects.filter(locality=world.a, kind="commune_pc").order_by("pk").first()
    deal = agreement(officer, world.a, title="Thỏa thuận hợp tác biên giới", signing_unit=commune, today=TODAY)
    client = client_for(officer)
    page = client.get(reverse("agreements:agreement_edit", args=[deal.pk]))
    select = re.search(r'<select name="signing_unit".*?</select>', page.content.decode(), re.S).group(0)
    assert re.search(rf'<option value="{commune.pk}"[^>]*selected', select), "the commune is not shown as chosen"
    form = page.context["form"]
    response = client.post(reverse("agreements:agreement_edit", args=[deal.pk]), {
        "locality": world.a.pk, "signatory_locality": world.a.pk, "signing_unit": commune.pk,
        "title": "Thỏa thuận hợp tác biên giới (sửa)", "form": "ban_ghi_nho", "channel": "state",
        "visibility": "internal", "partners": [p.pk for p in deal.partners.all()], "effective_on_signing": "on",
        "version": form.initial["version"]})
    assert response.status_code == 302, response.context["form"].errors
    deal.refresh_from_db()
    assert (deal.title, deal.signing_unit_id) == ("Thỏa thuận hợp tác biên giới (sửa)", commune.pk)


def test_editing_an_agreement_keeps_a_sector_the_centre_has_since_retired(world, client_for):
    """The form offers the sectors in use only: a sector the centre retired after the agreement was filed
    was not shown (nor checked), so a browser save of any other change silently removed it."""
    import re

    from ngoaivu.core.models import Sector
    officer = world.users["officer_a"]
    kept, retired = Sector.objects.filter(is_active=True).order_by("pk")[:2]
    deal = agreement(officer, world.a, title="Bản ghi nhớ hai lĩnh vực", today=TODAY)
    actions.update_agreement(officer, deal, sectors=[kept, retired])
    Sector.objects.filter(pk=retired.pk).update(is_active=False)
    client = client_for(officer)
    page = client.get(reverse("agreements:agreement_edit", args=[deal.pk]))
    html = page.content.decode()
    checked = set(re.findall(r'<input type="checkbox" name="sectors" value="(\d+)"[^>]*checked', html))
    assert checked == {str(kept.pk), str(retired.pk)}
    response = client.post(reverse("agreements:agreement_edit", args=[deal.pk]), {
        "locality": world.a.pk, "signatory_locality": world.a.pk, "title": "Bản ghi nhớ hai lĩnh vực (sửa)",
        "form": "ban_ghi_nho", "channel": "state", "visibility": "internal", "effective_on_signing": "on",
        "partners": [p.pk for p in deal.partners.all()], "sectors": sorted(checked),
        "version": page.context["form"].initial["version"]})
    assert response.status_code == 302, response.context["form"].errors
    deal.refresh_from_db()
    assert deal.title.endswith("(sửa)")
    assert set(deal.sectors.all()) == {kept, retired}
    # A new agreement is offered the sectors in use only.
    assert str(retired.pk) not in re.findall(r'name="sectors" value="(\d+)"',
                                             client.get(reverse("agreements:agreement_create")).content.decode())


def test_an_export_of_agreements_signed_by_two_communes_whose_names_differ_by_a_tone_reimports_unchanged(world):
    """"xã Tân Thành" and "xã Tân Thạnh" of one province fold to the same words: the import took either
    name for the same commune, so re-importing an unchanged export moved one agreement to the other
    commune's People's Committee."""
    from collections import defaultdict

    from ngoaivu.agreements.imports import _unit_key
    from ngoaivu.core.models import Unit
    from tests.conftest import make_user
    by_key = defaultdict(list)
    for unit in Unit.objects.filter(kind="commune_pc").select_related("locality").order_by("pk"):
        by_key[(unit.locality_id, _unit_key(unit.name))].append(unit)
    first, second = next(units for units in by_key.values() if len(units) == 2)
    assert first.name != second.name
    officer = make_user("officer_two_communes", "locality", "officer", locality=first.locality)
    deals = [agreement(officer, first.locality, title=f"Thỏa thuận của {unit.name}", signing_unit=unit,
                       partners=[partner("Hekou", "CN")], today=TODAY) for unit in (first, second)]
    data = exports.export_xlsx(Agreement.objects.filter(pk__in=[d.pk for d in deals]))
    result = imports.check_file(io.BytesIO(data), officer, today=TODAY)
    assert result.ok, result.errors
    assert [(row.state, row.changes) for row in result.rows] == [("same", []), ("same", [])]


def test_every_imported_cell_longer_than_its_column_is_an_error_naming_row_and_column_not_cut(world):
    """The import cut a reference over 80 characters, a signatory name, a signer, a place, languages, an
    unknown form's name and a partner's names to their columns' lengths without a word: the register then
    held a reference nobody wrote (which may be another agreement's). Each is refused, as the title is."""
    officer = world.users["officer_a"]
    existing = agreement(officer, world.a, reference="R-1", title="Bản ghi nhớ đã có", today=TODAY)
    before = (Agreement.objects.count(), Partner.objects.count(), existing.history.count())
    base = {"partners": "Gyeonggi-do", "countries": "KR"}
    long_cells = {
        "reference": "Số " + "1" * 80, "signatory_name": "UBND " * 60, "inherited_from": "Huyện " * 60,
        "languages": "Tiếng Việt, " * 20, "signer_vn": "Nguyễn " * 40, "signer_foreign": "김" * 256,
        "signed_place": "Vientiane " * 25, "form": "Văn kiện " * 20,
        "partners": "广西" * 128 + "省", "partners_vi": "Tỉnh " * 60,
    }
    rows = [{"id": existing.pk, "reference": "R-1", "title": existing.title, "locality": world.a.name, **base,
             "signer_vn": "Nguyễn " * 40}]
    rows += [{**base, "title": f"Bản ghi nhớ số {n}", key: value} for n, (key, value) in enumerate(long_cells.items())]
    result = imports.check_file(register_workbook(rows), officer, today=TODAY)
    from ngoaivu.agreements.spreadsheet import HEADERS
    errors = {(number, column): message for number, column, message in result.errors}
    expected = {(2, HEADERS["signer_vn"])} | {(3 + n, HEADERS[key]) for n, key in enumerate(long_cells)}
    assert set(errors) == expected, result.errors
    assert all("ký tự" in message for message in errors.values()), errors
    with pytest.raises(Exception):
        imports.commit(result, officer, today=TODAY)
    existing.refresh_from_db()
    assert (Agreement.objects.count(), Partner.objects.count(), existing.history.count()) == before
    assert existing.signer_vn == ""


def test_the_api_answers_another_provinces_signing_unit_or_opinion_request_as_an_id_that_does_not_exist(
        world, client_for):
    """A signing unit of another province was answered 'must belong to Lạng Sơn', an opinion request of
    another province's agreement 'choose the request this answers', where a missing id is answered 'no such
    record': an officer learnt which ids exist elsewhere. Both now answer as a missing id."""
    from ngoaivu.agreements.models import Event
    from ngoaivu.core.models import Unit
    unit_b = Unit.objects.filter(locality=world.b).first()
    request_b = actions.record_event(world.users["officer_b"], world.agreement_b, "opinion_requested",
                                     datetime.date.today(), consultee="Bộ Ngoại giao", is_mofa=True)
    client = client_for(world.users["officer_a"])

    def answer(url, data, field, value):
        response = client.post(url, {**data, field: value}, content_type="application/json")
        assert response.status_code == 400, response.content
        return response.json()["errors"][field][0].replace(str(value), "<id>")

    new = {"title": "Bản ghi nhớ thử", "form": "ban_ghi_nho", "locality": world.a.pk,
           "partners": [world.partner_kr.pk]}
    before = Agreement.objects.count()
    assert answer("/api/agreements/", new, "signing_unit", unit_b.pk) == answer(
        "/api/agreements/", new, "signing_unit", 99999999)
    assert Agreement.objects.count() == before
    url = f"/api/agreements/{world.agreement_a.pk}/events/"
    answer_ = {"kind": "opinion_received", "date": str(datetime.date.today()), "opinion": "agree"}
    events = Event.objects.count()
    assert answer(url, answer_, "request", request_b.pk) == answer(url, answer_, "request", 99999999)
    assert Event.objects.count() == events
    # The province's own still work.
    own = Unit.objects.filter(locality=world.a).exclude(kind="commune_pc").first()
    response = client.post("/api/agreements/", {**new, "signing_unit": own.pk}, content_type="application/json")
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("url", ["/api/agreement-events/", "/api/agreement-documents/",
                                 "/api/agreement-status-changes/"])
def test_the_api_filter_by_another_provinces_agreement_answers_as_for_an_id_that_does_not_exist(url, world,
                                                                                                 client_for):
    """?agreement=<another province's id> answered an empty list, ?agreement=<an id that does not exist> a
    400: an officer could tell which ids were another province's agreements. Both now answer alike."""
    client = client_for(world.users["officer_a"])
    other = client.get(f"{url}?agreement={world.agreement_b.pk}")
    missing = client.get(f"{url}?agreement=99999999")
    assert (other.status_code, other.json()) == (missing.status_code, missing.json())
    own = client.get(f"{url}?agreement={world.agreement_a.pk}")
    assert own.status_code == 200 and own.json()["count"] >= 1
    assert all(row["agreement"] == world.agreement_a.pk for row in own.json()["results"])


def test_a_change_of_partners_sectors_or_co_signatories_is_named_in_the_agreements_history(world, client_for):
    """Changing only an agreement's partners (or sectors, or co-signing provinces) wrote a history row 'Sửa'
    that named no change: the page's history could not say what had been done. It now names what changed."""
    from ngoaivu.core.generic import history_entries
    from ngoaivu.core.models import Locality, Sector
    officer = world.users["officer_a"]
    a = agreement(officer, world.a, title="Bản ghi nhớ đổi đối tác", today=TODAY)
    actions.update_agreement(officer, a, partners=[world.partner_kr, world.partner_jp], today=TODAY)
    latest = history_entries(a)[0]
    assert "đối tác" in latest["reason"].lower() or latest["changes"], latest
    actions.update_agreement(officer, a, sectors=[Sector.objects.first()],
                             co_signatories=[Locality.objects.current().exclude(pk=world.a.pk).first()],
                             reason="Nhập từ tệp", today=TODAY)
    latest = history_entries(a)[0]
    assert latest["reason"].startswith("Nhập từ tệp"), latest
    assert "lĩnh vực" in latest["reason"].lower() and "cùng ký" in latest["reason"].lower(), latest
    assert a.history.count() == 3


def test_an_import_that_changes_partners_names_it_in_the_agreements_history(world):
    from ngoaivu.core.generic import history_entries
    officer = world.users["officer_a"]
    a = agreement(officer, world.a, reference="DT-1", title="Bản ghi nhớ nhập lại", today=TODAY)
    out = register_workbook([{"id": a.pk, "reference": "DT-1", "title": a.title, "locality": world.a.name,
                              "partners": "Shizuoka Prefecture", "countries": "JP"}])
    result = imports.check_file(out, officer, today=TODAY)
    assert result.ok, result.errors
    imports.commit(result, officer, today=TODAY)
    latest = history_entries(a)[0]
    assert "đối tác" in latest["reason"].lower(), latest


def test_a_signing_unit_written_with_the_tone_mark_in_its_other_place_is_that_unit_not_its_lookalike(world):
    """"Hoà" and "Hòa" are one name (the tone mark's old and new place, both in official use); "Hoa Bình" and
    "Hòa Bính" are other communes. The file's "UBND xã Hoà Bình" folded like all three and took whichever came
    last."""
    from openpyxl import load_workbook

    from ngoaivu.core.models import Unit
    from tests.conftest import make_user
    # Named in full, as the reference data names a commune's committee; the file writes the abbreviation.
    meant = Unit.objects.create(locality=world.a, name="Ủy ban nhân dân xã Hòa Bình", kind="commune_pc")
    for lookalike in ("Ủy ban nhân dân xã Hoa Bình", "Ủy ban nhân dân xã Hòa Bính"):  # one before it, one after
        Unit.objects.create(locality=world.a, name=lookalike, kind="commune_pc")
    officer = make_user("officer_tone_place", "locality", "officer", locality=world.a)
    deal = agreement(officer, world.a, title="Thỏa thuận của xã Hòa Bình", signing_unit=meant,
                     partners=[partner("Hekou", "CN")], today=TODAY)
    book = load_workbook(io.BytesIO(exports.export_xlsx(Agreement.objects.filter(pk=deal.pk))))
    cells = [cell for row in book.worksheets[0].iter_rows() for cell in row if cell.value == meant.name]
    assert len(cells) == 1
    for written in ("UBND xã Hoà  Bình", "Uỷ ban nhân dân xã Hoà Bình", "ủy ban nhân dân xã hòa bình"):
        cells[0].value = written
        data = io.BytesIO()
        book.save(data)
        result = imports.check_file(io.BytesIO(data.getvalue()), officer, today=TODAY)
        assert result.ok, result.errors
        assert [(row.state, row.changes) for row in result.rows] == [("same", [])], written
