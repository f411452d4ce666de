"""Two officers on one delegation or conference, each on a step's page read before the other's step was
saved: the second approval wrote its decision over the first one's, and a cancellation went through on an
approval its officer never saw, without a word. The step's page carries the record's version
(core.concurrency): the second is refused, naming who changed what, the typed input kept; sent again, it is
a deliberate change. The API's steps honour If-Match the same way."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.exchanges.models import Conference, Delegation
from tests.exchanges import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = f"{TODAY:%d/%m/%Y}"
CONFLICT = "Trong lúc bạn sửa"


def _values(form):
    return {name: form[name].value() or "" for name in form.fields}


def test_a_second_approval_from_a_stale_page_does_not_overwrite_the_first(world, client_for):
    d = factories.delegation(world.users["officer_a"], world.a, start_date=TODAY + datetime.timedelta(days=30))
    url = reverse("exchanges:delegation_approve", args=[d.pk])
    mine, theirs = client_for(world.users["officer_a"]), client_for(world.users["manager_a"])
    my_form, their_form = mine.get(url).context["form"], theirs.get(url).context["form"]
    first = {**_values(their_form), "decision_number": "12/QĐ-UBND", "decision_date": DAY}
    assert theirs.post(url, first).status_code == 302

    response = mine.post(url, {**_values(my_form), "decision_number": "15/QĐ-UBND", "decision_date": DAY})

    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT in page and str(world.users["manager_a"]) in page and "12/QĐ-UBND" in page
    assert response.context["form"]["decision_number"].value() == "15/QĐ-UBND", "my input is kept"
    assert Delegation.objects.get(pk=d.pk).decision_number == "12/QĐ-UBND", "their approval is kept"
    again = mine.post(url, {**_values(response.context["form"]), "decision_number": "15/QĐ-UBND"})
    assert again.status_code == 302
    assert Delegation.objects.get(pk=d.pk).decision_number == "15/QĐ-UBND"


def test_a_cancellation_from_a_page_read_before_an_approval_is_refused(world, client_for):
    conf = factories.conference(world.users["officer_a"], world.a)
    cancel = reverse("exchanges:conference_cancel", args=[conf.pk])
    approve = reverse("exchanges:conference_approve", args=[conf.pk])
    mine, theirs = client_for(world.users["officer_a"]), client_for(world.users["manager_a"])
    my_form = mine.get(cancel).context["form"]
    assert theirs.post(approve, {**_values(theirs.get(approve).context["form"]), "decision_number": "45/QĐ-UBND",
                                 "decision_date": DAY}).status_code == 302

    response = mine.post(cancel, {**_values(my_form), "cancelled_on": DAY, "reason": "Đối tác hoãn"})

    assert response.status_code == 200 and CONFLICT in response.content.decode()
    assert response.context["form"]["reason"].value() == "Đối tác hoãn"
    row = Conference.objects.get(pk=conf.pk)
    assert (row.decision_number, row.cancelled_on) == ("45/QĐ-UBND", None)


def test_a_second_dossier_date_from_a_stale_page_does_not_overwrite_the_first(world, client_for):
    conf = factories.conference(world.users["officer_a"], world.a,
                                start_date=TODAY + datetime.timedelta(days=40), end_date=TODAY + datetime.timedelta(days=41))
    url = reverse("exchanges:conference_dossier", args=[conf.pk])
    mine, theirs = client_for(world.users["officer_a"]), client_for(world.users["manager_a"])
    my_form, their_form = mine.get(url).context["form"], theirs.get(url).context["form"]
    yesterday = f"{TODAY - datetime.timedelta(days=1):%d/%m/%Y}"
    assert theirs.post(url, {**_values(their_form), "submitted_on": yesterday}).status_code == 302
    response = mine.post(url, {**_values(my_form), "submitted_on": DAY})
    assert response.status_code == 200 and CONFLICT in response.content.decode()
    assert Conference.objects.get(pk=conf.pk).dossier_submitted_on == TODAY - datetime.timedelta(days=1)


def test_the_api_steps_honour_if_match(world, client_for):
    d = factories.delegation(world.users["officer_a"], world.a, start_date=TODAY + datetime.timedelta(days=30))
    client = client_for(world.users["officer_a"])
    read = client.get(reverse("delegation-detail", args=[d.pk]))["ETag"]
    approve = reverse("delegation-approve", args=[d.pk])
    body = {"authority": "standing_committee", "decision_number": "12/QĐ-UBND", "decision_date": TODAY.isoformat()}
    assert client_for(world.users["manager_a"]).post(approve, body, content_type="application/json").status_code == 200
    stale = client.post(approve, {**body, "decision_number": "15/QĐ-UBND"}, content_type="application/json",
                        HTTP_IF_MATCH=read)
    assert stale.status_code == 412 and CONFLICT in stale.json()["detail"]
    assert Delegation.objects.get(pk=d.pk).decision_number == "12/QĐ-UBND"
    cancel = reverse("delegation-cancel", args=[d.pk])
    refused = client.post(cancel, {"cancelled_on": TODAY.isoformat(), "reason": "Hoãn"}, content_type="application/json",
                          HTTP_IF_MATCH=read)
    assert refused.status_code == 412
    assert Delegation.objects.get(pk=d.pk).cancelled_on is None
