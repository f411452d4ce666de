"""Django's `{# … #}` comment ends at its line: one that runs onto the next line is not a comment, and its text
was printed on the page (the background job's page showed its template's note to developers, twice). Every
template of the project is read for one."""
import pathlib
import re

import ngoaivu

# `{#` with no `#}` after it on the same line.
UNCLOSED = re.compile(r"\{#(?![^\n]*#\})")


def test_no_template_comment_runs_past_its_line():
    root = pathlib.Path(ngoaivu.__file__).parent
    templates = sorted(root.rglob("templates/**/*.html")) + sorted(root.rglob("templates/**/*.txt"))
    assert len(templates) > 100
    found = [f"{path.relative_to(root)}:{text[:match.start()].count(chr(10)) + 1}"
             for path in templates for text in [path.read_text(encoding="utf-8")] for match in UNCLOSED.finditer(text)]
    assert not found, "a {# comment #} must close on its line; use {% comment %} for longer ones: " + ", ".join(found)
