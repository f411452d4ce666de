"""Delegations by channel: the breakdown on the national and province pages equals counts made directly on
the register (cancelled ones excluded), its data table shows them, and its export says the same."""
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ngoaivu.core.choices import Channel
from ngoaivu.exchanges import actions
from ngoaivu.exchanges.choices import Direction
from ngoaivu.exchanges.models import Delegation
from tests.exchanges import factories

pytestmark = pytest.mark.django_db
SPAN = (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))


def direct(locality=None):
    found = Delegation.objects.filter(start_date__range=SPAN).exclude(status="cancelled")
    if locality is not None:
        found = found.filter(locality=locality)
    return {(c, d): found.filter(channel=c, direction=d).count() for c in Channel.values for d in Direction.values}


def shown(response):
    return {(c["channel"], d): c[key] for c in response.context["channels"]
            for d, key in ((Direction.OUTBOUND, "out"), (Direction.INBOUND, "inbound"))}


def test_delegations_by_channel_per_province_and_national(world, client_for):
    a_officer, b_officer = world.users["officer_a"], world.users["officer_b"]
    factories.delegation(a_officer, world.a, channel=Channel.STATE, start_date=datetime.date(2024, 3, 1))
    factories.delegation(a_officer, world.a, channel=Channel.PARTY, direction=Direction.INBOUND,
                         start_date=datetime.date(2024, 4, 1))
    cancelled = factories.delegation(a_officer, world.a, channel=Channel.PEOPLE, start_date=datetime.date(2024, 5, 1))
    factories.delegation(b_officer, world.b, channel=Channel.PEOPLE, start_date=datetime.date(2024, 6, 1))
    client = client_for(world.users["officer_b"])

    national = client.get(reverse("indicators:national"), {"period": "2024"})
    assert shown(national) == direct()
    assert shown(national)[(Channel.PEOPLE, Direction.OUTBOUND)] >= 2
    assert 'id="channels-table"' in national.content.decode()
    province = client.get(reverse("indicators:province", args=[world.a.pk]), {"period": "2024"})
    assert shown(province) == direct(world.a)
    assert shown(province)[(Channel.STATE, Direction.OUTBOUND)] >= 1
    assert shown(province)[(Channel.PARTY, Direction.INBOUND)] >= 1

    # a cancelled delegation leaves the breakdown: the page after a reload and the export agree
    people_a = shown(province)[(Channel.PEOPLE, Direction.OUTBOUND)]
    actions.cancel_delegation(a_officer, cancelled, cancelled_on=datetime.date(2024, 4, 20), reason="Đối tác hoãn")
    province = client.get(reverse("indicators:province", args=[world.a.pk]), {"period": "2024"})
    assert shown(province)[(Channel.PEOPLE, Direction.OUTBOUND)] == people_a - 1
    assert shown(province) == direct(world.a)
    exported = client.get(reverse("indicators:province", args=[world.a.pk]),
                          {"period": "2024", "table": "channels", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(exported.content)).active
    cells = {r[0].value: (r[1].value, r[2].value) for r in list(sheet.iter_rows())[1:]}
    assert cells[str(Channel.PEOPLE.label)] == (people_a - 1, direct(world.a)[(Channel.PEOPLE, Direction.INBOUND)])
    assert cells[str(Channel.STATE.label)][0] == direct(world.a)[(Channel.STATE, Direction.OUTBOUND)]
