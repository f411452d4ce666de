"""The one writer of every spreadsheet the application hands out (list exports, import templates).

Formula injection: a title or a partner's name is typed by someone, and a spreadsheet treats text that
starts with = + - @ (or a tab or carriage return, which some programs strip first) as a formula — a
`=HYPERLINK(...)` in a partner's name would run in the official's Excel. So every text cell is
neutralised here, once, for every export:

- XLSX: the text is written unchanged as a string cell (never a formula) with Excel's "quote prefix"
  style, so editing the cell later does not turn it into a formula either; what is exported still
  imports back unchanged.
- CSV has no cell types: text starting with one of those characters gets a leading apostrophe (the
  OWASP advice), which Excel and LibreOffice show as text.

Numbers and dates stay typed cells (dates shown dd/mm/yyyy). Lazy translation labels are text too.

Excel's cell limit (32,767 characters) holds for a CSV it opens as for an .xlsx: a longer text is cut the same
way, with the same mark, in both (cut_to_cell).
"""
import copy
import csv
import datetime
import decimal
import io
import re
from dataclasses import dataclass, field
from itertools import batched

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
DATE_FORMAT = "DD/MM/YYYY"
# What Excel refuses in a sheet's name (and openpyxl with it), and its length.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/?*:\[\]]")
SHEET_TITLE_MAX = 31


# What an .xlsx cell cannot hold (openpyxl refuses it, and the whole file with it): control characters. A
# vertical tab or form feed is Word's manual line or page break pasted into a text field: a line break.
_SHEET_BREAKS = re.compile(r"[\x0b\x0c]")
_SHEET_ILLEGAL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def sheet_text(text: str) -> str:
    """Text as an .xlsx cell holds it: Word's breaks as line breaks, other control characters dropped."""
    return _SHEET_ILLEGAL.sub("", _SHEET_BREAKS.sub("\n", text))


# Excel's limit on one cell: 32,767 characters, counted in UTF-16 units (an emoji is two). A longer cell
# makes Excel "repair" the file on opening (the text is dropped); LibreOffice cuts it silently. An
# agreement's summary pasted from the whole text of the agreement can be longer.
CELL_MAX = 32767
CUT_MARK = _("… [đã cắt, xem bản đầy đủ trên hệ thống]")


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def cut_to_cell(text: str) -> str:
    """Text as one .xlsx cell can hold it: at most CELL_MAX characters, a longer text cut so that it ends
    with CUT_MARK (in the active language), which tells the reader the full text is in the register."""
    if len(text) <= CELL_MAX // 2 or _utf16_length(text) <= CELL_MAX:
        return text
    mark = str(CUT_MARK)
    units = text.encode("utf-16-le")[:(CELL_MAX - _utf16_length(mark)) * 2]
    if units and 0xD8 <= units[-1] <= 0xDB:  # never half an emoji: the cut falls after its first unit
        units = units[:-2]
    return units.decode("utf-16-le").rstrip() + mark


def cut_mark_removed(text: str):
    """The kept beginning of a text that cut_to_cell cut (the mark, in any language, taken off), or None
    when the text does not end with a cut mark: what an import compares with the full text."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            mark = str(CUT_MARK)
        if text.endswith(mark):
            return text[:-len(mark)]
    return None


def is_cut_of(full: str, cell: str):
    """Whether a cell read back from a file is the export's cut of the register's `full` text: True when it
    is that cut as written (an import keeps the full text), False when a cut cell was edited in the file
    (an import refuses it: writing it would replace the full text with its beginning), None when the cell
    was not cut (compared as any other cell)."""
    kept = cut_mark_removed(cell)
    if kept is None:
        return None
    return sheet_text(full.replace("\r\n", "\n")).lstrip().startswith(sheet_text(kept.replace("\r\n", "\n")).strip())


def is_formula_like(text: str) -> bool:
    return bool(text) and text.startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """Text a spreadsheet will not read as a formula (for CSV, where a cell has no type)."""
    return "'" + text if is_formula_like(text) else text


def sheet_title(title) -> str:
    """A sheet's name Excel accepts: a title typed by someone ("Kim ngạch xuất/nhập khẩu", an indicator's
    name) with / \\ ? * : [ ] turned into "-", at most 31 characters, not starting or ending with an
    apostrophe, never empty."""
    text = SHEET_TITLE_FORBIDDEN.sub("-", str(title))[:SHEET_TITLE_MAX].strip().strip("'").strip()
    return text or "Sheet"


def typed(value):
    """A cell's value: numbers and dates as they are, everything else (lazy labels included) as text."""
    if value is None or isinstance(value, (bool, int, float, decimal.Decimal, datetime.date)):
        return value
    return str(value)


@dataclass
class Sheet:
    title: str
    headers: list
    rows: object = ()                       # iterable of lists of values
    widths: list = field(default_factory=list)
    wrap: bool = False                      # wrap long text in every cell
    autofilter: bool = False


