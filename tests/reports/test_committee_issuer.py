"""The report to the Prime Minister on an agreement signed in the name of the provincial People's Committee
is the Committee's own report (Law 70/2020 Arts. 18–19): it carried the foreign-affairs agency's header
("UBND TỈNH … / SỞ NGOẠI VỤ"), its symbol ("BC-SNgV") and its signature ("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC").
Now the province's issuing details hold the Committee's symbol and signature block, the report uses them in
Decree 30/2020's layout for a body with no parent ("ỦY BAN NHÂN DÂN" over "TỈNH LẠNG SƠN", "Số: 12/BC-UBND",
"TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"), and the agency's documents keep the agency's.
Every document is generated through the pages as the province's officer and its Word file read back."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.core.jobs import run_pending
from ngoaivu.agreements.models import Agreement
from ngoaivu.reports import actions
from ngoaivu.reports.documents import _recipients
from ngoaivu.reports.models import DocumentDraft, IssuerSettings
from tests.reports.helpers import YEAR, header_cells, read_docx

pytestmark = pytest.mark.django_db

FORM = {"parent_body": "UBND TỈNH LẠNG SƠN", "issuing_body": "SỞ NGOẠI VỤ", "symbol": "SNgV",
        "place_name": "Lạng Sơn", "authority_line": "KT. GIÁM ĐỐC", "signer_title": "PHÓ GIÁM ĐỐC",
        "signer_name": "Nguyễn Văn An", "committee_symbol": "UBND",
        "committee_collective_line": "TM. ỦY BAN NHÂN DÂN", "committee_authority_line": "KT. CHỦ TỊCH",
        "committee_signer_title": "PHÓ CHỦ TỊCH", "committee_signer_name": "Hoàng Văn Nghiệm",
        "recipients": "Bộ Ngoại giao (Cục Ngoại vụ và Ngoại giao văn hóa)\nBộ Công an (Cục A02)",
        "archive_line": "Lưu: VT, HTQT"}
COMMITTEE_FIELDS = ("committee_symbol", "committee_collective_line", "committee_authority_line",
                    "committee_signer_title", "committee_signer_name")


def _save_settings(client, world, **changes):
    response = client.post(reverse("reports:settings_edit", args=[world.a.pk]), {**FORM, **changes})
    assert response.status_code == 302, response.content.decode()[:2000]


def _agreement(world):
    return Agreement.objects.create(locality=world.a, title="Bản ghi nhớ hợp tác với Quảng Tây về thương mại",
                                    form="ban_ghi_nho", status="in_force", signed_on=datetime.date(YEAR, 2, 5),
                                    in_force_on=datetime.date(YEAR, 2, 5))


def _generated(client, world, number="", **new):
    """Create the draft from the documents page, give it its number and generate its Word file from the
    draft's page ("Lưu và tạo tệp Word"), download it."""
    before = set(DocumentDraft.objects.values_list("pk", flat=True))
    response = client.post(reverse("reports:draft_create", args=[world.a.pk]),
                           {"issued_on": f"16/02/{YEAR}", "period": "year", **new})
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = DocumentDraft.objects.exclude(pk__in=before).get()
    url = reverse("reports:draft_detail", args=[draft.pk])
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update({"number": number, "issued_on": f"16/02/{YEAR}", "generate": "1"})
    assert client.post(url, data).status_code == 302
    run_pending()   # the period reports are made by the background worker
    draft.refresh_from_db()
    assert draft.number == number and draft.docx
    response = client.get(draft.docx.download_url)
    assert response.status_code == 200
    return read_docx(b"".join(response.streaming_content) if response.streaming else response.content)


def _signature(document):
    left, right = document.tables[-1].rows[0].cells
    return ([p.text for p in right.paragraphs if p.text.strip()], [p.text for p in left.paragraphs if p.text.strip()])


def _bold(document, text):
    left = document.tables[0].rows[0].cells[0]
    paragraph = next(p for p in left.paragraphs if p.text == text)
    return all(run.bold for run in paragraph.runs if run.text.strip())


