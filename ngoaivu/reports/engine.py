"""The document engine: Decree 30/2020/NĐ-CP's layout written with python-docx.

A document starts from a Word file — the province's own template if it uploaded one (its paper, margins,
fonts and styles), else `data/nd30.docx`, made by `make_base()` with Decree 30's page (A4, margins 20 /
20 / 30 / 15 mm, Times New Roman 14, page numbers centred at the top from page 2). The template's body is
cleared and the parts of the layout are written in order: the two-column header, "Kính gửi", body
paragraphs and tables, the signature block with "Nơi nhận".

Why python-docx rather than docxtpl's Jinja-in-Word: the tables have a variable number of rows and columns
and the header is a borderless two-column table with rules; written in code they stay right in Word and
in LibreOffice, while a province still replaces the look (the template file) without touching code.
"""
import io
import itertools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ngoaivu.core.exports import sheet_text
from ngoaivu.core.numbers import vn_number

BASE_TEMPLATE = Path(__file__).parent / "data" / "nd30.docx"
FONT = "Times New Roman"
BODY_PT = 14
TEXT_WIDTH_MM = 210 - 30 - 15
# A table in the text stops here and names the annex: a big province's overdue commitments run to thousands
# of rows, which python-docx writes at about 5 ms each (52 s for Hồ Chí Minh City) and nobody reads on
# paper. The annex workbook keeps every row.
TEXT_TABLE_ROWS = 300
# The header's columns: the bodies' names on the left, the national motto and the place and date on the right
# ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in 12 pt bold takes 88 mm), together the text's width.
HEADER_WIDTHS_MM = [70, 95]
CELL_MARGINS_MM = 4       # Word's and LibreOffice's default cell margins, 1.9 mm each side
# Average width of a character of Times New Roman, in ems: capitals in bold, capitals, mixed text in italics.
# Taken a little wide, so that a line counted as fitting does fit (measured on LibreOffice's PDF).
EM_CAPS_BOLD, EM_CAPS, EM_TEXT = 0.64, 0.6, 0.5
# Where a body's name breaks first: before the place it names ("ỦY BAN NHÂN DÂN / THÀNH PHỐ HỒ CHÍ MINH"),
# else before a word that starts a part of the name ("… CHẾ XUẤT / VÀ CÔNG NGHIỆP") or after a dash.
# "XÃ HỘI" (society) is no commune where the name ends or goes on with a place or a joining word ("… THƯƠNG BINH
# VÀ XÃ HỘI TỈNH …", "TỆ NẠN XÃ HỘI VÀ …"); "XÃ HỘI XUÂN" is one.
_PLACE = re.compile(r"(?<!THỊ)\s(?=(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|PHƯỜNG|ĐẶC KHU"
                    r"|XÃ(?! HỘI(?:$|[\s,;-]+(?:$|TỈNH|THÀNH|HUYỆN|QUẬN|THỊ|PHƯỜNG|ĐẶC|VÀ|CỦA|CHỦ|TẠI|VỀ)\b)))\s)")
_PART_WORDS = {"VÀ", "CỦA", "VỀ", "TẠI", "CÁC"}
# Names of bodies a line never cuts ("VĂN PHÒNG ỦY / BAN NHÂN DÂN" was the header of the 15 provinces whose
# foreign-affairs agency is the People's Committee's office): their words are joined by a zero-width joiner,
# which counts as the space it stands for, while the lines are chosen.
_WHOLE = re.compile(r"\b(?:[ỦU][YỶ] BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|ĐOÀN ĐẠI BIỂU QUỐC HỘI)\b")
_JOIN = "\u200d"


@dataclass
class Header:
    parent_body: str            # "UBND TỈNH LẠNG SƠN"
    issuing_body: str           # "SỞ NGOẠI VỤ"
    number_line: str            # "Số: 12/BC-SNgV"
    place_date: str             # "Lạng Sơn, ngày 05 tháng 02 năm 2026"
    subject_line: str = ""      # a công văn's "V/v …" under the number


@dataclass
class Signature:
    authority: str = ""         # "KT. GIÁM ĐỐC"; the Committee's "KT. CHỦ TỊCH"
    title: str = ""             # "PHÓ GIÁM ĐỐC"
    name: str = ""
    recipients: list = field(default_factory=list)   # "Nơi nhận" lines, without the archive line
    archive: str = "Lưu: VT"
    collective: str = ""        # a collective body's "TM. ỦY BAN NHÂN DÂN", above the authority line


def _run(paragraph, text):
    """A run of text Word can hold: a title or narrative pasted from Word carries its manual line break
    (\x0b) or page break (\x0c), which python-docx refuses with the whole document (a 500 on "Tạo tệp
    Word"); they become line breaks and other control characters are dropped, as in the Excel annex."""
    return paragraph.add_run(sheet_text(text))


