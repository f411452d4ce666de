"""Found in review: what an action leaves behind, not only what it answers."""
import datetime

import pytest

from ngoaivu.implementation import actions, queries, summaries
from ngoaivu.implementation.models import Commitment, Tracking
from tests.implementation.factories import agreement
from tests.implementation.test_api import api_for

pytestmark = pytest.mark.django_db


def test_a_commitment_moved_to_another_agreement_through_the_api_leaves_the_first_ones_figures(world):
    first = agreement(world.a, title="Thỏa thuận cũ", signed_months_ago=20, country="JP")
    second = agreement(world.a, title="Thỏa thuận mới", signed_months_ago=20, country="FR")
    late = Commitment.objects.create(agreement=first, description="Trao đổi đoàn",
                                     due_on=datetime.date.today() - datetime.timedelta(days=30))
    actions.refresh([first.pk, second.pk])
    province_overdue = queries.summary_counts({world.a.pk})["overdue"]
    response = api_for(world.users["officer_a"]).patch(f"/api/commitments/{late.pk}/", {"agreement": second.pk},
                                                       format="json")
    assert response.status_code == 200, response.json()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.overdue_commitments, second.overdue_commitments) == (0, 1)
    assert Tracking.objects.get(agreement=first).commitments == 0
    # Moved within the province: its figure still counts the overdue commitment once.
    assert queries.summary_counts({world.a.pk})["overdue"] == province_overdue
    assert summaries.differences() == []


def test_an_activity_moved_to_another_agreement_through_the_api_keeps_no_link_to_the_first_ones_commitments(world):
    from ngoaivu.implementation.models import Activity, PlannedActivity
    first = agreement(world.a, title="Thỏa thuận cũ", signed_months_ago=20, country="JP")
    second = agreement(world.a, title="Thỏa thuận mới", signed_months_ago=20, country="FR")
    commitment = Commitment.objects.create(agreement=first, description="Trao đổi đoàn")
    planned = PlannedActivity.objects.create(plan=first.plans.first(), title="Đón đoàn")
    activity = actions.save_activity(world.users["officer_a"], Activity(
        agreement=first, kind="meeting", title="Hội đàm", occurred_on=datetime.date.today()), [commitment], [planned])
    response = api_for(world.users["officer_a"]).patch(f"/api/activities/{activity.pk}/", {"agreement": second.pk},
                                                       format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["commitments"] == []
    # The first agreement's commitment and plan no longer list an activity of another agreement.
    assert not commitment.activities.exists() and not planned.activities.exists()


@pytest.mark.parametrize("year, message", [(2001, "trước năm ký"), (2035, "sau năm hết hạn")])
def test_a_plan_for_a_year_outside_the_agreements_life_is_refused_on_the_year(world, client_for, year, message):
    """A plan of any year silences the "no implementation plan" alarm: a year mistyped before the signing (or
    after the expiry) would hide an agreement signed and left without a plan."""
    from django.urls import reverse
    from ngoaivu.implementation.models import Plan
    a = agreement(world.a, title="Thỏa thuận chưa có kế hoạch", signed_months_ago=20, plan=False,
                  expires_on=datetime.date(2029, 12, 31))
    response = client_for(world.users["officer_a"]).post(reverse("implementation:plan_create", args=[a.pk]),
                                                         {"year": year, "status": "draft"})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["year"])
    assert not Plan.objects.filter(agreement=a).exists()
    # A year within its life is accepted.
    response = client_for(world.users["officer_a"]).post(reverse("implementation:plan_create", args=[a.pk]),
                                                         {"year": a.signed_on.year, "status": "draft"})
    assert response.status_code == 302
    assert Plan.objects.filter(agreement=a, year=a.signed_on.year).exists()


def test_a_confirmed_commitment_cannot_be_reopened_by_a_status_post(world, client_for):
    """Only a waived commitment is offered "Mở lại": a crafted post reopened a result the reviewer had
    confirmed, undoing the four-eyes decision and leaving "Hoàn thành … xác nhận" on a pending commitment."""
    from django.urls import reverse
    a = agreement(world.a, signed_months_ago=20)
    commitment = Commitment.objects.create(agreement=a, description="Tổ chức hội chợ", responsible_unit=world.unit_a,
                                           due_on=datetime.date.today() - datetime.timedelta(days=5))
    proposal = actions.propose_fulfilment(world.users["unit_officer"], commitment, datetime.date.today(), note="Đã tổ chức")
    actions.review_fulfilment(world.users["officer_a"], proposal, "confirm")
    client_for(world.users["unit_officer"]).post(reverse("implementation:commitment_status", args=[commitment.pk]),
                                                 {"status": "pending"})
    commitment.refresh_from_db()
    a.refresh_from_db()
    assert commitment.status == "fulfilled" and a.overdue_commitments == 0
    # A waived one is reopened as before.
    waived = Commitment.objects.create(agreement=a, description="Khảo sát", status="waived")
    client_for(world.users["officer_a"]).post(reverse("implementation:commitment_status", args=[waived.pk]),
                                              {"status": "pending"})
    waived.refresh_from_db()
    assert waived.status == "pending"


