"""Inputs the review of 03/12/2026 found mishandled: a mention at the end of a sentence reached nobody, and a
table sent to the returns API in another shape than [[label, number], …] answered 500."""
import datetime
import json

import pytest
from django.urls import reverse

from ngoaivu.coordination import actions
from ngoaivu.coordination.models import Comment

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
FIELDS = [{"key": "by_country", "label": "Theo quốc gia", "type": "table", "unit": "", "source": ""}]


@pytest.mark.parametrize("text, named", [
    ("Đề nghị bổ sung số liệu đoàn vào, @officer_a.", ["officer_a"]),
    ("@officer_a, @manager_a: xem giúp.", ["manager_a", "officer_a"]),
    ("Hỏi @officer_a… và @không_có_ai.", ["officer_a"])])
def test_a_mention_is_the_username_without_the_sentences_punctuation(world, client_for, text, named):
    url = reverse("coordination:thread", args=["report_return", world.report_return_a.pk])
    before = set(Comment.objects.values_list("pk", flat=True))
    assert client_for(world.users["central"]).post(url, {"text": text}).status_code == 302
    comment = Comment.objects.exclude(pk__in=before).get()
    assert sorted(comment.mentions.values_list("username", flat=True)) == named
    assert comment.text == text


@pytest.mark.parametrize("table", [5, "Hàn Quốc: 2", [5], [["Hàn Quốc", 2], 7], {"Hàn Quốc": 2}])
def test_a_table_in_another_shape_is_refused_naming_the_field_and_saves_nothing(world, client_for, table):
    report = actions.create_request(world.users["central"], title="Báo cáo theo quốc gia", kind="structured",
                                    data_from=TODAY - datetime.timedelta(days=180), data_to=TODAY,
                                    due_on=TODAY + datetime.timedelta(days=10), localities=[world.a], fields=FIELDS)
    ret = report.returns.get()
    before = (ret.values, ret.text, ret.status)
    response = client_for(world.users["officer_a"]).post(
        reverse("coordination-return-save", args=[ret.pk]), json.dumps({"values": {"by_country": table}, "text": "x"}),
        content_type="application/json")
    assert response.status_code == 400
    assert "Theo quốc gia" in json.dumps(response.json(), ensure_ascii=False)
    ret.refresh_from_db()
    assert (ret.values, ret.text, ret.status) == before
    good = client_for(world.users["officer_a"]).post(
        reverse("coordination-return-save", args=[ret.pk]),
        json.dumps({"values": {"by_country": [["Hàn Quốc", "2"], ["Nhật Bản", "1,5"]]}}), content_type="application/json")
    assert good.status_code == 200
    ret.refresh_from_db()
    assert ret.values == {"by_country": [["Hàn Quốc", 2], ["Nhật Bản", 1.5]]}
