"""The health rules decide which agreements are flagged "ký rồi để đấy"; a change of them (the national default
or a province's) was recorded in the history but shown nowhere: who lowered the threshold, and when, could
not be read. The rules' page shows their history, with the field's label, the values, who and when."""
import pytest
from django.conf import settings

from ngoaivu.implementation.models import HealthSettings

pytestmark = pytest.mark.django_db
RULES = {"grace_months": 6, "plan_months": 3, "at_risk_months": 3, "overdue_at_risk": "on", "due_soon_days": 30,
         "plan_due_day": 15, "plan_due_month": 11}


def test_the_rules_page_shows_who_changed_them(world, client_for):
    client = client_for(world.users["central"])
    for months in (12, 9):
        response = client.post("/implementation/settings/national/", {**RULES, "dormant_months": months})
        assert response.status_code == 302
    row = HealthSettings.objects.get(locality=None)
    last = row.history.order_by("-history_id").first()
    assert (last.dormant_months, last.history_user) == (9, world.users["central"])

    page = client.get("/implementation/settings/national/").content.decode()
    history = page.split('id="history-title"')[1]
    assert "Ký rồi để đấy sau (tháng không có hoạt động)</strong>: 12 → 9" in history
    assert world.users["central"].full_name in history

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/implementation/settings/national/").content.decode()
    assert "Dormant after (months without activity)</strong>: 12 → 9" in page.split('id="history-title"')[1]
    assert "Change history" in page
