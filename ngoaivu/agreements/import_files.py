"""Reading an agreements import file: the register's columns (`spreadsheet`) and limits on the reader
every register shares (`ngoaivu.core.import_files`)."""
from django.conf import settings
from django.utils.translation import gettext_lazy

from ngoaivu.agreements.spreadsheet import HEADERS, KEY_BY_HEADER, SEPARATOR
from ngoaivu.core import import_files as core
from ngoaivu.core.import_files import Formula, ImportFileError, cell_text  # noqa: F401  (the import's names)


def layout() -> core.Layout:
    return core.Layout(key_by_header=KEY_BY_HEADER, required_key="title", required_header=HEADERS["title"],
                       max_rows=settings.AGREEMENT_IMPORT_MAX_ROWS, max_mb=settings.AGREEMENT_IMPORT_MAX_MB,
                       row_noun=gettext_lazy("thỏa thuận"))


def cell_list(value) -> list[str]:
    """A cell of several values separated by ";"."""
    return core.cell_list(value, SEPARATOR)


def read_rows(file) -> list[tuple[int, dict]]:
    """(row number, {column key: raw value}) for every non-empty row of the first sheet of an .xlsx,
    or of a CSV file (UTF-8 with or without BOM, separated by commas or semicolons)."""
    return core.read_rows(file, layout())