def test_the_pm_report_is_issued_by_the_peoples_committee(world, client_for):
    client = client_for(world.users["officer_a"])
    _save_settings(client, world)
    agreement = _agreement(world)
    document = _generated(client, world, kind="pm_report", agreement=agreement.pk, number="12")

    left, right = header_cells(document)
    # The Committee's name alone, bold, broken before the province's name; no "UBND TỈNH" parent line above
    # it, no "SỞ NGOẠI VỤ".
    assert left == ["ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN", "Số: 12/BC-UBND"]
    assert _bold(document, "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN")
    assert right[-1] == f"Lạng Sơn, ngày 16 tháng 02 năm {YEAR}"
    signer, recipients = _signature(document)
    assert signer == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hoàng Văn Nghiệm"]
    text = [p.text for p in document.paragraphs if p.text.strip()]
    assert any(line.startswith("Thực hiện Luật Thỏa thuận quốc tế năm 2020, Ủy ban nhân dân tỉnh Lạng Sơn báo cáo")
               for line in text)
    assert not any("Sở Ngoại vụ" in line for line in text)
    # "Nơi nhận": the Foreign Ministry once, with the report's own line; another body's line stays.
    assert recipients == ["Nơi nhận:", "- Thủ tướng Chính phủ (để báo cáo);", "- Bộ Ngoại giao (bản sao, để theo dõi);",
                          "- Bộ Công an (Cục A02);", "- Lưu: VT, HTQT."]


def test_the_chair_signing_and_another_symbol_are_followed(world, client_for):
    """Blank authority line: the Chair signs ("TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH"); no number yet: its blank
    is left before the Committee's symbol, for the registry to fill."""
    client = client_for(world.users["officer_a"])
    _save_settings(client, world, committee_authority_line="", committee_signer_title="CHỦ TỊCH",
                   committee_signer_name="Hồ Tiến Thiệu")
    document = _generated(client, world, kind="pm_report", agreement=_agreement(world).pk, number="")
    left, _right = header_cells(document)
    assert left[0] == "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN" and left[1].endswith("/BC-UBND")
    assert _signature(document)[0] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Hồ Tiến Thiệu"]


def test_the_agencys_documents_keep_the_agencys_details(world, client_for):
    client = client_for(world.users["officer_a"])
    _save_settings(client, world)
    agreement = _agreement(world)
    request = _generated(client, world, kind="opinion_request", agreement=agreement.pk, number="7")
    left, _right = header_cells(request)
    assert left[:3] == ["UBND TỈNH LẠNG SƠN", "SỞ NGOẠI VỤ", "Số: 7/SNgV"]
    assert _signature(request)[0] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]

    yearly = _generated(client, world, kind="yearly_agreements", year=str(YEAR), number="30")
    left, _right = header_cells(yearly)
    assert left == ["UBND TỈNH LẠNG SƠN", "SỞ NGOẠI VỤ", "Số: 30/BC-SNgV"]
    signer, recipients = _signature(yearly)
    assert signer == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]
    # The yearly report's own line and the usual one are the same: listed once.
    assert recipients.count("- Bộ Ngoại giao (Cục Ngoại vụ và Ngoại giao văn hóa);") == 1


