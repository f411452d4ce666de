"""The national figures are summary rows kept current by every kind of change, in its transaction: after
each one, every row equals its recomputation from the register and `ngoaivu summaries --check` agrees."""
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.sweep import refresh_register
from ngoaivu.core import summaries as hooks
from ngoaivu.implementation import actions, queries, summaries
from ngoaivu.implementation.models import Activity, Commitment, Summary
from ngoaivu.partners import actions as partner_actions
from ngoaivu.partners.models import Partner
from tests.agreements.factories import register_workbook
from tests.implementation.factories import TODAY, agreement

pytestmark = pytest.mark.django_db


def row(locality, country=""):
    """(in_force, active, at_risk, dormant, overdue) as stored for one key."""
    found = Summary.objects.filter(locality=getattr(locality, "pk", locality), country=country).first()
    return (found.in_force, found.active, found.at_risk, found.dormant, found.overdue) if found else (0,) * 5


def assert_current():
    """Every row equals its recomputation, the check command says so, and the figures the pages read
    equal the old aggregation over the register."""
    assert summaries.differences() == []
    call_command("summaries", "--check", stdout=io.StringIO())
    assert queries.summary_counts(None) == queries.health_counts(Agreement.objects.all())


def test_the_world_as_built_is_summarised(world):
    assert_current()
    assert Summary.objects.exists()


def test_a_new_activity_moves_a_dormant_agreement_to_active_in_its_province_and_country_rows(world):
    a = agreement(world.a, signed_months_ago=14, country="JP")
    actions.sweep(on_day=TODAY)
    before = row(world.a, "JP")
    assert before[3] >= 1  # dormant
    actions.save_activity(world.users["officer_a"], Activity(agreement=a, kind="meeting", title="Hội đàm",
                                                              occurred_on=datetime.date.today()))
    after = row(world.a, "JP")
    assert (after[1] - before[1], after[3] - before[3]) == (1, -1)
    assert_current()


def test_a_fulfilled_commitment_leaves_the_overdue_figure(world):
    a = agreement(world.a, signed_months_ago=20, country="JP")
    late = Commitment.objects.create(agreement=a, description="Trao đổi đoàn", due_on=datetime.date(2026, 1, 1))
    actions.sweep(on_day=TODAY)
    overdue = row(world.a)[4]
    assert overdue >= 1 and row(world.a, "JP")[4] == 1
    proposed = actions.propose_fulfilment(world.users["officer_a"], late, TODAY)
    assert row(world.a)[4] == overdue  # a proposed result counts nowhere until it is confirmed
    actions.review_fulfilment(world.users["manager_a"], proposed, "confirm")
    assert row(world.a)[4] == overdue - 1 and row(world.a, "JP")[4] == 0
    assert_current()


def test_a_partners_change_of_country_moves_its_agreements_between_country_rows(world):
    a = agreement(world.a, country="FR")
    agreement(world.b, title="Thỏa thuận của tỉnh B", country="FR")
    partner = a.partners.get()
    assert (row(world.a, "FR")[0], row(world.b, "FR")[0]) == (1, 1)
    partner_actions.update_partner(world.users["central"], partner, country="DE", confirm_country_change=True)
    assert (row(world.a, "FR")[0], row(world.b, "FR")[0]) == (0, 0)
    assert (row(world.a, "DE")[0], row(world.b, "DE")[0]) == (1, 1)
    assert_current()
    response = queries.country_figures()
    assert "FR" not in {r["code"] for r in response} and "DE" in {r["code"] for r in response}


def test_an_agreement_the_sweep_finds_expired_leaves_the_figures(world):
    agreement(world.a, country="IT", expires_on=TODAY - datetime.timedelta(days=1), signed_months_ago=30)
    assert row(world.a, "IT")[0] == 1
    refresh_register(TODAY)
    assert Agreement.objects.get(partners__country="IT").status == "expired"
    assert row(world.a, "IT")[0] == 0
    actions.sweep(on_day=TODAY)
    assert_current()


def test_a_whole_country_sweep_keeps_every_row_current(world):
    for i in range(5):
        agreement(world.a if i % 2 else world.b, title=f"Thỏa thuận {i}", signed_months_ago=3 + 5 * i,
                  country=("KR", "JP", "US")[i % 3])
    actions.sweep(on_day=TODAY)
    assert_current()
    actions.sweep(on_day=datetime.date(2027, 6, 1))  # everything older, much of it dormant now
    assert_current()


