"""A document asked through the API for a former province (Quảng Nam, merged into Đà Nẵng on 01/7/2025) is
refused with what happened and what to choose, as every other API and the pages say it, and nothing is
created: the drafts API answered DRF's generic "Invalid pk" as if the id did not exist."""
import pytest
from rest_framework.test import APIClient

from ngoaivu.core.models import Locality
from ngoaivu.reports.models import DocumentDraft
from tests.reports.helpers import YEAR

pytestmark = pytest.mark.django_db

MERGED = "Tỉnh, thành phố: Quảng Nam đã hợp nhất vào Đà Nẵng từ 01/07/2025; chọn Đà Nẵng"


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_draft_for_a_former_province_is_refused_naming_its_successor(world):
    quang_nam = Locality.objects.by_legacy_code(49)
    assert quang_nam.successor == world.b
    client = _client(world.users["officer_b"])
    body = {"kind": "yearly_agreements", "year": YEAR, "issued_on": "2027-02-05", "opening": "Mở đầu Quảng Nam"}
    before = DocumentDraft.objects.count()
    response = client.post("/api/reports/drafts/", {**body, "locality": quang_nam.pk}, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {"locality": [MERGED]}
    assert DocumentDraft.objects.count() == before
    assert not DocumentDraft.objects.filter(opening="Mở đầu Quảng Nam").exists()
    # The province it became part of is accepted with the same body.
    created = client.post("/api/reports/drafts/", {**body, "locality": world.b.pk}, format="json")
    assert created.status_code == 201, created.content
    draft = DocumentDraft.objects.get(pk=created.json()["id"])
    assert (draft.locality, draft.opening, draft.kind) == (world.b, "Mở đầu Quảng Nam", "yearly_agreements")
    assert DocumentDraft.objects.count() == before + 1
