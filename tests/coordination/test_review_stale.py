"""The centre accepts a return as its reviewer read it. A reviewer's page read before a colleague sent the
return back and the province sent new figures accepted those figures, unseen, without a word (and an
accepted return's figures become the province's indicator values). The review form carries the return's
version (core.concurrency): an accept or a send-back from a stale page is refused, naming what changed and
keeping the comment typed; through the API, If-Match naming an older version answers 412."""
import datetime
import json

import pytest
from django.urls import reverse

from ngoaivu.coordination import actions
from ngoaivu.coordination.choices import ReturnStatus
from tests.test_edit_round_trip import page_values

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
FIELDS = [{"key": "trips", "label": "Số đoàn", "type": "number", "unit": "đoàn", "source": ""}]


@pytest.fixture
def ret(world):
    report = actions.create_request(world.users["central"], title="Báo cáo 6 tháng", kind="structured",
                                    data_from=TODAY - datetime.timedelta(days=180), data_to=TODAY,
                                    due_on=TODAY + datetime.timedelta(days=10), localities=[world.a], fields=FIELDS)
    ret = report.returns.get()
    actions.save_return(world.users["officer_a"], ret, values={"trips": 12}, submit=True)
    return ret


def _resubmitted_meanwhile(world, ret):
    """A colleague at the centre sends the return back, the province sends new figures."""
    actions.review_return(world.users["central_manager"], ret, accept=False, reason="Bổ sung số đoàn")
    actions.save_return(world.users["officer_a"], ret, values={"trips": 3}, submit=True)


def test_an_accept_from_a_page_read_before_new_figures_were_sent_is_refused(world, client_for, ret):
    reviewer = client_for(world.users["central"])
    page = reviewer.get(reverse("coordination:return_detail", args=[ret.pk]))
    read = page_values(page.context["review_form"])
    _resubmitted_meanwhile(world, ret)

    response = reviewer.post(reverse("coordination:return_review", args=[ret.pk]),
                             {**read, "reason": "Đã kiểm tra số 12", "accept": "1"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Trong lúc bạn sửa" in body and str(world.users["officer_a"]) in body
    assert "Đã kiểm tra số 12" in body, "the comment typed is kept"
    ret.refresh_from_db()
    assert (ret.status, ret.values) == (ReturnStatus.SUBMITTED, {"trips": 3}), "nothing accepted unseen"
    # Sent again from the page as re-rendered (having seen the new figures): accepted.
    again = reviewer.post(reverse("coordination:return_review", args=[ret.pk]),
                          {**page_values(response.context["review_form"]), "accept": "1"})
    assert again.status_code == 302
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.ACCEPTED


def test_the_api_accept_honours_if_match(world, client_for, ret):
    client = client_for(world.users["central"])
    etag = client.get(reverse("coordination-return-detail", args=[ret.pk]))["ETag"]
    _resubmitted_meanwhile(world, ret)
    stale = client.post(reverse("coordination-return-accept", args=[ret.pk]), json.dumps({"reason": ""}),
                        content_type="application/json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and "Trong lúc bạn sửa" in stale.json()["detail"]
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.SUBMITTED
