"""Conferences through the actions: computed authority and deadlines, late dossiers, consultations."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ngoaivu.exchanges import actions
from ngoaivu.exchanges.choices import Authority, ConferenceStatus, ForeignLevel, Topic
from ngoaivu.exchanges.models import Conference
from tests.exchanges import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("level, topics, authority, deadline", [
    (ForeignLevel.LOCAL_LEADER, [], Authority.CHAIR, datetime.date(2026, 5, 16)),
    (ForeignLevel.MINISTER, [], Authority.PRIME_MINISTER, datetime.date(2026, 5, 6)),
    (ForeignLevel.OTHER, [Topic.ETHNIC_RELIGIOUS], Authority.PRIME_MINISTER, datetime.date(2026, 5, 6)),
])
def test_a_saved_conference_carries_its_authority_and_dossier_deadline(world, level, topics, authority, deadline):
    conf = factories.conference(world.users["officer_a"], world.a, highest_foreign_level=level, topics=topics)
    assert (conf.authority, conf.dossier_deadline) == (authority, deadline)
    assert conf.report_due == datetime.date(2026, 7, 1)


def test_changing_the_participants_recomputes_the_authority(world):
    officer = world.users["officer_a"]
    conf = factories.conference(officer, world.a)
    actions.update_conference(officer, conf, data={"highest_foreign_level": ForeignLevel.HEAD_OF_STATE})
    conf.refresh_from_db()
    assert conf.authority == Authority.PRIME_MINISTER


def test_a_prime_minister_level_dossier_filed_late_is_flagged_not_refused(world):
    officer = world.users["officer_a"]
    conf = factories.conference(officer, world.a, topics=[Topic.SECURITY])
    warnings = actions.submit_dossier(officer, conf, submitted_on=datetime.date(2026, 5, 10))  # due 6/5
    assert conf.dossier_late and "Thủ tướng Chính phủ" in warnings[0] and "muộn 4 ngày" in warnings[0]
    assert Conference.objects.get(pk=conf.pk).status == ConferenceStatus.SUBMITTED


def test_a_dossier_on_or_after_the_opening_is_refused(world):
    conf = factories.conference(world.users["officer_a"], world.a)
    with pytest.raises(ValidationError) as error:
        actions.submit_dossier(world.users["officer_a"], conf, submitted_on=conf.start_date)
    assert "submitted_on" in error.value.message_dict


def test_consulted_bodies_have_15_calendar_days(world):
    conf = factories.conference(world.users["officer_a"], world.a)
    k = actions.request_consultation(world.users["officer_a"], conf, body="Bộ Công an",
                                     sent_on=datetime.date(2026, 4, 24))
    assert k.due_on == datetime.date(2026, 5, 9)   # 30/4 and 1/5 are not skipped


def test_approval_records_the_computed_authority_and_then_the_report_closes_it(world):
    officer = world.users["officer_a"]
    conf = factories.conference(officer, world.a, start_date=datetime.date(2025, 6, 15),
                                end_date=datetime.date(2025, 6, 16))
    actions.approve_conference(officer, conf, decision_number="45/QĐ-UBND", decision_date=datetime.date(2025, 5, 20))
    conf.refresh_from_db()
    assert conf.decision_authority == Authority.CHAIR and conf.status == ConferenceStatus.HELD
    actions.submit_conference_report(officer, conf, submitted_on=datetime.date(2025, 6, 25), text="Kết quả")
    conf.refresh_from_db()
    assert conf.status == ConferenceStatus.REPORTED
    assert list(conf.status_changes.order_by("created_at", "pk").values_list("new_status", flat=True)) == [
        ConferenceStatus.PLANNED, ConferenceStatus.HELD, ConferenceStatus.REPORTED]


def test_the_conference_form_shows_the_computed_authority(world, client_for):
    client = client_for(world.users["officer_a"])
    response = client.post(reverse("exchanges:conference_create"), {
        "locality": world.a.pk, "title": "Diễn đàn an ninh biên giới", "kind": "forum", "form": "hybrid",
        "vietnam_endpoint": "on", "venue": "Lạng Sơn", "start_date": "15/6/2026", "end_date": "16/6/2026",
        "organiser_kind": "foreign", "organiser_name": "Quỹ châu Á", "participants_count": "80",
        "foreign_participants_count": "20", "highest_foreign_level": "other", "topics": ["security"]}, follow=True)
    content = response.content.decode()
    assert "Thủ tướng Chính phủ" in content and "06/05/2026" in content


def test_the_conference_form_explains_its_refusals(world, client_for):
    response = client_for(world.users["officer_a"]).post(reverse("exchanges:conference_create"), {
        "locality": world.a.pk, "title": "Hội thảo", "kind": "seminar", "form": "in_person", "venue": "Lạng Sơn",
        "start_date": "15/6/2026", "end_date": "10/6/2026", "organiser_kind": "province_unit",
        "participants_count": "10", "foreign_participants_count": "20", "highest_foreign_level": "other"})
    content = response.content.decode()
    for message in ("Ngày bế mạc phải cùng ngày hoặc sau ngày khai mạc", "Chọn cơ quan tổ chức của tỉnh",
                    "Số đại biểu nước ngoài không được lớn hơn tổng số đại biểu"):
        assert message in content
