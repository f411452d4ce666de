"""The exchanges' findings of the review of 07/12/2026, each kept with its fix:

- the conference organiser's rules lived in the edit page's form only, so the API planned a conference
  "organised by a province body" naming none, or by a foreign body without its name, and a PATCH to a foreign
  organiser kept the old department, which the page and the export showed as the organiser;
- a delegation re-import moving a returned delegation's departure past its return (or its return past a
  submitted report) was a fine "changed" row in the preview, then the confirmation refused the whole file
  in words naming neither row nor column;
- a conference consultation could be recorded as sent on a day still to come (every other step refuses it).
"""
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from ngoaivu.core.models import Unit
from ngoaivu.exchanges import actions, exports, imports
from ngoaivu.exchanges.models import Conference, ConferenceConsultation, Delegation
from tests.exchanges import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _unit(locality):
    return Unit.objects.filter(locality=locality, valid_until__isnull=True, kind="department").order_by("pk").first()


def _organiser(conf):
    conf = Conference.objects.get(pk=conf.pk)
    return conf.organiser_kind, conf.organiser_unit_id, conf.organiser_name


# --- A. The conference organiser, whatever the way in ------------------------------------------------------

def _conference_body(world, **extra):
    return {"locality": world.a.pk, "title": "Hội thảo hợp tác logistics", "venue": "Lạng Sơn",
            "start_date": (TODAY + 90 * DAY).isoformat(), "end_date": (TODAY + 91 * DAY).isoformat(),
            "participants_count": 50, "foreign_participants_count": 10, **extra}


def test_the_api_refuses_a_conference_organised_by_a_province_body_it_does_not_name(world):
    api, before = _api(world.users["officer_a"]), Conference.objects.count()
    refused = api.post("/api/conferences/", _conference_body(world, organiser_kind="province_unit"), format="json")
    assert refused.status_code == 400, refused.content[:300]
    assert refused.json()["errors"] == {"organiser_unit": ["Chọn cơ quan tổ chức của tỉnh"]}
    assert Conference.objects.count() == before
    unit = _unit(world.a)
    created = api.post("/api/conferences/", _conference_body(world, organiser_kind="province_unit",
                                                             organiser_unit=unit.pk), format="json")
    assert created.status_code == 201, created.content[:300]
    assert _organiser(Conference.objects.get(pk=created.json()["id"])) == ("province_unit", unit.pk, "")


def test_the_api_refuses_a_foreign_organiser_without_its_name_judged_with_the_name_stored(world):
    api, unit = _api(world.users["officer_a"]), _unit(world.a)
    conf = factories.conference(world.users["officer_a"], world.a, organiser_kind="province_unit", organiser_unit=unit)
    url = f"/api/conferences/{conf.pk}/"
    before = _organiser(conf)
    for body in ({"organiser_kind": "foreign", "organiser_name": "  "},
                 {"organiser_kind": "foreign"}):  # the name stored is empty: the PATCH is judged with it
        refused = api.patch(url, body, format="json")
        assert refused.status_code == 400, (body, refused.content[:300])
        assert refused.json()["errors"] == {"organiser_name": ["Nhập tên cơ quan tổ chức"]}
        assert _organiser(conf) == before
    with pytest.raises(ValidationError) as refusal:  # the action itself, for any other way in
        actions.update_conference(world.users["officer_a"], Conference.objects.get(pk=conf.pk),
                                  data={"organiser_kind": "vietnamese"})
    assert refusal.value.message_dict == {"organiser_name": ["Nhập tên cơ quan tổ chức"]}
    assert _organiser(conf) == before
    assert api.patch(url, {"organiser_kind": "foreign", "organiser_name": "KOTRA"}, format="json").status_code == 200
    assert _organiser(conf) == ("foreign", None, "KOTRA")


