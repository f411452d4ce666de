"""Reading an import file, for every register that imports: the first sheet of an .xlsx or a CSV (UTF-8
with or without BOM, separated by commas, semicolons or tabs), each row as {column key: raw value}, within
the size and row limits. The header is the first of the first rows to name the register's required column
(a province's register has its title above it); headers are matched folded (no diacritics, any case). A
formula cell is read as a `Formula`, not as its cached result, so the check can name it. What of the file is
not read (a column the register does not know, another sheet holding a table) is said in the rows' `notes`,
for the preview to show: it is never dropped without a word."""
import csv
import datetime
import hashlib
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from ngoaivu.core.exports import FORMULA_STARTS
from ngoaivu.core.numbers import vn_number
from ngoaivu.core.text import fold

# A spreadsheet writer may put an apostrophe before text that starts like a formula, so Excel shows it
# as text; the apostrophe is not part of the value.
_NEUTRALISED = re.compile("^'(?=[" + re.escape("".join(FORMULA_STARTS)) + "])")


# A merged range in a sheet's XML: <mergeCell ref="C2:C4"/>, after the rows.
_MERGE_CELL = re.compile(rb"""<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref\s*=\s*["']([A-Za-z0-9:$]+)["']""")


class ImportFileError(Exception):
    """The file itself cannot be read (not an .xlsx or a CSV, no header row, too big, too many rows)."""


class Rows(list):
    """The rows read from a file, (row number, {column key: raw value}) each, with `notes`: what of the file
    the import does not read (columns, other sheets), in words for the preview."""

    def __init__(self, rows=(), notes=()):
        super().__init__(rows)
        self.notes = list(notes)


def notes_of(raw_rows) -> list:
    """The notes of rows read from a file (none for rows kept for the confirmation)."""
    return list(getattr(raw_rows, "notes", ()))


class Shown(str):
    """A value as a preview shows it, cut to what a table cell holds; `full` is the whole value. The
    confirmation compares the whole (core.import_runs.row_plan): an edit past the cut, made since the
    preview, is a change too."""

    def __new__(cls, shown, full):
        text = super().__new__(cls, shown)
        text.full = full
        return text


def digest(text: str) -> str:
    """A short fingerprint of a text, to tell whether it changed without keeping it."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula: its value is not in the file as a value, so the row is refused."""
    text: str


class MonthCell(datetime.datetime):
    """A date cell on the first of a month whose format shows no day ("Mar-15", "03/2015"): what Excel
    stores when someone types 03/2015. A datetime for every register; one that keeps dates known only in
    part (the agreements' signing) reads it as that month, not as a day nobody knew."""


# Quoted text, [colour], [$-locale] and escaped characters of a number format: not date parts.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _shows_no_day(number_format) -> bool:
    shown = _FORMAT_LITERALS.sub("", str(number_format or "")).split(";")[0].lower()
    return "y" in shown and "m" in shown and not any(part in shown for part in ("d", "h", "s"))


def _cell_value(cell):
    if cell.data_type == "f":
        return Formula(str(cell.value))
    value = cell.value
    if (isinstance(value, datetime.datetime) and (value.day, value.time()) == (1, datetime.time())
            and _shows_no_day(getattr(cell, "number_format", None))):
        return MonthCell(value.year, value.month, 1)
    return value


@dataclass(frozen=True)
class Layout:
    """What a register's files look like: folded header → column key, the column every file must have,
    and the limits of one import."""
    key_by_header: dict
    required_key: str
    required_header: str
    max_rows: int
    max_mb: int
    row_noun: str = ""   # "thỏa thuận", "đoàn": how the row-limit message names a row
    # ((key, header), …) of the other columns every file must have (the indicators' province, period, value).
    also_required: tuple = ()
    # A formula cell read as the result Excel saved with it, not refused: a figure summed in the sheet is what
    # an indicator's row holds (a file written by a program, without saved results, reads it empty).
    formula_results: bool = False
    # Folded headers the import knows and does not read (the product's own export's derived columns): not
    # named as unused in the preview, as a column the register does not know is.
    not_read: frozenset = frozenset()


