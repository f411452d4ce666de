"""The yearly totals the computed indicators read are kept current by every kind of change, in its
transaction: after each one, every row equals its recomputation from the registers, `ngoaivu
summaries --check` agrees, the kept reads equal the register reads, and the national page shows
the register's figure after a reload."""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ngoaivu.agreements.models import Agreement
from ngoaivu.implementation import actions
from ngoaivu.implementation.models import Activity
from ngoaivu.indicators import totals
from ngoaivu.indicators.computed import YEARLY_GROUPS, _read, prime
from ngoaivu.indicators.models import ActiveYear, YearTotal
from ngoaivu.indicators.periods import Period
from tests.agreements.factories import register_workbook
from tests.implementation.factories import TODAY, agreement

pytestmark = pytest.mark.django_db

PERIODS = [Period.year(2021), Period.year(2023), Period.years(2019, 2025), Period.years(1990, 2100)]


def row(locality, year):
    """(signed, activities, pledged, disbursed, aid) as stored for one key."""
    return totals.stored([getattr(locality, "pk", locality)]).get((getattr(locality, "pk", locality), year),
                                                                  totals.ZERO)


def assert_current():
    """Every row equals its recomputation, the check command says so, and what the indicators read from
    the kept totals equals the grouped register query, for years and spans."""
    assert totals.differences() == []
    call_command("summaries", "--check", stdout=io.StringIO())
    for period in PERIODS:
        for group in ("signed", "activities", "in_force"):
            assert _read(group, period) == _read(group, period, kept=False), (group, period)
    # A page's periods read together (computed.prime: one statement a group for all their years).
    memo = {}
    prime(memo, {group: PERIODS + [Period.year(2022), Period.parse("2023-H1")] for group in YEARLY_GROUPS})
    assert {period for _group, period in memo} == set(PERIODS) | {Period.year(2022)}  # whole years only
    assert {group for group, _period in memo} == set(YEARLY_GROUPS)
    for (group, period), read in memo.items():
        assert read == _read(group, period, kept=False), (group, period)


def page_value(client, code, period):
    """The figure the national page shows for an indicator, read after a (re)load."""
    response = client.get(reverse("indicators:national"), {"period": period})
    assert response.status_code == 200
    found = [r["value"] for r in response.context["rows"] if r["indicator"].code == code]
    assert found, code
    return found[0]


def test_every_kind_of_change_keeps_the_totals_current(world, ind, client_for):
    assert_current()  # the world as built (ORM writes)
    officer, page = world.users["officer_a"], client_for(world.users["central"])
    count_2023 = Activity.objects.filter(occurred_on__year=2023).count()
    assert (page_value(page, "activities", "2023") or 0) == count_2023

    # create
    before = row(world.a, 2023)
    activity = actions.save_activity(officer, Activity(locality=world.a, kind="aid", title="Viện trợ thiết bị y tế",
                                                       occurred_on=datetime.date(2023, 5, 4), aid_usd=Decimal(1500),
                                                       investment_pledged_usd=Decimal(700)))
    assert row(world.a, 2023) == (before[0], before[1] + 1, before[2] + 700, before[3], before[4] + 1500)
    assert_current()
    assert page_value(page, "activities", "2023") == count_2023 + 1
    aid_2023 = sum(Activity.objects.filter(occurred_on__year=2023).exclude(aid_usd=None).values_list("aid_usd", flat=True))
    assert page_value(page, "activity_aid", "2023") == aid_2023 >= 1500

    # edit: another year and another amount
    activity = Activity.objects.get(pk=activity.pk)
    activity.occurred_on, activity.aid_usd = datetime.date(2021, 2, 1), Decimal(2000)
    actions.save_activity(officer, activity)
    assert row(world.a, 2023) == before
    assert row(world.a, 2021)[4] >= 2000
    assert_current()
    assert page_value(page, "activities", "2023") == count_2023

    # delete
    actions.delete_activity(officer, Activity.objects.get(pk=activity.pk))
    assert_current()

    # an agreement: created, its signing date edited, moved to another province, deleted with its activities
    a = agreement(world.a, country="FR")
    assert row(world.a, a.signed_on.year)[0] >= 1
    assert_current()
    a.signed_on = datetime.date(2021, 6, 1)
    a.save()
    assert_current()
    Activity.objects.create(locality=world.a, agreement=a, kind="meeting", title="Hội đàm", occurred_on=TODAY,
                            investment_disbursed_usd=Decimal(90))
    a.locality = world.b
    a.save()
    assert_current()
    signed_b = row(world.b, 2021)[0]
    a.delete()  # its activity goes by cascade
    assert row(world.b, 2021)[0] == signed_b - 1
    assert_current()

    # the bulk import (one batched insert, no signal: the core summaries hook)
    out = register_workbook([{"title": "Thỏa thuận nhập từ tệp", "partners": "Thành phố Lyon", "countries": "FR",
                              "signed": "01/03/2024", "in_force_on": "01/03/2024", "reported_on": "05/03/2024"}])
    from ngoaivu.agreements import imports
    result = imports.check_file(out, officer, today=TODAY)
    assert result.ok, result.errors
    signed_2024 = row(world.a, 2024)[0]
    imports.commit(result, officer, today=TODAY)
    assert Agreement.objects.filter(title="Thỏa thuận nhập từ tệp").exists()
    assert row(world.a, 2024)[0] == signed_2024 + 1
    assert_current()
    assert page_value(page, "agreements_signed", "2024") == Agreement.objects.filter(signed_on__year=2024).count()


