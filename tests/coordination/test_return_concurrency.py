"""Two people of one province answer the same report request (core.concurrency): the second save, from a
page read before the first, is refused with who saved and what, keeps the typed input, and goes through
when sent again; through the API, If-Match naming an older version answers 412 and saves nothing."""
import datetime
import json

import pytest
from django.urls import reverse

from ngoaivu.coordination import actions
from tests.test_edit_round_trip import page_values

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
FIELDS = [{"key": "trips", "label": "Số đoàn", "type": "number", "unit": "đoàn", "source": ""}]


@pytest.fixture
def ret(world):
    report = actions.create_request(world.users["central"], title="Báo cáo 6 tháng", kind="structured",
                                    data_from=TODAY - datetime.timedelta(days=180), data_to=TODAY,
                                    due_on=TODAY + datetime.timedelta(days=10), localities=[world.a], fields=FIELDS)
    return report.returns.get()


def test_a_stale_return_form_does_not_overwrite_a_colleagues_figures(world, client_for, ret):
    url, save = reverse("coordination:return_detail", args=[ret.pk]), reverse("coordination:return_save", args=[ret.pk])
    officer, manager = client_for(world.users["officer_a"]), client_for(world.users["manager_a"])
    officer_form = page_values(officer.get(url).context["form"])
    manager_form = page_values(manager.get(url).context["form"])    # both open the return
    assert officer.post(save, {**officer_form, "trips": "12", "text": "Số liệu của phòng"}).status_code == 302
    response = manager.post(save, {**manager_form, "trips": "3", "text": "Bản của tôi"})
    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors()
    assert str(world.users["officer_a"]) in error and "Trong lúc bạn sửa" in error
    assert "Bản của tôi" in response.content.decode()                 # the typed text is kept
    ret.refresh_from_db()
    assert (ret.values["trips"], ret.text) == (12, "Số liệu của phòng")
    # Sent again from the page as re-rendered (carrying the new version): a deliberate overwrite.
    assert manager.post(save, page_values(response.context["form"])).status_code == 302
    ret.refresh_from_db()
    assert (ret.values["trips"], ret.text) == (3, "Bản của tôi")


def test_the_api_answers_412_to_an_older_version_and_saves_nothing(world, client_for, ret):
    client = client_for(world.users["officer_a"])
    url = reverse("coordination-return-detail", args=[ret.pk])
    etag = client.get(url)["ETag"]
    assert client.post(reverse("coordination-return-save", args=[ret.pk]), json.dumps({"values": {"trips": 5}}),
                       content_type="application/json", HTTP_IF_MATCH=etag).status_code == 200
    stale = client.post(reverse("coordination-return-save", args=[ret.pk]), json.dumps({"values": {"trips": 9}}),
                        content_type="application/json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    ret.refresh_from_db()
    assert ret.values == {"trips": 5}
    fresh = client.get(url)["ETag"]
    assert fresh != etag and client.post(reverse("coordination-return-save", args=[ret.pk]),
                                         json.dumps({"values": {"trips": 9}}), content_type="application/json",
                                         HTTP_IF_MATCH=fresh).status_code == 200
    ret.refresh_from_db()
    assert ret.values == {"trips": 9}