def test_an_api_change_to_a_foreign_organiser_drops_the_province_body_from_the_page_and_the_export(
        world, client_for):
    officer, unit = world.users["officer_a"], _unit(world.a)
    conf = factories.conference(officer, world.a, organiser_kind="province_unit", organiser_unit=unit)
    changed = _api(officer).patch(f"/api/conferences/{conf.pk}/", {"organiser_kind": "foreign",
                                                                   "organiser_name": "JETRO"}, format="json")
    assert changed.status_code == 200, changed.content[:300]
    assert _organiser(conf) == ("foreign", None, "JETRO")
    page = client_for(officer).get(conf.get_absolute_url()).content.decode()
    # The organiser's line; the body is named only in the history, as the change it was.
    assert "JETRO (cơ quan, tổ chức nước ngoài trên địa bàn)" in page and f"{unit.name} (" not in page
    assert f"{unit.name} → —" in page
    content, _name = exports.conferences_xlsx(Conference.objects.filter(pk=conf.pk))
    sheet = load_workbook(io.BytesIO(content)).active
    headers = [c.value for c in sheet[1]]
    assert sheet.cell(2, headers.index("Cơ quan tổ chức") + 1).value == "JETRO"


def test_a_change_naming_no_part_of_the_organiser_still_goes_on_a_conference_stored_without_one(world):
    """A conference the API planned before the fix (a province organiser, no body) is not refused over it
    on every PATCH of something else."""
    conf = world.conference_a
    Conference.objects.filter(pk=conf.pk).update(organiser_kind="province_unit", organiser_unit=None, organiser_name="")
    conf.refresh_from_db()
    assert _organiser(conf)[:2] == ("province_unit", None)
    changed = _api(world.users["officer_a"]).patch(f"/api/conferences/{conf.pk}/", {"title": "Hội thảo đã đổi tên"},
                                                   format="json")
    assert changed.status_code == 200, changed.content[:300]
    assert Conference.objects.get(pk=conf.pk).title == "Hội thảo đã đổi tên"


# --- B. The delegation re-import names a row the return or the report already contradicts -----------------

def _export(client):
    response = client.get(reverse("exchanges:delegation_export"))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _set(workbook, pk, header, day):
    sheet = workbook.active
    headers = [c.value for c in sheet[1]]
    [row] = [row for row in sheet.iter_rows(min_row=2) if row[0].value == pk]
    row[headers.index(header)].value = day.strftime("%d/%m/%Y")
    return row[0].row


def _upload(client, workbook):
    out = io.BytesIO()
    workbook.save(out)
    return client.post(reverse("exchanges:delegation_import"), {"file": SimpleUploadedFile("doan.xlsx", out.getvalue())})


def _dates(delegation):
    d = Delegation.objects.get(pk=delegation.pk)
    return d.start_date, d.end_date, d.history.count()


def _returned(officer, world, start):
    d = factories.approved_delegation(officer, world.a, title="Đoàn đã về", start_date=start, end_date=start + 3 * DAY)
    return actions.record_return(officer, d, returned_on=start + 3 * DAY)


def test_a_reimport_moving_a_returned_delegations_departure_past_its_return_is_named_in_the_preview(
        world, client_for):
    officer, start = world.users["officer_a"], TODAY - 20 * DAY
    d = _returned(officer, world, start)
    client, before = client_for(officer), _dates(d)
    workbook = _export(client)
    number = _set(workbook, d.pk, "Ngày đi", start + 4 * DAY)
    _set(workbook, d.pk, "Ngày về", start + 6 * DAY)
    result = _upload(client, workbook).context["result"]
    assert not result.ok
    assert [(n, column) for n, column, _message in result.errors] == [(number, "Ngày đi")]
    assert f"về ngày {start + 3 * DAY:%d/%m/%Y}" in result.errors[0][2]
    assert _dates(d) == before
    # A departure on or before the return recorded goes through.
    workbook = _export(client)
    _set(workbook, d.pk, "Ngày đi", start - DAY)
    preview = _upload(client, workbook)
    assert preview.context["result"].ok, preview.context["result"].errors
    client.post(reverse("exchanges:delegation_import"), {"confirm": "1", "token": str(preview.context["run"].token)})
    assert _dates(d)[0] == start - DAY


def test_a_reimport_moving_a_delegations_return_past_its_report_is_named_in_the_preview(world, client_for):
    officer, start = world.users["officer_a"], TODAY - 20 * DAY
    d = factories.approved_delegation(officer, world.a, title="Đoàn đã báo cáo", start_date=start,
                                      end_date=start + 2 * DAY)
    actions.submit_report(officer, d, submitted_on=start + 4 * DAY, summary="Đã làm việc với tỉnh Gyeonggi")
    client, before = client_for(officer), _dates(d)
    workbook = _export(client)
    number = _set(workbook, d.pk, "Ngày về", start + 5 * DAY)
    result = _upload(client, workbook).context["result"]
    assert [(n, column) for n, column, _message in result.errors] == [(number, "Ngày về")]
    assert f"báo cáo kết quả ngày {start + 4 * DAY:%d/%m/%Y}" in result.errors[0][2]
    assert _dates(d) == before


