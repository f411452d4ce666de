"""A delegation or a conference cancelled "tomorrow" was taken: the record showed as cancelled (its status, the
calendar, the counts) from that moment, a day before it was, while every other recorded step (the return, the
report, the decision) refuses a day after today. The cancellation date is refused the same way, on the page, in
the API and in the action, the typed reason kept and nothing recorded (noticed in the fifty-fourth session)."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ngoaivu.exchanges import actions
from ngoaivu.exchanges.models import Conference, Delegation
from tests.exchanges import factories

pytestmark = pytest.mark.django_db
REFUSED = "Ngày hủy không được sau hôm nay"


def _values(form):
    return {name: form[name].value() or "" for name in form.fields}


@pytest.mark.parametrize("kind", ["delegation", "conference"])
def test_a_cancellation_dated_tomorrow_is_refused_on_the_page_and_the_reason_kept(world, client_for, kind):
    officer = world.users["officer_a"]
    today = timezone.localdate()
    if kind == "delegation":
        record = factories.delegation(officer, world.a, start_date=today + datetime.timedelta(days=20))
        model = Delegation
    else:
        record = factories.conference(officer, world.a)
        model = Conference
    status = model.objects.get(pk=record.pk).status
    url = reverse(f"exchanges:{kind}_cancel", args=[record.pk])
    client = client_for(officer)
    form = client.get(url).context["form"]
    tomorrow = today + datetime.timedelta(days=1)

    response = client.post(url, {**_values(form), "cancelled_on": f"{tomorrow:%d/%m/%Y}", "reason": "Đối tác hoãn"})

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert response.context["form"]["reason"].value() == "Đối tác hoãn", "the typed reason is kept"
    row = model.objects.get(pk=record.pk)
    assert (row.cancelled_on, row.cancel_reason, row.status) == (None, "", status)

    done = client.post(url, {**_values(response.context["form"]), "cancelled_on": f"{today:%d/%m/%Y}"})
    assert done.status_code == 302
    row = model.objects.get(pk=record.pk)
    assert (row.cancelled_on, row.cancel_reason, row.status) == (today, "Đối tác hoãn", "cancelled")


def test_the_api_and_the_action_refuse_it_too(world, client_for):
    officer = world.users["officer_a"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    d = factories.delegation(officer, world.a, start_date=tomorrow + datetime.timedelta(days=20))
    answer = client_for(officer).post(reverse("delegation-cancel", args=[d.pk]),
                                      {"cancelled_on": tomorrow.isoformat(), "reason": "Hoãn"},
                                      content_type="application/json")
    assert answer.status_code == 400
    assert REFUSED in str(answer.json())
    assert Delegation.objects.get(pk=d.pk).cancelled_on is None
    conf = factories.conference(officer, world.a)
    with pytest.raises(ValidationError) as refused:
        actions.cancel_conference(officer, conf, cancelled_on=tomorrow, reason="Hoãn")
    assert refused.value.message_dict["cancelled_on"] == [REFUSED]
    assert Conference.objects.get(pk=conf.pk).cancelled_on is None
