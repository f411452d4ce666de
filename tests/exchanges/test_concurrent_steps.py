"""A step (approval, return, dossier, report, cancellation) recorded on a copy the page or the API read
before a colleague's edit was saved: the step changes the row as it is once locked, and neither change is
lost (the old copy's facts are not written back)."""
import datetime

import pytest

from ngoaivu.exchanges import actions
from ngoaivu.exchanges.choices import Authority, ForeignLevel
from ngoaivu.exchanges.models import Conference, Delegation
from tests.exchanges import factories

pytestmark = pytest.mark.django_db
D = datetime.date


def _colleague_edits_conference(officer, pk):
    """A colleague's edit through the real action, on their own copy, saved after ours was read."""
    actions.update_conference(officer, Conference.objects.get(pk=pk),
                              data={"title": "Diễn đàn hợp tác kinh tế biên giới",
                                    "highest_foreign_level": ForeignLevel.HEAD_OF_STATE})


def _colleague_edits_delegation(officer, pk):
    actions.update_delegation(officer, Delegation.objects.get(pk=pk),
                              data={"title": "Đoàn công tác thăm Hàn Quốc", "head_name": "Trần Văn Bình"})


def test_a_cancellation_keeps_a_colleagues_edit_saved_after_the_page_read_the_conference(world):
    officer = world.users["officer_a"]
    conf = factories.conference(officer, world.a)
    page_copy = Conference.objects.get(pk=conf.pk)
    _colleague_edits_conference(officer, conf.pk)
    actions.cancel_conference(officer, page_copy, cancelled_on=D(2026, 5, 1), reason="Đối tác hoãn")
    row = Conference.objects.get(pk=conf.pk)
    assert row.title == "Diễn đàn hợp tác kinh tế biên giới"
    assert row.highest_foreign_level == ForeignLevel.HEAD_OF_STATE and row.authority == Authority.PRIME_MINISTER
    assert (row.cancelled_on, row.cancel_reason) == (D(2026, 5, 1), "Đối tác hoãn")


def test_an_approval_keeps_a_colleagues_edit_and_records_the_authority_it_now_needs(world):
    officer = world.users["officer_a"]
    conf = factories.conference(officer, world.a)
    page_copy = Conference.objects.get(pk=conf.pk)
    assert page_copy.authority == Authority.CHAIR
    _colleague_edits_conference(officer, conf.pk)
    actions.approve_conference(officer, page_copy, decision_number="45/QĐ-UBND", decision_date=D(2026, 4, 20))
    row = Conference.objects.get(pk=conf.pk)
    assert row.title == "Diễn đàn hợp tác kinh tế biên giới"
    assert row.highest_foreign_level == ForeignLevel.HEAD_OF_STATE
    assert (row.decision_number, row.decision_authority) == ("45/QĐ-UBND", Authority.PRIME_MINISTER)


def test_a_dossier_keeps_a_colleagues_edit(world):
    officer = world.users["officer_a"]
    conf = factories.conference(officer, world.a)
    page_copy = Conference.objects.get(pk=conf.pk)
    _colleague_edits_conference(officer, conf.pk)
    actions.submit_dossier(officer, page_copy, submitted_on=D(2026, 4, 1))
    row = Conference.objects.get(pk=conf.pk)
    assert (row.title, row.dossier_submitted_on) == ("Diễn đàn hợp tác kinh tế biên giới", D(2026, 4, 1))


def test_a_cancellation_read_before_an_approval_does_not_erase_the_approval(world):
    officer = world.users["officer_a"]
    conf = factories.conference(officer, world.a)
    page_copy = Conference.objects.get(pk=conf.pk)
    actions.approve_conference(officer, Conference.objects.get(pk=conf.pk), decision_number="45/QĐ-UBND",
                               decision_date=D(2026, 4, 20))
    actions.cancel_conference(officer, page_copy, cancelled_on=D(2026, 5, 1), reason="Đối tác hoãn")
    row = Conference.objects.get(pk=conf.pk)
    assert (row.decision_number, row.decision_date, row.cancelled_on) == ("45/QĐ-UBND", D(2026, 4, 20), D(2026, 5, 1))


def test_delegation_steps_keep_a_colleagues_edit(world):
    officer = world.users["officer_a"]
    d = factories.delegation(officer, world.a, start_date=D(2026, 1, 5))
    page_copy = Delegation.objects.get(pk=d.pk)
    _colleague_edits_delegation(officer, d.pk)
    actions.approve_delegation(officer, page_copy, authority="standing_committee", decision_number="12/QĐ-UBND",
                               decision_date=D(2025, 12, 20))
    row = Delegation.objects.get(pk=d.pk)
    assert (row.title, row.head_name) == ("Đoàn công tác thăm Hàn Quốc", "Trần Văn Bình")
    assert (row.decision_number, row.approval_authority) == ("12/QĐ-UBND", "standing_committee")

    page_copy = Delegation.objects.get(pk=d.pk)
    actions.update_delegation(officer, Delegation.objects.get(pk=d.pk), data={"head_title": "Phó Chủ tịch UBND tỉnh"})
    actions.record_return(officer, page_copy, returned_on=D(2026, 1, 10))
    row = Delegation.objects.get(pk=d.pk)
    assert (row.head_title, row.returned_on, row.decision_number) == ("Phó Chủ tịch UBND tỉnh", D(2026, 1, 10),
                                                                      "12/QĐ-UBND")


def test_a_delegation_cancellation_keeps_a_colleagues_edit(world):
    officer = world.users["officer_a"]
    d = factories.delegation(officer, world.a)
    page_copy = Delegation.objects.get(pk=d.pk)
    _colleague_edits_delegation(officer, d.pk)
    actions.cancel_delegation(officer, page_copy, cancelled_on=D(2026, 2, 1), reason="Hoãn chuyến đi")
    row = Delegation.objects.get(pk=d.pk)
    assert (row.title, row.head_name, row.cancelled_on) == ("Đoàn công tác thăm Hàn Quốc", "Trần Văn Bình",
                                                            D(2026, 2, 1))


def test_an_edit_without_a_version_read_before_a_cancellation_keeps_the_cancellation(world):
    """The API's PATCH without If-Match: the fields it names are written, the others stay as they are now."""
    officer = world.users["officer_a"]
    conf = factories.conference(officer, world.a)
    api_copy = Conference.objects.get(pk=conf.pk)
    actions.cancel_conference(officer, Conference.objects.get(pk=conf.pk), cancelled_on=D(2026, 5, 1),
                              reason="Đối tác hoãn")
    actions.update_conference(officer, api_copy, data={"venue": "Thành phố Lào Cai"})
    row = Conference.objects.get(pk=conf.pk)
    assert (row.venue, row.cancelled_on, row.cancel_reason) == ("Thành phố Lào Cai", D(2026, 5, 1), "Đối tác hoãn")

    d = factories.delegation(officer, world.a)
    api_copy = Delegation.objects.get(pk=d.pk)
    actions.cancel_delegation(officer, Delegation.objects.get(pk=d.pk), cancelled_on=D(2026, 2, 1), reason="Hoãn")
    actions.update_delegation(officer, api_copy, data={"purpose": "Ký kết bản ghi nhớ"})
    row = Delegation.objects.get(pk=d.pk)
    assert (row.purpose, row.cancelled_on) == ("Ký kết bản ghi nhớ", D(2026, 2, 1))