def test_a_refusal_the_preview_missed_names_the_row_at_the_confirmation_and_writes_no_row(world, client_for):
    """The return recorded after the preview: the confirmation's refusal says which row, and the file's new
    row above it is not written either."""
    officer, start = world.users["officer_a"], TODAY - 20 * DAY
    d = factories.approved_delegation(officer, world.a, title="Đoàn sắp về", start_date=start, end_date=start + 3 * DAY)
    client = client_for(officer)
    workbook = _export(client)
    sheet = workbook.active
    headers = [c.value for c in sheet[1]]
    sheet.insert_rows(2)
    for header, value in {"Tên đoàn": "Đoàn mới trong tệp", "Loại đoàn": "Đoàn ra", "Trưởng đoàn": "Nguyễn Văn An",
                          "Chức vụ trưởng đoàn": "Giám đốc Sở", "Số thành viên": 3, "Nước đến": "Hàn Quốc; Suwon; 2",
                          "Mục đích": "Xúc tiến thương mại", "Ngày đi": f"{TODAY + 30 * DAY:%d/%m/%Y}",
                          "Ngày về": f"{TODAY + 32 * DAY:%d/%m/%Y}"}.items():
        sheet.cell(2, headers.index(header) + 1).value = value
    number = _set(workbook, d.pk, "Ngày đi", start + 2 * DAY)
    result = _upload(client, workbook).context["result"]
    assert result.ok and (result.new_count, result.changed_count) == (1, 1), result.errors
    actions.record_return(officer, Delegation.objects.get(pk=d.pk), returned_on=start + DAY)
    count, before = Delegation.objects.count(), _dates(d)
    with pytest.raises(ValidationError) as refusal:
        imports.commit(result, officer)
    assert refusal.value.messages == [f"Dòng {number}: Đoàn đã ghi nhận về ngày {start + DAY:%d/%m/%Y}: ngày đi "
                                      "phải cùng ngày hoặc trước ngày đó"]
    assert (Delegation.objects.count(), _dates(d)) == (count, before)


# --- C. A consultation is recorded once it is sent ----------------------------------------------------------

def test_a_consultation_cannot_be_recorded_as_sent_on_a_day_still_to_come(world, client_for):
    conf, client = world.conference_a, client_for(world.users["officer_a"])
    url = reverse("exchanges:conference_consultation", args=[conf.pk])
    before = list(ConferenceConsultation.objects.filter(conference=conf).values_list("pk", flat=True))
    refused = client.post(url, {"body": "Bộ Công an", "sent_on": f"{TODAY + DAY:%d/%m/%Y}"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["sent_on"] == ["Ngày gửi không được sau hôm nay"]
    assert list(ConferenceConsultation.objects.filter(conference=conf).values_list("pk", flat=True)) == before
    sent = client.post(url, {"body": "Bộ Công an", "sent_on": f"{TODAY:%d/%m/%Y}"})
    assert sent.status_code == 302
    [added] = ConferenceConsultation.objects.filter(conference=conf).exclude(pk__in=before)
    assert (added.body, added.sent_on) == ("Bộ Công an", TODAY)


def test_the_api_creates_no_conference_without_an_organiser(world):
    """A POST naming no organiser at all was created "organised by a body of the province" naming none (the
    review's second reading): a new conference is judged on the model's defaults."""
    from rest_framework.test import APIClient
    api = APIClient()
    api.force_authenticate(world.users["officer_a"])
    before = Conference.objects.count()
    body = {"locality": world.a.pk, "title": "Hội thảo không rõ ai tổ chức", "venue": "Lạng Sơn",
            "start_date": "2026-09-20", "end_date": "2026-09-21", "participants_count": 50,
            "foreign_participants_count": 5, "highest_foreign_level": "other"}
    response = api.post("/api/conferences/", body, format="json")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["organiser_unit"], response.json()
    assert Conference.objects.count() == before
