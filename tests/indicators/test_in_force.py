"""The kept counts of agreements in force and of those active (indicators.in_force) follow every kind of
change, in its transaction: after each one, every row equals its recomputation from the registers,
`ngoaivu summaries --check` agrees, and what the national page reads from them (years and spans) equals the
count made on the registers."""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ngoaivu.agreements import actions as agreement_actions
from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.sweep import refresh_register
from ngoaivu.core import summaries as hooks
from ngoaivu.implementation import actions
from ngoaivu.implementation.models import Activity
from ngoaivu.indicators import country_totals, in_force
from ngoaivu.indicators.computed import _read
from ngoaivu.indicators.models import InForceYear
from ngoaivu.indicators.partner_countries import by_country
from ngoaivu.indicators.periods import Period
from tests.agreements.factories import register_workbook
from tests.implementation.factories import TODAY, agreement

pytestmark = pytest.mark.django_db

D = datetime.date
PERIODS = [Period.year(2020), Period.year(2021), Period.year(2022), Period.year(2024), Period.years(2021, 2025),
           Period.years(2019, 2025), Period.years(2023, 2026), Period.years(1990, 2100)]


def assert_current():
    """Every row equals its recomputation, the check command says so, and the kept read equals the
    register's count for years and spans."""
    assert in_force.differences() == []
    assert country_totals.differences() == []  # the agreements in force per partner country
    call_command("summaries", "--check", stdout=io.StringIO())
    for period in PERIODS:
        assert _read("in_force", period) == _read("in_force", period, kept=False), period
        assert by_country(period) == by_country(period, kept=False), period


def active(locality, first, last):
    """(in force, active) of one province over the years, as the page reads them."""
    read = in_force.read(first, last)
    return read["in_force"].get(locality.pk, 0), read["active"].get(locality.pk, 0)


def page_value(client, code, period):
    response = client.get(reverse("indicators:national"), {"period": period})
    assert response.status_code == 200
    found = [r["value"] for r in response.context["rows"] if r["indicator"].code == code]
    assert found, code
    return found[0]


def direct_dormant(first, last):
    """Dormant agreements counted on the registers: in force, signed by the end, no activity in the years."""
    end = D(last, 12, 31)
    in_force_now = Agreement.objects.filter(status="in_force", signed_on__lte=end)
    return in_force_now.count() - in_force_now.filter(
        activities__occurred_on__range=(D(first, 1, 1), end)).distinct().count()


def test_activities_added_moved_and_deleted_count_an_agreement_once_per_span(world, ind, client_for):
    officer, page = world.users["officer_a"], client_for(world.users["central"])
    assert_current()
    a = agreement(world.a, country="JP", signed_months_ago=62)  # signed in 2021
    b = agreement(world.a, country="JP", signed_months_ago=62)
    assert a.signed_on.year == 2021
    assert_current()
    base = active(world.a, 2021, 2025)

    def do(year, on=a):
        return actions.save_activity(officer, Activity(locality=world.a, agreement=on, kind="meeting",
                                                       title="Hội đàm", occurred_on=D(year, 3, 1)))

    first, second = do(2022), do(2024)
    # Active in two years of the span: counted once in it, once in each year.
    assert active(world.a, 2021, 2025) == (base[0], base[1] + 1)
    assert active(world.a, 2022, 2022)[1] >= 1 and active(world.a, 2024, 2024)[1] >= 1
    assert_current()
    assert page_value(page, "agreements_dormant", "2021-2025") == direct_dormant(2021, 2025)

    # an activity before the signing year and one after a gap: 2019 and 2026, none in 2021-2025 for b
    do(2019, b), do(2026, b)
    assert active(world.a, 2021, 2025) == (base[0], base[1] + 1)
    assert_current()

    second = Activity.objects.get(pk=second.pk)
    second.occurred_on = D(2020, 1, 15)  # another year, out of the span
    actions.save_activity(officer, second)
    assert_current()
    second = Activity.objects.get(pk=second.pk)
    second.agreement = b  # another agreement
    actions.save_activity(officer, second)
    assert_current()
    actions.delete_activity(officer, Activity.objects.get(pk=first.pk))  # a's last activity in the span
    assert active(world.a, 2021, 2025) == base
    assert_current()
    assert page_value(page, "agreements_dormant", "2021-2025") == direct_dormant(2021, 2025)

    b.delete()  # its activities go by cascade
    assert active(world.a, 2021, 2025)[0] == base[0] - 1
    assert_current()


def test_an_agreements_status_province_and_signing_date_move_the_counts(world, ind, client_for):
    officer, page = world.users["officer_a"], client_for(world.users["central"])
    a = agreement(world.a, country="FR", signed_months_ago=40)
    Activity.objects.create(locality=world.a, agreement=a, kind="meeting", title="Hội đàm", occurred_on=D(2024, 5, 1))
    in_force_a, in_force_b = active(world.a, 2024, 2024)[0], active(world.b, 2024, 2024)[0]
    assert_current()

    a.status = "expired"  # leaves force (an ORM save)
    a.save()
    assert active(world.a, 2024, 2024)[0] == in_force_a - 1
    assert_current()
    a.status = "in_force"
    a.save()
    assert_current()

    a.locality = world.b  # another province
    a.save()
    assert active(world.a, 2024, 2024)[0] == in_force_a - 1
    assert active(world.b, 2024, 2024)[0] == in_force_b + 1
    assert_current()

    a.signed_on = D(2025, 6, 1)  # signed after 2024: no longer counted in 2024
    a.save()
    assert active(world.b, 2024, 2024)[0] == in_force_b
    assert_current()
    assert page_value(page, "agreements_in_force", "2024") == Agreement.objects.filter(
        status="in_force", signed_on__lte=D(2024, 12, 31)).count()

    # terminated through the register's action (its status written by update(), then the hook)
    c = agreement(world.a, country="FR", signed_months_ago=40)
    Activity.objects.create(locality=world.a, agreement=c, kind="meeting", title="Hội đàm", occurred_on=D(2023, 5, 1))
    count = active(world.a, 2021, 2025)
    agreement_actions.record_event(officer, c, "terminated", TODAY, note="Hai bên thỏa thuận chấm dứt", today=TODAY)
    c.refresh_from_db()
    assert c.status == "terminated"
    assert active(world.a, 2021, 2025) == (count[0] - 1, count[1] - 1)
    assert_current()

    a.delete()
    assert_current()


