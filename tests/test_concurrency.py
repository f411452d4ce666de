"""Lost updates: two people open the same record; the second save must not silently overwrite the first.

Edit forms carry the version they were read from (core.concurrency); the API answers reads with an ETag
and refuses a PUT/PATCH whose If-Match names an older version with 412."""
import pytest
from django.urls import reverse

from tests.test_edit_round_trip import ROUND_TRIPS, hidden_and_unchanged, page_values, read

CONFLICT = "Trong lúc bạn sửa"
FORMS = ["agreements:agreement_edit", "exchanges:delegation_edit", "exchanges:conference_edit",
         "implementation:commitment_edit", "implementation:plan_edit", "implementation:activity_edit",
         "agreements:consultee_edit", "exchanges:settings", "partners:partner_edit",
         "reports:settings_edit", "reports:draft_detail", "partners:opportunity_edit", "partners:profile_edit",
         "indicators:indicator_edit", "indicators:target_edit"]
# Who saves first, when the province's manager may not edit the record (the catalogue is the centre's).
OTHERS = {"indicators:indicator_edit": "central_manager"}


@pytest.mark.django_db
@pytest.mark.parametrize("name", FORMS)
def test_a_save_over_someone_elses_change_is_refused_and_shows_it(name, world, client_for):
    case = ROUND_TRIPS[name]
    url = reverse(name, kwargs=case.kwargs(world))
    other = world.users[OTHERS.get(name, "manager_a")]
    mine, theirs = client_for(world.users[case.owner]), client_for(other)
    if not case.obj(world).pk:  # a province's settings row is made on its first save
        case.obj(world).save()
    my_form = mine.get(url).context["form"]            # I open the form…
    field, their_value = case.solo
    their_form = theirs.get(url).context["form"]       # …so does the manager, who saves first
    their_post = {**page_values(their_form), **case.post(world), field: their_value}
    assert theirs.post(url, their_post).status_code == 302, "the manager's save"

    response = mine.post(url, {**hidden_and_unchanged(my_form, case), **case.post(world)})

    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT in page and str(other) in page, "names who changed the record"
    assert their_value in page, "shows their new value"
    stored = type(case.obj(world))._default_manager.get(pk=case.obj(world).pk)
    assert getattr(stored, field) == their_value, "their change is kept"
    form = response.context["form"]
    assert form.conflict and form.conflict[0]["who"] == str(other)
    my_title = case.post(world).get(field)
    assert form[field].value() == my_title, "my input is kept on the page"

    # Saving again, having seen their change, is a deliberate overwrite.
    again = {**hidden_and_unchanged(form, case), **case.post(world)}
    assert mine.post(url, again).status_code == 302
    stored = type(stored)._default_manager.get(pk=stored.pk)
    assert read(case, stored, field) == my_title


def _own_partner(world):
    """A partner province A added and no other province uses: its officers edit it."""
    from ngoaivu.partners import actions
    return actions.create_partner(world.users["officer_a"], name="Yanbian Korean Autonomous Prefecture", country="CN")


def _return_a(world):
    """Province A's return to a free-form report request (its text is the province's to write)."""
    import datetime
    from ngoaivu.coordination import actions
    today = datetime.date.today()
    return actions.create_request(world.users["central"], title="Báo cáo tự do", data_from=today, data_to=today,
                                  due_on=today, localities=[world.a]).returns.get()


API = [("agreement-detail", "agreement_a", {"title": "Bản ghi nhớ sửa qua API"}),
       ("delegation-detail", "delegation_a", {"title": "Đoàn sửa qua API"}),
       ("conference-detail", "conference_a", {"title": "Hội nghị sửa qua API"}),
       ("commitment-detail", "commitment_a", {"description": "Cam kết sửa qua API"}),
       ("opportunity-detail", "opp_a", {"title": "Cơ hội sửa qua API"}),
       ("partner-detail", _own_partner, {"name_vi": "Châu tự trị dân tộc Triều Tiên Diên Biên"}),
       ("activity-detail", "activity_a", {"title": "Hội đàm sửa qua API"}),
       ("report-draft-detail", "draft_a", {"opening": "Mở đầu sửa qua API"}),
       ("coordination-return-detail", _return_a, {"text": "Báo cáo sửa qua API"})]


@pytest.mark.django_db
def test_every_route_whose_schema_promises_if_match_is_checked_here(tmp_path):
    """The partner directory's schema promised an ETag and a 412 that its viewset never gave (the review of
    03/12/2026): every PATCH the schema documents with If-Match is exercised by the test below."""
    from django.urls import reverse
    from drf_spectacular.generators import SchemaGenerator
    schema = SchemaGenerator().get_schema(request=None, public=True)
    promised = {path for path, item in schema["paths"].items()
                if any(p["name"] == "If-Match" for p in item.get("patch", {}).get("parameters", []))}
    checked = {reverse(route, kwargs={"pk": 987654321}).replace("987654321", "{id}") for route, _r, _c in API}
    assert promised == checked


@pytest.mark.django_db
@pytest.mark.parametrize("route,record,change", API)
def test_the_api_honours_if_match(route, record, change, world, client_for):
    client = client_for(world.users["officer_a"])
    obj = record(world) if callable(record) else getattr(world, record)
    url = reverse(route, kwargs={"pk": obj.pk})
    read_etag = client.get(url)["ETag"]
    assert read_etag
    field, value = next(iter(change.items()))

    # Someone else saves after our read.
    other = client_for(world.users["manager_a"]).patch(url, {field: value + " (khác)"},
                                                       content_type="application/json")
    assert other.status_code == 200 and other["ETag"] != read_etag

    stale = client.patch(url, change, content_type="application/json", HTTP_IF_MATCH=read_etag)
    assert stale.status_code == 412
    assert "detail" in stale.json() and "Trong lúc bạn sửa" in stale.json()["detail"]
    obj.refresh_from_db()
    assert getattr(obj, field) == value + " (khác)", "nothing was saved"

    fresh = client.patch(url, change, content_type="application/json", HTTP_IF_MATCH=other["ETag"])
    assert fresh.status_code == 200
    obj.refresh_from_db()
    assert getattr(obj, field) == value
    assert fresh["ETag"] == client.get(url)["ETag"] != other["ETag"]

    # Without If-Match a write goes through as before.
    assert client.patch(url, {field: value + " 2"}, content_type="application/json").status_code == 200
    obj.refresh_from_db()
    assert getattr(obj, field) == value + " 2"
