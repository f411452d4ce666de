"""A past period's report reads what a commitment or an agreement was at the period's end from the history the
actions wrote then, not from today's row: a commitment waived in the year and reinstated since was listed as
overdue at 31 December; one met in January though due in October, or one whose due date was moved in January,
was missing; an agreement that expired in the year and was extended since was "Đang có hiệu lực"."""
import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from ngoaivu.agreements import actions as agreement_actions
from ngoaivu.implementation import actions as implementation_actions
from ngoaivu.implementation.models import Commitment
from ngoaivu.reports import actions
from tests.agreements.factories import agreement
from tests.reports.helpers import read_docx, table_rows

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = timezone.localdate().year - 1


def _on(day):
    """The actions below done on `day` (their history rows dated then)."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=VN), tick=True)


def _yearly(world):
    user = world.users["officer_a"]
    draft = actions.create_draft(user, world.a, issued_on=timezone.localdate(), kind="yearly_agreements", year=YEAR)
    draft = actions.generate(user, draft)
    with draft.docx.open("rb") as handle:
        return read_docx(handle.read())


def _overdue(world) -> dict:
    return {row[2]: row for row in table_rows(_yearly(world).tables[4])[1:]}


def _agreement(world, title):
    with _on(datetime.date(YEAR - 1, 3, 1)):
        return agreement(world.users["officer_a"], world.a, title=title, signed_on=datetime.date(YEAR - 1, 3, 1),
                         effective_on_signing=True, today=datetime.date(YEAR - 1, 3, 1))


def _commitment(world, a, description, due_on):
    with _on(datetime.date(YEAR, 2, 1)):
        return implementation_actions.save_commitment(
            world.users["officer_a"], Commitment(agreement=a, description=description, due_on=due_on))


def _not_yet(day):
    if timezone.localdate() <= day:
        pytest.skip("records a step dated after today")


def test_a_commitment_waived_in_the_year_and_reinstated_since_was_not_overdue_at_its_end(world):
    _not_yet(datetime.date(YEAR + 1, 2, 1))
    officer = world.users["officer_a"]
    a = _agreement(world, "Bản ghi nhớ hợp tác nông nghiệp với Quảng Tây (khôi phục)")
    reinstated = _commitment(world, a, "Xây dựng vùng trồng thử nghiệm chung", datetime.date(YEAR, 6, 1))
    with _on(datetime.date(YEAR, 5, 1)):
        implementation_actions.set_commitment_status(officer, reinstated, "waived", "Đối tác tạm dừng")
    with _on(datetime.date(YEAR + 1, 2, 1)):
        implementation_actions.set_commitment_status(officer, reinstated, "pending", "Đối tác tiếp tục")
    reinstated.refresh_from_db()
    assert reinstated.status == "pending"
    assert reinstated.description not in _overdue(world)


def test_a_commitment_due_in_the_year_and_met_after_its_end_was_overdue_at_its_end(world):
    _not_yet(datetime.date(YEAR + 1, 1, 21))
    a = _agreement(world, "Bản ghi nhớ hợp tác thương mại với Quảng Tây (hoàn thành muộn)")
    met = _commitment(world, a, "Tổ chức hội chợ thương mại chung", datetime.date(YEAR, 10, 1))
    # Done in January, reported and confirmed then.
    with _on(datetime.date(YEAR + 1, 1, 20)):
        fulfilment = implementation_actions.propose_fulfilment(world.users["officer_a"], met,
                                                               datetime.date(YEAR + 1, 1, 15))
        implementation_actions.review_fulfilment(world.users["manager_a"], fulfilment, "confirm")
    # Done in December (late) though only reported in January: at 31 December it was no longer outstanding.
    done = _commitment(world, a, "Trao đổi danh mục dự án", datetime.date(YEAR, 10, 1))
    with _on(datetime.date(YEAR + 1, 1, 21)):
        fulfilment = implementation_actions.propose_fulfilment(world.users["officer_a"], done,
                                                               datetime.date(YEAR, 12, 20))
        implementation_actions.review_fulfilment(world.users["manager_a"], fulfilment, "confirm")
    met.refresh_from_db()
    assert met.status == "fulfilled"
    overdue = _overdue(world)
    assert overdue[met.description][3] == f"01/10/{YEAR}"
    assert done.description not in overdue


def test_a_commitment_due_in_the_year_and_given_more_time_after_its_end_was_overdue_at_its_end(world):
    _not_yet(datetime.date(YEAR + 1, 1, 10))
    a = _agreement(world, "Bản ghi nhớ hợp tác du lịch với Quảng Tây (gia hạn cam kết)")
    later = _commitment(world, a, "Xây dựng tour du lịch chung", datetime.date(YEAR, 11, 1))
    earlier = _commitment(world, a, "Khảo sát điểm đến chung", datetime.date(YEAR + 2, 3, 1))
    with _on(datetime.date(YEAR + 1, 1, 10)):
        later.due_on = datetime.date(YEAR + 2, 6, 30)
        implementation_actions.save_commitment(world.users["officer_a"], later)
        earlier.due_on = datetime.date(YEAR, 12, 1)  # brought forward since: not late at the year's end
        implementation_actions.save_commitment(world.users["officer_a"], earlier)
    overdue = _overdue(world)
    assert overdue[later.description][3] == f"01/11/{YEAR}"
    assert earlier.description not in overdue


def _external(world):
    user = world.users["officer_a"]
    draft = actions.create_draft(user, world.a, issued_on=timezone.localdate(), kind="external_affairs",
                                 year=YEAR, period="year")
    draft = actions.generate(user, draft)
    with draft.docx.open("rb") as handle:
        return read_docx(handle.read())


def test_an_agreement_that_expired_in_the_year_and_was_extended_since_had_expired_at_its_end(world):
    _not_yet(datetime.date(YEAR + 1, 1, 15))
    officer = world.users["officer_a"]
    titles = ("Thỏa thuận hợp tác giáo dục với Gyeonggi (gia hạn sau kỳ)",
              "Thỏa thuận hợp tác y tế với Gyeonggi (gia hạn trong kỳ, ghi nhận sau)")
    with _on(datetime.date(YEAR, 2, 1)):
        lapsed, renewed = (agreement(officer, world.a, title=title, signed_on=datetime.date(YEAR, 2, 1),
                                     effective_on_signing=True, expires_on=datetime.date(YEAR, 12, 15),
                                     today=datetime.date(YEAR, 2, 1)) for title in titles)
    # Extended in January, a month after it had expired.
    with _on(datetime.date(YEAR + 1, 1, 15)):
        agreement_actions.record_event(officer, lapsed, "extended", datetime.date(YEAR + 1, 1, 15),
                                       new_expires_on=datetime.date(YEAR + 3, 12, 31),
                                       today=datetime.date(YEAR + 1, 1, 15))
        # Extended on 10 December, before it expired, though only recorded in January.
        agreement_actions.record_event(officer, renewed, "extended", datetime.date(YEAR, 12, 10),
                                       new_expires_on=datetime.date(YEAR + 3, 12, 31),
                                       today=datetime.date(YEAR + 1, 1, 15))
    lapsed.refresh_from_db()
    assert lapsed.expires_on == datetime.date(YEAR + 3, 12, 31)
    for document in (_yearly(world), _external(world)):
        rows = {row[1]: row for t in document.tables for row in table_rows(t)[1:] if len(row) > 5}
        assert rows[lapsed.title][5] == "Đã hết hiệu lực"
        assert rows[renewed.title][5] == "Đang có hiệu lực"


def test_a_recurring_commitment_whose_late_period_was_done_by_the_years_end_but_not_the_next_was_overdue(world):
    # Its second quarter was done on 20 December, reported and confirmed in January; its third quarter, due
    # on 30 September, was not done by 31 December: it was overdue then, since 30 September.
    _not_yet(datetime.date(YEAR + 1, 1, 20))
    a = _agreement(world, "Bản ghi nhớ hợp tác thông tin với Quảng Tây (định kỳ)")
    with _on(datetime.date(YEAR, 2, 1)):
        quarterly = implementation_actions.save_commitment(
            world.users["officer_a"], Commitment(agreement=a, description="Trao đổi bản tin hằng quý",
                                                 due_on=datetime.date(YEAR, 6, 30), recurrence="quarterly"))
    with _on(datetime.date(YEAR + 1, 1, 20)):
        fulfilment = implementation_actions.propose_fulfilment(world.users["officer_a"], quarterly,
                                                               datetime.date(YEAR, 12, 20))
        implementation_actions.review_fulfilment(world.users["manager_a"], fulfilment, "confirm")
    quarterly.refresh_from_db()
    assert quarterly.due_on == datetime.date(YEAR, 9, 30)
    assert _overdue(world)[quarterly.description][3] == f"30/09/{YEAR}"


def test_an_agreement_entered_after_the_year_that_expired_in_it_and_was_extended_since_had_expired_at_its_end(world):
    # Signed in March, registered only in January (a late registration) with the expiry of 15 December,
    # then extended on 20 January: at 31 December it had expired, as it would have read had it been
    # entered on time.
    _not_yet(datetime.date(YEAR + 1, 1, 20))
    officer = world.users["officer_a"]
    with _on(datetime.date(YEAR + 1, 1, 10)):
        late = agreement(officer, world.a, title="Thỏa thuận hợp tác văn hóa với Gyeonggi (đăng ký muộn)",
                         signed_on=datetime.date(YEAR, 3, 1), effective_on_signing=True,
                         expires_on=datetime.date(YEAR, 12, 15), today=datetime.date(YEAR + 1, 1, 10))
    with _on(datetime.date(YEAR + 1, 1, 20)):
        agreement_actions.record_event(officer, late, "extended", datetime.date(YEAR + 1, 1, 20),
                                       new_expires_on=datetime.date(YEAR + 3, 12, 31),
                                       today=datetime.date(YEAR + 1, 1, 20))
    for document in (_yearly(world), _external(world)):
        rows = {row[1]: row for t in document.tables for row in table_rows(t)[1:] if len(row) > 5}
        assert rows[late.title][5] == "Đã hết hiệu lực"


def test_a_commitment_entered_after_the_year_due_in_it_and_waived_since_was_overdue_at_its_end(world):
    # Due on 1 October, registered only in January and waived a week later: at 31 December it was open and
    # late, as it would have read had it been entered on time (a waiver counts from the day it is recorded).
    _not_yet(datetime.date(YEAR + 1, 1, 17))
    officer = world.users["officer_a"]
    a = _agreement(world, "Bản ghi nhớ hợp tác lao động với Quảng Tây (ghi nhận muộn)")
    with _on(datetime.date(YEAR + 1, 1, 10)):
        late = implementation_actions.save_commitment(
            officer, Commitment(agreement=a, description="Đào tạo nghề cho lao động", due_on=datetime.date(YEAR, 10, 1)))
    # Registered the same day, done on 20 December, reported and confirmed in January: not late at the year's end.
    with _on(datetime.date(YEAR + 1, 1, 10)):
        done = implementation_actions.save_commitment(
            officer, Commitment(agreement=a, description="Khảo sát nhu cầu lao động", due_on=datetime.date(YEAR, 10, 1)))
    with _on(datetime.date(YEAR + 1, 1, 17)):
        implementation_actions.set_commitment_status(officer, late, "waived", "Đối tác dừng chương trình")
        fulfilment = implementation_actions.propose_fulfilment(officer, done, datetime.date(YEAR, 12, 20))
        implementation_actions.review_fulfilment(world.users["manager_a"], fulfilment, "confirm")
    overdue = _overdue(world)
    assert overdue[late.description][3] == f"01/10/{YEAR}"
    assert done.description not in overdue
