"""The yearly counts of delegations and conferences (the national page, its channels and the partner
countries' pages over whole years and spans read them) are kept current by every kind of change, in its
transaction: after each one every row equals its recomputation from the registers, `ngoaivu summaries
--check` agrees, and the kept reads equal the reads of the registers."""
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ngoaivu.exchanges import actions
from ngoaivu.exchanges.models import Delegation, DelegationStop
from ngoaivu.indicators import exchange_totals
from ngoaivu.indicators.computed import _read, delegations_by_channel
from ngoaivu.indicators.models import ExchangeYearTotal
from ngoaivu.indicators.partner_countries import by_country, by_province
from ngoaivu.indicators.periods import Period
from tests.exchanges import factories

pytestmark = pytest.mark.django_db

D = datetime.date
PERIODS = [Period.year(2025), Period.year(2026), Period.years(2022, 2026), Period.years(1990, 2100)]


def assert_current(world):
    assert exchange_totals.differences() == []
    call_command("summaries", "--check", stdout=io.StringIO())
    for period in PERIODS:
        for group in ("delegations", "conferences"):
            assert _read(group, period) == _read(group, period, kept=False), (group, period)
        for locality in (None, world.a.pk):
            assert (delegations_by_channel(period, locality, {})
                    == delegations_by_channel(period, locality, {}, kept=False)), (locality, period)
        assert by_country(period) == by_country(period, kept=False), period
        for code in ("JP", "KR", "FR"):
            assert by_province(code, period, {}) == by_province(code, period, {}, kept=False), (code, period)


def kept(locality, year, channel="", country="", kind="delegation"):
    return exchange_totals.stored([locality.pk]).get((locality.pk, year, kind, channel, country), exchange_totals.ZERO)


def conferences(locality, year):
    return kept(locality, year, kind="conference")


def plus(before, *figures):
    return tuple(a + b for a, b in zip(before, figures))


def test_every_kind_of_change_keeps_the_exchange_counts_current(world):
    """(The world already holds a few delegations and conferences: the figures are compared with before.)"""
    officer = world.users["officer_a"]
    assert_current(world)
    a, b = world.a, world.b
    was = {key: kept(*key) for key in [(a, 2026, "state"), (a, 2025, "people")]
           + [(loc, y, "", c) for loc in (a, b) for y in (2025, 2026) for c in ("JP", "KR", "FR")]}
    was |= {(a, y): conferences(a, y) for y in (2025, 2026)}

    # a delegation planned with two stops in Japan and one in Korea: once per country
    d = factories.delegation(officer, a, countries=("JP", "JP", "KR"))
    assert kept(a, 2026, "state") == plus(was[(a, 2026, "state")], 1, 0, 0)
    assert kept(a, 2026, "", "JP") == plus(was[(a, 2026, "", "JP")], 1, 0, 0)
    assert kept(a, 2026, "", "KR") == plus(was[(a, 2026, "", "KR")], 1, 0, 0)
    assert_current(world)

    # edited: another year, direction and channel; its stops replaced
    d = actions.update_delegation(officer, Delegation.objects.get(pk=d.pk),
                                  data={"start_date": D(2025, 4, 1), "end_date": D(2025, 4, 5),
                                        "direction": "in", "channel": "people"},
                                  stops=[{"country": "FR", "city": "Lyon", "days": 2}])
    assert kept(a, 2026, "state") == was[(a, 2026, "state")]
    assert kept(a, 2025, "people") == plus(was[(a, 2025, "people")], 0, 1, 0)
    assert kept(a, 2025, "", "FR") == plus(was[(a, 2025, "", "FR")], 0, 1, 0)
    assert kept(a, 2026, "", "JP") == was[(a, 2026, "", "JP")]
    assert_current(world)

    # approved, then cancelled (the status is written by update(), inside the hook)
    other = factories.approved_delegation(officer, a, countries=("KR",))
    assert kept(a, 2026, "", "KR") == plus(was[(a, 2026, "", "KR")], 1, 0, 0)
    actions.cancel_delegation(officer, Delegation.objects.get(pk=other.pk), cancelled_on=D(2026, 2, 1),
                              reason="Đối tác hoãn lịch")
    assert Delegation.objects.get(pk=other.pk).status == "cancelled"
    assert kept(a, 2026, "", "KR") == was[(a, 2026, "", "KR")]
    assert_current(world)

    # the sweep moves statuses on (under way, returned): no count moves, the rows stay equal
    factories.approved_delegation(world.users["officer_b"], b, countries=("JP",), start_date=D(2025, 9, 1))
    actions.sweep(today=D(2026, 11, 1))
    assert_current(world)

    # conferences: planned, moved to another year, cancelled
    conf = factories.conference(officer, a)
    assert conferences(a, 2026) == plus(was[(a, 2026)], 0, 0, 1)
    actions.update_conference(officer, conf, data={"start_date": D(2025, 6, 1), "end_date": D(2025, 6, 2)})
    assert conferences(a, 2026) == was[(a, 2026)] and conferences(a, 2025) == plus(was[(a, 2025)], 0, 0, 1)
    assert_current(world)
    actions.cancel_conference(officer, conf, cancelled_on=D(2025, 5, 1), reason="Hoãn")
    assert conferences(a, 2025) == was[(a, 2025)]
    assert_current(world)

    # a province changed through the ORM, then deleted with its stops
    d = Delegation.objects.get(pk=d.pk)
    d.locality = b
    d.save()
    assert kept(b, 2025, "", "FR") == plus(was[(b, 2025, "", "FR")], 0, 1, 0)
    assert_current(world)
    d.delete()
    assert kept(b, 2025, "", "FR") == was[(b, 2025, "", "FR")]
    assert_current(world)


