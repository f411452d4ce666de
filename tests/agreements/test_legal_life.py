"""The legal life of an agreement: derived statuses, deadlines, refusals."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from ngoaivu.agreements import actions
from ngoaivu.agreements.choices import AgreementStatus as S
from ngoaivu.agreements.choices import EventKind as E
from ngoaivu.agreements.deadlines import compute_deadlines, deadlines_for
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.workdays import add_working_days
from tests.agreements.factories import agreement, partner

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def officer(world):
    return world.users["officer_a"]


def statuses(a):
    return [(c.old_status, c.new_status) for c in a.status_changes.order_by("pk")]


def test_a_draft_starts_proposed_with_a_status_row_and_a_proposed_event(world, officer):
    a = agreement(officer, world.a)
    assert a.status == S.PROPOSED
    assert list(a.events.values_list("kind", flat=True)) == [E.PROPOSED]
    assert statuses(a) == [("", S.PROPOSED)]


def test_an_opinion_requested_on_13_february_2026_is_due_on_3_march_after_tet(world, officer):
    assert add_working_days(D(2026, 2, 13), 7) == D(2026, 3, 3)
    a = agreement(officer, world.a, today=D(2026, 2, 13))
    event = actions.record_event(officer, a, E.OPINION_REQUESTED, D(2026, 2, 13), consultee="Bộ Ngoại giao",
                                 is_mofa=True, today=D(2026, 2, 13))
    assert event.due_on == D(2026, 3, 3)
    a.refresh_from_db()
    assert a.status == S.CONSULTING
    assert a.next_due_on == D(2026, 3, 3)
    [deadline] = compute_deadlines(a, list(a.events.all()), D(2026, 3, 4))
    assert deadline.overdue and deadline.kind == "opinion"
    [deadline] = compute_deadlines(a, list(a.events.all()), D(2026, 3, 2))
    assert deadline.due_soon and not deadline.overdue


def test_the_whole_life_derives_each_status_and_stores_each_change_with_its_reason(world, officer):
    a = agreement(officer, world.a, signing_unit=None, today=D(2026, 1, 5), expires_on=None)
    mofa = actions.record_event(officer, a, E.OPINION_REQUESTED, D(2026, 1, 5), consultee="Bộ Ngoại giao",
                                is_mofa=True, today=D(2026, 1, 5))
    sct = actions.record_event(officer, a, E.OPINION_REQUESTED, D(2026, 1, 5), consultee="Sở Công Thương",
                               today=D(2026, 1, 5))
    actions.record_event(officer, a, E.OPINION_RECEIVED, D(2026, 1, 9), request=mofa, opinion="agree", today=D(2026, 1, 9))
    actions.record_event(officer, a, E.OPINION_RECEIVED, D(2026, 1, 12), request=sct, opinion="disagree",
                         today=D(2026, 1, 12))
    with pytest.raises(ValidationError) as refused:
        actions.record_event(officer, a, E.APPROVED, D(2026, 1, 13), today=D(2026, 1, 13))
    assert "Thủ tướng" in str(refused.value)
    actions.record_event(officer, a, E.REFERRED_TO_PM, D(2026, 1, 14), today=D(2026, 1, 14))
    a.refresh_from_db()
    assert a.status == S.AWAITING_PM
    actions.record_event(officer, a, E.PM_CONSENT, D(2026, 1, 20), today=D(2026, 1, 20))
    actions.record_event(officer, a, E.APPROVED, D(2026, 1, 21), today=D(2026, 1, 21))
    a.refresh_from_db()
    assert a.status == S.APPROVED
    actions.record_event(officer, a, E.SIGNED, D(2026, 1, 22), place="Lạng Sơn", today=D(2026, 1, 22))
    a.refresh_from_db()
    assert a.status == S.IN_FORCE and a.signed_on == D(2026, 1, 22)
    assert a.next_due_on == D(2026, 2, 6)  # report and copy to MOFA: 15 days after signing
    actions.record_event(officer, a, E.REPORTED, D(2026, 2, 3), today=D(2026, 2, 3))
    a.refresh_from_db()
    assert a.next_due_on is None
    actions.record_event(officer, a, E.SUSPENDED, D(2026, 3, 1), today=D(2026, 3, 1))
    actions.record_event(officer, a, E.RESUMED, D(2026, 4, 1), today=D(2026, 4, 1))
    actions.record_event(officer, a, E.TERMINATED, D(2026, 5, 1), note="Hai bên thỏa thuận chấm dứt", today=D(2026, 5, 1))
    a.refresh_from_db()
    assert statuses(a) == [("", S.PROPOSED), (S.PROPOSED, S.CONSULTING), (S.CONSULTING, S.AWAITING_PM),
                           (S.AWAITING_PM, S.CONSULTING), (S.CONSULTING, S.APPROVED), (S.APPROVED, S.IN_FORCE),
                           (S.IN_FORCE, S.SUSPENDED), (S.SUSPENDED, S.IN_FORCE), (S.IN_FORCE, S.TERMINATED)]
    assert "01/05/2026" in a.status_changes.last().reason


def test_pm_refusal_makes_it_refused_and_signing_is_then_refused(world, officer):
    a = agreement(officer, world.a, today=D(2026, 1, 5))
    actions.record_event(officer, a, E.REFERRED_TO_PM, D(2026, 1, 6), today=D(2026, 1, 6))
    actions.record_event(officer, a, E.PM_REFUSAL, D(2026, 1, 8), today=D(2026, 1, 8))
    a.refresh_from_db()
    assert a.status == S.REFUSED


def test_approval_is_refused_while_an_opinion_is_missing(world, officer):
    a = agreement(officer, world.a, today=D(2026, 1, 5))
    with pytest.raises(ValidationError, match="chưa có ý kiến nào"):
        actions.record_event(officer, a, E.APPROVED, D(2026, 1, 6), today=D(2026, 1, 6))
    actions.record_event(officer, a, E.OPINION_REQUESTED, D(2026, 1, 6), consultee="Bộ Ngoại giao", is_mofa=True,
                         today=D(2026, 1, 6))
    with pytest.raises(ValidationError, match="chưa nhận ý kiến của: Bộ Ngoại giao"):
        actions.record_event(officer, a, E.APPROVED, D(2026, 1, 7), today=D(2026, 1, 7))


def test_dates_passing_move_the_status_signed_then_in_force_then_expired(world, officer):
    a = agreement(officer, world.a, signed_on=D(2025, 3, 1), effective_on_signing=False, in_force_on=D(2025, 4, 1),
                  expires_on=D(2026, 3, 1), reported_on=D(2025, 3, 10), today=D(2025, 3, 15))
    assert a.status == S.SIGNED
    assert not a.events.exists()  # nothing invented for a record entered from the archive
    actions.refresh(a, today=D(2025, 4, 1))
    assert a.status == S.IN_FORCE
    deadlines = compute_deadlines(a, [], D(2025, 12, 15))
    assert [d.kind for d in deadlines] == ["expiry"] and deadlines[0].due_soon
    actions.refresh(a, today=D(2026, 3, 2))
    assert a.status == S.EXPIRED
    assert "01/03/2026" in a.status_changes.last().reason


def test_an_agreement_that_renews_itself_does_not_expire(world, officer):
    a = agreement(officer, world.a, signed_on=D(2020, 3, 1), expires_on=D(2025, 3, 1), term_months=60,
                  auto_renew=True, today=D(2026, 1, 1))
    assert a.status == S.IN_FORCE


def test_treaty_names_are_refused_with_the_reason(world, officer):
    before = Agreement.objects.count()
    with pytest.raises(ValidationError) as error:
        agreement(officer, world.a, title="Hiệp định hợp tác kinh tế với tỉnh Gyeonggi")
    assert "Điều 6" in error.value.message_dict["title"][0]
    with pytest.raises(ValidationError) as error:
        agreement(officer, world.a, form="other", form_other="Công ước")
    assert "form_other" in error.value.message_dict
    assert Agreement.objects.count() == before


def test_expiry_before_signing_and_signing_in_the_future_are_refused(world, officer):
    with pytest.raises(ValidationError) as error:
        agreement(officer, world.a, signed_on=D(2026, 1, 10), expires_on=D(2025, 1, 10), today=D(2026, 2, 1))
    assert error.value.message_dict["expires_on"] == ["Ngày hết hạn phải sau ngày ký"]
    with pytest.raises(ValidationError) as error:
        agreement(officer, world.a, signed_on=D(2026, 3, 10), today=D(2026, 2, 1))
    assert "signed_on" in error.value.message_dict


def test_a_year_only_signing_is_kept_partly_known_and_carries_no_report_deadline(world, officer):
    a = agreement(officer, world.a, signed_on=D(2015, 1, 1), signed_precision="year", form="", today=D(2026, 1, 1))
    assert a.signed_display == "năm 2015"
    assert a.status == S.IN_FORCE and a.next_due_on is None


def test_deadlines_for_the_calendar_are_scoped(world, officer):
    a = agreement(officer, world.a, today=D(2026, 2, 13))
    actions.record_event(officer, a, E.OPINION_REQUESTED, D(2026, 2, 13), consultee="Bộ Ngoại giao", is_mofa=True,
                         today=D(2026, 2, 13))
    rows = deadlines_for(officer, D(2026, 3, 1), D(2026, 3, 31), today=D(2026, 3, 5))
    assert [(r["date"], r["kind"], r["overdue"]) for r in rows] == [(D(2026, 3, 3), "opinion", True)]
    assert rows[0]["url"] == a.get_absolute_url()
    assert deadlines_for(world.users["officer_b"], D(2026, 3, 1), D(2026, 3, 31)) == []


def test_search_folds_partner_names_and_countries(world, officer):
    a = agreement(officer, world.a, partners=[partner("Chungcheongbuk-do", "KR", "Tỉnh Chungcheong Bắc")])
    assert a in Agreement.objects.search("han quoc")
    assert a in Agreement.objects.search("korea")
    assert list(Agreement.objects.search("chungcheong bac")) == [a]
    assert a not in Agreement.objects.search("nhat ban")
