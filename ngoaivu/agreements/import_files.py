"""Reading an agreements import file: the register's columns (`spreadsheet`) and limits on the reader
every register shares (`ngoaivu.core.import_files`)."""
import re

from django.conf import settings
from django.utils.translation import gettext_lazy

from ngoaivu.agreements.spreadsheet import HEADERS, KEY_BY_HEADER, SEPARATOR
from ngoaivu.core import import_files as core
from ngoaivu.core.import_files import Formula, ImportFileError, cell_text  # noqa: F401  (the import's names)
from ngoaivu.core.text import fold

# Headers a province's own register writes for one of the template's columns, where the meaning is the
# same: its signing date as "Ngày ký kết" was otherwise not read, and a signed agreement became a proposal.
# ("Thời hạn" alone is not one: the register writes "5 năm", the column holds months.)
HEADER_ALIASES = {
    "Ngày ký kết": "signed",
    "Thời gian ký kết": "signed",
    "Nơi ký kết": "signed_place",
    "Số hiệu": "reference",
    "Ngày hiệu lực": "in_force_on",
    "Ngày hết hiệu lực": "expires_on",
}


def layout() -> core.Layout:
    key_by_header = {fold(header): key for header, key in HEADER_ALIASES.items()} | KEY_BY_HEADER
    return core.Layout(key_by_header=key_by_header, required_key="title", required_header=HEADERS["title"],
                       max_rows=settings.AGREEMENT_IMPORT_MAX_ROWS, max_mb=settings.AGREEMENT_IMPORT_MAX_MB,
                       row_noun=gettext_lazy("thỏa thuận"))


# A line break in a cell (Alt+Enter in Excel: one partner a line, as the delegations' import reads its
# destinations) separates values as ";" does; a ";" at the end of a line, and blank lines, are one separator.
_LINE_BREAK = re.compile(r"[ \t]*;?[ \t]*(?:\r\n|\r|\n)\s*")


def _one_separator(value) -> str:
    return _LINE_BREAK.sub(SEPARATOR, cell_text(value))


def cell_list(value) -> list[str]:
    """A cell of several values separated by ";" or on separate lines."""
    return core.cell_list(_one_separator(value), SEPARATOR)


def positional_list(value) -> list[str]:
    """A cell of values in another column's order (core.import_files.positional_list), separated by ";" or on
    separate lines."""
    return core.positional_list(_one_separator(value), SEPARATOR)


def read_rows(file) -> core.Rows:
    """(row number, {column key: raw value}) for every non-empty row of the first sheet of an .xlsx,
    or of a CSV file (UTF-8 with or without BOM, separated by commas or semicolons), with the notes of what
    of the file is not read."""
    return core.read_rows(file, layout())
