"""An officer who types the document's whole "số, ký hiệu" in the number box (as it is written on every
Decree 30 document: "123/BC-SNgV") got "Số: 123/BC-SNgV/BC-SNgV" in the Word file; a number that already
carries a symbol is written as typed, a bare number still gets the kind's and the issuer's symbols."""
import datetime

import pytest

from ngoaivu.reports import actions
from tests.reports.helpers import YEAR, header_cells, read_docx
from tests.reports.test_documents import _settings

pytestmark = pytest.mark.django_db


def _number_line(world, **fields):
    user = world.users["officer_a"]
    draft = actions.create_draft(user, world.a, issued_on=datetime.date(YEAR + 1, 2, 5), **fields)
    draft = actions.generate(user, draft)
    with draft.docx.open("rb") as handle:
        return header_cells(read_docx(handle.read()))[0][2]


@pytest.mark.parametrize("fields, expected", [
    ({"kind": "yearly_agreements", "year": YEAR, "number": "123/BC-SNgV"}, "Số: 123/BC-SNgV"),
    ({"kind": "yearly_agreements", "year": YEAR, "number": "123"}, "Số: 123/BC-SNgV"),
    ({"kind": "external_affairs", "year": YEAR, "number": "45/BC-UBND"}, "Số: 45/BC-UBND"),
])
def test_the_number_line_carries_the_symbol_once(world, fields, expected):
    _settings(world)
    assert _number_line(world, **fields) == expected


def test_an_opinion_request_typed_whole_keeps_its_symbol_once(world):
    _settings(world)
    line = _number_line(world, kind="opinion_request", agreement=world.agreement_a, number="7/SNgV")
    assert line == "Số: 7/SNgV"