def cell_text(value) -> str:
    """A cell as stripped text (a whole float as an integer, a neutralising apostrophe dropped)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _NEUTRALISED.sub("", str(value).strip())


def cell_list(value, separator=";") -> list[str]:
    """A cell of several values separated by ";"."""
    return [part.strip() for part in cell_text(value).split(separator) if part.strip()]


def rejoined(parts: list[str], known: dict, separator=";") -> list[str]:
    """`parts` of a cell split at `separator`, with the runs of parts that together make a name of `known`
    ({folded name: the name as recorded}) put back into that one name: an exported partner whose own name
    holds a ";" ("Bộ A; Sở B") came back from its own register's export as two partners. The longest run wins;
    a part that makes no such name stays as it is, and so does an empty one (a positional list's empty place
    belongs to its own partner)."""
    if not known or len(parts) < 2:
        return parts
    out, i = [], 0
    while i < len(parts):
        for j in range(len(parts), i + 1, -1):
            if not all(parts[i:j]):
                continue
            found = known.get(fold(separator.join(parts[i:j])))
            if found is not None:
                out.append(found)
                i = j
                break
        else:
            out.append(parts[i])
            i += 1
    return out


def positional_list(value, separator=";") -> list[str]:
    """A cell whose values follow another column's order ("; Trường Đại học Quảng Tây": the first partner
    has no Vietnamese name): empty places are kept, so each value stays with its partner."""
    text = cell_text(value)
    return [part.strip() for part in text.split(separator)] if text else []


def check_size(file, layout: Layout) -> None:
    """Refuse a file over the size limit before reading it (reading is what takes the time)."""
    size = getattr(file, "size", None)
    if size is not None and size > layout.max_mb * 1024 * 1024:
        raise ImportFileError(_("Tệp lớn %(size)s MB, quá giới hạn %(max)s MB của một lần nhập: hãy chia thành "
                                "nhiều tệp") % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ","),
                                                "max": layout.max_mb})


def _header_keys(header, layout) -> list:
    return [layout.key_by_header.get(fold(cell_text(h))) if h not in (None, "") else None for h in header]


# A purely ordinal column ("STT": the row's number in the register) holds nothing to import: it is left out
# of the columns the preview names as unused, which every province's register would otherwise show.
_ORDINAL_HEADERS = {"stt", "tt", "so tt", "so thu tu", "thu tu", "no"}


def _unused_columns(header, keys, used, known=frozenset()) -> list[str]:
    """The columns of the file the import does not read, as the preview names them: each named column the
    register does not know (“Ngày ký kết” where it reads “Ngày ký”), and each column without a name that holds
    a value in a data row (`used`: the indexes of those)."""
    names = []
    for index in range(max(len(keys), max(used, default=-1) + 1)):
        name = cell_text(header[index]) if index < len(header) and header[index] is not None else ""
        if index < len(keys) and keys[index]:
            continue
        if name:
            if fold(name) not in _ORDINAL_HEADERS and fold(name) not in known:
                names.append(f"“{name}”")
        elif index in used:
            names.append(_("cột %(letter)s (không có tên cột)") % {"letter": get_column_letter(index + 1)})
    return names


def _unused_note(names) -> list[str]:
    if not names:
        return []
    return [ngettext("Cột không được dùng: %(columns)s: dữ liệu trong cột này sẽ không được nhập. Chỉ các cột của "
                     "tệp mẫu được nhập; nếu đây là một cột của tệp mẫu ghi tên khác, hãy sửa tên cột như tệp mẫu rồi "
                     "tải lên lại.",
                     "Các cột không được dùng: %(columns)s: dữ liệu trong các cột này sẽ không được nhập. Chỉ các cột "
                     "của tệp mẫu được nhập; nếu có cột của tệp mẫu ghi tên khác, hãy sửa tên cột như tệp mẫu rồi tải "
                     "lên lại.", len(names)) % {"columns": ", ".join(names)}]


HEADER_ROWS = 10  # the rows the header is looked for in


def _find_header(table, layout):
    """(row number, header, keys) of the header: the first of the first HEADER_ROWS rows that names the
    required column. A province's register has its title (merged across the table) and its date above the
    header; those rows are no data and are skipped. None when no such row."""
    for number, values in table:
        keys = _header_keys(values, layout)
        if layout.required_key in keys:
            return number, values, keys
        if number >= HEADER_ROWS:
            break
    return None


def _check_columns(keys, layout) -> None:
    """Refuse a header without one of the layout's other required columns, naming each."""
    missing = [header for key, header in layout.also_required if key not in keys]
    if missing:
        raise ImportFileError(_("Thiếu cột: %(columns)s") % {"columns": ", ".join(f"“{h}”" for h in missing)})


