"""Figures on the home page and per province, the API, demo data."""
import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from ngoaivu.exchanges import actions
from ngoaivu.exchanges.choices import Direction
from tests.exchanges import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_the_home_page_shows_this_years_figures_and_the_report_deadline(world, client_for):
    # the panel is loaded after the page (issue 9): the page holds its placeholder, htmx fetches it
    assert 'data-lazy-panel="exchanges"' in client_for(world.users["officer_a"]).get(reverse("home")).content.decode()
    content = client_for(world.users["officer_a"]).get(
        reverse("core:home_panel", args=["exchanges"]), HTTP_HX_REQUEST="true").content.decode()
    assert f"Hạn báo cáo kết quả đoàn: {world.delegation_a.title}" in content
    assert "báo cáo quá hạn" in content


def test_province_figures_count_by_year_channel_and_country(world, client_for):
    officer = world.users["officer_a"]
    factories.delegation(officer, world.a, direction=Direction.INBOUND, countries=("CN",),
                         start_date=datetime.date(TODAY.year, 1, 5))
    response = client_for(officer).get(reverse("exchanges:figures_locality", args=[world.a.pk]))
    ctx = response.context
    assert ctx["summary"]["in"] >= 1
    assert any(r["code"] == "CN" and r["in"] == 1 for r in ctx["by_country"])
    row = next(r for r in ctx["by_year"] if r["year"] == TODAY.year)
    assert row["in"] >= 1


def test_the_centre_sees_every_province_in_one_table(world, client_for):
    response = client_for(world.users["central"]).get(reverse("exchanges:figures"))
    table = {r["locality"].pk: r for r in response.context["table"]}
    assert len(table) == 34 and table[world.a.pk]["overdue"] >= 1


def test_cancelled_delegations_are_not_counted(world, client_for):
    officer = world.users["officer_a"]
    before = client_for(officer).get(reverse("exchanges:figures_locality", args=[world.a.pk])).context["summary"]
    d = factories.delegation(officer, world.a, start_date=datetime.date(TODAY.year, 1, 10))
    actions.cancel_delegation(officer, d, cancelled_on=TODAY, reason="Đối tác hoãn")
    after = client_for(officer).get(reverse("exchanges:figures_locality", args=[world.a.pk])).context["summary"]
    assert after == before


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_plans_and_approves_a_delegation_with_the_page_rules(world):
    client = _api(world.users["officer_a"])
    response = client.post("/api/delegations/", {
        "locality": world.a.pk, "direction": "out", "channel": "people", "level": "deputy", "title": "Đoàn API",
        "head_name": "Lê Văn A", "head_title": "Phó Chủ tịch", "member_count": 4, "purpose": "Giao lưu",
        "start_date": "2026-03-01", "end_date": "2026-03-05", "stops": [{"country": "LA", "city": "Viêng Chăn"}],
        "contacts": [{"channel": "people", "counterpart": "Hội hữu nghị Lào – Việt Nam"}]}, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["status"] == "proposed"
    typed = client.post(f"/api/delegations/{pk}/approve/", {"authority": "Chủ tịch UBND tỉnh",
                                                             "decision_number": "1/QĐ", "decision_date": "2026-02-01"},
                        format="json")
    assert typed.status_code == 400 and "authority" in typed.json()["errors"]  # a choice, not free text
    approved = client.post(f"/api/delegations/{pk}/approve/", {"authority": "pc_chair",
                                                                "decision_number": "1/QĐ", "decision_date": "2026-02-01"},
                           format="json")
    assert approved.status_code == 200 and approved.json()["decision_number"] == "1/QĐ"
    assert approved.json()["approval_authority"] == "pc_chair"
    refused = client.post(f"/api/delegations/{pk}/return/", {"returned_on": "2026-02-20"}, format="json")
    assert refused.status_code == 400 and "returned_on" in refused.json()["errors"]


def test_a_patch_with_incomplete_list_items_is_refused_and_changes_nothing(world):
    # Found by schemathesis: a PATCH skipped the items' required fields, then failed with a 500.
    client = _api(world.users["officer_a"])
    pk = world.delegation_a.pk
    before = client.get(f"/api/delegations/{pk}/").json()
    for body in ({"contacts": [{"counterpart": "Hội hữu nghị"}]}, {"stops": [{"city": "Seoul"}]},
                 {"members": [{"title": "Chuyên viên"}]}):
        response = client.patch(f"/api/delegations/{pk}/", body, format="json")
        assert response.status_code == 400, (body, response.content)
        assert response.json()["errors"], response.content
    assert client.get(f"/api/delegations/{pk}/").json() == before


def test_the_api_refuses_a_delegation_for_another_province(world):
    response = _api(world.users["officer_b"]).post("/api/delegations/", {
        "locality": world.a.pk, "direction": "out", "channel": "state", "level": "leader", "title": "x",
        "head_name": "x", "head_title": "x", "member_count": 1, "purpose": "x", "start_date": "2026-03-01",
        "end_date": "2026-03-02", "stops": [{"country": "JP"}]}, format="json")
    assert response.status_code == 403


def test_the_api_lists_only_the_callers_scope_and_computes_conference_authority(world):
    data = _api(world.users["officer_b"]).get("/api/conferences/").json()
    assert [c["id"] for c in data["results"]] == [world.conference_b.pk]
    created = _api(world.users["officer_a"]).post("/api/conferences/", {
        "locality": world.a.pk, "title": "Hội nghị", "venue": "Lạng Sơn", "start_date": "2026-09-20",
        "end_date": "2026-09-21", "participants_count": 50, "foreign_participants_count": 5,
        "highest_foreign_level": "head_of_government", "organiser_kind": "vietnamese", "organiser_name": "Hội X"},
        format="json")
    assert created.status_code == 201, created.content
    assert created.json()["authority"] == "pm" and created.json()["dossier_deadline"] == "2026-08-11"


def test_the_api_refuses_years_no_record_can_have(world):
    response = _api(world.users["officer_a"]).post("/api/conferences/", {
        "locality": world.a.pk, "title": "x", "venue": "x", "start_date": "0001-01-01", "end_date": "0001-01-02",
        "participants_count": 1, "foreign_participants_count": 0, "highest_foreign_level": "other"}, format="json")
    assert response.status_code == 400 and "start_date" in response.json()["errors"]


def test_demo_data_loads_twice_without_duplicates(world):
    from ngoaivu.core.models import Locality
    from ngoaivu.exchanges.demo import PROVINCES, load_demo
    from ngoaivu.exchanges.models import Conference, Delegation
    from tests.conftest import make_user
    for code, (prefix, *_rest) in PROVINCES.items():
        make_user(f"{prefix}.chuyenvien", "locality", "officer", locality=Locality.objects.current().get(code=code))
    Delegation.objects.all().delete()
    load_demo()
    counts = (Delegation.objects.count(), Conference.objects.count())
    load_demo()
    assert (Delegation.objects.count(), Conference.objects.count()) == counts
    assert Delegation.objects.report_overdue(TODAY).exists()
    assert set(Delegation.objects.values_list("channel", flat=True)) == {"party", "state", "people"}
    assert set(Delegation.objects.values_list("direction", flat=True)) == {"in", "out"}
    assert Delegation.objects.dates("start_date", "year").count() >= 3
    assert Conference.objects.filter(authority="pm").exists() and Conference.objects.filter(authority="chair").exists()