def test_the_sweep_that_finds_an_agreement_expired_and_the_health_sweep_keep_the_counts(world, ind):
    a = agreement(world.a, country="IT", expires_on=TODAY - datetime.timedelta(days=1), signed_months_ago=30)
    Activity.objects.create(locality=world.a, agreement=a, kind="meeting", title="Hội đàm", occurred_on=D(2024, 5, 1))
    for i in range(4):
        agreement(world.a if i % 2 else world.b, title=f"Thỏa thuận {i}", signed_months_ago=3 + 7 * i,
                  country=("KR", "JP")[i % 2])
    count = active(world.a, 2024, 2024)[0]
    assert_current()
    refresh_register(TODAY)  # the sweep's status step: update_rows, then apply_changes
    a.refresh_from_db()
    assert a.status == "expired"
    assert active(world.a, 2024, 2024)[0] == count - 1
    assert_current()
    actions.sweep(on_day=TODAY)  # the health step (bulk health changes)
    assert_current()
    actions.sweep(on_day=D(2027, 6, 1))
    assert_current()


def test_an_import_and_a_bulk_write_repaired_by_the_hook(world, ind):
    officer = world.users["officer_a"]
    out = register_workbook([{"title": "Thỏa thuận nhập từ tệp", "partners": "Thành phố Lyon", "countries": "FR",
                              "signed": "01/03/2024", "in_force_on": "01/03/2024", "reported_on": "05/03/2024"}])
    from ngoaivu.agreements import imports
    result = imports.check_file(out, officer, today=TODAY)
    assert result.ok, result.errors
    before = active(world.a, 2024, 2024)[0]
    imports.commit(result, officer, today=TODAY)
    assert Agreement.objects.get(title="Thỏa thuận nhập từ tệp").status == "in_force"
    assert active(world.a, 2024, 2024)[0] == before + 1
    assert_current()

    # a bulk write that forgot the hook: --check names it, the hook repairs it
    a = agreement(world.a, country="KR")
    Agreement.objects.filter(pk=a.pk).update(status="expired")  # no signal
    assert in_force.differences() != []
    with pytest.raises(CommandError):
        call_command("summaries", "--check", stdout=io.StringIO())
    hooks.refresh_summaries({world.a.pk})
    assert_current()
    done = Activity.objects.create(locality=world.a, agreement=agreement(world.a, country="KR"), kind="meeting",
                                   title="Hội đàm", occurred_on=D(2022, 4, 1))
    other = agreement(world.b, country="KR")
    Activity.objects.filter(pk=done.pk).update(agreement=other)  # no signal, another province's agreement
    assert in_force.differences() != []
    hooks.refresh_summaries({world.a.pk})  # the activity's province: the agreement's province follows
    assert_current()


def test_the_check_command_names_a_difference_and_rebuild_repairs_it(world, ind):
    agreement(world.a, country="KR")
    InForceYear.objects.create(locality=world.a.pk, signed=1999, year=2020, since=0, agreements=777)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("summaries", "--check", stdout=out)
    assert "777" in out.getvalue() and "1999" in out.getvalue()
    call_command("summaries", "--rebuild", stdout=io.StringIO())
    assert not InForceYear.objects.filter(signed=1999).exclude(agreements=0).exists()
    assert_current()
    assert in_force.read(1990, 2100)["in_force"].get(world.a.pk) == Decimal(
        Agreement.objects.filter(locality=world.a, status="in_force").exclude(signed_on=None).count())


def test_a_former_provinces_agreements_in_force_count_under_its_successor(world, ind):
    """Bắc Giang's agreement in force, active in 2024, counts under Bắc Ninh: in force and active share."""
    from ngoaivu.core.models import Locality
    from ngoaivu.indicators.values import figures
    bac_giang = Locality.objects.resolve("Bắc Giang")
    bac_ninh = Locality.objects.current().get(code=24)
    period = Period.year(2024)
    in_force_before = figures(ind["agreements_in_force"], period).get(bac_ninh.pk) or 0
    a = agreement(bac_giang, country="KR", signed_months_ago=30)  # signed in 2023
    b = agreement(bac_ninh, country="KR", signed_months_ago=30)
    Activity.objects.create(locality=bac_giang, agreement=a, kind="meeting", title="Hội đàm", occurred_on=D(2024, 5, 1))
    assert_current()
    assert figures(ind["agreements_in_force"], period).get(bac_ninh.pk) == in_force_before + 2
    assert bac_giang.pk not in figures(ind["agreements_in_force"], period).by_locality
    in_force_now = Agreement.objects.filter(locality__in=[bac_giang, bac_ninh], status="in_force",
                                            signed_on__lte=period.end)
    active_now = in_force_now.filter(activities__occurred_on__year=2024).distinct().count()
    assert active_now >= 1 and b.pk not in set(in_force_now.filter(activities__occurred_on__year=2024).values_list("pk", flat=True))
    assert figures(ind["agreements_active_share"], period).get(bac_ninh.pk) == (
        Decimal(active_now) * 100 / in_force_now.count()).quantize(Decimal("0.01"))
