"""The delegation and conference lists asked for a former province (?locality=<Quảng Nam>, an id the register's
filter and its links give) list the records of the province that holds them today (Đà Nẵng), page and API
alike: the page showed every record and the API answered 400. A mission and a province officer keep their
scope. A new delegation or conference for a former province is refused with what to choose instead, on the
form and in the API, and nothing is created."""
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from rest_framework.test import APIClient

from ngoaivu.core.models import Locality
from ngoaivu.exchanges.models import Conference, Delegation
from tests.exchanges import factories
from tests.exchanges.test_delegation_entry import plan_post

pytestmark = pytest.mark.django_db

MERGED = "Tỉnh, thành phố: Quảng Nam đã hợp nhất vào Đà Nẵng từ 01/07/2025; chọn Đà Nẵng"


@pytest.fixture
def quang_nam():
    return Locality.objects.by_legacy_code(49)  # merged into Đà Nẵng (world.b) on 01/7/2025


@pytest.fixture
def records(world):
    """Đà Nẵng's delegations to Korea (a mission there reads it) and Japan, Lạng Sơn's to Korea; a conference
    of each province."""
    day = datetime.date(2026, 4, 6)
    return {
        "b_kr": factories.delegation(world.users["officer_b"], world.b, countries=("KR",), title="Đà Nẵng sang Hàn",
                                     start_date=day),
        "b_jp": factories.delegation(world.users["officer_b"], world.b, countries=("JP",), title="Đà Nẵng sang Nhật",
                                     start_date=day),
        "a_kr": factories.delegation(world.users["officer_a"], world.a, countries=("KR",), title="Lạng Sơn sang Hàn",
                                     start_date=day),
        "conf_b": factories.conference(world.users["officer_b"], world.b, title="Hội thảo Đà Nẵng", venue="Đà Nẵng"),
        "conf_a": factories.conference(world.users["officer_a"], world.a, title="Hội thảo Lạng Sơn"),
    }


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _page_ids(client, name, **query):
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    assert response.context["paginator"].count <= 25  # the whole list on one page
    return {row.pk for row in response.context["page_obj"].object_list}


def _api_ids(user, path, **query):
    response = _api(user).get(path, {"page_size": 500, **query})
    assert response.status_code == 200, response.content[:300]
    return {row["id"] for row in response.json()["results"]}


def _ids(model, **where):
    return set(model.objects.filter(**where).values_list("pk", flat=True))


@pytest.mark.parametrize("model, page, api", [
    (Delegation, "exchanges:delegation_list", "/api/delegations/"),
    (Conference, "exchanges:conference_list", "/api/conferences/"),
])
def test_a_former_province_lists_exactly_its_successors_records(world, client_for, records, quang_nam, model,
                                                               page, api):
    central = world.users["central"]
    successor = _ids(model, locality=world.b)
    assert len(successor) >= 2 and _ids(model, locality=world.a)  # records on both sides to tell apart
    assert _page_ids(client_for(central), page, locality=quang_nam.pk) == successor
    assert _api_ids(central, api, locality=quang_nam.pk) == successor
    # The same as asking for the successor itself; a current province is unchanged.
    assert _api_ids(central, api, locality=world.b.pk) == successor
    assert _api_ids(central, api, locality=world.a.pk) == _ids(model, locality=world.a)


def test_the_page_shows_the_successor_chosen_and_named_in_the_applied_filters(world, client_for, records,
                                                                              quang_nam):
    response = client_for(world.users["central"]).get(reverse("exchanges:delegation_list"),
                                                      {"locality": quang_nam.pk})
    page = response.content.decode()
    assert f'<option value="{world.b.pk}" selected>' in page
    assert [(str(f["label"]), f["value"]) for f in response.context["applied_filters"]] == [
        ("Tỉnh, thành phố", "Đà Nẵng")]
    assert "Lựa chọn không hợp lệ" not in page and "Select a valid choice" not in page


def test_the_export_follows_the_list(world, client_for, records, quang_nam):
    response = client_for(world.users["central"]).get(reverse("exchanges:delegation_export"),
                                                      {"locality": quang_nam.pk})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(min_row=2, values_only=True) if any(row)]
    assert len(rows) == len(_ids(Delegation, locality=world.b))
    assert any(records["b_jp"].title in row for row in rows)
    assert not any(records["a_kr"].title in row for row in rows)


@pytest.mark.parametrize("persona", ["mission_officer", "officer_a"])
def test_a_mission_and_a_province_keep_their_scope_with_the_filter(world, client_for, records, quang_nam, persona):
    user = world.users[persona]
    visible = set(Delegation.objects.visible_to(user).values_list("pk", flat=True))
    page = _page_ids(client_for(user), "exchanges:delegation_list", locality=quang_nam.pk)
    api = _api_ids(user, "/api/delegations/", locality=quang_nam.pk)
    assert page == api == visible
    # Never Đà Nẵng's delegation to Japan: the mission is accredited to Korea, the officer is Lạng Sơn's.
    assert records["b_jp"].pk not in page
    if persona == "officer_a":  # a province filtering a former province not its own sees nothing of others
        assert not _ids(Delegation, pk__in=page, locality=world.b) and records["a_kr"].pk in page
    else:
        assert {records["b_kr"].pk, records["a_kr"].pk} <= page
    conferences = _api_ids(user, "/api/conferences/", locality=quang_nam.pk)
    assert conferences == set(Conference.objects.visible_to(user).values_list("pk", flat=True))
    assert records["conf_b"].pk not in conferences


