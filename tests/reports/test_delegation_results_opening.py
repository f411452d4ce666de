"""The delegation results report opens with the decision that sent the delegation, named as a decision:
"Thực hiện Quyết định số 123/QĐ-UBND ngày …", not "Thực hiện 123/QĐ-UBND ngày …"; a number typed with its
name ("Quyết định số 45/QĐ-UBND") is not named twice."""
import datetime

import pytest

from ngoaivu.exchanges import actions as exchanges
from ngoaivu.reports import actions
from tests.exchanges.factories import delegation
from tests.reports.helpers import body_text, read_docx

pytestmark = pytest.mark.django_db


def _opening(world, decision_number):
    user = world.users["officer_a"]
    d = delegation(user, world.a, title="Đoàn thăm Nhật Bản", start_date=datetime.date(2025, 3, 9))
    d = exchanges.approve_delegation(user, d, authority="standing_committee", decision_number=decision_number,
                                     decision_date=datetime.date(2025, 2, 17))
    draft = actions.create_draft(user, world.a, issued_on=datetime.date(2025, 4, 1), kind="delegation_results",
                                 delegation=d)
    draft = actions.generate(user, draft)
    with draft.docx.open("rb") as handle:
        return next(line for line in body_text(read_docx(handle.read())) if line.startswith("Thực hiện"))


@pytest.mark.parametrize("typed", ["123/QĐ-UBND", "Quyết định số 123/QĐ-UBND", "quyết định 123/QĐ-UBND"])
def test_the_opening_names_the_decision(world, typed):
    opening = _opening(world, typed)
    assert opening.startswith("Thực hiện Quyết định số 123/QĐ-UBND ngày 17/02/2025, đoàn do Hoàng Văn Nam"), opening