def _font(run, size=BODY_PT, bold=False, italic=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    # East-Asian and complex-script slots too, or Word falls back to another font for Vietnamese text.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    return run


def _paragraph(container, text="", size=BODY_PT, bold=False, italic=False, align=None, space_after=0,
               indent=False, line=None):
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(space_after)
    if line:
        fmt.line_spacing = line
    if indent:
        fmt.first_line_indent = Mm(10)
    if align is not None:
        p.alignment = align
    if text:
        _font(_run(p, text), size, bold, italic)
    return p


def _rule(container, indent_mm):
    """A short line (the rule under the issuing body, the motto and the summary line): the bottom border
    of an empty 2-pt paragraph narrowed by indents, which Word and LibreOffice both draw; the text above
    keeps the cell's whole width."""
    paragraph = _paragraph(container, "", size=2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Mm(indent_mm)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)
    return paragraph


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _set_widths(table, widths_mm):
    # LibreOffice honours the grid, Word the cells: set both (see DEPENDENCIES.md).
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


def _fits(text: str, width_mm: float, size: float, em: float) -> int:
    """How many characters of `text`'s kind a line of `width_mm` holds."""
    return int((width_mm - CELL_MARGINS_MM) / (size * 0.3528 * em))


def _balanced(words: list[str], limit: int) -> list[str]:
    """`words` on as few lines of at most `limit` characters as they fit, the lines as even as can be and
    broken before a word that starts a part of the name, or after a dash, where that costs little (not "CÁC KHU
    CHẾ / XUẤT", "THƯƠNG / BINH"). Every way of cutting is tried while they are few; a name of many words (the
    ways grow exponentially: 35 s for 154 characters) is filled line by line instead."""
    for count in range(1, len(words) + 1):
        if math.comb(len(words) - 1, count - 1) > MAX_LAYOUTS:
            return _filled(words, limit)
        best = None
        for cuts in itertools.combinations(range(1, len(words)), count - 1):
            bounds = [0, *cuts, len(words)]
            lines = [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:])]
            longest = max(len(line) for line in lines)
            if longest > limit:
                continue
            score = longest - 6 * sum(words[c] in _PART_WORDS or words[c - 1] in "-–" for c in cuts)
            if best is None or score < best[0]:
                best = (score, lines)
        if best:
            return best[1]
    return words


# The ways of cutting a name _balanced compares at most (about 50 ms), per number of lines.
MAX_LAYOUTS = 20_000


def _filled(words: list[str], limit: int) -> list[str]:
    """`words` on lines of at most `limit` characters, each filled before the next begins."""
    lines = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def name_lines(name: str, width_mm: float, size: float, em: float = EM_CAPS_BOLD) -> str:
    """A body's name (in capitals) as the header writes it in a column `width_mm` wide: on one line if it fits,
    else broken first before the place it names, the place kept whole on its line and the rest balanced, with
    line breaks, so that neither Word nor LibreOffice cuts a name where the column happens to end."""
    name = " ".join(name.split())
    limit = _fits(name, width_mm, size, em)
    if len(name) <= limit:
        return name
    parts = _PLACE.split(name)
    head, place = (" ".join(parts[:-1]), parts[-1]) if len(parts) > 1 and len(parts[-1]) <= limit else (name, "")
    # A joined name wider than the line (with its comma) is cut where it must, as any other words.
    words = " ".join(w if len(w) <= limit else w.replace(_JOIN, " ")
                     for w in _WHOLE.sub(lambda m: m.group(0).replace(" ", _JOIN), head).split()).split()
    lines = _balanced(words, limit) if head else []
    return "\n".join([*lines, place] if place else lines).replace(_JOIN, " ")


def place_date_lines(text: str, width_mm: float, size: float) -> str:
    """"Thành phố Hồ Chí Minh, ngày 05 tháng 02 năm 2026": the date on a line of its own when the whole does
    not fit, rather than "… năm" with "2026" alone below."""
    if len(text) <= _fits(text, width_mm, size, EM_TEXT) or ", ngày " not in text:
        return text
    place, date = text.rsplit(", ngày ", 1)
    return f"{place},\nngày {date}"


def _cell_text(cell, text, size=13, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER, first=True):
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    _font(_run(p, text), size, bold, italic)
    return p


