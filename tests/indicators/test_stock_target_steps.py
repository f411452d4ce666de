"""A stock's target (its value at a year's end, aggregation "last") with yearly milestones: a year without a
milestone of its own is held to the latest milestone before it. The largest one was taken instead, so a
stock that must come down (10 → 8 → 5) was held in 2024 to 10, the first and loosest, and 7 read "on track"."""
from decimal import Decimal

from ngoaivu.indicators.actions import save_target
from ngoaivu.indicators.models import Indicator
from ngoaivu.indicators.progress import progress


def test_a_year_without_a_milestone_is_held_to_the_latest_one_before_it(db, world, ind, enter, client_for):
    pending = Indicator.objects.create(code="ngo_dossiers_pending", name="Hồ sơ viện trợ tồn đọng", unit="count",
                                       aggregation="last", higher_is_better=False)
    target = save_target(world.users["officer_a"], None, indicator=pending, locality=world.a, first_year=2021,
                         last_year=2025, value=Decimal(3),
                         steps={2021: Decimal(10), 2022: Decimal(8), 2023: Decimal(5)})
    enter("officer_a", pending, world.a, "2024", 7)
    p = progress(target)
    assert (p.through_year, p.reached, p.expected, p.status) == (2024, Decimal(7), Decimal(5), "behind")
    assert "chưa đạt mức cần đạt đến năm 2024 là 5" in p.reason
    # Rising, the latest milestone is also the one held to (it was already, as the largest).
    grows = Indicator.objects.create(code="sister_cities", name="Địa phương kết nghĩa", unit="count",
                                     aggregation="last")
    target = save_target(world.users["officer_a"], None, indicator=grows, locality=world.a, first_year=2021,
                         last_year=2025, value=Decimal(12), steps={2021: Decimal(6), 2022: Decimal(9)})
    enter("officer_a", grows, world.a, "2023", 8)
    assert (progress(target).expected, progress(target).status) == (Decimal(9), "behind")
