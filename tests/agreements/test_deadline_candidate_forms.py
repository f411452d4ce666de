"""The calendar's deadline candidates read two ways (agreements.deadlines.window_candidates): the reader's scope
applied to the candidates, tested per candidate (`narrow_first` with a per-row scope: everyone's on SQLite, a
mission's on PostgreSQL since the forty-sixth session), or the candidates taken from the scope (a province's and
the centre's on PostgreSQL, since the forty-fifth session); the narrowed form with the scope's arrays (a mission's
on PostgreSQL before) is checked too. Every form must give every reader, narrowed to a province or not, the same
agreements, on each database."""
import datetime

import pytest

from ngoaivu.agreements.deadlines import Terms, deadlines_for, window_candidates
from ngoaivu.core.scoping import scope_of
from tests.agreements.factories import agreement, partner

pytestmark = pytest.mark.django_db
START, END = datetime.date(2025, 6, 1), datetime.date(2028, 12, 31)


def candidates(user, place, narrow_first, per_row):
    def scoped(agreements, *place):
        agreements = agreements.visible_to(user, per_row=per_row)
        return agreements.of_locality(place[0], per_row=per_row) if place else agreements
    # a key of the test's own for each form: a kept statement is one text per key
    key = ("candidate forms", narrow_first, per_row, scope_of(user), bool(place))
    found = window_candidates(scoped, START, END, Terms(), key, *place, narrow_first=narrow_first)
    return sorted(a.pk for a, _events in found)


def test_both_forms_give_every_reader_the_same_agreements(world):
    b_officer, a_officer = world.users["officer_b"], world.users["officer_a"]
    signed = {"signed_on": datetime.date(2026, 1, 10)}
    own_a = agreement(a_officer, world.a, title="Của tỉnh A, chưa báo cáo", **signed)
    joint = agreement(b_officer, world.b, title="Của tỉnh B, tỉnh A đồng ký", expires_on=datetime.date(2027, 6, 30),
                      **signed)
    joint.co_signatories.add(world.a)
    national = agreement(b_officer, world.b, title="Của tỉnh B, toàn quốc xem", visibility="national",
                         expires_on=datetime.date(2027, 3, 1), **signed)
    private_b = agreement(b_officer, world.b, title="Của tỉnh B, riêng", expires_on=datetime.date(2027, 5, 1),
                          partners=[partner("Osaka", "JP", "Osaka")], **signed)
    made = {own_a.pk, joint.pk, national.pk, private_b.pk}
    seen = {}
    for name, user in world.users.items():
        if user is None:
            continue
        for place in ((), (world.a.pk,), (world.b.pk,)):
            scoped_first = candidates(user, place, False, False)
            assert candidates(user, place, True, True) == scoped_first, (name, place)
            assert candidates(user, place, True, False) == scoped_first, (name, place)
            seen[name, place] = set(scoped_first) & made
    # what each reader is owed, so that two forms equally wrong would not pass
    assert seen["central", ()] == made
    assert seen["officer_a", ()] == {own_a.pk, joint.pk, national.pk}
    assert seen["officer_a", (world.a.pk,)] == {own_a.pk, joint.pk}  # the province's own and co-signed
    assert seen["officer_b", ()] == {joint.pk, national.pk, private_b.pk}
    assert seen["central", (world.b.pk,)] == {joint.pk, national.pk, private_b.pk}
    # the embassy in Korea: those with a Korean partner (the factory's), not the one with Osaka only
    assert seen["mission_officer", ()] == {own_a.pk, joint.pk, national.pk}


def test_the_calendars_deadlines_are_in_one_order_whatever_order_they_were_read_in(world):
    """Two deadlines of one day with one title (two agreements of the same name) come in their links' order."""
    officer = world.users["officer_a"]
    same = [agreement(officer, world.a, title="Bản ghi nhớ trùng tên", signed_on=datetime.date(2026, 1, 10),
                      expires_on=datetime.date(2027, 6, 30)) for _ in range(2)]
    rows = [r for r in deadlines_for(officer, START, END, today=datetime.date(2026, 2, 2))
            if "Bản ghi nhớ trùng tên" in r["title"]]
    pairs = {}
    for row in rows:
        pairs.setdefault((row["date"], row["title"]), []).append(row["url"])
    assert any(len(urls) == 2 for urls in pairs.values()) and len(same) == 2
    assert all(urls == sorted(urls) for urls in pairs.values())
