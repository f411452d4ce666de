"""A joint agreement of several provinces (border provinces with Guangxi) is read by each co-signatory."""
import pytest
from django.urls import reverse

from ngoaivu.agreements.models import Agreement
from ngoaivu.core.models import Locality
from tests.agreements.factories import agreement, partner

pytestmark = pytest.mark.django_db


def test_co_signing_province_reads_but_does_not_edit_a_joint_agreement(world, client_for):
    joint = agreement(world.users["officer_a"], world.a, partners=[partner("Guangxi", "CN", "Khu tự trị Quảng Tây")],
                      title="Biên bản thỏa thuận Ủy ban công tác liên hợp với Quảng Tây")
    joint.co_signatories.add(world.b)
    officer_b = world.users["officer_b"]
    assert Agreement.objects.visible_to(officer_b).filter(pk=joint.pk).exists()
    assert not Agreement.objects.editable_by(officer_b).filter(pk=joint.pk).exists()
    assert client_for(officer_b).get(reverse("agreements:agreement_detail", args=[joint.pk])).status_code == 200


def test_a_former_province_as_co_signatory_counts_for_its_successor(world):
    joint = agreement(world.users["officer_a"], world.a, partners=[partner("Guangxi", "CN", "Khu tự trị Quảng Tây")])
    joint.co_signatories.add(Locality.objects.by_legacy_code(49))  # Quảng Nam, now part of Đà Nẵng
    assert Agreement.objects.visible_to(world.users["officer_b"]).filter(pk=joint.pk).exists()


def test_a_province_that_did_not_co_sign_does_not_see_the_agreement(world):
    joint = agreement(world.users["officer_a"], world.a)
    assert not Agreement.objects.visible_to(world.users["officer_b"]).filter(pk=joint.pk).exists()


def test_a_joint_agreement_appears_once_for_a_province_that_also_owns_it(world):
    joint = agreement(world.users["officer_a"], world.a)
    joint.co_signatories.add(world.a, world.b)
    rows = list(Agreement.objects.visible_to(world.users["officer_a"]).filter(pk=joint.pk))
    assert len(rows) == 1