def _no_header(layout) -> ImportFileError:
    return ImportFileError(_("Không thấy dòng tiêu đề cột như tệp mẫu trong %(n)s dòng đầu của tệp (thiếu cột "
                             "“%(col)s”)") % {"n": HEADER_ROWS, "col": layout.required_header})


def _rows_of(table, header, keys, layout) -> Rows:
    """(row number, {column key: value}) of the rows after the header with a value in a column the import
    reads, up to the row limit, noting the columns it does not read. A row with values only in columns it
    does not read (a note below the table in the numbered column, a numbered row left empty) would import
    nothing: it is no data row."""
    limit = layout.max_rows
    result = []
    unread = [index for index, key in enumerate(keys) if not key]
    unnamed = set()  # the indexes of the columns not read that hold a value in a data row
    for number, values in table:
        values = values or ()
        raw = {key: value for key, value in zip(keys, values) if key}
        if all(v in (None, "") for v in raw.values()):
            continue
        unnamed.update(index for index in (*unread, *range(len(keys), len(values)))
                       if index < len(values) and values[index] not in (None, ""))
        if len(result) >= limit:
            raise ImportFileError(_("Tệp có hơn %(n)s dòng %(noun)s (dòng %(row)s vượt giới hạn của một lần "
                                    "nhập): hãy chia thành nhiều tệp, mỗi tệp tối đa %(n)s dòng") % {
                "n": vn_number(limit), "row": number, "noun": layout.row_noun})
        result.append((number, raw))
    return Rows(result, _unused_note(_unused_columns(header, keys, unnamed, layout.not_read)))


MERGED_NAMED = 5  # the merged cells a message names; the others are counted


def _part(folder, target) -> str:
    """A relationship's target as a member of the archive: from the archive's root when it starts with "/",
    else from the folder of the part that names it."""
    return target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))


def _relationships(archive, part) -> dict:
    """{id: (type, member)} of a part's relationships (its _rels/<name>.rels)."""
    folder, name = posixpath.split(part)
    root = ElementTree.fromstring(archive.read(posixpath.join(folder, "_rels", name + ".rels")))
    return {rel.get("Id"): (rel.get("Type", ""), _part(folder, rel.get("Target", "")))
            for rel in root.iter("{http://schemas.openxmlformats.org/package/2006/relationships}Relationship")}


def _first_worksheet(archive) -> str:
    """The archive member of the first worksheet the workbook lists (openpyxl's worksheets[0]: a chart
    sheet is no worksheet), found as the package says: the root's relationships name the workbook, whose
    <sheet> elements, in order, name their parts by relationship."""
    workbook = next(member for kind, member in _relationships(archive, "").values() if kind.endswith("/officeDocument"))
    rels = _relationships(archive, workbook)
    for sheet in ElementTree.fromstring(archive.read(workbook)).iter():
        if sheet.tag.rpartition("}")[2] == "sheet":
            rid = next((value for key, value in sheet.attrib.items() if key.rpartition("}")[2] == "id"), None)
            kind, member = rels.get(rid, ("", ""))
            if kind.endswith("/worksheet"):
                return member
    raise KeyError("no worksheet")


def _merge_refs(file) -> set[str]:
    """The merged ranges ("C2:C4") of the first sheet, which openpyxl does not read in read-only mode;
    loading the whole workbook instead would hold every cell of a file of the import's size in memory (for
    5,000 rows a normal load, for the merges alone, took as long as the whole read-only reading, at twice
    its peak memory: 34 MB against 18). Found by their tag in the sheet's XML, read from the archive in
    pieces (openpyxl's own reader of it is private): no markup can occur in a cell's text (written
    escaped), and parsing the XML a second time took a third of the whole file's reading (5,000 rows)."""
    refs, tail = set(), b""
    with zipfile.ZipFile(file) as archive, archive.open(_first_worksheet(archive)) as source:
        while chunk := source.read(1 << 20):
            data = tail + chunk
            refs.update(ref.decode("ascii").replace("$", "") for ref in _MERGE_CELL.findall(data))
            tail = data[-256:]  # a tag cut between two pieces is whole in the next (a set: found twice, kept once)
    return refs