def test_the_committees_details_round_trip_through_the_settings_page(world, client_for):
    client = client_for(world.users["officer_a"])
    url = reverse("reports:settings_edit", args=[world.a.pk])
    # A province that never saved its details: the form offers Decree 30's block for the Committee.
    page = client.get(url).content.decode()
    for name, value in (("committee_symbol", "UBND"), ("committee_collective_line", "TM. ỦY BAN NHÂN DÂN"),
                        ("committee_authority_line", "KT. CHỦ TỊCH"), ("committee_signer_title", "PHÓ CHỦ TỊCH")):
        assert f'name="{name}"' in page and f'value="{value}"' in page
    assert "Chữ viết tắt tên UBND tỉnh" in page

    changed = {"committee_symbol": "UBND-NV", "committee_collective_line": "TM. ỦY BAN NHÂN DÂN",
               "committee_authority_line": "KT. CHỦ TỊCH", "committee_signer_title": "PHÓ CHỦ TỊCH THƯỜNG TRỰC",
               "committee_signer_name": "Đoàn Thu Hà"}
    _save_settings(client, world, **changed)
    row = IssuerSettings.objects.get(locality=world.a)
    assert {f: getattr(row, f) for f in COMMITTEE_FIELDS} == changed
    assert (row.symbol, row.authority_line, row.signer_title) == ("SNgV", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    page = client.get(url).content.decode()
    assert 'value="UBND-NV"' in page and 'value="Đoàn Thu Hà"' in page
    assert 'value="PHÓ CHỦ TỊCH THƯỜNG TRỰC"' in page
    # The documents page says who issues the report to the Prime Minister.
    summary = client.get(reverse("reports:documents", args=[world.a.pk])).content.decode()
    assert "…/BC-UBND-NV" in summary and "Đoàn Thu Hà" in summary


def _fieldset(page, testid):
    start = page.index(f'data-testid="{testid}"')
    return page[start:page.index("</fieldset>", start)]


def test_the_settings_page_groups_the_fields_by_the_body_that_issues(world, client_for):
    """The page says which details go on which documents: the Committee's under its own heading, not straight
    after the agency's with nothing to tell them apart; every field still once, and a save still keeps all."""
    client = client_for(world.users["officer_a"])
    url = reverse("reports:settings_edit", args=[world.a.pk])
    page = client.get(url).content.decode()
    agency, committee = _fieldset(page, "agency-issuer"), _fieldset(page, "committee-issuer")
    common = _fieldset(page, "common-issuer")
    assert "Văn bản do cơ quan ngoại vụ ban hành" in agency and "Văn bản do UBND tỉnh ban hành" in committee
    for name in COMMITTEE_FIELDS:
        assert f'name="{name}"' in committee and f'name="{name}"' not in agency
    for name in ("parent_body", "issuing_body", "symbol", "authority_line", "signer_title", "signer_name"):
        assert f'name="{name}"' in agency and f'name="{name}"' not in committee
    for name in ("place_name", "recipients", "archive_line", "template", "clear_template"):
        assert f'name="{name}"' in common
    for name in [*FORM, "template", "clear_template"]:
        assert page.count(f'name="{name}"') == 1, name
    _save_settings(client, world, signer_name="Lê Văn Bình")
    row = IssuerSettings.objects.get(locality=world.a)
    assert (row.signer_name, row.committee_signer_name) == ("Lê Văn Bình", FORM["committee_signer_name"])


def test_the_pm_report_of_an_unsaved_province_uses_the_defaults(world):
    """No details saved: the Committee's block by default, its signer's name left for the officer."""
    officer = world.users["officer_a"]
    draft = actions.create_draft(officer, world.a, kind="pm_report", agreement=_agreement(world),
                                 issued_on=datetime.date(YEAR, 2, 16), number="3")
    draft = actions.generate(officer, draft)
    with draft.docx.open("rb") as handle:
        document = read_docx(handle.read())
    assert header_cells(document)[0] == ["ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN", "Số: 3/BC-UBND"]
    assert _signature(document)[0] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert not IssuerSettings.objects.filter(locality=world.a).exists()


@pytest.mark.parametrize("lines, expected", [
    # The document's line with a purpose, the usual line with a part of the same body: one, the document's.
    (["Bộ Ngoại giao (bản sao, để theo dõi)", "Bộ Ngoại giao (Cục Ngoại vụ và Ngoại giao văn hóa)"],
     ["Bộ Ngoại giao (bản sao, để theo dõi)"]),
    (["Bộ Ngoại giao (Cục Ngoại vụ)", "Bộ Ngoại giao (để b/c)"], ["Bộ Ngoại giao (Cục Ngoại vụ)"]),
    # Two parts of one ministry are two recipients; two ministries too.
    (["Bộ Công an (Cục A02)", "Bộ Công an (Cục Quản lý xuất nhập cảnh)"],
     ["Bộ Công an (Cục A02)", "Bộ Công an (Cục Quản lý xuất nhập cảnh)"]),
    (["Bộ Ngoại giao (để báo cáo)", "Bộ Công an (để biết)"], ["Bộ Ngoại giao (để báo cáo)", "Bộ Công an (để biết)"]),
    # As before: a bare name takes the fuller line in its place.
    (["Bộ Ngoại giao", "Bộ Ngoại giao (Cục Ngoại vụ)"], ["Bộ Ngoại giao (Cục Ngoại vụ)"]),
])
def test_a_body_already_listed_is_listed_once(lines, expected):
    assert _recipients(lines) == expected


def test_the_new_fields_read_in_english(world, client_for):
    """The settings page and the documents page in English: the new labels and help texts translated, the
    Committee's Decree 30 lines (Vietnamese on any page) only as examples or inside lang="vi"."""
    from django.conf import settings

    from tests.test_english_pages import fold_user_data, reference_names, vietnamese_texts
    client = client_for(world.users["officer_a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _save_settings(client, world)
    fold_user_data()
    names = reference_names()
    settings_page = client.get(reverse("reports:settings_edit", args=[world.a.pk])).content.decode()
    assert "People&#x27;s Committee&#x27;s abbreviation" in settings_page
    assert "leave empty when the Chair signs" in settings_page
    documents_page = client.get(reverse("reports:documents", args=[world.a.pk])).content.decode()
    assert "Report to the Prime Minister (issued by the People" in documents_page
    assert vietnamese_texts(settings_page, names) == [] and vietnamese_texts(documents_page, names) == []
