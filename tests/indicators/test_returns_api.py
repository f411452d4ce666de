"""A structured request sent through the API with an indicator's field (its key from the request form's
"Chỉ số thống kê", e.g. "indicator:foreign_visitors") feeds the indicator as the form's request does: the
API kept only key, label, type, unit and source, so the province's "2,5" visitors were taken and the
accepted figure never reached the indicator. The field is the one the form offers under that key."""
import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from ngoaivu.coordination.models import ReportRequest
from ngoaivu.indicators.models import Observation

pytestmark = pytest.mark.django_db
KEY = "indicator:foreign_visitors"


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_an_indicator_field_sent_through_the_api_feeds_the_indicator_on_acceptance(world, ind, client_for):
    centre, province = client_for(world.users["central"]), client_for(world.users["officer_a"])
    response = _post(centre, reverse("coordination-request-list"), {
        "title": "Khách quốc tế năm 2025", "kind": "structured", "data_from": "2025-01-01", "data_to": "2025-12-31",
        "due_on": (datetime.date.today() + datetime.timedelta(days=20)).isoformat(), "localities": [world.a.pk],
        "fields": [{"key": KEY, "label": "Khách quốc tế", "type": "number"}]})
    assert response.status_code == 201, response.content
    report = ReportRequest.objects.get(pk=response.json()["id"])
    assert [(f["key"], f.get("indicator"), f["unit"]) for f in report.fields] == [(KEY, "foreign_visitors", "người")]
    ret = report.returns.get()
    refused = _post(province, reverse("coordination-return-submit", args=[ret.pk]), {"values": {KEY: "2,5"}})
    assert refused.status_code == 400 and "Khách quốc tế" in json.dumps(refused.json(), ensure_ascii=False)
    ret.refresh_from_db()
    assert ret.status == "not_started"
    assert _post(province, reverse("coordination-return-submit", args=[ret.pk]),
                 {"values": {KEY: "12.500"}}).status_code == 200
    assert _post(centre, reverse("coordination-return-accept", args=[ret.pk]), {}).status_code == 200
    obs = Observation.objects.get(indicator=ind["foreign_visitors"], locality=world.a)
    assert (obs.period_start, obs.period_end, obs.value) == (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31),
                                                             Decimal(12500))
