"""The health rules as pure functions: no database, a fixed 'today'."""
import datetime

from ngoaivu.implementation.health import (
    CommitmentFacts, Facts, Rules, add_months, assess, completion, deadline_state, months_between, next_due,
)

TODAY = datetime.date(2026, 3, 15)


def facts(signed_months_ago, last_activity_months_ago=None, plan_years=frozenset({2025, 2026}), commitments=(),
          in_force=True):
    return Facts(in_force=in_force, signed_on=add_months(TODAY, -signed_months_ago), today=TODAY,
                 last_activity_on=(add_months(TODAY, -last_activity_months_ago)
                                   if last_activity_months_ago is not None else None),
                 plan_years=frozenset(plan_years), commitments=tuple(commitments))


def test_signed_eight_months_ago_without_activity_is_at_risk_with_the_reason():
    verdict = assess(facts(8))
    assert verdict.health == "at_risk"
    assert verdict.reasons == ("chưa có hoạt động nào từ khi ký (8 tháng)",)


def test_signed_thirteen_months_ago_without_activity_is_dormant_with_the_reason():
    verdict = assess(facts(13))
    assert verdict.health == "dormant"
    assert verdict.reason_text == "chưa có hoạt động nào từ khi ký (13 tháng)"


def test_an_activity_fourteen_months_ago_and_overdue_commitments_are_both_named():
    overdue = [CommitmentFacts("pending", datetime.date(2025, 1, 1))] * 3
    done = [CommitmentFacts("fulfilled", datetime.date(2024, 1, 1))] * 2
    verdict = assess(facts(30, 14, commitments=overdue + done))
    assert verdict.health == "dormant"
    assert verdict.reason_text == "không có hoạt động trong 14 tháng; 3/5 cam kết quá hạn"


def test_recent_activity_makes_it_active():
    verdict = assess(facts(13, 1))
    assert verdict.health == "active"
    assert verdict.reasons[0].startswith("hoạt động gần nhất ngày")


def test_a_new_agreement_is_active_until_the_rules_can_judge_it():
    assert assess(facts(2)).health == "active"


def test_no_plan_three_months_after_signing_is_dormant():
    verdict = assess(facts(4, 1, plan_years=()))
    assert verdict.health == "dormant"
    assert "chưa có kế hoạch triển khai sau 4 tháng kể từ khi ký" in verdict.reasons


def test_missing_plan_of_this_year_after_its_due_date_is_at_risk():
    verdict = assess(facts(20, 1, plan_years={2024, 2025}))
    assert verdict.health == "at_risk"
    assert verdict.reasons == ("chưa có kế hoạch năm 2026 (hạn 15/11/2025)",)


def test_an_overdue_commitment_puts_an_active_agreement_at_risk():
    verdict = assess(facts(20, 1, commitments=[CommitmentFacts("in_progress", datetime.date(2026, 3, 1)),
                                                 CommitmentFacts("waived", datetime.date(2025, 1, 1))]))
    assert verdict.health == "at_risk"
    assert verdict.reasons == ("1/1 cam kết quá hạn",)


def test_rules_are_settings():
    lenient = Rules(dormant_months=24, at_risk_months=18, overdue_at_risk=False)
    assert assess(facts(13), lenient).health == "active"
    assert assess(facts(20), lenient).health == "at_risk"


def test_an_agreement_not_in_force_is_not_applicable():
    assert assess(facts(30, in_force=False)).health == "na"


def test_activity_before_signing_does_not_restart_the_clock_early():
    f = Facts(in_force=True, signed_on=datetime.date(2025, 2, 1), today=TODAY,
              last_activity_on=datetime.date(2024, 1, 1), plan_years=frozenset({2025, 2026}))
    assert assess(f).reasons == ("không có hoạt động trong 13 tháng",)


def test_completion_on_the_ogp_five_point_scale():
    c = CommitmentFacts
    assert completion([]) == "no_evidence"
    assert completion([c("waived")]) == "no_evidence"
    assert completion([c("pending"), c("pending")]) == "not_started"
    assert completion([c("pending"), c("in_progress"), c("pending")]) == "limited"
    assert completion([c("fulfilled"), c("pending")]) == "substantial"
    assert completion([c("fulfilled"), c("waived")]) == "complete"


def test_month_arithmetic_and_recurrence():
    assert months_between(datetime.date(2025, 1, 31), datetime.date(2025, 2, 28)) == 0
    assert months_between(datetime.date(2025, 1, 15), datetime.date(2026, 3, 15)) == 14
    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert next_due(datetime.date(2025, 12, 31), "quarterly") == datetime.date(2026, 3, 31)
    assert next_due(datetime.date(2025, 12, 31), "none") is None


def test_deadline_states():
    assert deadline_state(datetime.date(2026, 3, 1), TODAY, 30) == "overdue"
    assert deadline_state(datetime.date(2026, 4, 1), TODAY, 30) == "due_soon"
    assert deadline_state(datetime.date(2026, 6, 1), TODAY, 30) == "on_track"
    assert deadline_state(datetime.date(2026, 3, 1), TODAY, 30, open_=False) == ""
