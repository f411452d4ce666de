"""The interests API names an outcome (agreement, delegation) only to whoever reads that record; the list asks
that once for the page, not once per interest (an opportunity's page does the same)."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ngoaivu.agreements import actions as agreement_actions
from ngoaivu.partners import opportunities as ops
from tests.exchanges.factories import delegation

pytestmark = pytest.mark.django_db


def _with_outcome(world, n):
    danang, mission = world.users["officer_b"], world.users["mission_officer"]
    deadline = datetime.date(datetime.date.today().year + 1, 12, 31)
    for i in range(n):
        posted = ops.post_opportunity(mission, kind="partner_seeks", title=f"Cơ hội {i}", country="KR",
                                      sought="Hợp tác", contact="ĐSQ", deadline=deadline)
        interest = ops.express_interest(danang, posted, "Đà Nẵng quan tâm")
        ops.connect_interest(mission, interest)
        mou = agreement_actions.create_agreement(danang, locality=world.b, partners=[world.partner_kr],
                                                 title=f"Bản ghi nhớ nội bộ {i}", form="ban_ghi_nho")
        trip = delegation(danang, world.b, countries=("JP",), title=f"Đoàn nội bộ {i}")
        ops.link_outcome(danang, interest, agreement=mou, delegation=trip)


def _listed(client):
    with CaptureQueriesContext(connection) as read:
        response = client.get(reverse("opportunity-interest-list"))
    assert response.status_code == 200, response.content
    body = response.json()
    return len(read), body.get("results", body)


def test_the_interests_list_reads_the_outcomes_once_for_the_page(world, client_for):
    _with_outcome(world, 1)
    few, rows = _listed(client_for(world.users["officer_a"]))
    before = len(rows)
    assert all((r["agreement"], r["delegation"]) == (None, None) for r in rows)
    _with_outcome(world, 3)
    many, rows = _listed(client_for(world.users["officer_a"]))
    assert len(rows) == before + 3 and all((r["agreement"], r["delegation"]) == (None, None) for r in rows)
    assert many == few, (few, many)
    # Whoever reads the records still sees them named, in as many queries.
    count, rows = _listed(client_for(world.users["officer_b"]))
    assert len([r for r in rows if r["agreement"] and r["delegation"]]) == 4
    assert count == few, (few, count)
