"""A change of an agreement's partners, sectors or co-signing provinces is named in its history's reason
("Đổi đối tác nước ngoài"): the English page showed it in Vietnamese. The texts were written with an alias
of gettext_lazy that makemessages does not read, so the catalogue had no English for them and the stored
reason could not be translated when shown (core.stored_text)."""
import datetime

import pytest
from django.conf import settings
from django.utils import translation

from ngoaivu.agreements import actions
from ngoaivu.core.models import Locality, Sector
from tests.agreements.factories import agreement, partner

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 2, 2)


def _history(client, pk) -> str:
    return client.get(f"/agreements/{pk}/").content.decode().split('id="history-title"')[1]


def test_the_reasons_naming_changed_links_are_shown_in_english(world, client_for):
    officer = world.users["officer_a"]
    deal = agreement(officer, world.a, title="Bản ghi nhớ đổi đối tác", today=TODAY)
    with translation.override("vi"):  # as an officer on the Vietnamese pages saves it
        actions.update_agreement(officer, deal, partners=[partner("Shizuoka Prefecture", "JP", "Tỉnh Shizuoka")],
                                 today=TODAY)
        actions.update_agreement(officer, deal, sectors=[Sector.objects.first()],
                                 co_signatories=[Locality.objects.current().exclude(pk=world.a.pk).first()],
                                 today=TODAY)
    assert list(deal.history.order_by("-history_id").values_list("history_change_reason", flat=True)[:2]) == [
        "Sửa thông tin; Đổi lĩnh vực; Đổi tỉnh, thành phố cùng ký", "Sửa thông tin; Đổi đối tác nước ngoài"]
    assert set(deal.partners.values_list("name", flat=True)) == {"Shizuoka Prefecture"}

    client = client_for(officer)
    vietnamese = _history(client, deal.pk)
    assert "Sửa thông tin; Đổi đối tác nước ngoài" in vietnamese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _history(client, deal.pk)
    assert "Edit details; Changed the foreign partners" in english
    assert "Edit details; Changed the sectors; Changed the co-signing provinces" in english
    assert "Đổi" not in english


def test_a_reason_saved_from_the_english_pages_is_shown_in_vietnamese(world, client_for):
    officer = world.users["officer_a"]
    deal = agreement(officer, world.a, title="Bản ghi nhớ sửa bằng tiếng Anh", today=TODAY)
    with translation.override("en"):
        actions.update_agreement(officer, deal, partners=[partner("Shizuoka Prefecture", "JP", "Tỉnh Shizuoka")],
                                 today=TODAY)
    assert deal.history.order_by("-history_id").first().history_change_reason == (
        "Edit details; Changed the foreign partners")
    assert "Sửa thông tin; Đổi đối tác nước ngoài" in _history(client_for(officer), deal.pk)