def test_an_import_counts_its_new_agreements_in_force(world):
    officer = world.users["officer_a"]
    out = register_workbook([{"title": "Thỏa thuận nhập từ tệp", "partners": "Thành phố Lyon", "countries": "FR",
                              "signed": "01/03/2025", "in_force_on": "01/03/2025", "reported_on": "05/03/2025"}])
    from ngoaivu.agreements import imports
    result = imports.check_file(out, officer, today=TODAY)
    assert result.ok, result.errors
    before = row(world.a, "FR")[0]
    imports.commit(result, officer, today=TODAY)
    assert Agreement.objects.get(title="Thỏa thuận nhập từ tệp").status == "in_force"
    assert row(world.a, "FR")[0] == before + 1
    assert_current()


def test_a_merge_of_partners_written_in_bulk_is_current_after_the_hook(world):
    """The partners' merge moves links with one UPDATE (no signal): it calls core.summaries' hook."""
    a = agreement(world.a, country="FR")
    keep = Partner.objects.create(name="Lyon (bản chuẩn)", country="GB")
    duplicate = a.partners.get()
    through = Agreement.partners.through
    through.objects.filter(partner=duplicate).update(partner=keep)
    assert summaries.differences() != []  # what a merge without the hook would leave
    hooks.refresh_summaries({world.a.pk})
    assert_current()
    duplicate.delete()
    assert row(world.a, "GB")[0] == 1
    assert_current()


def test_the_partners_merge_and_unmerge_keep_the_figures_per_country_current(world):
    """A duplicate entered under the wrong country: merging it moves its agreement to the survivor's
    country in the national figures, and unmerging moves it back."""
    from ngoaivu.partners import merging
    a = agreement(world.a, country="FR")
    duplicate = a.partners.get()
    keep = Partner.objects.create(name="Lyon (bản chuẩn)", country="GB")
    merge = merging.merge_partners(world.users["central"], keep, duplicate, across_countries=True)
    assert (row(world.a, "FR")[0], row(world.a, "GB")[0]) == (0, 1)
    assert_current()
    merging.unmerge(world.users["central"], merge)
    assert (row(world.a, "FR")[0], row(world.a, "GB")[0]) == (1, 0)
    assert_current()


def test_an_agreement_moved_to_another_province_or_deleted_moves_its_figures(world):
    a = agreement(world.a, country="NL")
    a.locality = world.b
    a.save()
    assert (row(world.a, "NL")[0], row(world.b, "NL")[0]) == (0, 1)
    a.partners.clear()
    assert row(world.b, "NL")[0] == 0
    a.delete()
    assert_current()


def test_the_check_command_names_a_difference_and_rebuild_repairs_it(world):
    agreement(world.a, country="KR")
    Summary.objects.filter(locality=world.a.pk, country="").update(in_force=999)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("summaries", "--check", stdout=out)
    assert "999" in out.getvalue()
    call_command("summaries", "--rebuild", stdout=io.StringIO())
    assert_current()


def test_the_national_page_and_province_panel_show_the_summaries(world, client_for):
    agreement(world.a, country="KR", signed_months_ago=14)
    actions.sweep(on_day=TODAY)
    figures = row(world.a)
    page = client_for(world.users["central"]).get(reverse("implementation:national"))
    rows = {r["locality"].pk: r for r in page.context["provinces"]}
    assert (rows[world.a.pk]["in_force"], rows[world.a.pk]["dormant"]) == (figures[0], figures[3])
    home = client_for(world.users["officer_a"]).get("/")
    assert home.status_code == 200
    assert queries.summary_counts({world.a.pk})["total"] == figures[0] == \
        queries.health_counts(Agreement.objects.filter(locality=world.a))["total"]
    assert connection.vendor in ("sqlite", "postgresql")


def test_a_status_changed_by_a_recorded_step_moves_only_that_agreement_in_every_summary(world):
    """Recording a step that changes the status (here, termination) writes the status with update(): the
    keepers add that one agreement's difference (as for the sweep), and every summary stays equal to its
    recomputation, the implementation summary, the yearly and per-country totals and the years in force."""
    from ngoaivu.agreements import actions as agreement_actions
    officer = world.users["officer_a"]
    a = agreement(world.a, country="IT", signed_months_ago=20)
    agreement(world.a, title="Thỏa thuận khác cùng nước", country="IT", signed_months_ago=10)
    assert row(world.a, "IT")[0] == 2
    agreement_actions.record_event(officer, a, "terminated", TODAY, note="Hai bên thỏa thuận chấm dứt", today=TODAY)
    assert Agreement.objects.get(pk=a.pk).status == "terminated"
    assert row(world.a, "IT")[0] == 1
    assert_current()