def _merged_down(file, header, keys, data_rows) -> list[str]:
    """A message for each cell merged down over several rows in a column the import reads, where a row below
    its top one is a data row: the value is in the top row only, and the rows below read empty, so they took
    the import's default (the user's own province) or went without their partner, silently. Refused, as the
    indicators' import refuses them, for the user to unmerge and write the value on each row. A merge whose
    lower rows are no data rows leaves no row without its value: the register's title merged above the
    header, a note merged below the table (its rows read empty, or its top row is read and checked as any
    row)."""
    ranges = []
    for ref in _merge_refs(file):
        cells = CellRange(ref)
        columns = [c for c in range(cells.min_col, cells.max_col + 1) if c <= len(keys) and keys[c - 1]]
        if columns and any(row in data_rows for row in range(cells.min_row + 1, cells.max_row + 1)):
            ranges.append((cells, columns[0]))
    messages = []
    for cells, column in sorted(ranges, key=lambda r: (r[0].min_row, r[0].min_col))[:MERGED_NAMED]:
        messages.append(_("Dòng %(first)s–%(last)s, cột “%(column)s”: ô gộp (%(cells)s) chỉ có giá trị ở dòng đầu; "
                          "hãy bỏ gộp ô và ghi giá trị ở từng dòng.") % {
            "first": cells.min_row, "last": cells.max_row, "column": cell_text(header[column - 1]),
            "cells": cells.coord})
    if len(ranges) > MERGED_NAMED:
        more = len(ranges) - MERGED_NAMED
        messages.append(ngettext("Còn %(n)s ô gộp khác.", "Còn %(n)s ô gộp khác.", more) % {"n": vn_number(more)})
    return messages


def _other_tables(wb, layout) -> list[str]:
    """The names of the sheets after the first whose first rows hold a header naming the required column and
    another the import reads: a register kept a sheet a year, whose later years the import does not read. A
    sheet of notes is none (the templates' "Hướng dẫn" names one column a row)."""
    names = []
    for ws in wb.worksheets[1:]:
        found = _find_header(enumerate(ws.iter_rows(max_row=HEADER_ROWS, values_only=True), start=1), layout)
        if found and sum(1 for key in found[2] if key) > 1:
            names.append(ws.title)
    return names


def _sheets_note(first, others) -> list[str]:
    if not others:
        return []
    return [ngettext("Chỉ trang tính đầu tiên của tệp, “%(first)s”, được đọc: trang %(others)s cũng có bảng như "
                     "tệp mẫu nhưng các dòng của trang này sẽ không được nhập. Hãy chép chúng sang trang đầu, hoặc "
                     "lưu thành tệp riêng để nhập.",
                     "Chỉ trang tính đầu tiên của tệp, “%(first)s”, được đọc: các trang %(others)s cũng có bảng như "
                     "tệp mẫu nhưng các dòng của các trang này sẽ không được nhập. Hãy chép chúng sang trang đầu, "
                     "hoặc lưu mỗi trang thành một tệp để nhập riêng.", len(others)) % {
        "first": first, "others": ", ".join(f"“{name}”" for name in others)}]


def _read_xlsx(file, layout):
    try:
        # Formulas are read as formulas (not their cached results), so a row that depends on one is
        # named rather than imported with a value nobody saw.
        wb = load_workbook(file, read_only=True, data_only=layout.formula_results)
        # Only the first sheet is read (its row numbers are those every message names); a table on another
        # sheet is named in the notes, not dropped unseen.
        ws = wb.worksheets[0]
        cells = enumerate(ws.iter_rows(), start=1)
        found = _find_header(((number, [c.value for c in row]) for number, row in cells), layout)
        if found is None:
            raise _no_header(layout)
        _header_row, header, keys = found
        _check_columns(keys, layout)

        def table():
            for number, row in cells:  # the rows after the header
                yield number, [_cell_value(c) for c in row]
        rows = _rows_of(table(), header, keys, layout)
        merged = _merged_down(file, header, keys, {number for number, _values in rows})
        if merged:
            raise ImportFileError(" ".join(merged))
        rows.notes += _sheets_note(ws.title, _other_tables(wb, layout))
    except ImportFileError:
        raise
    except Exception:  # openpyxl raises many kinds of errors for a damaged file
        raise ImportFileError(_("Không đọc được tệp Excel: hãy lưu lại dưới dạng .xlsx (tải tệp mẫu ở trang này)"))
    wb.close()
    return rows


