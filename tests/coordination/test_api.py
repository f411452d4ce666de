"""The coordination API: every write is checked in the database afterwards, and a province never reads
another's return or directive copy through it."""
import datetime
import json

import pytest
from django.urls import reverse

from ngoaivu.coordination import actions, directives
from ngoaivu.coordination.choices import ReturnStatus
from ngoaivu.coordination.models import DirectiveRecipient, ReportRequest, ReportReturn, ReturnTransition

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
FIELDS = [{"key": "trips", "label": "Số đoàn", "type": "number", "unit": "đoàn", "source": ""}]


def _post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def _request(world):
    return actions.create_request(world.users["central"], title="Báo cáo quý", kind="structured",
                                  data_from=TODAY - datetime.timedelta(days=90), data_to=TODAY,
                                  due_on=TODAY + datetime.timedelta(days=5), localities=[world.a, world.b],
                                  fields=FIELDS)


def test_the_centre_creates_a_request_and_each_province_gets_one_return(world, client_for):
    body = {"title": "Báo cáo đột xuất về đoàn vào", "kind": "structured", "data_from": "2026-01-01",
            "data_to": "2026-06-30", "due_on": "2026-07-10", "localities": [world.a.pk, world.b.pk],
            "fields": FIELDS}
    response = _post(client_for(world.users["central"]), reverse("coordination-request-list"), body)
    assert response.status_code == 201, response.content
    request = ReportRequest.objects.get(pk=response.json()["id"])
    assert (request.title, request.due_on, request.fields[0]["key"]) == (
        "Báo cáo đột xuất về đoàn vào", datetime.date(2026, 7, 10), "trips")
    assert set(request.returns.values_list("locality_id", "status")) == {
        (world.a.pk, ReturnStatus.NOT_STARTED), (world.b.pk, ReturnStatus.NOT_STARTED)}
    refused = _post(client_for(world.users["officer_a"]), reverse("coordination-request-list"), body)
    assert refused.status_code == 403
    assert ReportRequest.objects.filter(title=body["title"]).count() == 1


def test_a_return_goes_through_save_submit_return_and_accept_with_its_transitions_stored(world, client_for):
    ret = _request(world).returns.get(locality=world.a)
    province, centre = client_for(world.users["officer_a"]), client_for(world.users["central"])
    url = lambda step: reverse(f"coordination-return-{step}", args=[ret.pk])  # noqa: E731

    assert _post(province, url("save"), {"values": {"trips": 3}}).status_code == 200
    ret.refresh_from_db()
    assert (ret.status, ret.values) == (ReturnStatus.DRAFT, {"trips": 3})

    bad = _post(province, url("submit"), {"values": {"trips": "ba"}})
    assert bad.status_code == 400 and "trips" in bad.json()["errors"]
    ret.refresh_from_db()
    assert (ret.status, ret.values) == (ReturnStatus.DRAFT, {"trips": 3})

    assert _post(province, url("submit"), {"values": {"trips": 4}}).status_code == 200
    ret.refresh_from_db()
    assert (ret.status, ret.values["trips"]) == (ReturnStatus.SUBMITTED, 4) and ret.submitted_at is not None

    assert _post(province, url("accept")).status_code == 403, "a province does not review its own return"
    assert _post(centre, url("return")).status_code == 400, "returning needs a comment"
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.SUBMITTED

    assert _post(centre, url("return"), {"reason": "Bổ sung số đoàn vào"}).status_code == 200
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.RETURNED
    assert _post(province, url("submit"), {"values": {"trips": 5}}).status_code == 200
    assert _post(centre, url("accept")).status_code == 200
    ret.refresh_from_db()
    assert (ret.status, ret.values["trips"]) == (ReturnStatus.ACCEPTED, 5)
    assert list(ReturnTransition.objects.filter(report_return=ret).values_list("to_status", "reason")) == [
        (ReturnStatus.DRAFT, ""), (ReturnStatus.SUBMITTED, ""), (ReturnStatus.RETURNED, "Bổ sung số đoàn vào"),
        (ReturnStatus.SUBMITTED, ""), (ReturnStatus.ACCEPTED, "")]
    assert _post(province, url("save"), {"values": {"trips": 9}}).status_code == 400
    ret.refresh_from_db()
    assert ret.values["trips"] == 5


def test_a_province_never_reads_or_writes_another_provinces_return(world, client_for):
    request = _request(world)
    mine, theirs = request.returns.get(locality=world.a), request.returns.get(locality=world.b)
    province = client_for(world.users["officer_a"])
    listed = province.get(reverse("coordination-return-list")).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    ids = {r["id"] for r in rows}
    assert mine.pk in ids and theirs.pk not in ids
    assert set(ReportReturn.objects.filter(pk__in=ids).values_list("locality_id", flat=True)) == {world.a.pk}
    assert province.get(reverse("coordination-return-detail", args=[theirs.pk])).status_code == 404
    assert _post(province, reverse("coordination-return-submit", args=[theirs.pk]),
                 {"values": {"trips": 1}}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.status, theirs.values) == (ReturnStatus.NOT_STARTED, {})
    # The centre reads both.
    centre = client_for(world.users["central"]).get(reverse("coordination-return-list")).json()
    centre_rows = centre["results"] if isinstance(centre, dict) else centre
    assert {r["id"] for r in centre_rows} >= {mine.pk, theirs.pk}


def test_a_province_acknowledges_its_copy_of_a_directive_only(world, client_for):
    directive = directives.send_directive(world.users["central"], number="5/BNG-NV", issued_on=TODAY,
                                          subject="Hướng dẫn đón đoàn", signer="Vụ trưởng", localities=[world.a, world.b])
    response = _post(client_for(world.users["officer_a"]),
                     reverse("coordination-directive-acknowledge", args=[directive.pk]))
    assert response.status_code == 200
    copy_a = DirectiveRecipient.objects.get(directive=directive, locality=world.a)
    copy_b = DirectiveRecipient.objects.get(directive=directive, locality=world.b)
    assert copy_a.acknowledged_by == world.users["officer_a"] and copy_a.first_opened_at is not None
    assert copy_b.acknowledged_at is None
    read = client_for(world.users["officer_a"]).get(reverse("coordination-directive-detail", args=[directive.pk]))
    assert [c["locality"] for c in read.json()["recipients"]] == [world.a.pk], "B's copy is not shown to A"
    assert _post(client_for(world.users["central"]),
                 reverse("coordination-directive-acknowledge", args=[directive.pk])).status_code == 403
    assert DirectiveRecipient.objects.filter(directive=directive, acknowledged_at__isnull=False).count() == 1


def test_the_opinion_queue_is_the_centres(world, client_for):
    assert client_for(world.users["officer_a"]).get(reverse("coordination-opinion-list")).status_code == 403
    assert client_for(world.users["central"]).get(reverse("coordination-opinion-list")).status_code == 200