def test_a_provinces_due_soon_rule_is_the_one_its_to_do_list_and_commitment_list_apply(world, client_for):
    """Province A warns 60 days ahead (its own rule): a commitment due in 45 days is "due soon" on its page,
    and so in the officer's to-do list (the digest's sections) and the list of commitments."""
    from django.urls import reverse
    from ngoaivu.core.attention import attention
    from ngoaivu.implementation.models import HealthSettings
    HealthSettings.objects.create(locality=world.a, due_soon_days=60)
    a = agreement(world.a, signed_months_ago=20)
    today = actions.today()
    commitment = Commitment.objects.create(agreement=a, description="Đón đoàn doanh nghiệp Gyeonggi",
                                           due_on=today + datetime.timedelta(days=45))
    officer = world.users["officer_a"]
    page = client_for(officer).get(commitment.get_absolute_url())
    assert page.context["deadline_state"] == "due_soon"

    def due_soon(user):
        return [item["url"] for s in attention(user, today) if s.key == "due_soon" for item in s.items]
    assert commitment.get_absolute_url() in due_soon(officer)
    listed = client_for(officer).get(reverse("implementation:commitment_list"), {"agreement": a.pk})
    rows = listed.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert commitment.get_absolute_url() in rows and rows.count("tag--yellow") == 1, rows
    assert "Sắp đến hạn" in rows
    # Province B keeps the national 30 days.
    b = agreement(world.b, signed_months_ago=20)
    theirs = Commitment.objects.create(agreement=b, description="Của B", due_on=today + datetime.timedelta(days=45))
    assert theirs.get_absolute_url() not in due_soon(world.users["officer_b"])


def test_an_activity_dated_tomorrow_is_refused_on_its_date_by_the_page_and_the_api(world, client_for):
    """Only what happened is recorded: an activity of tomorrow would make the agreement "active" with a last
    activity still to come."""
    from django.urls import reverse
    from ngoaivu.implementation.models import Activity
    a = agreement(world.a, signed_months_ago=20)
    tomorrow = actions.today() + datetime.timedelta(days=1)
    officer = world.users["officer_a"]
    response = client_for(officer).post(reverse("implementation:activity_create_for", args=[a.pk]), {
        "kind": "meeting", "title": "Hội đàm", "occurred_on": tomorrow.strftime("%d/%m/%Y")})
    assert response.status_code == 200
    assert "tương lai" in " ".join(response.context["form"].errors["occurred_on"])
    response = api_for(officer).post("/api/activities/", {"agreement": a.pk, "kind": "meeting", "title": "Hội đàm",
                                                          "occurred_on": tomorrow.isoformat()}, format="json")
    assert response.status_code == 400 and "occurred_on" in response.json()["errors"]
    assert not Activity.objects.filter(agreement=a).exists()
    a.refresh_from_db()
    assert a.last_activity_on is None


def test_an_agreement_moved_to_another_province_takes_its_activities_with_it(world):
    """An activity under an agreement is its province's: once the agreement is moved (a record entered under
    the wrong province), the old province no longer reads or edits its activities and the new one edits them."""
    from ngoaivu.agreements import actions as agreement_actions
    from ngoaivu.implementation.models import Activity
    from tests.conftest import make_user
    admin = make_user("review_admin", "centre", "officer")
    admin.is_superuser = True
    admin.save()
    a = agreement(world.a, title="Thỏa thuận nhập nhầm tỉnh", signed_months_ago=20)
    activity = actions.save_activity(world.users["officer_a"], Activity(
        agreement=a, kind="meeting", title="Hội đàm", occurred_on=datetime.date.today()))
    agreement_actions.update_agreement(admin, a, locality=world.b, signatory_locality=world.b)
    activity.refresh_from_db()
    assert activity.locality == world.b
    assert Activity.objects.editable_by(world.users["officer_b"]).filter(pk=activity.pk).exists()
    assert not Activity.objects.editable_by(world.users["officer_a"]).filter(pk=activity.pk).exists()
    assert not Activity.objects.visible_to(world.users["officer_a"]).filter(pk=activity.pk).exists()


