"""The agreement filter of the commitment and activity lists offers the agreements the reader sees that have
such records. It is read without the records' own scope (implementation.filtersets.ReadersAgreements):
these tests check it offers exactly what the records' scope would, for every persona, including a
co-signing province's activity under another province's agreement and an activity of no agreement."""
import datetime

import pytest
from django.test import RequestFactory

from ngoaivu.agreements.models import Agreement
from ngoaivu.implementation.filtersets import ActivityFilter, CommitmentFilter
from ngoaivu.implementation.models import Activity
from tests.conftest import PERSONAS


def _offered(filterset_class, user):
    from django.contrib.auth.models import AnonymousUser
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()  # as a request signed out carries
    model = filterset_class.records
    filterset = filterset_class({}, queryset=model.objects.all(), request=request)
    return [a.pk for a in filterset.form.fields["agreement"].queryset]


def _through_the_records_scope(model, user):
    if user is None:
        from django.contrib.auth.models import AnonymousUser
        user = AnonymousUser()
    mine = model.objects.visible_to(user).values("agreement_id")
    return list(Agreement.objects.visible_to(user).filter(pk__in=mine).order_by("title", "pk")
                .values_list("pk", flat=True))


@pytest.fixture
def joint(world):
    """A's agreement co-signed by B, with an activity recorded by B under it; an activity of A with no
    agreement; an agreement of A without any record."""
    world.impl_agreement_a.co_signatories.add(world.b)
    Activity.objects.create(agreement=world.impl_agreement_a, locality=world.b, kind="meeting",
                            title="Hội đàm do tỉnh B ghi", occurred_on=datetime.date(2026, 1, 5))
    Activity.objects.create(agreement=None, locality=world.a, kind="meeting", title="Hoạt động không thuộc thỏa thuận",
                            occurred_on=datetime.date(2026, 1, 6))
    return world


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("filterset_class", [ActivityFilter, CommitmentFilter], ids=["activities", "commitments"])
def test_offers_what_the_records_scope_gives(joint, persona, filterset_class):
    user = joint.users[persona]
    offered = _offered(filterset_class, user)
    assert offered == _through_the_records_scope(filterset_class.records, user)
    if persona in ("officer_a", "officer_b", "central"):
        assert joint.impl_agreement_a.pk in offered  # B reads it as a co-signatory
    assert len(offered) == len(set(offered))


@pytest.mark.parametrize("filterset_class", [ActivityFilter, CommitmentFilter], ids=["activities", "commitments"])
def test_the_records_read_every_way_their_agreement_is_read(filterset_class):
    """What the filter relies on: each reading arm of the agreement is one of the record's (a record's own
    visibility, country or mission lookup would replace its agreement's, and the filter would then offer
    agreements whose records the reader cannot see)."""
    from ngoaivu.core.scoping import scope_lookups
    record, agreement = scope_lookups(filterset_class.records), scope_lookups(Agreement)
    for name in ("SCOPE_VISIBILITY", "SCOPE_COUNTRY", "SCOPE_MISSION"):
        assert record[name] == (f"agreement__{agreement[name]}" if agreement[name] else None), name
    readers = {record["SCOPE_LOCALITY"], *record["SCOPE_READ_LOCALITIES"]}
    assert {f"agreement__{lookup}" for lookup in (agreement["SCOPE_LOCALITY"], *agreement["SCOPE_READ_LOCALITIES"])} \
        <= readers
