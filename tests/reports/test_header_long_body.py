"""Decree 30/2020's header with a long body name: the header table was 170 mm wide on a 165 mm text width, and
a name longer than its column wrapped wherever the column ended, cutting names apart ("ỦY BAN NHÂN DÂN THÀNH /
PHỐ HỒ CHÍ MINH", "… năm / 2026"). The table fits the text width, a name breaks before the place it names
("ỦY BAN NHÂN DÂN / THÀNH PHỐ HỒ CHÍ MINH"), its lines balanced, and the date moves whole to its own line."""
import datetime
import io

import pytest
from pypdf import PdfReader

from ngoaivu.reports import pdf
from ngoaivu.reports.dates import place_and_date
from ngoaivu.reports.engine import TEXT_WIDTH_MM, Header, Writer
from tests.reports.helpers import header_cells, read_docx

PARENT = "Ủy ban nhân dân thành phố Hồ Chí Minh"
BODY = "Ban Quản lý các khu chế xuất và công nghiệp thành phố Hồ Chí Minh"


def _docx(parent=PARENT, body=BODY, place="Thành phố Hồ Chí Minh"):
    w = Writer()
    w.header(Header(parent_body=parent, issuing_body=body, number_line="Số: 123/BC-BQL",
                    place_date=place_and_date(place, datetime.date(2026, 2, 5))))
    w.text("Nội dung.")
    return w.save()


def test_a_long_body_name_breaks_between_its_parts_within_a_header_that_fits_the_page():
    document = read_docx(_docx())
    table = document.tables[0]
    widths = [int(col.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w"))
              for col in table._tbl.tblGrid.findall(
                  "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}gridCol")]
    assert sum(widths) / 56.7 <= TEXT_WIDTH_MM + 0.5, widths  # twips to mm
    left, right = header_cells(document)
    assert left[0].split("\n") == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]
    body = left[1].split("\n")
    assert body[-1] == "THÀNH PHỐ HỒ CHÍ MINH" and " ".join(body) == BODY.upper()
    assert max(len(line) for line in body[:-1]) <= 24, body
    assert right[-1].split("\n") == ["Thành phố Hồ Chí Minh,", "ngày 05 tháng 02 năm 2026"]


def test_a_short_name_stays_on_one_line():
    left, right = header_cells(read_docx(_docx("UBND TỈNH LẠNG SƠN", "SỞ NGOẠI VỤ", "Lạng Sơn")))
    assert left[:2] == ["UBND TỈNH LẠNG SƠN", "SỞ NGOẠI VỤ"]
    assert right[-1] == "Lạng Sơn, ngày 05 tháng 02 năm 2026"


@pytest.mark.skipif(not pdf.available(), reason="LibreOffice is installed by scripts/test")
def test_the_pdf_keeps_each_part_of_the_name_on_a_line_of_its_own():
    content, _seconds = pdf.convert(_docx())
    lines = [" ".join(line.split()) for line in PdfReader(io.BytesIO(content)).pages[0].extract_text().splitlines()]
    for part in ("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH", "ngày 05 tháng 02 năm 2026"):
        assert any(part in line for line in lines), (part, lines)
    assert not any(line.endswith(("THÀNH", "năm", "CHẾ")) for line in lines), lines


@pytest.mark.parametrize("name, lines", [
    ("ỦY BAN NHÂN DÂN XÃ HỘI XUÂN", ["ỦY BAN NHÂN DÂN", "XÃ HỘI XUÂN"]),  # a commune named Hội Xuân
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI TỈNH THỪA THIÊN HUẾ",
     ["SỞ LAO ĐỘNG -", "THƯƠNG BINH VÀ XÃ HỘI", "TỈNH THỪA THIÊN HUẾ"]),  # "xã hội", society: no commune
])
def test_a_commune_is_a_place_and_society_is_not(name, lines):
    from ngoaivu.reports.engine import HEADER_WIDTHS_MM, name_lines
    assert name_lines(name, HEADER_WIDTHS_MM[0], 13).split("\n") == lines


def test_a_name_of_many_words_is_filled_line_by_line_not_tried_every_way():
    """Every way of cutting 30 words is 2^29 layouts: a 154-character name took 35 s inside the request."""
    from ngoaivu.reports import engine
    name = ("BAN CHỈ ĐẠO PHÒNG CHỐNG TỘI PHẠM, TỆ NẠN XÃ HỘI VÀ XÂY DỰNG PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH "
            "TỔ QUỐC CỦA CÁC CƠ QUAN ĐẢNG, MẶT TRẬN VÀ ĐOÀN THỂ TỈNH LẠNG SƠN")
    tried = []
    real = engine._balanced

    def counting(words, limit):
        tried.append(len(words))
        return real(words, limit)
    lines = engine.name_lines(name, engine.HEADER_WIDTHS_MM[0], 13).split("\n")
    limit = engine._fits(name, engine.HEADER_WIDTHS_MM[0], 13, engine.EM_CAPS_BOLD)
    assert " ".join(lines) == name and all(len(line) <= limit for line in lines)
    assert lines[-1] == "TỈNH LẠNG SƠN"
    # The count of layouts compared is bounded: no more than MAX_LAYOUTS per number of lines.
    import math
    words = " ".join(lines[:-1]).split()
    assert math.comb(len(words) - 1, len(lines) - 2) > engine.MAX_LAYOUTS  # this name would have been slow