def _read_csv(data: bytes, layout):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("Không đọc được tệp: hãy dùng tệp Excel .xlsx, hoặc tệp CSV lưu với bảng mã UTF-8 "
                                "(trong Excel: Lưu thành → CSV UTF-8)"))
    best = None
    for delimiter in (",", ";", "\t"):  # Excel writes ";" where the decimal mark is a comma
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        found = _find_header(enumerate(table, start=1), layout)
        known = sum(1 for k in found[2] if k) if found else 0
        if found and (best is None or known > best[0]):
            best = (known, table, found)
    if best is None:
        raise _no_header(layout)
    _known, table, (header_row, header, keys) = best
    _check_columns(keys, layout)
    return _rows_of(enumerate(table[header_row:], start=header_row + 1), header, keys, layout)


def read_rows(file, layout: Layout) -> Rows:
    """(row number, {column key: raw value}) for every non-empty row of the first sheet of an .xlsx,
    or of a CSV file (UTF-8 with or without BOM, separated by commas or semicolons), with the notes of
    what of the file is not read (`Rows.notes`)."""
    check_size(file, layout)
    file.seek(0)
    head = file.read(4)
    file.seek(0)
    if head == b"PK\x03\x04":  # a zip archive: an .xlsx
        return _read_xlsx(file, layout)
    data = file.read()
    if _not_text(data):
        raise ImportFileError(_("Tệp này không phải là tệp Excel .xlsx hay CSV (có thể là tệp PDF, Word hoặc Excel "
                                "cũ .xls được đổi tên): hãy mở bảng tính và lưu lại dưới dạng .xlsx (tải tệp mẫu ở "
                                "trang này)"))
    return _read_csv(data, layout)


def _not_text(data: bytes) -> bool:
    """A file that is no CSV at all: a PDF, an old .xls or a Word file (renamed .xlsx or .csv), which was
    read as text and refused for a header it never had. A UTF-16 text (its BOM) is left to the encoding's
    message."""
    if data.startswith((b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return True
    # Other binaries are full of NUL bytes; a CSV may hold one typed into a cell, which the import names by
    # row and column (agreements.imports) rather than calling the whole file no CSV.
    return data[:4096].count(b"\x00") > 8 and not data.startswith((b"\xff\xfe", b"\xfe\xff"))


def repeated_rows(raw_rows, id_key="id") -> dict:
    """{row number: the earlier row it repeats} of the rows that add a record (no `id_key`) and read, cell for
    cell, as an earlier such row: a line pasted twice would otherwise add the same record twice, and nobody
    would see it until the register listed it twice."""
    first, repeats = {}, {}
    for number, raw in raw_rows:
        if cell_text(raw.get(id_key)):
            continue
        cells = tuple(sorted((key, repr(value) if isinstance(value, Formula) else cell_text(value))
                             for key, value in raw.items()
                             if isinstance(value, Formula) or cell_text(value)))
        if cells in first:
            repeats[number] = first[cells]
        else:
            first[cells] = number
    return repeats


def repeated_row_message(earlier) -> str:
    return _("Giống hệt dòng %(n)s: mỗi hồ sơ chỉ ghi một dòng, hãy bỏ dòng lặp") % {"n": earlier}


# --- what a checked row is and what a checked file holds: the same for every import ----------------------

NEW, SAME, READ_ONLY, CHANGED = "new", "same", "read_only", "changed"
STATE_LABELS = {NEW: gettext_lazy("mới"), SAME: gettext_lazy("không đổi"), READ_ONLY: gettext_lazy("không đổi (không có quyền sửa)"),
                CHANGED: gettext_lazy("thay đổi")}


class RowState:
    """For a checked row with `state` and `changes` [(column header, as recorded, as in the file)]."""

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def state_colour(self):
        return {NEW: "blue", CHANGED: "orange"}.get(self.state, "grey")

    @property
    def changed_columns(self):
        return list(dict.fromkeys(header for header, _old, _new in self.changes))


@dataclass
class CheckedFile:
    """The rows of a checked file: an import writes only when no row has an error (all or nothing)."""

    rows: list
    notes: list = field(default_factory=list)   # what of the file is not read (read_rows), shown above the rows

    @property
    def errors(self):
        return [(row.number, column, message) for row in self.rows for column, message in row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    def count(self, *states):
        return sum(1 for row in self.rows if row.state in states)

    @property
    def new_count(self):
        return self.count(NEW)

    @property
    def changed_count(self):
        return self.count(CHANGED)

    @property
    def unchanged_count(self):
        return self.count(SAME, READ_ONLY)

    @property
    def to_write(self):
        return self.count(NEW, CHANGED)
