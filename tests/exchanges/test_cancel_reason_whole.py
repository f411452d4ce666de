"""A cancellation's reason was cut at 300 characters in the status history ("Hủy: …"), though the record kept
it whole: whoever read the history lost the end of the explanation without being told."""
import datetime

import pytest

from ngoaivu.exchanges import actions
from ngoaivu.exchanges.models import Conference, Delegation
from tests.exchanges import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
REASON = "Đối tác đề nghị hoãn chuyến thăm vì lịch làm việc của lãnh đạo tỉnh Gyeonggi thay đổi; " * 6


def test_a_long_cancellation_reason_is_kept_whole_in_the_status_history(world, client_for):
    assert len(REASON) > 300
    delegation = factories.delegation(world.users["officer_a"], world.a, title="Đoàn thăm Gyeonggi")
    actions.cancel_delegation(world.users["manager_a"], Delegation.objects.get(pk=delegation.pk), cancelled_on=TODAY,
                              reason=REASON)
    change = delegation.status_changes.order_by("-pk").first()
    assert change.reason == "Hủy: " + REASON
    page = client_for(world.users["officer_a"]).get(delegation.get_absolute_url()).content.decode()
    assert REASON.strip().rsplit(" ", 1)[-1] in page  # the end of the reason is on the page
    conference = factories.conference(world.users["officer_a"], world.a)
    actions.cancel_conference(world.users["manager_a"], Conference.objects.get(pk=conference.pk), cancelled_on=TODAY,
                              reason=REASON)
    assert conference.status_changes.order_by("-pk").first().reason == "Hủy: " + REASON


def test_reversing_the_whole_reasons_refuses_while_a_long_one_is_there(world):
    """Reversing exchanges 0016 shortens both columns to 300 characters, which PostgreSQL does by cutting every
    longer reason silently: each reverse step refuses while such a reason is there (core.migration_ops)."""
    import importlib

    from django.apps import apps
    from django.db.migrations.exceptions import IrreversibleError
    migration = importlib.import_module("ngoaivu.exchanges.migrations.0016_status_change_reason_whole").Migration
    conference_step, delegation_step = [op.reverse_code for op in migration.operations[2:]]
    delegation = factories.delegation(world.users["officer_a"], world.a, title="Đoàn thăm Gyeonggi")
    conference_step(apps, None)
    delegation_step(apps, None)  # the plan's own reason is short: nothing refused
    actions.cancel_delegation(world.users["manager_a"], Delegation.objects.get(pk=delegation.pk), cancelled_on=TODAY,
                              reason=REASON)
    with pytest.raises(IrreversibleError, match="1 delegation status reasons are longer than 300"):
        delegation_step(apps, None)
    conference_step(apps, None)  # no conference's reason is long
    assert delegation.status_changes.order_by("-pk").first().reason == "Hủy: " + REASON
