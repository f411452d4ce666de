"""The implementation list and its API narrowed to a former province (?locality=<Quảng Nam>) hold what the
register holds for it: the agreements it signed, now kept by its successor — not the whole country on the
page and nothing in the API."""
import datetime
import re

import pytest
from django.urls import reverse

from ngoaivu.core.models import Locality
from tests.agreements.factories import agreement

pytestmark = pytest.mark.django_db


def test_a_former_province_narrows_the_health_list_and_its_api_as_the_register(world, client_for):
    quang_nam = Locality.objects.by_legacy_code(49)
    officer_b = world.users["officer_b"]
    signed = agreement(officer_b, world.b, title="Quảng Nam ký năm 2022", signatory_locality=quang_nam,
                       signed_on=datetime.date(2022, 2, 13))
    own = agreement(officer_b, world.b, title="Đà Nẵng ký năm 2022", signed_on=datetime.date(2022, 3, 1))
    assert signed.status == own.status == "in_force"
    central = client_for(world.users["central"])
    register = central.get(reverse("agreements:agreement_list"), {"locality": quang_nam.pk}).content.decode()
    assert signed.title in register and own.title not in register

    page = central.get(reverse("implementation:agreement_list"), {"locality": quang_nam.pk}).content.decode()
    links = set(re.findall(r'href="(/implementation/agreements/\d+/)"', page))
    assert links == {reverse("implementation:agreement", args=[signed.pk])}
    assert "Quảng Nam (cũ)" in page  # the choice is offered, and shown chosen

    api = central.get("/api/agreement-health/", {"locality": quang_nam.pk}).json()
    assert [row["id"] for row in api["results"]] == [signed.pk]
    # A current province is what it holds today, as before.
    api = central.get("/api/agreement-health/", {"locality": world.b.pk}).json()
    assert {signed.pk, own.pk} <= {row["id"] for row in api["results"]}
