"""A table row sent through the API is a pair [name, number]: a row of one item or of three was dropped
without a word and the save answered 200, so the province believed it had sent "Nhật Bản: 5". Such a row is
refused, naming the field and the row, and nothing of the save is kept."""
import json

import pytest
from django.urls import reverse

from ngoaivu.coordination.models import ReportReturn
from tests.coordination.test_return_table_rows import _return

pytestmark = pytest.mark.django_db


def test_a_row_that_is_not_a_name_and_a_number_is_refused_by_name_and_row(world, client_for):
    ret = _return(world)
    api = client_for(world.users["officer_a"])
    url = reverse("coordination-return-submit", args=[ret.pk])
    response = api.post(url, json.dumps({"values": {"trips": "3", "by_country": [
        ["Lào", 2], ["Nhật Bản", 5, "ghi chú"], ["Hàn Quốc"]]}}), content_type="application/json")
    assert response.status_code == 400, response.content
    body = response.content.decode("unicode_escape") if "\\u" in response.content.decode() else response.content.decode()
    assert "“Theo quốc gia”, dòng 2" in body and "“Theo quốc gia”, dòng 3" in body, body
    saved = ReportReturn.objects.get(pk=ret.pk)
    assert (saved.status, saved.values, saved.transitions.count()) == ("not_started", {}, 0)
    # The same rows as pairs go through, and an empty row is still skipped.
    response = api.post(url, json.dumps({"values": {"trips": "3", "by_country": [
        ["Lào", 2], ["Nhật Bản", 5], [], ["", ""]]}}), content_type="application/json")
    assert response.status_code == 200, response.content
    saved.refresh_from_db()
    assert (saved.status, saved.values["by_country"]) == ("submitted", [["Lào", 2], ["Nhật Bản", 5]])
