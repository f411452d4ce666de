"""The history of a figure or a target (a colleague's change made while one edited a target, listed on the
target's page) names the value changed and not "cập nhật lúc" (its history rows no longer keep it, migration
indicators 0020; tests/implementation/test_history_own_facts.py checks the columns)."""
from decimal import Decimal

import pytest

from ngoaivu.core.generic import history_entries
from ngoaivu.indicators.actions import save_target
from ngoaivu.indicators.models import Observation
from tests.test_edit_round_trip import page_values

pytestmark = pytest.mark.django_db


def test_a_figures_history_names_the_value_only(world, ind, enter):
    enter("officer_a", ind["remittances"], world.a, "2025", 100)
    enter("officer_a", ind["remittances"], world.a, "2025", 500)
    obs = Observation.objects.get(indicator=ind["remittances"], locality=world.a, period_start__year=2025)
    assert obs.value == Decimal(500) and obs.history.count() == 2
    [change] = history_entries(obs)[0]["changes"]
    assert (str(change["field"]), change["old"], change["new"]) == ("giá trị", "100", "500")


def test_a_history_writes_figures_as_the_pages_do(world, ind, enter):
    """A stored Decimal("1234.50") read "1234.50" in the history, and "500.00" reads fifty thousand in
    Vietnamese notation: figures are written as everywhere else ("1.234,5"), a year stays "2026"."""
    enter("officer_a", ind["remittances"], world.a, "2025", Decimal("500.00"))
    enter("officer_a", ind["remittances"], world.a, "2025", Decimal("1234.50"))
    obs = Observation.objects.get(indicator=ind["remittances"], locality=world.a, period_start__year=2025)
    [change] = history_entries(obs)[0]["changes"]
    assert (change["old"], change["new"]) == ("500", "1.234,50")


def test_a_targets_conflict_lists_the_value_a_colleague_changed_not_the_save_time(world, ind, client_for):
    target = save_target(world.users["officer_a"], None, indicator=ind["foreign_visitors"], locality=world.a,
                         first_year=2026, last_year=2030, value=Decimal(500), basis="Nghị quyết")
    url = f"/indicators/targets/{target.pk}/edit/"
    mine, theirs = client_for(world.users["manager_a"]), client_for(world.users["officer_a"])
    my_form = mine.get(url).context["form"]
    their_form = theirs.get(url).context["form"]
    assert theirs.post(url, {**page_values(their_form), "value": "800"}).status_code == 302
    target.refresh_from_db()
    assert target.value == Decimal(800)

    response = mine.post(url, {**page_values(my_form), "value": "500", "basis": "Kế hoạch 5 năm"})
    assert response.status_code == 200
    target.refresh_from_db()
    assert (target.value, target.basis) == (Decimal(800), "Nghị quyết")  # nothing of the stale save written
    [entry] = response.context["form"].conflict
    assert [str(c["field"]) for c in entry["changes"]] == ["giá trị mục tiêu cả kỳ"]
    page = response.content.decode()
    assert "Giá trị mục tiêu cả kỳ</strong>" in page and "Cập nhật lúc" not in page
    assert "500 → 800" in page and "500.00" not in page
