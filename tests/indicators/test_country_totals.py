"""The yearly totals per province and partner country (the list of countries and a country's page over
whole years and spans read them) are kept current by every kind of change, in its transaction: after each
one every row equals its recomputation from the registers, `ngoaivu summaries --check` agrees, the kept
reads equal the reads of the registers, and the country's page shows the registers' figure after a reload.
(The agreements' status, province and signing date, the sweep and the import: test_in_force checks these
rows too after each of its changes.)"""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ngoaivu.implementation import actions
from ngoaivu.implementation.models import Activity
from ngoaivu.indicators import country_totals
from ngoaivu.indicators.models import CountryYearTotal
from ngoaivu.indicators.partner_countries import by_country, by_province
from ngoaivu.indicators.periods import Period
from ngoaivu.partners.models import Partner
from tests.implementation.factories import agreement

pytestmark = pytest.mark.django_db

PERIODS = [Period.year(2022), Period.year(2024), Period.years(2020, 2025), Period.years(1990, 2100)]


def assert_current():
    assert country_totals.differences() == []
    call_command("summaries", "--check", stdout=io.StringIO())
    for period in PERIODS:
        assert by_country(period) == by_country(period, kept=False), period
        for code in ("NO", "SE", "KR"):
            assert by_province(code, period, {}) == by_province(code, period, {}, kept=False), (code, period)


def kept(locality, country, year):
    """The activities' figures of a row: (activities, pledged, disbursed, aid)."""
    return country_totals.stored([locality.pk]).get((locality.pk, country, year), country_totals.ZERO)[:4]


def kept_agreements(locality, country, year):
    """The agreements' figures of a row: (signed, in force)."""
    return country_totals.stored([locality.pk]).get((locality.pk, country, year), country_totals.ZERO)[4:]


def page(client, code, period):
    """{locality id: figures} the country's page shows after a (re)load."""
    response = client.get(reverse("indicators:country", args=[code]), {"period": period})
    assert response.status_code == 200
    return {(r["locality"].pk if r["locality"] else None): r["values"] for r in response.context["rows"]}


def test_every_kind_of_change_keeps_the_country_totals_current(world, client_for):
    officer, client = world.users["officer_a"], client_for(world.users["central"])
    assert_current()  # the world as built
    a = agreement(world.a, title="Bản ghi nhớ với Vestland", country="NO")
    assert kept(world.a, "NO", 2022) == (0, 0, 0, 0)
    assert kept_agreements(world.a, "NO", a.signed_on.year) == (1, 1)
    assert_current()

    # an activity created under an agreement with a Norwegian partner
    first = actions.save_activity(officer, Activity(locality=world.a, agreement=a, kind="aid", title="Trao tặng",
                                                    occurred_on=datetime.date(2022, 5, 1), aid_usd=Decimal(500),
                                                    investment_pledged_usd=Decimal(100)))
    assert kept(world.a, "NO", 2022) == (1, 100, 0, 500)
    assert_current()
    assert page(client, "NO", "2022")[world.a.pk]["aid"] == 500

    # edited: another year and amount
    first = Activity.objects.get(pk=first.pk)
    first.occurred_on, first.aid_usd = datetime.date(2024, 2, 2), Decimal(700)
    actions.save_activity(officer, first)
    assert kept(world.a, "NO", 2022) == (0, 0, 0, 0) and kept(world.a, "NO", 2024) == (1, 100, 0, 700)
    assert_current()
    assert "activities" not in page(client, "NO", "2022").get(world.a.pk, {})

    # a second partner of the same country: still once; a partner of another country: counted there too
    a.partners.add(Partner.objects.create(name="Đại học Bergen", country="NO"))
    assert kept(world.a, "NO", 2024) == (1, 100, 0, 700)
    assert kept_agreements(world.a, "NO", a.signed_on.year) == (1, 1)
    stockholm = Partner.objects.create(name="Thành phố Stockholm", country="SE")
    a.partners.add(stockholm)
    assert kept(world.a, "SE", 2024) == (1, 100, 0, 700)
    assert kept_agreements(world.a, "SE", a.signed_on.year) == (1, 1)
    assert_current()
    assert page(client, "SE", "2020-2025")[world.a.pk]["activities"] == 1

    # the partner's country corrected, then the link removed from the partner's side
    stockholm.country = "KR"
    stockholm.save()
    assert kept(world.a, "SE", 2024) == (0, 0, 0, 0)
    assert kept_agreements(world.a, "SE", a.signed_on.year) == (0, 0)
    assert_current()
    stockholm.agreements.remove(a)
    assert_current()
    a.partners.add(stockholm)
    assert_current()
    stockholm.delete()  # its links go with it
    assert_current()
    a.partners.clear()
    assert kept(world.a, "NO", 2024) == (0, 0, 0, 0)
    assert_current()
    a.partners.add(Partner.objects.get(name="Đại học Bergen"))
    assert kept(world.a, "NO", 2024) == (1, 100, 0, 700)

    # moved to an agreement without a partner of the country; deleted
    other = agreement(world.a, title="Bản ghi nhớ với Gyeonggi", country="KR")
    first = Activity.objects.get(pk=first.pk)
    first.agreement = other
    actions.save_activity(officer, first)
    assert kept(world.a, "NO", 2024) == (0, 0, 0, 0) and kept(world.a, "KR", 2024)[0] >= 1
    assert_current()
    actions.delete_activity(officer, Activity.objects.get(pk=first.pk))
    assert_current()

    # an agreement deleted with its activities (its partner links go in the same cascade)
    Activity.objects.create(locality=world.b, agreement=a, kind="meeting", title="Hội đàm",
                            occurred_on=datetime.date(2024, 7, 7))
    assert kept(world.b, "NO", 2024)[0] == 1
    a.delete()
    assert kept(world.b, "NO", 2024) == (0, 0, 0, 0)
    assert_current()


