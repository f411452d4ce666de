"""Two people record what one connection led to, each on the outcome page read before the other saved: the
second replaced the first's agreement with their delegation (the agreement then counted nowhere) without a
word, and the page did not even show the outcome already recorded. The page now shows it and carries the
interest's version (core.concurrency): the second save is refused, naming the change, the choice kept."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.agreements import actions as agreement_actions
from ngoaivu.partners import opportunities as ops
from ngoaivu.partners.models_opportunities import Interest
from tests.exchanges.factories import delegation

pytestmark = pytest.mark.django_db


def test_a_second_outcome_from_a_stale_page_does_not_replace_the_first(world, client_for):
    danang, mission = world.users["officer_b"], world.users["mission_officer"]
    posted = ops.post_opportunity(mission, kind="partner_seeks", title="Cơ hội nông nghiệp", country="KR",
                                  sought="Hợp tác", contact="ĐSQ",
                                  deadline=datetime.date(datetime.date.today().year + 1, 12, 31))
    interest = ops.express_interest(danang, posted, "Đà Nẵng quan tâm")
    ops.connect_interest(mission, interest)
    mou = agreement_actions.create_agreement(danang, locality=world.b, partners=[world.partner_kr],
                                             title="Bản ghi nhớ hợp tác nông nghiệp", form="ban_ghi_nho")
    trip = delegation(danang, world.b, countries=("KR",), title="Đoàn khảo sát nông nghiệp")
    url = reverse("partners:interest_outcome", args=[interest.pk])
    province, centre = client_for(danang), client_for(mission)
    province_read = province.get(url).context["form"]["version"].value()     # both open the page
    centre_read = centre.get(url).context["form"]["version"].value()
    assert province.post(url, {"agreement": mou.pk, "version": province_read}).status_code == 302

    response = centre.post(url, {"delegation": trip.pk, "version": centre_read})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Trong lúc bạn sửa" in page and str(danang) in page
    assert response.context["form"]["delegation"].value() == str(trip.pk)
    interest.refresh_from_db()
    assert (interest.agreement_id, interest.delegation_id) == (mou.pk, None), "the province's outcome is kept"
    # The page shows the outcome recorded: a later save starts from it.
    assert centre.get(url).context["form"]["agreement"].value() == mou.pk


def test_the_api_outcome_honours_if_match(world, client_for):
    danang, mission = world.users["officer_b"], world.users["mission_officer"]
    posted = ops.post_opportunity(mission, kind="partner_seeks", title="Cơ hội du lịch", country="KR",
                                  sought="Hợp tác", contact="ĐSQ",
                                  deadline=datetime.date(datetime.date.today().year + 1, 12, 31))
    interest = ops.express_interest(danang, posted, "Đà Nẵng quan tâm")
    ops.connect_interest(mission, interest)
    mou = agreement_actions.create_agreement(danang, locality=world.b, partners=[world.partner_kr],
                                             title="Bản ghi nhớ hợp tác du lịch", form="ban_ghi_nho")
    trip = delegation(danang, world.b, countries=("KR",), title="Đoàn khảo sát du lịch")
    client = client_for(mission)
    read = client.get(reverse("opportunity-interest-detail", args=[interest.pk]))["ETag"]
    outcome = reverse("opportunity-interest-outcome", args=[interest.pk])
    assert client_for(danang).post(outcome, {"agreement": mou.pk}, content_type="application/json").status_code == 200
    stale = client.post(outcome, {"delegation": trip.pk}, content_type="application/json", HTTP_IF_MATCH=read)
    assert stale.status_code == 412 and "Trong lúc bạn sửa" in stale.json()["detail"]
    interest.refresh_from_db()
    assert (interest.agreement_id, interest.delegation_id) == (mou.pk, None)
