"""The yearly cap on an official's trips counts, for each person of a plan, the province's other outbound,
not cancelled trips of the plan's year they are on, as head or member (exchanges.rules.trips_this_year, read
by a statement kept per number of names): compared here with the trips themselves, for plans of one name to
more than the statement's first size, saved (the plan itself left out) or not yet."""
import datetime

import pytest

from ngoaivu.core.text import fold
from ngoaivu.exchanges import rules
from ngoaivu.exchanges.choices import Direction
from ngoaivu.exchanges.models import Delegation
from tests.exchanges import factories

pytestmark = pytest.mark.django_db

PEOPLE = ["Hoàng Văn Nam", "Nguyễn Thị Hoa", "TRẦN VĂN BÌNH", "Lê Minh", "Phạm Thu Hà", "Đỗ Quang", "Vũ Lan",
          "Bùi Tiến", "Đặng Hải", "Ngô Tuấn", "Lý Mai"]


def expected(facts):
    """The count per name, from every trip's own head and members."""
    counts = {}
    for name in facts.people:
        key = fold(name)
        n = sum(1 for d in Delegation.objects.filter(locality_id=facts.locality_id, direction=Direction.OUTBOUND,
                                                     cancelled_on__isnull=True, start_date__year=facts.start_date.year)
                .exclude(pk=facts.exclude_pk).prefetch_related("members")
                if key and (fold(d.head_name) == key or any(fold(m.full_name) == key for m in d.members.all())))
        if n:
            counts[name] = n
    return counts


def test_every_persons_trips_this_year_are_counted_once(world):
    officer, b = world.users["officer_b"], world.b
    year_start = datetime.date(2027, 1, 4)
    trips = [
        # head Hoàng Văn Nam (the factory's) with members of every spelling
        factories.delegation(officer, b, start_date=year_start, members=("nguyễn thị hoa", "Trần Văn Bình")),
        factories.delegation(officer, b, start_date=year_start + datetime.timedelta(days=40), head_name="Nguyễn Thị Hoa",
                             members=("Hoàng Văn Nam", "Nguyễn Thị Hoa")),  # Hoa head and member: one trip
        factories.delegation(officer, b, start_date=year_start + datetime.timedelta(days=90), head_name="Lý Mai",
                             members=[*PEOPLE[3:9], "hoàng văn nam"], member_count=8),
    ]
    cancelled = factories.delegation(officer, b, start_date=year_start + datetime.timedelta(days=120), members=("Lý Mai",))
    Delegation.objects.filter(pk=cancelled.pk).update(cancelled_on=year_start)
    factories.delegation(officer, b, start_date=datetime.date(2026, 12, 20), members=("Lý Mai",))  # the year before
    factories.delegation(officer, b, start_date=year_start + datetime.timedelta(days=150), direction=Direction.INBOUND,
                         members=("Lý Mai",))
    factories.delegation(world.users["officer_a"], world.a, start_date=year_start, members=("Lý Mai",))  # another province
    seen = set()
    for people in (PEOPLE[:1], PEOPLE[:3], PEOPLE[:8], PEOPLE, ["", "  "], PEOPLE[::-1] + ["hoàng văn nam"]):
        for exclude in (None, trips[0].pk, trips[2].pk):
            facts = rules.PlanFacts(locality_id=b.pk, direction=Direction.OUTBOUND, level="", member_count=0,
                                    start_date=year_start + datetime.timedelta(days=200),
                                    end_date=year_start + datetime.timedelta(days=205), countries=[], funding="",
                                    people=people, exclude_pk=exclude)
            counts = rules.trips_this_year(facts)
            assert counts == expected(facts), (people, exclude)
            seen.update(counts.values())
    assert {1, 2, 3} <= seen  # one trip, two, three: Hoa is on two as head or member, Nam on three