DELEGATION = {"direction": "out", "channel": "state", "level": "leader", "title": "Đoàn Quảng Nam",
              "head_name": "Lê Văn A", "head_title": "Chủ tịch", "member_count": 3, "purpose": "Hợp tác",
              "start_date": "2026-03-01", "end_date": "2026-03-05", "stops": [{"country": "JP"}]}
CONFERENCE = {"title": "Hội thảo Quảng Nam", "venue": "Tam Kỳ", "start_date": "2026-09-20", "end_date": "2026-09-21",
              "participants_count": 50, "foreign_participants_count": 5, "highest_foreign_level": "other",
              "organiser_kind": "vietnamese", "organiser_name": "Hội X"}


@pytest.mark.parametrize("path, body, model", [
    ("/api/delegations/", DELEGATION, Delegation), ("/api/conferences/", CONFERENCE, Conference)])
def test_the_api_refuses_a_former_province_naming_the_field_and_creates_nothing(world, quang_nam, path, body, model):
    before = model.objects.count()
    response = _api(world.users["officer_b"]).post(path, {**body, "locality": quang_nam.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"locality": [MERGED]}
    assert model.objects.count() == before
    # The successor itself is accepted (the body is otherwise right).
    created = _api(world.users["officer_b"]).post(path, {**body, "locality": world.b.pk}, format="json")
    assert created.status_code == 201, created.content
    assert model.objects.count() == before + 1


def test_the_api_says_it_in_english_too(world, quang_nam):
    response = _api(world.users["officer_b"]).post("/api/delegations/", {**DELEGATION, "locality": quang_nam.pk},
                                                   format="json", HTTP_ACCEPT_LANGUAGE="en")
    with translation.override("en"):
        label = str(gettext_lazy("Tỉnh, thành phố"))  # the field's label as the catalogues give it
    assert response.json()["errors"]["locality"] == [
        f"{label}: Quảng Nam was merged into Đà Nẵng on 01/07/2025; choose Đà Nẵng"]


def test_the_delegation_form_refuses_a_former_province_and_creates_nothing(world, client_for, quang_nam):
    before = Delegation.objects.count()
    response = client_for(world.users["officer_b"]).post(reverse("exchanges:delegation_create"), plan_post(
        world, locality=str(quang_nam.pk), **{"stops-0-country": "KR"}))
    assert response.status_code == 200
    assert response.context["form"].errors["locality"] == [MERGED]
    assert MERGED in response.content.decode()
    assert Delegation.objects.count() == before


def test_the_conference_form_refuses_a_former_province_and_creates_nothing(world, client_for, quang_nam):
    before = Conference.objects.count()
    response = client_for(world.users["officer_b"]).post(reverse("exchanges:conference_create"), {
        "locality": quang_nam.pk, "title": "Hội thảo", "kind": "seminar", "form": "in_person", "venue": "Tam Kỳ",
        "start_date": "15/6/2026", "end_date": "16/6/2026", "organiser_kind": "vietnamese", "organiser_name": "Hội X",
        "participants_count": "10", "foreign_participants_count": "2", "highest_foreign_level": "other"})
    assert response.status_code == 200
    assert MERGED in response.content.decode()
    assert Conference.objects.count() == before


def test_a_former_province_of_another_province_is_not_offered_as_a_way_in(world, client_for, quang_nam):
    """Lạng Sơn's officer cannot choose Đà Nẵng on the form: the refusal does not tell them to."""
    before = Delegation.objects.count()
    response = client_for(world.users["officer_a"]).post(reverse("exchanges:delegation_create"), plan_post(
        world, locality=str(quang_nam.pk), **{"stops-0-country": "KR"}))
    assert response.status_code == 200 and "locality" in response.context["form"].errors
    assert MERGED not in response.content.decode()
    assert Delegation.objects.count() == before


def test_the_register_and_activity_apis_refuse_a_former_province_the_same_way(world, quang_nam):
    """The agreements' and the activities' API: a new record for Quảng Nam is refused with the merger and what
    to choose (they answered "invalid pk"), and nothing is created; Đà Nẵng itself is accepted."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.implementation.models import Activity
    officer = _api(world.users["officer_b"])
    for path, body, model in (
            ("/api/agreements/", {"title": "Bản ghi nhớ Quảng Nam", "form": "y_dinh_thu",
                                  "partners": [world.partner_kr.pk]}, Agreement),
            ("/api/activities/", {"kind": "event", "title": "Hội chợ Quảng Nam", "occurred_on": "2026-03-02"},
             Activity)):
        before = model.objects.count()
        response = officer.post(path, {**body, "locality": quang_nam.pk}, format="json")
        assert response.status_code == 400, (path, response.content)
        assert response.json()["errors"] == {"locality": [MERGED]}, path
        assert model.objects.count() == before, path
        created = officer.post(path, {**body, "locality": world.b.pk}, format="json")
        assert created.status_code == 201, (path, created.content)
        assert model.objects.filter(pk=created.json()["id"], locality=world.b).exists(), path
