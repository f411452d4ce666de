"""A warning on a partner reaches the provinces with ties to it: a former province's co-signature (Quảng Nam
on a joint agreement another province holds) is a tie of its successor, as the register's scoping reads it."""
import datetime

import pytest

from ngoaivu.core.models import Locality
from ngoaivu.partners import alerts
from ngoaivu.partners.models import WarningAcknowledgement
from ngoaivu.partners.ties import tied_locality_ids
from tests.agreements.factories import agreement, partner
from tests.partners.test_warnings import warn, warning_keys

pytestmark = pytest.mark.django_db


def test_a_former_co_signatory_brings_the_warning_to_its_successor(world):
    investor = partner("Hanbit Green Energy Co., Ltd.", "KR", name_vi="Công ty Hanbit Green Energy", kind="enterprise")
    joint = agreement(world.users["officer_a"], world.a, partners=[investor], title="Thỏa thuận ký chung với Hanbit",
                      signed_on=datetime.date(2023, 5, 4))
    joint.co_signatories.add(Locality.objects.by_legacy_code(49))  # Quảng Nam, now part of Đà Nẵng (world.b)
    warning = warn(world, investor)
    officer_b = world.users["officer_b"]
    assert world.b.pk in tied_locality_ids([investor.pk])
    assert warning_keys(officer_b) == ["Công ty Hanbit Green Energy: Nhà đầu tư không đủ năng lực"]
    assert [loc.pk for loc in alerts.pending_localities(officer_b, warning)] == [world.b.pk]
    alerts.acknowledge_warning(officer_b, warning, note="Đã biết")
    assert list(WarningAcknowledgement.objects.filter(warning=warning).values_list("locality_id", flat=True)) == [
        world.b.pk]
    assert warning_keys(officer_b) == []
