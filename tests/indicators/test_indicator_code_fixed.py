"""An indicator's code is fixed once it exists: pages, import files and structured report requests name
indicators by code, and a code changed in the catalogue left an accepted return's figure with no indicator —
the return said "accepted" and wrote nothing (the review of 07/12/2026). The edit form shows the code
without letting it change, the action refuses a new one, and a return whose indicator the catalogue no
longer has by that code is refused in words at its acceptance, staying submitted."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ngoaivu.coordination.models import ReportRequest, ReportReturn
from ngoaivu.indicators.actions import INDICATOR_FIELDS, save_indicator
from ngoaivu.indicators.models import Indicator, Observation
from tests.test_edit_round_trip import page_values

pytestmark = pytest.mark.django_db
KEY = "indicator:fdi_registered"


def test_the_edit_form_keeps_the_code_and_saves_the_rest(world, ind, client_for):
    centre = client_for(world.users["central"])
    edit = reverse("indicators:indicator_edit", kwargs={"code": "fdi_registered"})
    page = centre.get(edit)
    form = page.context["form"]
    assert form.fields["code"].disabled and "Mã không đổi sau khi tạo" in page.content.decode()
    # A client that sends another code anyway (a disabled input is not sent by a browser) changes no code.
    response = centre.post(edit, {**page_values(form), "code": "fdi_new", "name": "Vốn FDI đăng ký mới"})
    assert response.status_code == 302
    indicator = Indicator.objects.get(pk=ind["fdi_registered"].pk)
    assert (indicator.code, indicator.name) == ("fdi_registered", "Vốn FDI đăng ký mới")
    assert centre.get(reverse("indicators:indicator_detail", args=["fdi_registered"])).status_code == 200


def test_the_action_refuses_a_new_code_of_an_existing_indicator(world, ind):
    indicator = ind["fdi_registered"]
    fields = {name: getattr(indicator, name) for name in INDICATOR_FIELDS}
    with pytest.raises(ValidationError) as refused:
        save_indicator(world.users["central"], indicator, **{**fields, "code": "fdi_new"})
    assert list(refused.value.message_dict) == ["code"] and refused.value.message_dict["code"][0].startswith("Mã:")
    assert Indicator.objects.filter(code="fdi_registered").exists() and not Indicator.objects.filter(code="fdi_new")
    # A new indicator takes the code it is given.
    made = save_indicator(world.users["central"], None, **{**fields, "code": "fdi_moi", "position": 999})
    assert Indicator.objects.get(pk=made.pk).code == "fdi_moi"


def test_a_return_whose_indicator_is_gone_is_refused_in_words_and_stays_submitted(world, ind, client_for):
    centre, officer = client_for(world.users["central"]), client_for(world.users["officer_a"])
    due = f"{datetime.date.today() + datetime.timedelta(days=30):%d/%m/%Y}"
    assert centre.post(reverse("coordination:request_create"), {
        "title": "Số liệu FDI 2025", "kind": "structured", "data_from": "01/01/2025", "data_to": "31/12/2025",
        "due_on": due, "recipients": "list", "localities": [str(world.a.pk)], "offered": [KEY]}).status_code == 302
    ret = ReportReturn.objects.get(request=ReportRequest.objects.get(title="Số liệu FDI 2025"), locality=world.a)
    assert officer.post(reverse("coordination:return_save", args=[ret.pk]),
                        {KEY: "1.250.000", "submit": "1"}).status_code == 302
    # The catalogue no longer has that code (a database changed outside the app, an older release's rename).
    Indicator.objects.filter(pk=ind["fdi_registered"].pk).update(code="fdi_renamed")

    response = centre.post(reverse("coordination:return_review", args=[ret.pk]), {"accept": "1"})

    ret.refresh_from_db()
    assert ret.status == "submitted"
    assert response.status_code == 200 and "không còn trong danh mục chỉ số" in response.content.decode()
    assert not Observation.objects.filter(locality=world.a, period_start__year=2025).exists()
