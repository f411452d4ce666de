"""An API client saving part of a structured return: the values it does not send are kept. The save step
replaced the whole answer, so a client sending one figure erased the others (the pre-filled ones too) and
the explanation. PATCH saves what it sends; PUT replaces the whole answer and must name every field (null
empties one): a field left out is refused, never emptied silently."""
import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ngoaivu.coordination import actions
from ngoaivu.coordination.choices import ReturnStatus

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
FIELDS = [{"key": "trips", "label": "Số đoàn", "type": "number", "unit": "đoàn", "source": ""},
          {"key": "guests", "label": "Số khách", "type": "number", "unit": "người", "source": ""},
          {"key": "by_country", "label": "Theo quốc gia", "type": "table", "unit": "", "source": ""}]
FULL = {"trips": 3, "guests": 40, "by_country": [["Nhật Bản", 2], ["Hàn Quốc", 1]]}


@pytest.fixture
def ret(world, client_for):
    report = actions.create_request(world.users["central"], title="Báo cáo quý", kind="structured",
                                    data_from=TODAY - datetime.timedelta(days=90), data_to=TODAY,
                                    due_on=TODAY + datetime.timedelta(days=5), localities=[world.a], fields=FIELDS)
    ret = report.returns.get()
    actions.save_return(world.users["officer_a"], ret, values=FULL, text="Thuyết minh của tỉnh")
    return ret


def _send(client, method, url, body):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("step", ["save", "submit"])
def test_a_step_with_some_values_keeps_the_others_and_the_text(world, client_for, ret, step):
    client = client_for(world.users["officer_a"])
    response = _send(client, "post", reverse(f"coordination-return-{step}", args=[ret.pk]), {"values": {"guests": 45}})
    assert response.status_code == 200, response.content
    ret.refresh_from_db()
    assert ret.values == {**FULL, "guests": 45} and ret.text == "Thuyết minh của tỉnh"
    assert response.json()["values"] == ret.values


def test_a_value_sent_as_null_is_emptied_and_only_that_one(world, client_for, ret):
    client = client_for(world.users["officer_a"])
    assert _send(client, "post", reverse("coordination-return-save", args=[ret.pk]),
                 {"values": {"trips": None}, "text": ""}).status_code == 200
    ret.refresh_from_db()
    assert ret.values == {**FULL, "trips": None} and ret.text == ""


def test_patch_keeps_the_values_not_sent(world, client_for, ret):
    client = client_for(world.users["officer_a"])
    url = reverse("coordination-return-detail", args=[ret.pk])
    response = _send(client, "patch", url, {"values": {"by_country": [["Lào", 5]]}})
    assert response.status_code == 200, response.content
    ret.refresh_from_db()
    assert ret.values == {**FULL, "by_country": [["Lào", 5]]} and ret.text == "Thuyết minh của tỉnh"
    assert ret.status == ReturnStatus.DRAFT and response["ETag"]
    bad = _send(client, "patch", url, {"values": {"guests": "bốn"}})
    assert bad.status_code == 400 and "guests" in bad.json()["errors"]
    ret.refresh_from_db()
    assert ret.values["guests"] == 40


def test_put_replaces_the_whole_answer_and_refuses_one_that_leaves_a_field_out(world, client_for, ret):
    client = client_for(world.users["officer_a"])
    url = reverse("coordination-return-detail", args=[ret.pk])
    refused = _send(client, "put", url, {"values": {"trips": 7}, "text": "Mới"})
    assert refused.status_code == 400
    assert "Số khách" in json.dumps(refused.json(), ensure_ascii=False)  # names the fields left out
    ret.refresh_from_db()
    assert ret.values == FULL and ret.text == "Thuyết minh của tỉnh"   # nothing saved
    whole = {"values": {"trips": 7, "guests": None, "by_country": []}, "text": "Mới"}
    assert _send(client, "put", url, whole).status_code == 200
    ret.refresh_from_db()
    assert ret.values == {"trips": 7, "guests": None, "by_country": []} and ret.text == "Mới"


