"""The history rows of the implementation and indicators records keep the record's own facts, not the time of
each save (`updated_at`), as coordination's do (migration coordination 0011; implementation 0014, indicators
0020). The pages did not list "Cập nhật lúc" before either (django-simple-history diffs editable fields only,
and auto_now makes it not editable), but the column was written on every row; the page tests guard that
the history names the rule changed and nothing else."""
import pytest
from django.apps import apps

from ngoaivu.implementation.models import HealthSettings

pytestmark = pytest.mark.django_db
RULES = {"grace_months": 6, "plan_months": 3, "at_risk_months": 3, "overdue_at_risk": "on", "due_soon_days": 30,
         "plan_due_day": 15, "plan_due_month": 11}
BOOKKEEPING = {"updated_at", "search_text"}


def test_the_rules_history_shows_the_rule_changed_and_not_the_save_time(world, client_for):
    client = client_for(world.users["central"])
    for months in (12, 9):
        assert client.post("/implementation/settings/national/", {**RULES, "dormant_months": months}).status_code == 302
    row = HealthSettings.objects.get(locality=None)
    assert row.dormant_months == 9 and row.history.count() == 2
    history = client.get("/implementation/settings/national/").content.decode().split('id="history-title"')[1]
    assert "Ký rồi để đấy sau (tháng không có hoạt động)</strong>: 12 → 9" in history
    assert "Cập nhật lúc" not in history
    # The one change listed is the rule's.
    assert history.count("<strong>") == 1


@pytest.mark.parametrize("app", ["implementation", "indicators"])
def test_no_history_of_these_apps_keeps_the_save_time_or_the_search_text(app):
    for model in apps.get_app_config(app).get_models():
        if model.__name__.startswith("Historical"):
            assert not BOOKKEEPING & {f.name for f in model._meta.fields}, model.__name__
