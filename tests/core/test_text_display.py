"""Generated text shown in the reader's language, and history values as people read them: "có"/"không",
never a raw True/False/None."""
import datetime

import pytest
from django.utils import translation

from ngoaivu.agreements import actions
from ngoaivu.core.generic import history_entries
from ngoaivu.core.models import Sector
from ngoaivu.core.stored_text import translate_stored
from tests.agreements.factories import agreement

pytestmark = pytest.mark.django_db


def changes_of(entry):
    return {str(c["field"]): (str(c["old"]), str(c["new"])) for c in entry["changes"]}


def test_history_shows_yes_no_and_dashes_not_true_false_none(world):
    officer = world.users["officer_a"]
    a = agreement(officer, world.a, term_months=None)
    actions.update_agreement(officer, a, auto_renew=True, term_months=24, today=datetime.date(2026, 2, 2))
    shown = changes_of(history_entries(a)[0])
    assert shown["tự động gia hạn"] == ("Không", "Có")
    assert shown["thời hạn (tháng)"] == ("—", "24")
    with translation.override("en"):
        english = changes_of(history_entries(a)[0])
    assert ("No", "Yes") in english.values()
    for old, new in [*shown.values(), *english.values()]:
        assert {old, new}.isdisjoint({"True", "False", "None"})


def test_history_reason_is_shown_in_the_readers_language(world):
    officer = world.users["officer_a"]
    a = agreement(officer, world.a)
    actions.update_agreement(officer, a, term_months=12, reason="Sửa qua API", today=datetime.date(2026, 2, 2))
    assert history_entries(a)[0]["reason"] == "Sửa qua API"
    with translation.override("en"):
        assert history_entries(a)[0]["reason"] == "Changed through the API"


@pytest.mark.parametrize("stored, english", [
    ("không có hoạt động trong 8 tháng; 2/5 cam kết quá hạn", "no activity for 8 months; 2/5 commitments overdue"),
    ("chưa có hoạt động nào từ khi ký (1 tháng)", "no activity since signing (1 month)"),
    ("chưa có kế hoạch năm 2026 (hạn 31/03/2026)", "no plan for 2026 (due 31/03/2026)"),
    ("Hủy: mưa bão", "Cancelled: mưa bão"),
    ("Một lý do cán bộ tự viết", "Một lý do cán bộ tự viết"),
])
def test_generated_reasons_stored_in_vietnamese_read_in_english(stored, english):
    with translation.override("en"):
        assert translate_stored(stored) == english
    with translation.override("vi"):
        assert translate_stored(stored) == stored


def test_the_health_reason_on_an_agreement_page_is_in_english_for_an_english_reader(world, client_for):
    from ngoaivu.agreements.models import Agreement
    a = agreement(world.users["officer_a"], world.a)
    Agreement.objects.filter(pk=a.pk).update(health="dormant", health_reasons="không có hoạt động trong 8 tháng")
    client = client_for(world.users["officer_a"])
    client.cookies["django_language"] = "en"
    page = client.get(f"/implementation/agreements/{a.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "no activity for 8 months" in page.content.decode()


def test_sector_names_follow_the_interface_language(reference):
    sector = Sector.objects.get(code="health")
    with translation.override("vi"):
        assert str(sector) == "Y tế"
    with translation.override("en"):
        assert str(sector) == "Health"
