"""A delegation's status "reported" and its report row say the same thing: the actions keep them together,
and `ngoaivu summaries --check` names every delegation where a write that bypassed them left the two apart
(`--rebuild` derives its status again)."""
import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from ngoaivu.exchanges import actions, report_status
from ngoaivu.exchanges.choices import DelegationStatus
from ngoaivu.exchanges.models import Delegation, DelegationReport
from tests.exchanges import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def _reported(world):
    officer = world.users["officer_a"]
    d = factories.approved_delegation(officer, world.a, start_date=TODAY - datetime.timedelta(days=10))
    actions.submit_report(officer, Delegation.objects.get(pk=d.pk), submitted_on=TODAY, summary="Xong")
    return Delegation.objects.get(pk=d.pk)


def _check() -> str:
    out = io.StringIO()
    call_command("summaries", "--check", stdout=out)
    return out.getvalue()


def test_the_actions_keep_the_status_and_the_report_together(world):
    d = _reported(world)
    assert d.status == DelegationStatus.REPORTED
    assert report_status.differences() == []
    assert report_status.TITLE in _check()


def test_a_report_deleted_behind_the_actions_is_found_and_the_status_derived_again(world):
    d = _reported(world)
    DelegationReport.objects.filter(delegation=d).delete()  # a bulk delete: no action, no refresh
    assert report_status.differences() == [(f"đoàn {d.pk}", DelegationStatus.REPORTED, "no report")]
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("summaries", "--check", stdout=out)
    assert f"đoàn {d.pk}" in out.getvalue()
    call_command("summaries", "--rebuild", stdout=io.StringIO())
    assert Delegation.objects.get(pk=d.pk).status == DelegationStatus.RETURNED
    assert report_status.differences() == []
    _check()


def test_a_status_written_behind_the_actions_is_found(world):
    d = _reported(world)
    Delegation.objects.filter(pk=d.pk).update(status=DelegationStatus.RETURNED)
    assert report_status.differences() == [(f"đoàn {d.pk}", DelegationStatus.RETURNED, DelegationStatus.REPORTED)]
    assert actions.refresh_delegations(report_status.disagreeing()) == 1
    assert Delegation.objects.get(pk=d.pk).status == DelegationStatus.REPORTED
    assert report_status.differences() == []
