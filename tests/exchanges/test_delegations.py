"""Delegations: the steps, their refusals, the derived status and its stored changes, scoping, pages."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ngoaivu.exchanges import actions
from ngoaivu.exchanges.choices import DelegationLevel, DelegationStatus, Direction, FundingSource
from ngoaivu.exchanges.models import Delegation, ExchangeSettings
from tests.exchanges import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_a_delegation_goes_from_proposed_to_reported_and_each_change_is_stored(world):
    officer = world.users["officer_a"]
    d = factories.delegation(officer, world.a, start_date=TODAY - datetime.timedelta(days=10))
    assert d.status == DelegationStatus.PROPOSED
    actions.approve_delegation(officer, d, authority="standing_committee", decision_number="12/QĐ-UBND",
                               decision_date=TODAY - datetime.timedelta(days=20))
    d.refresh_from_db()
    # The planned return (start + 5 days) is past: the trip is over even before anyone records it.
    assert d.status == DelegationStatus.RETURNED
    actions.record_return(officer, d, returned_on=TODAY - datetime.timedelta(days=4))
    d.refresh_from_db()
    assert d.report_due == TODAY - datetime.timedelta(days=4) + datetime.timedelta(days=15)
    actions.submit_report(officer, d, submitted_on=TODAY, summary="Đã làm việc với tỉnh Shizuoka")
    d.refresh_from_db()
    assert d.status == DelegationStatus.REPORTED
    flips = list(d.status_changes.order_by("created_at", "pk").values_list("new_status", flat=True))
    assert flips == [DelegationStatus.PROPOSED, DelegationStatus.RETURNED, DelegationStatus.REPORTED]
    assert all(d.status_changes.values_list("reason", flat=True))


def test_an_approved_trip_is_under_way_between_its_dates(world):
    officer = world.users["officer_a"]
    d = factories.approved_delegation(officer, world.a, start_date=TODAY - datetime.timedelta(days=1))
    assert Delegation.objects.get(pk=d.pk).status == DelegationStatus.UNDER_WAY


def test_the_daily_sweep_moves_an_approved_trip_on_when_its_dates_pass(world):
    officer = world.users["officer_a"]
    d = factories.approved_delegation(officer, world.a, start_date=TODAY + datetime.timedelta(days=2))
    assert Delegation.objects.get(pk=d.pk).status == DelegationStatus.APPROVED
    actions.sweep(today=TODAY + datetime.timedelta(days=3))
    assert Delegation.objects.get(pk=d.pk).status == DelegationStatus.UNDER_WAY
    actions.sweep(today=TODAY + datetime.timedelta(days=30))
    assert Delegation.objects.get(pk=d.pk).status == DelegationStatus.RETURNED


def test_the_sweep_reads_each_trip_again_so_a_cancellation_meanwhile_stands(world, monkeypatch):
    """The sweep lists the open trips, then moves each in its own transaction. A trip cancelled by an
    officer after the list was read must stay cancelled, and the kept yearly totals must not count it
    (the sweep used to write its status over the cancellation)."""
    from django.db.models.query import QuerySet

    from ngoaivu.indicators import exchange_totals
    officer = world.users["officer_a"]
    d = factories.approved_delegation(officer, world.a, start_date=TODAY + datetime.timedelta(days=2))
    listed = QuerySet.iterator

    def iterator(self, *args, **kwargs):
        for row in listed(self, *args, **kwargs):
            if self.model is Delegation and getattr(row, "pk", row) == d.pk:  # the officer cancels between the list and the move
                actions.cancel_delegation(officer, Delegation.objects.get(pk=d.pk), cancelled_on=TODAY,
                                          reason="Đối tác hoãn")
            yield row
    monkeypatch.setattr(QuerySet, "iterator", iterator)
    actions.sweep(today=TODAY + datetime.timedelta(days=3))
    assert Delegation.objects.get(pk=d.pk).status == DelegationStatus.CANCELLED
    assert exchange_totals.differences() == []


@pytest.mark.parametrize("step, kwargs, field", [
    ("record_return", {"returned_on": datetime.date(2026, 3, 1)}, "returned_on"),   # before departure 9/3
    ("submit_report", {"submitted_on": datetime.date(2026, 3, 10), "summary": "x"}, "submitted_on"),  # before return
])
def test_steps_refuse_impossible_dates_and_name_the_field(world, step, kwargs, field):
    d = factories.approved_delegation(world.users["officer_a"], world.a, start_date=datetime.date(2026, 3, 9))
    with pytest.raises(ValidationError) as error:
        getattr(actions, step)(world.users["officer_a"], d, **kwargs)
    assert field in error.value.message_dict


def test_return_before_departure_is_refused_on_the_plan(world):
    with pytest.raises(ValidationError) as error:
        factories.delegation(world.users["officer_a"], world.a, start_date=datetime.date(2026, 3, 9),
                             end_date=datetime.date(2026, 3, 1))
    assert "Ngày về phải" in error.value.message_dict["end_date"][0]


def test_report_deadline_follows_the_provinces_own_setting(world):
    officer = world.users["officer_a"]
    d = factories.approved_delegation(officer, world.a, start_date=datetime.date(2026, 2, 6))  # back 11/2
    assert d.report_due == datetime.date(2026, 2, 26)
    row = ExchangeSettings(locality=world.a, report_days=10, report_in_working_days=True)
    actions.save_exchange_settings(world.users["manager_a"], row)
    d.refresh_from_db()
    # 10 working days after Wednesday 11/2/2026, Tết (16–20/2) skipped.
    assert d.report_due == datetime.date(2026, 3, 4)
    assert d.status_changes.exists()


def test_plans_that_break_the_provinces_caps_get_warnings_not_refusals(world):
    officer = world.users["officer_b"]
    ExchangeSettings.objects.create(locality=world.b, max_members_leader=10, max_days=10, max_countries=3,
                                    max_days_per_country=5, no_enterprise_funding=True, max_trips_per_official=2)
    for month in (2, 4):
        factories.delegation(officer, world.b, start_date=datetime.date(2026, month, 2), countries=("KR",))
    d = factories.delegation(officer, world.b, start_date=datetime.date(2026, 6, 1), countries=("JP", "KR", "CN", "TH"),
                             end_date=datetime.date(2026, 6, 14), member_count=12, level=DelegationLevel.LEADER,
                             funding=FundingSource.ENTERPRISE)
    d.stops.filter(country="JP").update(days=7)
    warnings = " ".join(actions.plan_warnings(d))
    for expected in ("12 người", "14 ngày", "4 nước", "Nhật Bản 7 ngày", "doanh nghiệp", "Hoàng Văn Nam đã đi"):
        assert expected in warnings
    assert Delegation.objects.filter(pk=d.pk).exists()


def test_inbound_delegations_are_not_held_to_the_outbound_caps(world):
    d = factories.delegation(world.users["officer_a"], world.a, direction=Direction.INBOUND, member_count=40)
    assert actions.plan_warnings(d) == []


def test_officer_of_another_province_cannot_plan_for_province_a(world):
    with pytest.raises(PermissionDenied):
        factories.delegation(world.users["officer_b"], world.a)
    assert not Delegation.objects.filter(locality=world.a, title="Đoàn công tác thăm Nhật Bản",
                                         created_by=world.users["officer_b"]).exists()


def test_a_mission_sees_the_delegations_to_its_host_country_only(world):
    mission = world.users["mission_officer"]   # embassy in Korea
    visible = set(Delegation.objects.visible_to(mission))
    assert world.delegation_b in visible and world.delegation_a not in visible


def test_search_ignores_diacritics_and_finds_countries_and_members(world):
    d = factories.delegation(world.users["officer_a"], world.a, countries=("KR",), members=["Phạm Thu Trang"])
    qs = Delegation.objects.visible_to(world.users["officer_a"])
    assert d in qs.search("han quoc") and d in qs.search("thu trang") and d in qs.search("hoang van nam")
    assert d not in qs.search("lao")


def test_officer_plans_a_delegation_through_the_form(world, client_for):
    client = client_for(world.users["officer_a"])
    response = client.post(reverse("exchanges:delegation_create"), {
        "locality": world.a.pk, "direction": "out", "channel": "state", "title": "Đoàn thăm Nhật Bản",
        "level": "leader", "head_name": "Hoàng Văn Nam", "head_title": "Chủ tịch UBND tỉnh", "member_count": "3",
        "members": "Phạm Thu Trang; Chuyên viên; Sở Ngoại vụ", "stops_text": "nhat ban; Shizuoka; 3",
        "purpose": "Hợp tác", "start_date": "9/3/2026", "end_date": "14/3/2026", "funding": "budget",
        "contacts_party": "Đảng Dân chủ Tự do tỉnh Shizuoka", "contacts_state": "Chính quyền tỉnh Shizuoka",
        "contacts_people": "Hội hữu nghị Nhật – Việt Shizuoka"})
    assert response.status_code == 302
    d = Delegation.objects.get(title="Đoàn thăm Nhật Bản")
    assert d.countries == ["JP"] and d.stops.get().days == 3
    assert sorted(d.contacts.values_list("channel", flat=True)) == ["party", "people", "state"]
    assert d.members.get().full_name == "Phạm Thu Trang"


def test_the_form_explains_a_return_before_departure(world, client_for):
    client = client_for(world.users["officer_a"])
    response = client.post(reverse("exchanges:delegation_create"), {
        "locality": world.a.pk, "direction": "out", "channel": "state", "title": "Đoàn", "level": "leader",
        "head_name": "A", "head_title": "B", "member_count": "1", "stops_text": "Atlantis", "purpose": "x",
        "start_date": "9/3/2026", "end_date": "1/3/2026", "funding": "budget"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Có lỗi cần sửa" in content and "Ngày về phải cùng ngày hoặc sau ngày đi" in content
    assert "không nhận ra nước “Atlantis”" in content


def test_the_report_form_refuses_a_report_dated_before_the_return(world, client_for):
    d = world.delegation_a
    response = client_for(world.users["officer_a"]).post(
        reverse("exchanges:delegation_report", args=[d.pk]),
        {"submitted_on": f"{d.start_date:%d/%m/%Y}", "summary": "Kết quả"})
    assert "Ngày nộp báo cáo phải cùng ngày hoặc sau ngày về" in response.content.decode()


def test_the_list_filters_by_overdue_report_and_exports_what_it_shows(world, client_for):
    import io

    from openpyxl import load_workbook
    client = client_for(world.users["officer_a"])
    overdue = factories.approved_delegation(world.users["officer_a"], world.a, title="Đoàn quá hạn",
                                            start_date=TODAY - datetime.timedelta(days=60))
    on_time = factories.approved_delegation(world.users["officer_a"], world.a, title="Đoàn đúng hạn",
                                            start_date=TODAY + datetime.timedelta(days=5))
    response = client.get(reverse("exchanges:delegation_list"), {"overdue": "on"})
    shown = {row.pk for row in response.context["page_obj"]}  # the list's rows are values (row_columns)
    assert overdue.pk in shown and world.delegation_a.pk in shown and on_time.pk not in shown
    export = client.get(reverse("exchanges:delegation_export"), {"overdue": "on"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    titles = {row[5] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert titles == {"Đoàn quá hạn", world.delegation_a.title}
    assert sheet.cell(2, 13).number_format == "DD/MM/YYYY"


def test_exports_hold_only_the_users_scope(world, client_for):
    import io

    from openpyxl import load_workbook
    export = client_for(world.users["officer_b"]).get(reverse("exchanges:delegation_export"))
    titles = [row[5] for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=2, values_only=True)]
    assert titles == [world.delegation_b.title]


def test_a_partner_picked_without_delegations_lists_none_not_every_delegation(world, client_for):
    """The list's partner picker offers any partner of the directory. One with no delegations is a valid
    choice that lists nothing; refused as an invalid choice, the lenient list showed every delegation."""
    from tests.agreements.factories import partner
    lonely = partner("Nagano Prefecture", "JP", name_vi="Tỉnh Nagano")
    assert not lonely.delegations.exists() and Delegation.objects.filter(locality=world.a).exists()
    response = client_for(world.users["officer_a"]).get(reverse("exchanges:delegation_list"),
                                                         {"partner": str(lonely.pk)})
    assert response.status_code == 200
    assert not response.context["filter"].form.errors
    assert list(response.context["page_obj"]) == []
