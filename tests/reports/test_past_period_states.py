"""A past period's report took today's state of what it listed: a commitment overdue on 31 December and met
(late) in January was missing from the past year's "Cam kết quá hạn" table, a recurring one showed the due
date it has moved on to since, and the signed agreements' "Tình trạng" was today's ("Đã chấm dứt" for an
agreement in force all that year). The figures are those of the period's end; the document's own date (the
signing line) stays the day it is issued."""
import datetime

import pytest
from django.utils import timezone

from ngoaivu.agreements import actions as agreement_actions
from ngoaivu.implementation.models import Commitment, Fulfilment
from ngoaivu.reports import actions
from ngoaivu.reports.dates import place_and_date
from tests.agreements.factories import agreement
from tests.reports.helpers import header_cells, read_docx, table_rows

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1


def _yearly(world):
    user = world.users["officer_a"]
    draft = actions.create_draft(user, world.a, issued_on=timezone.localdate(), kind="yearly_agreements", year=YEAR)
    draft = actions.generate(user, draft)
    with draft.docx.open("rb") as handle:
        return read_docx(handle.read())


def _external(world, period):
    user = world.users["officer_a"]
    draft = actions.create_draft(user, world.a, issued_on=timezone.localdate(), kind="external_affairs",
                                 year=YEAR, period=period)
    draft = actions.generate(user, draft)
    with draft.docx.open("rb") as handle:
        return read_docx(handle.read())


def _rows(document, title):
    return [row for t in document.tables for row in table_rows(t)[1:] if len(row) > 1 and row[1] == title]


def test_a_past_years_overdue_commitments_are_those_overdue_on_its_last_day(world):
    if timezone.localdate() < datetime.date(YEAR + 1, 2, 2):
        pytest.skip("records results dated up to 1 February of this year")
    officer = world.users["officer_a"]
    a = agreement(officer, world.a, title="Bản ghi nhớ hợp tác thương mại với Quảng Tây",
                  signed_on=datetime.date(YEAR - 1, 3, 1), effective_on_signing=True, today=timezone.localdate())
    late = Commitment.objects.create(agreement=a, description="Tổ chức hội chợ thương mại chung",
                                     due_on=datetime.date(YEAR, 10, 1), status="fulfilled",
                                     fulfilled_on=datetime.date(YEAR + 1, 1, 15), fulfilled_late=True)
    on_time = Commitment.objects.create(agreement=a, description="Trao đổi danh mục dự án", status="fulfilled",
                                        due_on=datetime.date(YEAR, 10, 1), fulfilled_on=datetime.date(YEAR, 9, 20))
    # A yearly commitment due 01/11: its result came on 01/02 of the next year, and it moved on to next November.
    yearly = Commitment.objects.create(agreement=a, description="Họp nhóm công tác chung hằng năm",
                                       recurrence="yearly", due_on=datetime.date(YEAR + 1, 11, 1), status="in_progress")
    Fulfilment.objects.create(commitment=yearly, state="confirmed", due_on=datetime.date(YEAR, 11, 1),
                              fulfilled_on=datetime.date(YEAR + 1, 2, 1), on_time=False)
    document = _yearly(world)
    overdue = table_rows(document.tables[4])
    assert overdue[0][:3] == ["STT", "Thỏa thuận", "Cam kết"]
    by_description = {row[2]: row for row in overdue[1:]}
    assert by_description[late.description][3] == f"01/10/{YEAR}"
    assert by_description[yearly.description][3] == f"01/11/{YEAR}"
    assert on_time.description not in by_description
    # The document is dated the day it is issued.
    _left, right = header_cells(document)
    assert right[-1].endswith(place_and_date("", timezone.localdate()).split(", ", 1)[1])


def test_a_past_periods_signed_agreements_have_the_status_they_had_at_its_end(world):
    officer = world.users["officer_a"]
    ended = agreement(officer, world.a, title="Thỏa thuận hợp tác giáo dục với Gyeonggi (chấm dứt sau kỳ)",
                      signed_on=datetime.date(YEAR, 3, 2), effective_on_signing=True, today=timezone.localdate())
    agreement_actions.record_event(officer, ended, "terminated", min(timezone.localdate(), datetime.date(YEAR + 1, 1, 10)),
                                   today=timezone.localdate())
    ended.refresh_from_db()
    assert ended.status == "terminated"
    for document in (_yearly(world), _external(world, "year"), _external(world, "h1")):
        [row] = _rows(document, ended.title)
        assert row[5] == "Đang có hiệu lực", row


def test_a_commitment_waived_since_counts_as_overdue_in_the_year_it_was_open_and_late(world):
    from ngoaivu.implementation import actions as implementation_actions
    officer = world.users["officer_a"]
    a = agreement(officer, world.a, title="Bản ghi nhớ hợp tác nông nghiệp với Quảng Tây",
                  signed_on=datetime.date(YEAR - 1, 3, 1), effective_on_signing=True, today=timezone.localdate())
    waived = Commitment.objects.create(agreement=a, description="Xây dựng vùng trồng thử nghiệm chung",
                                       due_on=datetime.date(YEAR, 6, 1), status="pending")
    # Recorded open in the year (its history row dated then), waived since.
    waived.history.update(history_date=timezone.make_aware(datetime.datetime(YEAR, 2, 1, 9)))
    implementation_actions.set_commitment_status(officer, waived, "waived", "Đối tác không tiếp tục")
    waived_early = Commitment.objects.create(agreement=a, description="Khảo sát thị trường chung",
                                             due_on=datetime.date(YEAR, 6, 1), status="waived")
    waived_early.history.update(history_date=timezone.make_aware(datetime.datetime(YEAR, 2, 1, 9)))
    by_description = {row[2]: row for row in table_rows(_yearly(world).tables[4])[1:]}
    assert by_description[waived.description][3] == f"01/06/{YEAR}"
    assert waived_early.description not in by_description
