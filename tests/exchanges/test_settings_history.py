"""A province's rules on delegations (the report deadline, the size of a delegation, who approves) were
recorded in the history but shown nowhere: who shortened the report deadline, and when, could not be read.
The rules' page shows their history, with the field's label, the values, who and when."""
import pytest
from django.conf import settings
from django.urls import reverse

from ngoaivu.exchanges.models import ExchangeSettings

pytestmark = pytest.mark.django_db
RULES = {"report_in_working_days": "on", "conference_report_days": "25", "max_trips_per_official": "3",
         "max_members_leader": "12", "max_members_deputy": "8", "max_members_department": "6", "max_days": "12",
         "max_countries": "4", "max_days_per_country": "5", "basis": "Quyết định 9/2026",
         "authority_leader": "politburo", "authority_deputy": "standing_committee", "authority_department": "council",
         "authority_party": "other"}


def test_the_rules_page_shows_who_changed_them(world, client_for):
    manager = world.users["manager_a"]
    client = client_for(manager)
    url = reverse("exchanges:settings", args=[world.a.pk])
    for days in (20, 10):
        assert client.post(url, {**RULES, "report_days": days}).status_code == 302
    row = ExchangeSettings.objects.get(locality=world.a)
    last = row.history.order_by("-history_id").first()
    assert (last.report_days, last.history_user) == (10, manager)

    history = client.get(url).content.decode().split('id="history-title"')[1]
    assert "Hạn báo cáo kết quả chuyến đi (ngày sau khi về)</strong>: 20 → 10" in history
    assert manager.full_name in history
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    history = client.get(url).content.decode().split('id="history-title"')[1]
    assert "Trip report due (days after return)</strong>: 20 → 10" in history