# The wrapped cells' alignment and the header's font, made once (each cell's style is a copy: `_Cells`).
WRAPPED = Alignment(wrap_text=True, vertical="top")
HEADER_FONT = Font(bold=True)


class _Cells:
    """What a write-only sheet's rows hold: text as text (never a formula), dates shown dd/mm/yyyy, wrapped
    where the sheet wraps. A plain value where openpyxl would write the same cell unstyled (most cells): a
    cell object costs openpyxl an exception and its text to tell it from a value. A styled cell takes a copy
    of the style a first cell of its kind was given (openpyxl's way of copying a style): setting the style's
    parts on each cell hashed them every time (a fifth of the centre's delegation export, profiled)."""

    def __init__(self, ws):
        self.ws, self.styles = ws, {}

    def __call__(self, value, wrap):
        value = typed(value)
        if isinstance(value, str):
            value = cut_to_cell(sheet_text(value))
            quoted = is_formula_like(value)
            # openpyxl reads a text starting with "=" as a formula and "#N/A" and its kind as errors: cells.
            if not wrap and not quoted and value not in ERROR_CODES:
                return value
            cell = self._styled(value, wrap, quoted=quoted)
            cell.data_type = "s"
            return cell
        if isinstance(value, datetime.date):
            return self._styled(value, wrap, date=True)
        return self._styled(value, wrap) if wrap else value

    def _styled(self, value, wrap, quoted=False, date=False):
        cell = WriteOnlyCell(self.ws, value)
        key = (wrap, quoted, date)
        style = self.styles.get(key)
        if style is None:
            if wrap:
                cell.alignment = WRAPPED
            if quoted:
                cell.quotePrefix = True
            if date:
                cell.number_format = DATE_FORMAT
            style = self.styles[key] = copy.copy(cell._style)
        else:
            cell._style = copy.copy(style)
        return cell


def xlsx(*sheets: Sheet) -> bytes:
    """An .xlsx file with a bold, frozen header row on each sheet. Written row by row (openpyxl's write-only
    workbook): the centre's export of the whole register is 50,000 rows of 34 cells, which a workbook held
    in memory as 1.7 million cell objects (about a gigabyte) before writing them."""
    wb = Workbook(write_only=True)
    for sheet in sheets:
        ws = wb.create_sheet(sheet_title(sheet.title))
        # Widths and the frozen row before the first row is written: a write-only sheet writes them first.
        for column, width in enumerate(sheet.widths, 1):
            ws.column_dimensions[get_column_letter(column)].width = width
        ws.freeze_panes = "A2"
        cells = _Cells(ws)
        header = []
        for value in sheet.headers:
            cell = cells(value, True)  # wrapped: always a cell, given its own font and fill
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            header.append(cell)
        ws.append(header)
        row_number = 1
        for row_number, row in enumerate(sheet.rows, 2):
            ws.append([cells(value, sheet.wrap) for value in row])
        if sheet.autofilter and sheet.headers:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.headers))}{max(row_number, 1)}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def in_chunks(queryset, fields, size, progress=None):
    """The rows of `queryset` as named tuples of `fields`, in lists of at most `size`: an export of a whole
    register reads its rows once, never all in memory, and each chunk's links by one statement per relation.
    `progress(done)` is told the rows handed out so far, before each chunk (a background job's page shows it)."""
    rows = queryset.values_list(*fields, named=True).iterator(chunk_size=size)
    return batched(rows if progress is None else counted(rows, progress, every=size), size)


def counted(rows, progress, every=500):
    """The rows of an iterable, telling `progress(done)` before every `every` rows and at the end."""
    if progress is None:
        yield from rows
        return
    done = 0
    for row in rows:
        if done % every == 0:
            progress(done)
        yield row
        done += 1
    progress(done)


def csv_bytes(headers, rows) -> bytes:
    """UTF-8 with a BOM, so Excel opens Vietnamese text correctly by double-click; dates dd/mm/yyyy. Every CSV
    the application hands out (the register's, the open data's, the indicators' tables) is written here, and
    Excel opens it: a text longer than a cell holds is cut as in an .xlsx (cut_to_cell, after the apostrophe
    that neutralises a formula, so that the cell with it stays within the limit); Excel broke the row instead."""
    out = io.StringIO()
    writer = csv.writer(out)

    def text(value):
        if type(value) is str:  # most cells: without typed()'s tests (180,000 cells in the open data's download)
            return cut_to_cell(neutralise(value))
        value = typed(value)
        if value is None:
            return ""
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return cut_to_cell(neutralise(value)) if isinstance(value, str) else value

    writer.writerow([text(h) for h in headers])
    for row in rows:
        writer.writerow([text(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def attachment(content: bytes, filename: str) -> HttpResponse:
    content_type = CSV_TYPE if filename.endswith(".csv") else XLSX_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
