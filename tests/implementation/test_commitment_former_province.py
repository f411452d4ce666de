"""The commitment list asked for a former province (?locality=<Quảng Nam>, an old link of the home panel's)
lists the commitments of the province that holds its agreements today (Đà Nẵng), page and API alike: the
page dropped the filter (every commitment the reader sees) and the API answered 400."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from ngoaivu.core.models import Locality
from ngoaivu.implementation.models import Commitment
from tests.implementation.factories import agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitments(world):
    quang_nam = Locality.objects.by_legacy_code(49)
    assert quang_nam.successor == world.b
    signed = agreement(world.b, title="Quảng Nam ký năm 2022", signatory_locality=quang_nam)
    own = agreement(world.b, title="Đà Nẵng ký", country="JP")
    other = agreement(world.a, title="Lạng Sơn ký", country="LA")
    rows = {"signed": Commitment.objects.create(agreement=signed, description="Cam kết Quảng Nam ký"),
            "own": Commitment.objects.create(agreement=own, description="Cam kết Đà Nẵng"),
            "other": Commitment.objects.create(agreement=other, description="Cam kết Lạng Sơn")}
    return quang_nam, rows


def _successors(world):
    return set(Commitment.objects.filter(agreement__locality=world.b).values_list("pk", flat=True))


def test_the_page_lists_exactly_the_successors_commitments(world, client_for, commitments):
    quang_nam, rows = commitments
    response = client_for(world.users["central"]).get(reverse("implementation:commitment_list"),
                                                      {"locality": quang_nam.pk})
    assert response.status_code == 200
    assert response.context["paginator"].count <= 25  # the whole list on one page
    listed = {c.pk for c in response.context["page_obj"].object_list}
    assert listed == _successors(world)
    assert {rows["signed"].pk, rows["own"].pk} <= listed and rows["other"].pk not in listed
    # The hidden field carries the successor on, as the exchanges lists' select shows it chosen.
    assert f'name="locality" value="{world.b.pk}"' in response.content.decode()


def test_the_api_lists_exactly_the_successors_commitments(world, commitments):
    quang_nam, rows = commitments
    client = APIClient()
    client.force_authenticate(world.users["central"])
    listed = lambda pk: {r["id"] for r in client.get("/api/commitments/", {"locality": pk, "page_size": 500})  # noqa: E731
                         .json()["results"]}
    assert listed(quang_nam.pk) == listed(world.b.pk) == _successors(world)
    assert rows["other"].pk in listed(world.a.pk) and rows["signed"].pk not in listed(world.a.pk)
