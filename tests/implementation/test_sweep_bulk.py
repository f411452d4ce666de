"""The health sweep's bulk path (issue 9): after a sweep in which every agreement's health changes, each
agreement's stored health, reasons, last activity, overdue count and tracking figures equal what the one
derivation (actions._facts + health.assess) gives for that agreement alone; one history row per change;
the summaries agree with their recomputation. And the bulk helpers it writes with (core.bulk) keep every
value they are given, on SQLite and PostgreSQL."""
import datetime

import pytest
from django.db.models import Max
from django.utils import timezone

from ngoaivu.agreements.models import Agreement
from ngoaivu.core.bulk import insert_rows, update_rows
from ngoaivu.implementation import actions, summaries
from ngoaivu.implementation import health as engine
from ngoaivu.implementation.models import Activity, Commitment, HealthChange, HealthSettings, Tracking
from tests.implementation.factories import TODAY, agreement

pytestmark = pytest.mark.django_db


def _register(world):
    """Agreements in each state the rules give: dormant, at risk, active, overdue commitments, not in force."""
    made = [agreement(world.a, title="Ký rồi để đấy", signed_months_ago=20),
            agreement(world.a, title="Chưa có kế hoạch", signed_months_ago=9, plan=False),
            agreement(world.b, title="Đang triển khai", signed_months_ago=6),
            agreement(world.b, title="Có cam kết quá hạn", signed_months_ago=16, country="JP"),
            agreement(world.a, title="Hết hiệu lực", signed_months_ago=30, status="expired"),
            agreement(world.a, title='Tên có "ngoặc kép", dấu \\ và {ngoặc nhọn}', signed_months_ago=3)]
    Activity.objects.create(agreement=made[2], locality=world.b, kind="meeting", title="Hội đàm",
                            occurred_on=TODAY - datetime.timedelta(days=20))
    Commitment.objects.create(agreement=made[3], description="Trao đổi đoàn", due_on=datetime.date(2025, 12, 1))
    Commitment.objects.create(agreement=made[3], description="Hội chợ", due_on=datetime.date(2026, 11, 1))
    return made


def test_a_sweep_where_every_health_changes_equals_the_per_agreement_derivation(world, monkeypatch):
    made = _register(world)
    actions.sweep(on_day=TODAY)
    ids = [a.pk for a in made]
    # Every stored health wrong at once (as after a change of the national rules), in small chunks so
    # that the chunked writes are exercised.
    in_force = Agreement.objects.filter(pk__in=ids, status="in_force")
    forced = {pk: "na" for pk in in_force.values_list("pk", flat=True)}
    Agreement.objects.filter(pk__in=forced).update(health="na")
    others = Agreement.objects.filter(pk__in=ids).exclude(status="in_force")
    others.update(health="active")
    forced.update({pk: "active" for pk in others.values_list("pk", flat=True)})
    summaries.rebuild()
    before = dict(HealthChange.objects.filter(agreement_id__in=ids).values("agreement_id")
                  .annotate(m=Max("sequence")).values_list("agreement_id", "m"))
    monkeypatch.setattr(actions, "BATCH", 2)
    result = actions.sweep(on_day=TODAY)
    assert result.changed >= len(ids)

    rules = HealthSettings.rules_by_locality()
    for pk in ids:
        (_row, facts, rule), = actions._facts([pk], TODAY, rules).values()
        verdict = engine.assess(facts, rule)
        stored = Agreement.objects.get(pk=pk)
        assert (stored.health, stored.health_reasons, stored.last_activity_on, stored.overdue_commitments) == (
            verdict.health, verdict.reason_text, facts.last_activity_on, verdict.overdue), stored.title
        tracking = Tracking.objects.get(agreement_id=pk)
        assert (tracking.completion, tracking.open_commitments, tracking.overdue_commitments) == (
            verdict.completion, verdict.open_commitments, verdict.overdue)
        last = HealthChange.objects.filter(agreement_id=pk).order_by("-sequence").first()
        assert (last.sequence, last.previous, last.health, last.reasons) == (
            before.get(pk, 0) + 1, forced[pk], verdict.health, verdict.reason_text), stored.title
    assert summaries.differences() == []
    # and a second sweep finds nothing left to change
    assert actions.sweep(on_day=TODAY).changed == 0


def test_the_bulk_writers_keep_every_value(world):
    a, b = agreement(world.a, title="Một"), agreement(world.b, title="Hai")
    odd = 'lý do "trích dẫn", \\ gạch chéo, {ngoặc}, NULL, dấu phẩy; 한국'
    now = timezone.now().replace(microsecond=123456)
    update_rows(Agreement, ["health", "health_reasons", "last_activity_on", "health_checked_at", "overdue_commitments"],
                [(a.pk, "dormant", odd, None, now, 3), (b.pk, "active", "", datetime.date(2026, 2, 28), now, 0)])
    assert list(Agreement.objects.filter(pk__in=[a.pk, b.pk]).order_by("pk").values_list(
        "health", "health_reasons", "last_activity_on", "health_checked_at", "overdue_commitments")) == [
        ("dormant", odd, None, now, 3), ("active", "", datetime.date(2026, 2, 28), now, 0)]
    insert_rows(HealthChange, ["agreement", "sequence", "previous", "health", "reasons", "changed_at", "trigger"],
                [(a.pk, 900, "", "dormant", odd, now, "sweep"), (b.pk, 901, "at_risk", "active", "", now, "")])
    assert list(HealthChange.objects.filter(sequence__gte=900).order_by("sequence").values_list(
        "agreement_id", "previous", "health", "reasons", "changed_at", "trigger")) == [
        (a.pk, "", "dormant", odd, now, "sweep"), (b.pk, "at_risk", "active", "", now, "")]


def test_any_of_selects_what_in_selects(world):
    made = [agreement(world.a, title=f"Thỏa thuận {i}") for i in range(4)]
    keys = [made[0].pk, made[2].pk, 10 ** 9]
    assert sorted(Agreement.objects.filter(pk__any_of=keys).values_list("pk", flat=True)) == sorted(
        Agreement.objects.filter(pk__in=keys).values_list("pk", flat=True)) == [made[0].pk, made[2].pk]
    assert sorted(Tracking.objects.filter(agreement_id__any_of=keys).values_list("agreement_id", flat=True)) == sorted(
        Tracking.objects.filter(agreement_id__in=keys).values_list("agreement_id", flat=True))
    assert not Agreement.objects.filter(pk__any_of=[]).exists()
    # Keys that are not plain ints are prepared as the field prepares them; plain ones go as they are.
    text_keys = [str(made[1].pk), made[3].pk]
    found = Agreement.objects.filter(pk__any_of=text_keys).values_list("pk", flat=True)
    assert sorted(found) == [made[1].pk, made[3].pk]
    assert sorted(Agreement.objects.filter(pk__any_of=(made[1].pk, None)).values_list("pk", flat=True)) == [made[1].pk]
    assert list(Agreement.objects.filter(locality_id__any_of=[world.a.pk], pk__any_of=keys).order_by("pk")
                .values_list("pk", flat=True)) == [made[0].pk, made[2].pk]
    assert not Agreement.objects.filter(title__any_of=[made[0].pk]).exists()  # an int for a text column: prepared