def test_a_planned_activity_outside_its_plans_year_is_refused_on_its_date(world, client_for):
    """A line of the plan of year Y happens in year Y: a date of another year (a typo) was kept."""
    from ngoaivu.implementation.models import PlannedActivity
    a = agreement(world.a, signed_months_ago=20)
    plan = a.plans.order_by("-year").first()
    client = client_for(world.users["officer_a"])
    response = client.post(plan.get_absolute_url(), {"title": "Đón đoàn Gyeonggi", "kind": "delegation",
                                                      "planned_on": f"15/06/{plan.year - 7}"})
    assert response.status_code == 200
    assert str(plan.year) in " ".join(response.context["form"].errors["planned_on"])
    assert not PlannedActivity.objects.filter(plan=plan).exists()
    response = client.post(plan.get_absolute_url(), {"title": "Đón đoàn Gyeonggi", "kind": "delegation",
                                                      "planned_on": f"15/06/{plan.year}"})
    assert response.status_code == 302
    assert PlannedActivity.objects.filter(plan=plan).count() == 1


def test_an_agreements_health_follows_its_status_at_once(world, client_for):
    """Terminating an agreement in the register ends its "ký rồi để đấy" at once (the page showed it, with
    its old reasons, until the next sweep); the province's figures follow in the same step."""
    from django.urls import reverse

    from ngoaivu.agreements import actions as register
    from ngoaivu.implementation.models import HealthChange
    quiet = agreement(world.a, title="Bản ghi nhớ ngủ quên", signed_months_ago=30, plan=False)
    actions.refresh([quiet.pk])
    quiet.refresh_from_db()
    assert quiet.health == "dormant"
    dormant_before = queries.summary_counts({world.a.pk})["dormant"]

    register.record_event(world.users["officer_a"], quiet, "terminated", datetime.date.today(),
                          note="Hai bên thỏa thuận chấm dứt")
    quiet.refresh_from_db()
    assert (quiet.status, quiet.health) == ("terminated", "na")
    change = HealthChange.objects.filter(agreement=quiet).order_by("-sequence").first()
    assert (change.previous, change.health, change.trigger) == ("dormant", "na", "status")
    assert queries.summary_counts({world.a.pk})["dormant"] == dormant_before - 1
    assert summaries.differences() == []
    page = client_for(world.users["officer_a"]).get(reverse("implementation:agreement", args=[quiet.pk]))
    assert "khi đổi trạng thái thỏa thuận" in page.content.decode()


def test_the_api_links_no_unit_of_another_province_and_answers_it_as_an_id_that_does_not_exist(world):
    """The activity API took another province's unit as the responsible unit (whose officers then read and
    edited this province's activity), and the commitment API answered such a unit with a message of its own
    where a missing id has another. Both answer it as a missing id, and link nothing."""
    from ngoaivu.core.models import Unit
    from ngoaivu.implementation.models import Activity
    unit_b = Unit.objects.filter(locality=world.b, valid_until__isnull=True).first()
    api = api_for(world.users["officer_a"])

    def answers(url, data, unit_id, method="post"):
        response = getattr(api, method)(url, {**data, "responsible_unit": unit_id}, format="json")
        assert response.status_code == 400, response.json()
        return response.json()["errors"]["responsible_unit"][0].replace(str(unit_id), "<id>")

    activity = {"agreement": world.impl_agreement_a.pk, "kind": "meeting", "title": "Hội đàm mới",
                "occurred_on": "2026-01-05"}
    before = Activity.objects.count()
    assert answers("/api/activities/", activity, unit_b.pk) == answers("/api/activities/", activity, 99999999)
    assert answers(f"/api/activities/{world.activity_a.pk}/", {}, unit_b.pk, "patch") == answers(
        "/api/activities/", activity, 99999999)
    assert Activity.objects.count() == before
    world.activity_a.refresh_from_db()
    assert world.activity_a.responsible_unit == world.unit_a
    commitment = {"agreement": world.impl_agreement_a.pk, "description": "Cam kết mới"}
    assert answers("/api/commitments/", commitment, unit_b.pk) == answers("/api/commitments/", commitment, 99999999)
    # The province's own units are still taken.
    response = api.post("/api/activities/", {**activity, "responsible_unit": world.unit_a.pk}, format="json")
    assert response.status_code == 201, response.json()


