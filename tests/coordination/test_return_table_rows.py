"""A province's return with a table (figures by country): every bad row is named at once, not only the first,
so that the province fixes them all before saving again; nothing of a refused save is kept."""
import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ngoaivu.coordination import actions
from ngoaivu.coordination.models import ReportReturn

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
FIELDS = [{"key": "trips", "label": "Số đoàn", "type": "number", "unit": "đoàn", "source": ""},
          {"key": "by_country", "label": "Theo quốc gia", "type": "table", "unit": "", "source": ""}]


def _return(world):
    report = actions.create_request(world.users["central"], title="Báo cáo theo quốc gia", kind="structured",
                                    data_from=TODAY - datetime.timedelta(days=180), data_to=TODAY,
                                    due_on=TODAY + datetime.timedelta(days=10), localities=[world.a], fields=FIELDS)
    return report.returns.get()


def test_every_bad_row_of_a_table_is_named_and_nothing_is_saved(world, client_for):
    ret = _return(world)
    client = client_for(world.users["officer_a"])
    url = reverse("coordination:return_save", args=[ret.pk])
    good = {"trips": "3", "by_country__0__label": "Nhật Bản", "by_country__0__value": "5",
            "by_country__1__label": "Lào", "by_country__1__value": "2",
            "by_country__2__label": "Hàn Quốc", "by_country__2__value": "1"}
    assert client.post(url, good).status_code == 302  # a draft of three rows: the form now has six
    ret.refresh_from_db()
    before = (ret.values, ret.status, ret.updated_at)
    bad = {**good, "trips": "4", "by_country__0__value": "năm", "by_country__2__label": "",
           "by_country__4__label": "Thái Lan", "by_country__4__value": "1,2,3"}
    response = client.post(url, bad)
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "“Theo quốc gia”, dòng 1: cần một số." in page
    assert "“Theo quốc gia”, dòng 3: cần tên dòng." in page
    assert "“Theo quốc gia”, dòng 5: cần một số." in page
    ret = ReportReturn.objects.get(pk=ret.pk)
    assert (ret.values, ret.status, ret.updated_at) == before
    assert ret.values == {"trips": 3, "by_country": [["Nhật Bản", 5], ["Lào", 2], ["Hàn Quốc", 1]]}


def test_a_long_table_of_bad_rows_names_the_first_fifty_and_counts_the_rest():
    rows = [[f"Nước {i}", "?"] for i in range(1, 61)]
    with pytest.raises(ValidationError) as caught:
        actions.clean_values(FIELDS, {"trips": "1", "by_country": rows})
    messages = caught.value.message_dict["by_country"]
    assert messages[0] == "“Theo quốc gia”, dòng 1: cần một số."
    assert messages[49] == "“Theo quốc gia”, dòng 50: cần một số."
    assert messages[50:] == ["“Theo quốc gia”: và 10 dòng khác chưa đúng."]
