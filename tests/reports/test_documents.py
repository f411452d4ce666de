"""Each document read back with python-docx: Decree 30's page and font, the header's cells, the date with
leading zeros, the title, and the tables' figures against the registers."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied

from ngoaivu.agreements.models import Agreement
from ngoaivu.implementation.models import Commitment
from ngoaivu.reports import actions
from ngoaivu.reports.models import DocumentDraft
from tests.reports.helpers import (
    YEAR, assert_decree30_page, body_text, header_cells, make_registers, read_docx, table_rows,
)

pytestmark = pytest.mark.django_db


def _settings(world):
    return actions.save_settings(world.users["officer_a"], world.a, parent_body="UBND TỈNH LẠNG SƠN",
                                 issuing_body="SỞ NGOẠI VỤ", symbol="SNgV", place_name="Lạng Sơn",
                                 authority_line="KT. GIÁM ĐỐC", signer_title="PHÓ GIÁM ĐỐC",
                                 signer_name="Nguyễn Văn An", recipients="UBND tỉnh (để báo cáo)\nLãnh đạo Sở",
                                 archive_line="Lưu: VT, HTQT")


def _generate(world, **fields):
    user = world.users["officer_a"]
    draft = actions.create_draft(user, world.a, issued_on=datetime.date(YEAR + 1, 2, 5), **fields)
    draft = actions.generate(user, draft)
    with draft.docx.open("rb") as handle:
        return draft, read_docx(handle.read())


def test_yearly_agreements_report_has_decree30_layout_and_the_registers_figures(world):
    _settings(world)
    made = make_registers(world)
    draft, document = _generate(world, kind="yearly_agreements", year=YEAR, number="12",
                                opening="Năm 2026, tỉnh tiếp tục mở rộng hợp tác với các địa phương nước ngoài.",
                                proposals="Đề nghị Bộ Ngoại giao hướng dẫn việc cập nhật cơ sở dữ liệu.")
    assert_decree30_page(document)
    left, right = header_cells(document)
    assert left == ["UBND TỈNH LẠNG SƠN", "SỞ NGOẠI VỤ", "Số: 12/BC-SNgV"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Lạng Sơn, ngày 05 tháng 02 năm 2027"]
    text = body_text(document)
    assert text[0] == "BÁO CÁO"
    assert text[1] == "Tình hình ký kết và thực hiện thỏa thuận quốc tế năm 2026"
    assert "Năm 2026, tỉnh tiếp tục mở rộng hợp tác với các địa phương nước ngoài." in text
    assert "Đề nghị Bộ Ngoại giao hướng dẫn việc cập nhật cơ sở dữ liệu." in text

    signed, health, dormant, overdue = (table_rows(t) for t in document.tables[1:5])
    # Table 1: the agreements A signed in the year, as the register counts them (B's and the proposal not).
    register_signed = Agreement.objects.filter(locality=world.a, signed_on__year=YEAR).exclude(status="proposed")
    assert [row[1] for row in signed[1:]] == [a.title for a in register_signed.order_by("signed_on")]
    assert len(signed) - 1 == 2 and signed[1][4] == "05/02/2026"
    # Table 2: in force by health, each figure equal to the register's count.
    counts = {row[0]: row[1] for row in health[1:]}
    for value, label in (("active", "Đang triển khai"), ("at_risk", "Có nguy cơ"), ("dormant", "Ký rồi để đấy")):
        assert counts[label] == str(Agreement.objects.filter(locality=world.a, status="in_force", health=value).count())
    assert counts["Tổng số"] == str(Agreement.objects.filter(locality=world.a, status="in_force").count())
    # Table 3: dormant with its reason.
    register_dormant = Agreement.objects.filter(locality=world.a, status="in_force", health="dormant")
    assert [row[1] for row in dormant[1:]] == [a.title for a in register_dormant.order_by("signed_on", "pk")]
    assert [made["dormant"].title, "Khu tự trị Quảng Tây (Trung Quốc)", "Chưa có",
            "không có hoạt động trong 14 tháng"] in [row[1:] for row in dormant[1:]]
    # Table 4: the open commitments due before the end of the year.
    expected = Commitment.objects.filter(agreement__locality=world.a, status__in=["pending", "in_progress"],
                                         due_on__lt=datetime.date(YEAR, 12, 31))
    assert [row[2] for row in overdue[1:]] == [c.description for c in expected.order_by("due_on", "pk")]
    assert "Tổ chức hội chợ du lịch chung" in [row[2] for row in overdue[1:]]
    assert "Xây dựng mô hình trồng hồi" not in [row[2] for row in overdue[1:]]
    # The signature block and "Nơi nhận".
    sign_left, sign_right = document.tables[-1].rows[0].cells
    assert [p.text for p in sign_right.paragraphs if p.text.strip()] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]
    recipients = [p.text for p in sign_left.paragraphs if p.text.strip()]
    assert recipients[0] == "Nơi nhận:" and recipients[-1] == "- Lưu: VT, HTQT."
    assert "- UBND tỉnh (để báo cáo);" in recipients
    # The annex: the same four tables in Excel.
    from openpyxl import load_workbook
    with draft.xlsx.open("rb") as handle:
        book = load_workbook(handle)
    assert book.sheetnames == ["Ký kết trong năm", "Theo tình hình", "Ký rồi để đấy", "Cam kết quá hạn"]
    assert [[c.value for c in row] for row in book["Theo tình hình"].iter_rows(min_row=2)] == \
        [[row[0], int(row[1])] for row in health[1:]]


def test_a_long_table_stops_in_the_text_and_names_the_annex_that_keeps_every_row(world, monkeypatch):
    from openpyxl import load_workbook

    from ngoaivu.reports import engine
    _settings(world)
    make_registers(world)
    monkeypatch.setattr(engine, "TEXT_TABLE_ROWS", 1)
    draft, document = _generate(world, kind="yearly_agreements", year=YEAR)
    signed = table_rows(document.tables[1])
    assert len(signed) == 2  # the header and one row
    assert "(Bảng nêu 1 trên 2 dòng; danh sách đầy đủ tại phụ lục Excel kèm theo.)" in body_text(document)
    with draft.xlsx.open("rb") as handle:
        book = load_workbook(handle)
    assert book["Ký kết trong năm"].max_row == 3  # the header and both rows


def test_date_has_leading_zeros_and_defaults_come_from_the_province(world):
    draft, document = _generate(world, kind="yearly_agreements", year=YEAR)
    left, right = header_cells(document)
    assert left[0] == "UBND TỈNH LẠNG SƠN"
    assert left[2].startswith("Số: ") and left[2].endswith("/BC-SNgV")
    assert right[2] == "Lạng Sơn, ngày 05 tháng 02 năm 2027"


def test_opinion_request_letter_is_addressed_to_the_consultees(world):
    _settings(world)
    agreement = world.agreement_a
    draft, document = _generate(world, kind="opinion_request", agreement=agreement, number="7")
    assert_decree30_page(document)
    left, _right = header_cells(document)
    assert left[2] == "Số: 7/SNgV"
    assert left[3].startswith("V/v xin ý kiến đối với dự thảo ") and agreement.title in left[3]
    text = body_text(document)
    assert text[0] == "Kính gửi:"
    from ngoaivu.agreements.consultees import checklist
    consultees = [item.rule.consultee for item in checklist(agreement)[1]]
    assert consultees and [line[2:-1] for line in text[1:1 + len(consultees)]] == consultees


def test_pm_report_names_the_agreement_and_sends_the_copy_to_mofa(world):
    _settings(world)
    made = make_registers(world)
    draft, document = _generate(world, kind="pm_report", agreement=made["active"])
    text = body_text(document)
    assert text[:3] == ["BÁO CÁO", "Về việc ký kết Bản ghi nhớ hợp tác với Gyeonggi về nông nghiệp",
                        "Kính gửi: Thủ tướng Chính phủ."]
    facts = dict(table_rows(document.tables[1])[1:])
    assert facts["Ngày ký"] == "05/02/2026" and facts["Bên nước ngoài"] == "Tỉnh Gyeonggi (Hàn Quốc)"
    sign_left = document.tables[-1].rows[0].cells[0]
    assert "- Bộ Ngoại giao (bản sao, để theo dõi);" in [p.text for p in sign_left.paragraphs]


def test_external_affairs_report_counts_delegations_and_conferences_of_the_half_year(world):
    from tests.exchanges.factories import conference, delegation
    user = world.users["officer_a"]
    delegation(user, world.a, start_date=datetime.date(YEAR, 3, 9))
    delegation(user, world.a, start_date=datetime.date(YEAR, 8, 9), title="Đoàn thăm Hàn Quốc", countries=("KR",))
    delegation(world.users["officer_b"], world.b, start_date=datetime.date(YEAR, 3, 9))
    conference(user, world.a)
    draft, document = _generate(world, kind="external_affairs", year=YEAR, period="h1")
    text = body_text(document)
    assert text[1] == "Tình hình thực hiện công tác đối ngoại 6 tháng đầu năm 2026"
    out = table_rows(document.tables[1])
    assert [row[1] for row in out[1:]] == ["Đoàn công tác thăm Nhật Bản"]
    assert out[1][4] == "Nhật Bản"
    assert "1. Đoàn ra: 1 đoàn" in text and "3. Hội nghị, hội thảo quốc tế: 1" in text
    assert [row[1] for row in table_rows(document.tables[3])[1:]] == ["Hội thảo hợp tác thương mại biên giới"]


def test_delegation_results_report_lists_members_and_stops(world):
    from tests.exchanges.factories import approved_delegation
    d = approved_delegation(world.users["officer_a"], world.a, members=("Hoàng Văn Nam", "Lê Thị Hoa"),
                            countries=("JP", "KR"))
    draft, document = _generate(world, kind="delegation_results", delegation=d)
    text = body_text(document)
    assert text[1] == "Kết quả chuyến công tác: Đoàn công tác thăm Nhật Bản"
    assert text[2] == "Kính gửi: Ban Thường vụ Tỉnh ủy."
    assert [row[1] for row in table_rows(document.tables[1])[1:]] == ["Hoàng Văn Nam", "Lê Thị Hoa"]
    assert [row[1] for row in table_rows(document.tables[2])[1:]] == ["Nhật Bản", "Hàn Quốc"]
    # Decree 30: the one body named in "Kính gửi" is in "Nơi nhận" too, as "Như trên" (it held only the archive
    # line, and the record did not say whom the report went to: review of 07/12/2026).
    recipients = [p.text for p in document.tables[-1].rows[0].cells[0].paragraphs if p.text.strip()]
    assert recipients == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]


def test_narrative_edits_are_kept_in_history(world):
    user = world.users["officer_a"]
    draft = actions.create_draft(user, world.a, kind="yearly_agreements", year=YEAR, opening="Bản đầu")
    actions.update_draft(user, draft, opening="Bản sửa")
    draft.refresh_from_db()
    assert draft.opening == "Bản sửa"
    assert [h.opening for h in draft.history.order_by("history_date")] == ["Bản đầu", "Bản sửa"]


def test_another_province_cannot_draft_or_generate_for_a(world):
    with pytest.raises(PermissionDenied):
        actions.create_draft(world.users["officer_b"], world.a, kind="yearly_agreements", year=YEAR)
    draft = actions.create_draft(world.users["officer_a"], world.a, kind="yearly_agreements", year=YEAR)
    with pytest.raises(PermissionDenied):
        actions.generate(world.users["officer_b"], draft)
    assert not DocumentDraft.objects.get(pk=draft.pk).docx
    with pytest.raises(Exception):
        actions.create_draft(world.users["officer_a"], world.a, kind="pm_report", agreement=world.agreement_b)


def test_a_province_template_replaces_the_look(world):
    """A province's own .docx (here: 25 mm top margin) is the start of its documents."""
    import io
    import docx
    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx.shared import Mm
    from ngoaivu.reports.engine import BASE_TEMPLATE
    own = docx.Document(str(BASE_TEMPLATE))
    own.sections[0].top_margin = Mm(25)
    own.add_paragraph("Nội dung mẫu sẽ bị bỏ")
    out = io.BytesIO()
    own.save(out)
    settings = _settings(world)
    actions.save_settings(world.users["officer_a"], world.a, template=SimpleUploadedFile("mau.docx", out.getvalue()))
    draft, document = _generate(world, kind="yearly_agreements", year=YEAR)
    assert abs(document.sections[0].top_margin - Mm(25)) < Mm(1)
    assert "Nội dung mẫu sẽ bị bỏ" not in body_text(document)
    assert settings.pk


@pytest.mark.parametrize("stored,expected", [
    ("SỞ NGOẠI VỤ TỈNH LẠNG SƠN", "Sở Ngoại vụ tỉnh Lạng Sơn"),
    ("SỞ NGOẠI VỤ", "Sở Ngoại vụ"),
    ("VĂN PHÒNG UBND TỈNH LẠNG SƠN", "Văn phòng UBND tỉnh Lạng Sơn"),
])
def test_the_issuing_body_inside_a_sentence_is_written_as_decree_30_writes_names(world, stored, expected):
    """The header keeps the capitals; the opening sentence does not say "Sở Ngoại Vụ Tỉnh Lạng Sơn"."""
    from types import SimpleNamespace

    from ngoaivu.reports.documents import body_in_sentence
    assert world.a.short_name == "Lạng Sơn"
    assert body_in_sentence(SimpleNamespace(issuing_body=stored, locality=world.a)) == expected
