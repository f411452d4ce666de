"""Reading generated documents back: python-docx for Word, pypdf for PDF, openpyxl for the annex."""
import datetime
import io

import docx
from docx.shared import Mm

from ngoaivu.implementation.models import Commitment
from ngoaivu.partners.models import Partner

YEAR = 2026


def make_registers(world):
    """A's register for 2026: two signed in the year (one active, one only signed), one dormant from 2025
    with reasons, one at risk; a proposal; an overdue, a fulfilled and a future commitment. B signs too."""
    from ngoaivu.agreements.models import Agreement
    kr, _ = Partner.objects.get_or_create(name="Gyeonggi-do", country="KR", defaults={"name_vi": "Tỉnh Gyeonggi"})
    cn, _ = Partner.objects.get_or_create(name="Guangxi", country="CN", defaults={"name_vi": "Khu tự trị Quảng Tây"})

    def make(locality, title, signed, status, health="na", **extra):
        a = Agreement.objects.create(locality=locality, title=title, form="ban_ghi_nho", status=status,
                                     health=health, signed_on=signed, in_force_on=signed, **extra)
        a.partners.add(kr if "Gyeonggi" in title else cn)
        return a

    a = world.a
    active = make(a, "Bản ghi nhớ hợp tác với Gyeonggi về nông nghiệp", datetime.date(YEAR, 2, 5), "in_force", "active")
    signed = make(a, "Thỏa thuận hợp tác thương mại biên giới với Quảng Tây", datetime.date(YEAR, 9, 1), "signed")
    dormant = make(a, "Bản ghi nhớ hợp tác du lịch với Quảng Tây", datetime.date(YEAR - 1, 3, 1), "in_force", "dormant",
                   health_reasons="không có hoạt động trong 14 tháng")
    risky = make(a, "Thỏa thuận hợp tác y tế với Gyeonggi", datetime.date(YEAR - 1, 6, 1), "in_force", "at_risk")
    make(a, "Đề xuất hợp tác giáo dục với Gyeonggi", None, "proposed")
    make(world.b, "Thỏa thuận của Đà Nẵng với Gyeonggi", datetime.date(YEAR, 4, 1), "in_force", "active")
    Commitment.objects.create(agreement=dormant, description="Tổ chức hội chợ du lịch chung",
                              due_on=datetime.date(YEAR, 5, 1), status="pending")
    Commitment.objects.create(agreement=risky, description="Trao đổi đoàn bác sĩ", due_on=datetime.date(YEAR, 3, 1),
                              status="fulfilled", fulfilled_on=datetime.date(YEAR, 2, 20))
    Commitment.objects.create(agreement=active, description="Xây dựng mô hình trồng hồi",
                              due_on=datetime.date(YEAR + 1, 3, 1), status="in_progress")
    return {"active": active, "signed": signed, "dormant": dormant, "risky": risky}


def read_docx(content: bytes):
    return docx.Document(io.BytesIO(content))


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def assert_decree30_page(document):
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    assert 20 <= round(section.top_margin.mm) <= 25
    assert 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35
    assert 15 <= round(section.right_margin.mm) <= 20
    fonts = {run.font.name for p in document.paragraphs for run in p.runs if run.text.strip()}
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                fonts |= {run.font.name for p in cell.paragraphs for run in p.runs if run.text.strip()}
    assert fonts == {"Times New Roman"}
    assert document.styles["Normal"].font.name == "Times New Roman"


def header_cells(document) -> tuple[list[str], list[str]]:
    left, right = document.tables[0].rows[0].cells
    return ([p.text for p in left.paragraphs if p.text.strip()], [p.text for p in right.paragraphs if p.text.strip()])


def body_text(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def outbound_rows(user, locality, year: int, title: str) -> tuple[list[list[str]], list[tuple]]:
    """The rows of the delegation titled `title` in the yearly external-affairs report of `year`, as written
    in the Word file's tables and in its annex's "Đoàn ra" sheet (the file generated and read back)."""
    from openpyxl import load_workbook

    from ngoaivu.reports import actions
    draft = actions.create_draft(user, locality, issued_on=datetime.date(year + 1, 1, 10), kind="external_affairs",
                                 year=year, period="year")
    draft = actions.generate(user, draft)
    with draft.docx.open("rb") as handle:
        document = read_docx(handle.read())
    words = [row for t in document.tables for row in table_rows(t)[1:] if row[1] == title]
    with draft.xlsx.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read()))["Đoàn ra"]
    return words, [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == title]
