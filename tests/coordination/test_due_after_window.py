"""A request's sending deadline comes after its data window (Decree 09/2019: at least one working day after
the cut-off): the form and the API took a request for figures up to 14/12 due on 10/12, which every
province received due before the period it reports on had ended. Refused, naming "Hạn gửi báo cáo"."""
import datetime
import json

import pytest
from django.urls import reverse

from ngoaivu.coordination.models import ReportRequest

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _form(world, due):
    return {"title": "Báo cáo công tác đối ngoại năm", "kind": "free", "data_from": f"{TODAY:%d/%m/%Y}",
            "data_to": f"{TODAY + datetime.timedelta(days=10):%d/%m/%Y}", "due_on": f"{due:%d/%m/%Y}",
            "recipients": "list", "localities": [str(world.a.pk)]}


def test_a_deadline_inside_the_data_window_is_refused_by_the_form_and_the_api(world, client_for):
    centre = client_for(world.users["central"])
    for due in (TODAY + datetime.timedelta(days=5), TODAY + datetime.timedelta(days=10)):
        page = centre.post(reverse("coordination:request_create"), _form(world, due))
        assert page.status_code == 200
        assert page.context["form"].errors["due_on"] == [
            f"Hạn gửi báo cáo: phải sau ngày cuối của kỳ số liệu ({TODAY + datetime.timedelta(days=10):%d/%m/%Y})."]
        response = centre.post(reverse("coordination-request-list"), json.dumps({
            "title": "Báo cáo qua API", "kind": "free", "data_from": TODAY.isoformat(),
            "data_to": (TODAY + datetime.timedelta(days=10)).isoformat(), "due_on": due.isoformat(),
            "localities": [world.a.pk]}), content_type="application/json")
        assert response.status_code == 400 and "due_on" in response.json()["errors"], response.content
    assert not ReportRequest.objects.filter(title__in=["Báo cáo công tác đối ngoại năm", "Báo cáo qua API"]).exists()
    response = centre.post(reverse("coordination:request_create"), _form(world, TODAY + datetime.timedelta(days=11)))
    assert response.status_code == 302
    assert ReportRequest.objects.get(title="Báo cáo công tác đối ngoại năm").returns.count() == 1