def active_years(a):
    """{year: activities} kept for one agreement."""
    return {year: n for (pk, year), n in totals.stored_active([a.pk]).items() if pk == a.pk}


def test_the_active_years_follow_every_change_of_an_agreements_activities(world, ind, client_for):
    """The kept years in which an agreement had an activity (the active share and dormant of whole years):
    an activity added, moved to another year, moved to another agreement, one of two deleted, the last
    deleted, and the agreement deleted with its activities."""
    officer, page = world.users["officer_a"], client_for(world.users["central"])
    a = agreement(world.a, country="JP", status="in_force", signed_months_ago=60)
    b = agreement(world.a, country="JP", status="in_force", signed_months_ago=60)
    assert active_years(a) == {} and active_years(b) == {}
    assert_current()
    dormant_2022 = page_value(page, "agreements_dormant", "2022")

    first = actions.save_activity(officer, Activity(locality=world.a, agreement=a, kind="meeting",
                                                    title="Hội đàm", occurred_on=datetime.date(2022, 3, 1)))
    assert active_years(a) == {2022: 1}
    assert_current()
    assert page_value(page, "agreements_dormant", "2022") == dormant_2022 - 1
    second = actions.save_activity(officer, Activity(locality=world.a, agreement=a, kind="meeting",
                                                     title="Hội thảo", occurred_on=datetime.date(2022, 9, 1)))
    assert active_years(a) == {2022: 2}

    second = Activity.objects.get(pk=second.pk)
    second.occurred_on = datetime.date(2020, 1, 15)  # another year
    actions.save_activity(officer, second)
    assert active_years(a) == {2022: 1, 2020: 1}
    assert_current()

    second = Activity.objects.get(pk=second.pk)
    second.agreement = b  # another agreement
    actions.save_activity(officer, second)
    assert active_years(a) == {2022: 1} and active_years(b) == {2020: 1}
    assert_current()

    actions.delete_activity(officer, Activity.objects.get(pk=first.pk))  # the last of a's 2022
    assert active_years(a) == {}
    assert_current()
    assert page_value(page, "agreements_dormant", "2022") == dormant_2022

    b.delete()  # its activity goes by cascade
    assert active_years(b) == {}
    assert not Activity.objects.filter(pk=second.pk).exists()
    assert_current()


def test_a_bulk_write_without_the_hook_is_found_and_the_hook_repairs_it(world, ind):
    """What a bulk write that forgot the hook would leave: --check names it, the hook repairs it."""
    from ngoaivu.core import summaries as hooks
    a = agreement(world.a, country="KR")
    Agreement.objects.filter(pk=a.pk).update(signed_on=datetime.date(1999, 1, 1))  # no signal
    assert totals.differences() != []
    hooks.refresh_summaries({world.a.pk})
    assert_current()
    # an activity moved to another agreement in bulk: the active years differ until the hook runs
    other = agreement(world.a, country="KR")
    done = Activity.objects.create(locality=world.a, agreement=a, kind="meeting", title="Hội đàm",
                                   occurred_on=datetime.date(2022, 4, 1))
    Activity.objects.filter(pk=done.pk).update(agreement=other)  # no signal
    assert [d for d in totals.differences() if str(d[0]).startswith("thỏa thuận")]
    hooks.refresh_summaries({world.a.pk})
    assert active_years(other) == {2022: 1} and active_years(a) == {}
    assert_current()


def test_the_check_command_names_a_difference_and_rebuild_repairs_it(world, ind, client_for):
    agreement(world.a, country="KR", signed_months_ago=1)
    year = TODAY.year if TODAY.month > 1 else TODAY.year - 1
    YearTotal.objects.filter(locality=world.a.pk).update(signed=999)
    ActiveYear.objects.create(agreement=424242, year=2020, activities=777)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("summaries", "--check", stdout=out)
    assert "999" in out.getvalue() and "thỏa thuận 424242" in out.getvalue()
    call_command("summaries", "--rebuild", stdout=io.StringIO())
    assert not ActiveYear.objects.filter(agreement=424242).exists()
    assert_current()
    page = client_for(world.users["central"])
    assert page_value(page, "agreements_signed", str(year)) == Agreement.objects.filter(signed_on__year=year).count()
