"""The register narrowed to a former province lists what it signed: in its own name, and jointly with
other provinces (a co-signature of Quảng Nam on an agreement Lạng Sơn holds) — the page, its export and
the API alike."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.core.models import Locality
from tests.agreements.factories import agreement

pytestmark = pytest.mark.django_db


def test_a_former_province_selects_what_it_signed_alone_and_jointly(world, client_for):
    quang_nam = Locality.objects.by_legacy_code(49)
    own = agreement(world.users["officer_b"], world.b, title="Quảng Nam ký một mình", signatory_locality=quang_nam,
                    signed_on=datetime.date(2022, 2, 13))
    joint = agreement(world.users["officer_a"], world.a, title="Lạng Sơn và Quảng Nam ký chung",
                      signed_on=datetime.date(2023, 4, 5), visibility="national")
    joint.co_signatories.add(quang_nam)
    other = agreement(world.users["officer_b"], world.b, title="Đà Nẵng ký năm 2022", signed_on=datetime.date(2022, 3, 1))
    central = client_for(world.users["central"])
    page = central.get(reverse("agreements:agreement_list"), {"locality": quang_nam.pk}).content.decode()
    assert own.title in page and joint.title in page and other.title not in page
    api = central.get("/api/agreements/", {"locality": quang_nam.pk}).json()
    assert sorted(row["id"] for row in api["results"]) == sorted([own.pk, joint.pk])
    # A current province is still what it holds today.
    api = central.get("/api/agreements/", {"locality": world.b.pk}).json()
    assert joint.pk not in {row["id"] for row in api["results"]}
