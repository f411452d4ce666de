"""The partner page's ties read in one statement (issue 9, ninth session): what each reader sees and what
is only counted equal their recomputation straight from the scoping, kind by kind, for every persona."""
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ngoaivu.agreements.models import Agreement
from ngoaivu.core.scoping import scope_of
from ngoaivu.exchanges.models import Conference, Delegation
from ngoaivu.partners.models import Partner
from ngoaivu.partners.ties import partner_ties
from tests.agreements.factories import agreement
from tests.exchanges import factories

pytestmark = pytest.mark.django_db


def _expected(user, partner):
    """The ties as the page computed them before: one scoped read per kind, every record by locality."""
    seen = {model: set(model.objects.filter(partners=partner).visible_to(user).values_list("pk", flat=True))
            for model in (Agreement, Delegation, Conference)}
    every = {model: list(model._base_manager.filter(partners=partner).values_list("pk", "locality_id"))
             for model in (Agreement, Delegation, Conference)}
    hidden = [(pk, loc) for pk, loc in every[Agreement] if pk not in seen[Agreement]]
    dormant = set(Agreement._base_manager.filter(partners=partner, health="dormant").values_list("pk", flat=True))
    return {"agreements": seen[Agreement], "delegations": seen[Delegation], "conferences": seen[Conference],
            "hidden_agreements": len(hidden), "hidden_provinces": len({loc for _, loc in hidden if loc}),
            "hidden_dormant": sum(1 for pk, _ in hidden if pk in dormant),
            "hidden_delegations": sum(1 for pk, _ in every[Delegation] if pk not in seen[Delegation]),
            "hidden_conferences": sum(1 for pk, _ in every[Conference] if pk not in seen[Conference]),
            "by_province": Counter(loc for _, loc in every[Agreement])}


def _partner_with_ties(world):
    p = Partner.objects.create(name="Gyeongsangbuk-do", name_vi="Tỉnh Gyeongsang Bắc", country="KR")
    a, b = world.users["officer_a"], world.users["officer_b"]
    agreement(a, world.a, partners=[p], title="Bản ghi nhớ của tỉnh A")
    agreement(a, world.a, partners=[p], title="Thỏa thuận nội bộ của tỉnh A", visibility="internal")
    agreement(b, world.b, partners=[p], title="Thỏa thuận nội bộ của tỉnh B", visibility="internal")
    dormant = agreement(b, world.b, partners=[p], title="Thỏa thuận để đấy của tỉnh B", visibility="internal")
    Agreement.objects.filter(pk=dormant.pk).update(health="dormant")
    agreement(b, world.b, partners=[p], title="Thỏa thuận công khai của tỉnh B", visibility="public")
    for user, locality in ((a, world.a), (b, world.b)):
        d = factories.delegation(user, locality, countries=("KR",))
        d.partners.set([p])
        factories.conference(user, locality, partners=[p], title=f"Hội thảo với {p.name} ({locality.short_name})")
    return p


def test_the_ties_equal_their_recomputation_for_every_persona(world):
    partner = _partner_with_ties(world)
    bare = Partner.objects.create(name="Jeollanam-do", country="KR")
    for name, user in world.users.items():
        if user is None:
            continue
        for p in (partner, bare):
            ties, want = partner_ties(user, p), _expected(user, p)
            assert set(ties.agreements.values_list("pk", flat=True)) == want["agreements"], name
            assert set(ties.delegations.values_list("pk", flat=True)) == want["delegations"], name
            assert set(ties.conferences.values_list("pk", flat=True)) == want["conferences"], name
            assert ties.agreement_count == len(want["agreements"]), name
            assert ties.delegation_count == len(want["delegations"]), name
            for key in ("hidden_agreements", "hidden_provinces", "hidden_dormant", "hidden_delegations",
                        "hidden_conferences"):
                assert getattr(ties, key) == want[key], (name, key)
            if ties.sees_all:
                assert {row["locality"].pk: row["agreements"] for row in ties.provinces if row["agreements"]} \
                    == dict(want["by_province"]), name
            else:
                assert ties.provinces == [], name


def test_the_lists_read_only_the_columns_they_show(world, client_for):
    """Every row of the three tables is written from the columns read: no statement per row."""
    partner = _partner_with_ties(world)
    client = client_for(world.users["central"])
    url = reverse("partners:partner_detail", args=[partner.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        html = client.get(url).content.decode()
    assert "Thỏa thuận để đấy của tỉnh B" in html and "Hội thảo với Gyeongsangbuk-do" in html
    # Session, user, partner, the ties (one UNION), history, localities, and each kind's list.
    assert len(one.captured_queries) <= 9, [q["sql"][:80] for q in one.captured_queries]


def test_a_historical_agreement_signed_on_an_unknown_day_says_so(world, client_for):
    """signed_display reads `historical` and `recorded_status`: they are among the columns read."""
    p = Partner.objects.create(name="Chungcheongnam-do", country="KR")
    a = agreement(world.users["officer_a"], world.a, partners=[p], title="Thỏa thuận cũ")
    Agreement.objects.filter(pk=a.pk).update(historical=True, recorded_status="in_force", signed_on=None)
    html = client_for(world.users["officer_a"]).get(reverse("partners:partner_detail", args=[p.pk])).content.decode()
    assert "không rõ ngày" in html
