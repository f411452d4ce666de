"""The register list's first unfiltered pages, read along the order's index with each row's scope tested as
it comes (core.generic.FilteredListView.per_row_pages): for every persona, every page holds the same
agreements, in the same order, as `visible_to` sorted in the list's default order — the first pages read
that way and the later ones read the usual way."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.views import AgreementListView
from tests.agreements.factories import agreement, partner

pytestmark = pytest.mark.django_db
D = datetime.date


def _pages(client, pages):
    keys, reads = [], []
    for number in range(1, pages + 1):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("agreements:agreement_list") + f"?page={number}")
        keys += [row.pk for row in response.context["page_obj"].object_list]
        reads.append([q["sql"] for q in captured.captured_queries if "LIMIT" in q["sql"] and "title" in q["sql"]])
    return keys, reads


def test_every_persona_pages_through_what_it_may_read_in_the_list_order(world, client_for, monkeypatch):
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    kr, mn = partner("Incheon", "KR", "Thành phố Incheon"), partner("Darkhan", "MN", "Thành phố Darkhan")
    # Same signing days (the order's ties), no signing day, another country, co-signed, internal to B.
    for i in range(4):
        agreement(officer_a, world.a, partners=[kr], signed_on=D(2024, 5, 5), title=f"Cùng ngày {i}")
        agreement(officer_a, world.a, partners=[mn], title=f"Chưa ký {i}")
        agreement(officer_b, world.b, partners=[kr], signed_on=D(2023, 1, i + 1), visibility="internal",
                  title=f"Nội bộ tỉnh B {i}")
    agreement(officer_b, world.b, partners=[mn], signed_on=D(2022, 2, 2), co_signatories=[world.a],
              visibility="internal", title="Tỉnh A đồng ký")
    monkeypatch.setattr(AgreementListView, "paginate_by", 3)
    monkeypatch.setattr(AgreementListView, "per_row_pages", 2, raising=False)
    checked = 0
    for name, user in world.users.items():
        if user is None:
            continue
        expected = list(Agreement.objects.visible_to(user).order_by(*AgreementListView.default_sort)
                        .values_list("pk", flat=True))
        pages = -(-len(expected) // 3)
        keys, reads = _pages(client_for(user), pages)
        assert keys == expected, name
        if not user.scope.sees_all and pages > 2:
            # Each row's scope tested as it comes on the first two pages only.
            per_row = ["EXISTS" in " ".join(sqls) for sqls in reads]
            assert per_row[:2] == [True, True] and not any(per_row[2:]), name
            checked += 1
    assert checked >= 4