def test_the_import_keeps_the_counts_and_a_bulk_write_is_found_and_repaired(world, client_for):
    """A re-import changes a delegation through the actions; a write that forgot the hook (stops added in
    bulk) shows in --check until --rebuild repairs it."""
    from tests.exchanges.test_delegation_reimport import _export, _upload
    officer = world.users["officer_a"]
    korea = factories.approved_delegation(officer, world.a, countries=("KR",))
    client = client_for(officer)
    workbook = _export(client)
    sheet = workbook.active
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == korea.pk:
            row[headers.index("Ngày đi")].value = "02/02/2025"
            row[headers.index("Ngày về")].value = "05/02/2025"
    preview = _upload(client, workbook)
    assert preview.context["result"].ok, preview.context["result"].errors
    was = kept(world.a, 2025, "", "KR"), kept(world.a, 2025, "", "JP")
    client.post(reverse("exchanges:delegation_import"), {"confirm": "1", "token": str(preview.context["run"].token)})
    assert Delegation.objects.get(pk=korea.pk).start_date == D(2025, 2, 2)
    assert kept(world.a, 2025, "", "KR") == plus(was[0], 1, 0, 0)
    assert_current(world)

    DelegationStop.objects.bulk_create([DelegationStop(delegation=korea, country="JP", position=5)])
    assert exchange_totals.differences() != []
    with pytest.raises(CommandError):
        call_command("summaries", "--check", stdout=io.StringIO())
    call_command("summaries", "--rebuild", stdout=io.StringIO())
    assert kept(world.a, 2025, "", "JP") == plus(was[1], 1, 0, 0)
    assert_current(world)


def test_the_check_names_a_difference_and_rebuild_repairs_it(world):
    factories.delegation(world.users["officer_a"], world.a, countries=("KR",))
    ExchangeYearTotal.objects.filter(locality=world.a.pk, country="KR").update(delegations_out=999)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("summaries", "--check", stdout=out)
    assert "999" in out.getvalue() and "KR" in out.getvalue()
    call_command("summaries", "--rebuild", stdout=io.StringIO())
    assert_current(world)