def test_an_agreements_own_changes_and_a_partners_merge_move_its_country_counts(world):
    """Signed and in force per country follow the agreement's status, province and signing date (ORM
    saves), its deletion, and the partners' merge (links moved in bulk, then the core hook)."""
    from ngoaivu.partners import merging
    a = agreement(world.a, title="Bản ghi nhớ với Vestland", country="NO", signed_months_ago=30)
    year = a.signed_on.year
    assert kept_agreements(world.a, "NO", year) == (1, 1)
    a.status = "expired"
    a.save()
    assert kept_agreements(world.a, "NO", year) == (1, 0)
    assert_current()
    a.locality, a.status = world.b, "in_force"
    a.save()
    assert kept_agreements(world.a, "NO", year) == (0, 0) and kept_agreements(world.b, "NO", year) == (1, 1)
    assert_current()
    a.signed_on = datetime.date(2019, 6, 1)
    a.save()
    assert kept_agreements(world.b, "NO", 2019) == (1, 1)
    assert_current()

    # a duplicate partner of another country merged into the agreement's partner: its agreement moves
    survivor = a.partners.get()
    duplicate = Partner.objects.create(name="Vestland fylkeskommune", country="SE")
    b = agreement(world.a, title="Bản ghi nhớ thứ hai", country="SE", signed_months_ago=5)
    b.partners.set([duplicate])
    assert kept_agreements(world.a, "SE", b.signed_on.year) == (1, 1)
    merge = merging.merge_partners(world.users["central"], survivor, duplicate, across_countries=True)
    assert kept_agreements(world.a, "SE", b.signed_on.year) == (0, 0)
    assert kept_agreements(world.a, "NO", b.signed_on.year) == (1, 1)
    assert_current()
    merging.unmerge(world.users["central"], merge)
    assert_current()
    b.delete()
    assert_current()


def test_a_bulk_write_of_links_is_found_and_the_hook_repairs_it(world):
    """What the partners' merge does (links moved in bulk, no signal, then the core hook): --check finds
    the difference until the hook runs, and the hook repairs it."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.core import summaries as hooks
    a = agreement(world.a, title="Bản ghi nhớ với Vestland", country="NO")
    Activity.objects.create(locality=world.b, agreement=a, kind="meeting", title="Hội đàm",
                            occurred_on=datetime.date(2024, 3, 3))
    sweden = Partner.objects.create(name="Vùng Skåne", country="SE")
    Agreement.partners.through.objects.bulk_create([Agreement.partners.through(agreement=a, partner=sweden)])
    assert country_totals.differences() != []
    hooks.refresh_summaries({world.a.pk})  # the agreement's province: the activity of B follows
    assert kept(world.b, "SE", 2024)[0] == 1
    assert_current()


def test_the_check_names_a_difference_and_rebuild_repairs_it(world, client_for):
    a = agreement(world.a, title="Bản ghi nhớ với Vestland", country="NO")
    Activity.objects.create(locality=world.a, agreement=a, kind="meeting", title="Hội đàm",
                            occurred_on=datetime.date(2024, 3, 3))
    CountryYearTotal.objects.filter(locality=world.a.pk, country="NO", year=2024).update(activities=999)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("summaries", "--check", stdout=out)
    assert "999" in out.getvalue() and "NO" in out.getvalue()
    assert page(client_for(world.users["central"]), "NO", "2024")[world.a.pk]["activities"] == 999
    call_command("summaries", "--rebuild", stdout=io.StringIO())
    assert_current()
    assert page(client_for(world.users["central"]), "NO", "2024")[world.a.pk]["activities"] == 1