def test_patch_with_an_older_if_match_saves_nothing(world, client_for, ret):
    client = client_for(world.users["officer_a"])
    url = reverse("coordination-return-detail", args=[ret.pk])
    etag = client.get(url)["ETag"]
    assert _send(client, "patch", url, {"values": {"trips": 4}}).status_code == 200
    stale = client.patch(url, json.dumps({"values": {"guests": 1}}), content_type="application/json",
                         HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    ret.refresh_from_db()
    assert ret.values == {**FULL, "trips": 4}


@pytest.mark.parametrize("method", ["patch", "put"])
def test_a_figure_under_a_key_the_request_does_not_ask_for_is_refused_not_dropped(world, client_for, ret, method):
    """A typo ("trip" for "trips") was dropped and the client told 200: it believed the figure saved."""
    from ngoaivu.coordination.models import ReportReturn
    before = ReportReturn.objects.get(pk=ret.pk).values
    body = {"values": {**FULL, "trip": 9}, "text": "x"}
    response = _send(client_for(world.users["officer_a"]), method,
                     reverse("coordination-return-detail", args=[ret.pk]), body)
    assert response.status_code == 400, response.content
    assert "trip" in response.content.decode()
    assert ReportReturn.objects.get(pk=ret.pk).values == before


@pytest.mark.parametrize("figure, said", [(-5, "số không được âm"), (10 ** 16, "số quá lớn")])
def test_a_table_rows_figure_is_held_to_a_number_fields_rules(world, client_for, ret, figure, said):
    """A row of -5 trips, or of 10^16, was saved (200) where the same figure in a number field is refused."""
    from ngoaivu.coordination.models import ReportReturn
    before = ReportReturn.objects.get(pk=ret.pk).values
    response = _send(client_for(world.users["officer_a"]), "patch", reverse("coordination-return-detail", args=[ret.pk]),
                     {"values": {"by_country": [["Nhật Bản", 2], ["Lào", figure]]}})
    assert response.status_code == 400, response.content
    assert said in response.content.decode() and "dòng 2" in response.content.decode()
    assert ReportReturn.objects.get(pk=ret.pk).values == before
    with pytest.raises(ValidationError):
        actions.clean_values(FIELDS, {**FULL, "by_country": [["Lào", figure]]})


def _free_return(world):
    report = actions.create_request(world.users["central"], title="Báo cáo tình hình đối ngoại quý", kind="free",
                                    data_from=TODAY - datetime.timedelta(days=90), data_to=TODAY,
                                    due_on=TODAY + datetime.timedelta(days=5), localities=[world.a])
    ret = report.returns.get()
    actions.save_return(world.users["officer_a"], ret, values={}, text="Bản nháp cũ")
    return ret


def test_put_on_a_free_return_takes_its_whole_answer_the_text(world, client_for):
    """A free-form return has no figures: PUT asked for `values` and refused the complete body (its text)."""
    from ngoaivu.coordination.models import ReportReturn
    ret = _free_return(world)
    client = client_for(world.users["officer_a"])
    url = reverse("coordination-return-detail", args=[ret.pk])
    response = _send(client, "put", url, {"text": "Tình hình đối ngoại quý này"})
    assert response.status_code == 200, response.content
    stored = ReportReturn.objects.get(pk=ret.pk)
    assert (stored.text, stored.values, stored.status) == ("Tình hình đối ngoại quý này", {}, ReturnStatus.DRAFT)
    assert client.get(url).json()["text"] == "Tình hình đối ngoại quý này"
    # The whole answer still means the text is given; PATCH stays partial (text left out keeps it).
    refused = _send(client, "put", url, {})
    assert refused.status_code == 400 and "text" in refused.json()["errors"]
    assert _send(client, "patch", url, {}).status_code == 200
    assert ReportReturn.objects.get(pk=ret.pk).text == "Tình hình đối ngoại quý này"


@pytest.mark.parametrize("method", ["patch", "put"])
def test_figures_sent_to_a_free_return_are_refused_not_dropped(world, client_for, method):
    """A free-form return holds no figures: a body sending some was told 200 and the figures dropped."""
    from ngoaivu.coordination.models import ReportReturn
    ret = _free_return(world)
    response = _send(client_for(world.users["officer_a"]), method,
                     reverse("coordination-return-detail", args=[ret.pk]), {"values": {"trips": 3}, "text": "Mới"})
    assert response.status_code == 400, response.content
    assert "values" in response.json()["errors"]
    stored = ReportReturn.objects.get(pk=ret.pk)
    assert (stored.text, stored.values) == ("Bản nháp cũ", {})
