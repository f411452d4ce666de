"""Every text marked for translation can be found by makemessages. xgettext does not read a call inside an
f-string's braces: the calendar's "+ 2 mục khác" was dropped from the English catalogue by a later
makemessages (the page said "+ 2 mục khác" in English), and a report's "Bảng 1" sheet was never in it. Nor does
it read a translation function imported under another name: the import preview's "mới", "thay đổi" and the
agreements' "Đổi đối tác nước ngoài", marked with `gettext_lazy as _lazy`, were in no catalogue."""
import ast
from pathlib import Path

import ngoaivu

MARKERS = {"_", "gettext", "ngettext", "pgettext", "npgettext", "gettext_lazy", "ngettext_lazy"}
# The names xgettext reads in Python (its defaults and the keywords Django's makemessages adds).
READ_BY_MAKEMESSAGES = MARKERS | {"gettext_noop", "pgettext_lazy", "npgettext_lazy"}


def _marked_calls_in_fstrings(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id in MARKERS:
                    yield inner.lineno


def test_no_text_marked_for_translation_sits_inside_an_f_string():
    root = Path(ngoaivu.__file__).parent
    found = [f"{path.relative_to(root)}:{line}" for path in sorted(root.rglob("*.py"))
             if "migrations" not in path.parts
             for line in _marked_calls_in_fstrings(ast.parse(path.read_text(encoding="utf-8")))]
    assert found == [], "move the call out of the f-string (xgettext does not see it): " + ", ".join(found)


def test_the_check_finds_a_call_inside_an_f_string():
    tree = ast.parse('label = f"{_(\'Bảng\')} {i}"\nother = _("Bảng %(n)s") % {"n": 1}\n')
    assert list(_marked_calls_in_fstrings(tree)) == [1]


def _renamed_markers(tree):
    """(line, name) of each translation function imported under a name makemessages does not read."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.asname and alias.asname not in READ_BY_MAKEMESSAGES and "gettext" in alias.name:
                    yield node.lineno, alias.asname


def test_every_translation_function_keeps_a_name_makemessages_reads():
    root = Path(ngoaivu.__file__).parent
    found = [f"{path.relative_to(root)}:{line} ({name})" for path in sorted(root.rglob("*.py"))
             if "migrations" not in path.parts
             for line, name in _renamed_markers(ast.parse(path.read_text(encoding="utf-8")))]
    assert found == [], "import it under its own name or as _ (makemessages skips the rest): " + ", ".join(found)


def test_the_check_finds_a_renamed_marker():
    tree = ast.parse("from django.utils.translation import gettext as _, gettext_lazy as _lazy, override\n")
    assert list(_renamed_markers(tree)) == [(1, "_lazy")]


def test_the_import_preview_and_the_delegation_import_speak_english():
    """The texts the renamed marker had kept out of the catalogue, read in English."""
    from django.utils import translation

    from ngoaivu.core.import_files import STATE_LABELS
    from ngoaivu.exchanges.imports import REQUIRED
    with translation.override("en"):
        assert [str(label) for label in STATE_LABELS.values()] == [
            "new", "unchanged", "unchanged (no right to edit)", "changed"]
        assert str(REQUIRED["direction"]) == "Write Outbound delegation or Inbound delegation"
