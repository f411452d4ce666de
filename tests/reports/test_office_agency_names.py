"""Decree 30/2020's names of bodies and places in the documents of provinces whose foreign-affairs agency is the
People's Committee's office (15 of the 34), and of Hồ Chí Minh City, with the province's default issuing
details (no settings saved), generated through the pages and read back from the Word file.

Found by review: the header wrote "VĂN PHÒNG ỦY / BAN NHÂN DÂN / TỈNH BẮC NINH" (the name of the People's
Committee cut in two), the text "Văn phòng ủy ban nhân dân tỉnh Bắc Ninh báo cáo …" (Appendix II writes
"Văn phòng Ủy ban nhân dân tỉnh"), and Hồ Chí Minh City's place and date "Hồ Chí Minh, ngày …" (Appendix I: a
place named after a person is written in full, "Thành phố Hồ Chí Minh")."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.agreements.models import Agreement
from ngoaivu.core.models import Locality
from ngoaivu.partners.models import Partner
from ngoaivu.reports import actions
from ngoaivu.reports.engine import HEADER_WIDTHS_MM, name_lines
from ngoaivu.reports.models import DocumentDraft
from tests.conftest import make_user
from tests.reports.helpers import body_text, header_cells, read_docx

pytestmark = pytest.mark.django_db


def _agency_letter_through_pages(client_for, code, username):
    """A province officer's opinion request on the province's agreement (a document the foreign-affairs agency
    issues; the report to the Prime Minister is the People's Committee's own), created and generated through
    the documents pages with the default issuing details; the Word file read back."""
    locality = Locality.objects.current().get(code=code)
    user = make_user(username, "locality", "officer", locality=locality)
    partner = Partner.objects.create(name="경기도", country="KR", name_vi="Tỉnh Gyeonggi")
    agreement = Agreement.objects.create(locality=locality, title="Bản ghi nhớ hợp tác với tỉnh Gyeonggi",
                                         form="ban_ghi_nho", status="signed", signed_on=datetime.date(2026, 3, 2))
    agreement.partners.add(partner)
    client = client_for(user)
    response = client.post(reverse("reports:draft_create", args=[locality.pk]), {
        "kind": "opinion_request", "agreement": agreement.pk, "period": "year", "issued_on": "05/03/2026"})
    assert response.status_code == 302, response.content[:2000]
    draft = DocumentDraft.objects.get(locality=locality, agreement=agreement)
    assert client.post(reverse("reports:draft_generate", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    with draft.docx.open("rb") as handle:
        return read_docx(handle.read())


def test_the_office_of_the_peoples_committee_is_named_whole_in_the_header_and_with_capitals_in_the_text(
        world, client_for):
    document = _agency_letter_through_pages(client_for, 24, "officer_bacninh")
    left, _right = header_cells(document)
    assert left[1].split("\n") == ["VĂN PHÒNG", "ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH"], left
    text = " ".join(body_text(document))
    assert "Văn phòng Ủy ban nhân dân tỉnh Bắc Ninh trân trọng đề nghị" in text, text
    assert "ủy ban nhân dân" not in text


def test_hcmc_writes_its_place_in_full_in_the_place_and_date_line(world, client_for):
    document = _agency_letter_through_pages(client_for, 79, "officer_hcm")
    _left, right = header_cells(document)
    assert right[-1].replace("\n", " ") == "Thành phố Hồ Chí Minh, ngày 05 tháng 3 năm 2026", right
    assert "Sở Ngoại vụ thành phố Hồ Chí Minh trân trọng đề nghị" in " ".join(body_text(document))


def test_other_provinces_keep_their_short_name_as_place(world):
    assert actions.settings_for(world.a).place_name == "Lạng Sơn"
    assert actions.settings_for(world.b).place_name == "Đà Nẵng"


@pytest.mark.parametrize("name, lines", [
    ("VĂN PHÒNG UỶ BAN NHÂN DÂN TỈNH SƠN LA", ["VĂN PHÒNG", "UỶ BAN NHÂN DÂN", "TỈNH SƠN LA"]),
    ("VĂN PHÒNG HỘI ĐỒNG NHÂN DÂN VÀ ỦY BAN NHÂN DÂN TỈNH LÀO CAI",
     ["VĂN PHÒNG", "HỘI ĐỒNG NHÂN DÂN", "VÀ ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI"]),
    # A joined name longer than the line with its comma is cut as other words are, not one word a line.
    ("VĂN PHÒNG ĐOÀN ĐẠI BIỂU QUỐC HỘI, HỘI ĐỒNG NHÂN DÂN VÀ ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
     ["VĂN PHÒNG ĐOÀN", "ĐẠI BIỂU QUỐC HỘI,", "HỘI ĐỒNG NHÂN DÂN", "VÀ ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU"]),
])
def test_names_of_councils_and_committees_stay_on_one_line(name, lines):
    assert name_lines(name, HEADER_WIDTHS_MM[0], 13).split("\n") == lines


@pytest.mark.parametrize("title, parties", [
    ("Kế hoạch hợp tác năm 2026 giữa tỉnh Lạng Sơn và Khu tự trị Quảng Tây", ""),
    ("Bản ghi nhớ hợp tác về du lịch", " giữa Ủy ban nhân dân tỉnh Lạng Sơn và Khu tự trị Quảng Tây (Trung Quốc)"),
])
def test_the_opinion_request_names_the_parties_once(world, title, parties):
    """A title naming its parties read "dự thảo Kế hoạch … giữa tỉnh Lạng Sơn và Khu tự trị Quảng Tây giữa Ủy ban
    nhân dân tỉnh Lạng Sơn và Khu tự trị Quảng Tây (Trung Quốc)" in the letter asking opinions."""
    user = world.users["officer_a"]
    partner = Partner.objects.create(name="Guangxi", country="CN", name_vi="Khu tự trị Quảng Tây")
    agreement = Agreement.objects.create(locality=world.a, title=title, form="ke_hoach" if "Kế hoạch" in title
                                         else "ban_ghi_nho", status="consulting", signatory_name="Ủy ban nhân dân "
                                         "tỉnh Lạng Sơn")
    agreement.partners.add(partner)
    draft = actions.generate(user, actions.create_draft(user, world.a, kind="opinion_request", agreement=agreement,
                                                        issued_on=datetime.date(2026, 12, 5)))
    with draft.docx.open("rb") as handle:
        text = body_text(read_docx(handle.read()))
    request = next(line for line in text if "cho ý kiến đối với dự thảo" in line)
    assert request.endswith(f"cho ý kiến đối với dự thảo {title}{parties}."), request
    assert request.count(" giữa ") == 1
