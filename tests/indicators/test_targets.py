"""Targets: progress and the derived status with its reason."""
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from ngoaivu.indicators.actions import save_target
from ngoaivu.indicators.models import Target
from ngoaivu.indicators.progress import progress


def _target(world, ind, user="officer_a", steps=None, **kw):
    fields = dict(indicator=ind["foreign_visitors"], locality=world.a, first_year=2021, last_year=2025,
                  value=Decimal(500))
    fields.update(kw)
    return save_target(world.users[user], None, steps=steps, **fields)


def test_no_data_then_on_track_then_behind_then_achieved(db, world, ind, enter):
    target = _target(world, ind)  # 500 over five years: 100 a year expected without steps
    assert progress(target).status == "no_data"
    enter("officer_a", ind["foreign_visitors"], world.a, "2021", 120)
    enter("officer_a", ind["foreign_visitors"], world.a, "2022", 90)
    p = progress(target)
    assert (p.status, p.reached, p.expected, p.through_year) == ("on_track", Decimal(210), Decimal(200), 2022)
    assert "210" in p.reason and "2022" in p.reason and "200" in p.reason
    enter("officer_a", ind["foreign_visitors"], world.a, "2023", 50)
    p = progress(target)
    assert (p.status, p.reached, p.expected) == ("behind", Decimal(260), Decimal(300))
    assert p.reason.startswith("Từ 2021 đến 2023 mới đạt 260")
    enter("officer_a", ind["foreign_visitors"], world.a, "2024", 300)
    assert progress(target).status == "achieved"


def test_yearly_steps_set_what_is_expected(db, world, ind, enter):
    target = _target(world, ind, steps={2021: Decimal(50), 2022: Decimal(200)})
    enter("officer_a", ind["foreign_visitors"], world.a, "2021", 60)
    assert (progress(target).status, progress(target).expected) == ("on_track", Decimal(50))
    enter("officer_a", ind["foreign_visitors"], world.a, "2022", 100)
    p = progress(target)
    assert (p.status, p.expected) == ("behind", Decimal(250))
    assert sorted(target.steps.values_list("year", "value")) == [(2021, Decimal(50)), (2022, Decimal(200))]


def test_lower_is_better(db, world, ind, enter):
    ind["foreign_visitors"].higher_is_better = False
    ind["foreign_visitors"].save()
    target = _target(world, ind, value=Decimal(100))
    enter("officer_a", ind["foreign_visitors"], world.a, "2021", 10)
    assert progress(Target.objects.get(pk=target.pk)).status == "on_track"
    enter("officer_a", ind["foreign_visitors"], world.a, "2022", 80)
    assert progress(Target.objects.get(pk=target.pk)).status == "behind"


def test_a_province_sets_only_its_own_targets(db, world, ind):
    with pytest.raises(PermissionDenied):
        _target(world, ind, locality=world.b)
    with pytest.raises(PermissionDenied):
        _target(world, ind, user="viewer")
    with pytest.raises(PermissionDenied):
        _target(world, ind, locality=None)
    before = Target.objects.count()
    _target(world, ind, user="central", locality=None)  # a national target: the centre's
    assert Target.objects.count() == before + 1


def test_target_form_saves_steps_and_the_province_page_shows_the_status(db, world, ind, enter, client_for):
    client = client_for(world.users["officer_a"])
    data = {"indicator": ind["foreign_visitors"].pk, "locality": world.a.pk, "first_year": 2026, "last_year": 2030,
            "value": "1000", "basis": "Nghị quyết", "step_2026": "150", "step_2027": "1.200,5"}
    response = client.post("/indicators/targets/new/", data)
    assert response.status_code == 302
    target = Target.objects.get(first_year=2026, locality=world.a, indicator=ind["foreign_visitors"])
    assert target.value == Decimal(1000)
    assert list(target.steps.values_list("year", "value")) == [(2026, Decimal(150)), (2027, Decimal("1200.5"))]
    enter("officer_a", ind["foreign_visitors"], world.a, "2026", 100)
    page = client.get(f"/indicators/province/{world.a.pk}/").content.decode()
    assert "Chậm tiến độ" in page and "mới đạt 100" in page
    bad = client.post("/indicators/targets/new/", {**data, "first_year": 2030, "last_year": 2026})
    assert bad.status_code == 200 and "Năm cuối không được trước năm đầu" in bad.content.decode()
