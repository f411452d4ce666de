"""Every text marked for translation can be found by makemessages. xgettext does not read a call inside an
f-string's braces: the calendar's "+ 2 mục khác" was dropped from the English catalogue by a later
makemessages (the page said "+ 2 mục khác" in English), and a report's "Bảng 1" sheet was never in it."""
import ast
from pathlib import Path

import ngoaivu

MARKERS = {"_", "gettext", "ngettext", "pgettext", "npgettext", "gettext_lazy", "ngettext_lazy", "_lazy"}


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