class Writer:
    """Writes one document in Decree 30's layout. `template` is the bytes of a .docx (None: the default)."""

    def __init__(self, template: bytes | None = None):
        self.doc = Document(io.BytesIO(template) if template else str(BASE_TEMPLATE))
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):     # keep the page setup, drop the template's sample text
                body.remove(child)

    # --- the parts -----------------------------------------------------------------------------------
    def header(self, h: Header):
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _no_borders(table)
        _set_widths(table, HEADER_WIDTHS_MM)
        left, right = table.rows[0].cells
        width, right_width = HEADER_WIDTHS_MM
        # A body with no parent above it (the provincial People's Committee issuing its own report): its name
        # alone, bold, on the first line (Decree 30/2020, Appendix I), no empty parent line above it.
        if h.parent_body.strip():
            _cell_text(left, name_lines(h.parent_body.upper(), width, 13, EM_CAPS), size=13)
        _cell_text(left, name_lines(h.issuing_body.upper(), width, 13), size=13, bold=True,
                   first=not h.parent_body.strip())
        _rule(left, 22)
        _cell_text(left, "", size=6, first=False)
        _cell_text(left, h.number_line, size=13, first=False)
        if h.subject_line:
            _cell_text(left, h.subject_line, size=12, first=False)
        _cell_text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
        _cell_text(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, first=False)
        _rule(right, 22)
        _cell_text(right, "", size=6, first=False)
        _cell_text(right, place_date_lines(h.place_date, right_width, 13), size=13, italic=True, first=False)
        _paragraph(self.doc, "", space_after=6)

    def title(self, title: str, summary: str = ""):
        _paragraph(self.doc, title.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        if summary:
            _paragraph(self.doc, summary, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            _rule(self.doc, 60)
        _paragraph(self.doc, "", space_after=0)

    def addressee(self, names: list[str]):
        if not names:
            return
        if len(names) == 1:
            _paragraph(self.doc, f"Kính gửi: {names[0]}.", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
            return
        _paragraph(self.doc, "Kính gửi:", align=WD_ALIGN_PARAGRAPH.CENTER)
        for i, name in enumerate(names):
            end = "." if i == len(names) - 1 else ";"
            p = _paragraph(self.doc, f"- {name}{end}", space_after=6 if end == "." else 0)
            p.paragraph_format.left_indent = Mm(45)

    def heading(self, text: str):
        _paragraph(self.doc, text, bold=True, space_after=6, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)

    def text(self, text: str, italic=False):
        """Body text: each line a justified paragraph with a first-line indent."""
        for line in (text or "").splitlines():
            if line.strip():
                _paragraph(self.doc, line.strip(), italic=italic, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                           indent=True, space_after=6, line=1.15)

    def table(self, headers: list[str], rows: list[list], widths_mm: list[float] | None = None):
        shown, rows = len(rows), rows[:TEXT_TABLE_ROWS]
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = self.doc.styles["Table Grid"] if "Table Grid" in [s.name for s in self.doc.styles] else None
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        if table.style is None:
            _grid(table)
        for cell, text in zip(table.rows[0].cells, headers):
            _cell_text(cell, str(text), size=12, bold=True)
        for values in rows:
            cells = table.add_row().cells
            for i, (cell, value) in enumerate(zip(cells, values)):
                numeric = isinstance(value, int) and not isinstance(value, bool)
                # A count as Vietnamese writes it ("1.500"): the annex keeps it a number.
                text = "" if value is None else vn_number(value) if numeric else str(value)
                _cell_text(cell, text, size=12,
                           align=WD_ALIGN_PARAGRAPH.CENTER if numeric or i == 0 else WD_ALIGN_PARAGRAPH.LEFT)
        widths = widths_mm or [TEXT_WIDTH_MM / len(headers)] * len(headers)
        _set_widths(table, widths)
        if shown > len(rows):
            _paragraph(self.doc, f"(Bảng nêu {vn_number(len(rows))} trên {vn_number(shown)} dòng; danh sách đầy đủ tại "
                       "phụ lục Excel kèm theo.)", italic=True, space_after=6)
        else:
            _paragraph(self.doc, "", space_after=6)
        return table

    def signature(self, s: Signature):
        table = self.doc.add_table(rows=1, cols=2)
        _no_borders(table)
        _set_widths(table, [85, 80])
        left, right = table.rows[0].cells
        p = _cell_text(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for line in [*s.recipients, s.archive]:
            end = "." if line == s.archive else ";"
            _cell_text(left, f"- {line.rstrip('.;')}{end}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT, first=False)
        first = True
        for line in (s.collective, s.authority):
            if line.strip():
                _cell_text(right, line.strip().upper(), size=13, bold=True, first=first)
                first = False
        _cell_text(right, s.title.upper(), size=13, bold=True, first=first)
        for _ in range(4):
            _cell_text(right, "", size=13, first=False)
        _cell_text(right, s.name, size=13, bold=True, first=False)
        return p

    def page_break(self):
        self.doc.add_page_break()

    def save(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _grid(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            element.set(qn(key), value)
        borders.append(element)
    tbl_pr.append(borders)


def _page_number_field(paragraph):
    run = paragraph.add_run()
    _font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def make_base(path: Path = BASE_TEMPLATE) -> None:
    """Write the default template: Decree 30's page, font and the page number centred at the top, none on
    the first page. Run `python -m ngoaivu.reports.engine` after changing it; the file is kept in the repo
    so a province can download it, change it in Word and upload it as its own."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(p)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    doc.core_properties.title = "Mẫu văn bản hành chính (Nghị định 30/2020/NĐ-CP)"
    doc.core_properties.author = "ngoaivu"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


if __name__ == "__main__":
    make_base()
