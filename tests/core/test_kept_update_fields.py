"""Every kept summary follows a save that names its fields in `update_fields`, whether by name
(`locality`) or by column (`locality_id`, which Django accepts too), and skips one that names none of
them: after each such save every keeper agrees with its recomputation (`ngoaivu summaries --check`)."""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from ngoaivu.agreements.models import Agreement
from ngoaivu.core import summaries
from ngoaivu.implementation.models import Activity
from ngoaivu.partners.models import Partner
from tests.implementation.factories import agreement

pytestmark = pytest.mark.django_db


def assert_current():
    for keeper in summaries.keepers():
        assert keeper.differences() == [], keeper.TITLE
    call_command("summaries", "--check", stdout=io.StringIO())


@pytest.mark.parametrize("name", ["locality", "locality_id"])
def test_an_agreement_moved_to_another_province_by_a_partial_save(world, name):
    a = agreement(world.a, title="Thỏa thuận hợp tác với Chungcheong")
    Activity.objects.create(agreement=a, locality=world.a, kind="aid", title="Viện trợ thiết bị",
                            occurred_on=datetime.date(2025, 6, 1), aid_usd=Decimal(900))
    assert_current()
    a = Agreement.objects.get(pk=a.pk)
    a.locality = world.b
    a.save(update_fields=[name])
    assert Agreement.objects.get(pk=a.pk).locality_id == world.b.pk
    assert_current()


@pytest.mark.parametrize("names", [["signed_on", "status"], ["status"], ["signed_on"], ["title"]])
def test_an_agreement_signed_again_by_a_partial_save(world, names):
    a = agreement(world.a, title="Thỏa thuận hợp tác với Gifu")
    a = Agreement.objects.get(pk=a.pk)
    a.signed_on, a.status, a.title = datetime.date(2019, 3, 3), "expired", "Thỏa thuận hợp tác với Gifu (sửa)"
    a.save(update_fields=names)  # only the named columns are written; the kept rows follow exactly those
    assert_current()


@pytest.mark.parametrize("name", ["agreement", "agreement_id", "locality_id", "occurred_on", "aid_usd"])
def test_an_activity_changed_by_a_partial_save(world, name):
    first = agreement(world.a, title="Thỏa thuận hợp tác với Kyoto")
    second = agreement(world.b, title="Thỏa thuận hợp tác với Osaka")
    activity = Activity.objects.create(agreement=first, locality=world.a, kind="aid", title="Hội thảo",
                                       occurred_on=datetime.date(2024, 4, 4), aid_usd=Decimal(500))
    assert_current()
    activity = Activity.objects.get(pk=activity.pk)
    activity.agreement, activity.locality = second, world.b
    activity.occurred_on, activity.aid_usd = datetime.date(2022, 1, 5), Decimal(700)
    activity.save(update_fields=[name])
    assert_current()


@pytest.mark.parametrize("names", [["country"], ["name"]])
def test_a_partner_of_another_country_by_a_partial_save(world, names):
    a = agreement(world.a, title="Thỏa thuận hợp tác với Jeju", country="KR")
    Activity.objects.create(agreement=a, locality=world.a, kind="aid", title="Trao học bổng",
                            occurred_on=datetime.date(2025, 9, 9), aid_usd=Decimal(300))
    partner = Partner.objects.get(pk=a.partners.get().pk)
    partner.country, partner.name = "JP", "Partner JP (sửa)"
    partner.save(update_fields=names)
    assert Partner.objects.get(pk=partner.pk).country == ("JP" if names == ["country"] else "KR")
    assert_current()