def test_an_agreements_health_follows_an_edit_of_its_dates_or_last_known_activity_at_once(world):
    """Correcting a signing date (or a historical record's last known activity) changes what the dormancy
    rule reads, but the health waited for the next sweep unless the status moved: an agreement signed last
    month went on showing "ký rồi để đấy" with "không có hoạt động trong 30 tháng" all day."""
    from ngoaivu.agreements import actions as register
    quiet = agreement(world.a, title="Bản ghi nhớ ngày ký gõ nhầm", signed_months_ago=30, plan=False)
    actions.refresh([quiet.pk])
    quiet.refresh_from_db()
    assert quiet.health == "dormant"
    dormant_before = queries.summary_counts({world.a.pk})["dormant"]
    corrected = datetime.date.today() - datetime.timedelta(days=20)
    register.update_agreement(world.users["officer_a"], quiet, signed_on=corrected, in_force_on=corrected)
    quiet.refresh_from_db()
    assert quiet.status == "in_force"
    assert quiet.health != "dormant", quiet.health_reasons
    assert queries.summary_counts({world.a.pk})["dormant"] == dormant_before - 1
    assert summaries.differences() == []


def test_an_import_that_corrects_an_agreements_dates_moves_its_health_at_once(world):
    """The import's batch update sent no signal at all: an agreement whose signing date a re-imported file
    corrected (or that the file ended) kept its old health until the next sweep."""
    from ngoaivu.agreements import exports, imports
    from ngoaivu.agreements.models import Agreement
    from tests.agreements.test_import_roundtrip import edit
    quiet = agreement(world.a, title="Bản ghi nhớ nhập sửa ngày ký", signed_months_ago=30, plan=False)
    actions.refresh([quiet.pk])
    quiet.refresh_from_db()
    assert quiet.health == "dormant"
    corrected = (datetime.date.today() - datetime.timedelta(days=20)).strftime("%d/%m/%Y")
    data = exports.export_xlsx(Agreement.objects.filter(pk=quiet.pk))
    result = imports.check_file(edit(data, {quiet.pk: {"signed": corrected, "in_force_on": corrected}}),
                                world.users["officer_a"])
    assert result.ok and result.changed_count == 1, result.errors
    imports.commit(result, world.users["officer_a"])
    quiet.refresh_from_db()
    assert quiet.status == "in_force" and quiet.health != "dormant", quiet.health_reasons
    assert summaries.differences() == []


def test_an_agreement_imported_in_force_has_its_health_at_once_as_one_entered_on_the_form(world):
    """An agreement entered on the form in force since 2023 with no activity is "ký rồi để đấy" at once;
    imported from a file (not as a historical record), it showed no health until the next sweep."""
    from ngoaivu.agreements import imports
    from ngoaivu.agreements.models import Agreement
    from tests.agreements.factories import register_workbook
    out = register_workbook([{"title": "Bản ghi nhớ nhập đang hiệu lực", "partners": "Gyeonggi-do", "countries": "KR",
                              "signed": "10/01/2023", "historical": "Không", "status": "Đang có hiệu lực"}])
    result = imports.check_file(out, world.users["officer_a"])
    assert result.ok, result.errors
    imports.commit(result, world.users["officer_a"])
    made = Agreement.objects.get(title="Bản ghi nhớ nhập đang hiệu lực")
    assert made.status == "in_force"
    assert made.health == "dormant", (made.health, made.health_reasons)
    assert summaries.differences() == []


def test_a_unit_officer_cannot_move_a_commitment_to_another_agreement_through_the_api(world):
    """The commitment page offers no agreement field (a unit updates the commitments it carries out); the
    API let the implementing unit's officer move one to another of the province's agreements."""
    other = agreement(world.a, title="Bản ghi nhớ khác của tỉnh")
    commitment = world.commitment_a
    response = api_for(world.users["unit_officer"]).patch(f"/api/commitments/{commitment.pk}/",
                                                          {"agreement": other.pk}, format="json")
    assert response.status_code == 403, response.json()
    commitment.refresh_from_db()
    assert commitment.agreement_id == world.impl_agreement_a.pk
    # Its own facts the unit still updates; the province's officer still moves it.
    assert api_for(world.users["unit_officer"]).patch(f"/api/commitments/{commitment.pk}/", {"note": "Đang làm"},
                                                      format="json").status_code == 200
    assert api_for(world.users["officer_a"]).patch(f"/api/commitments/{commitment.pk}/", {"agreement": other.pk},
                                                   format="json").status_code == 200
