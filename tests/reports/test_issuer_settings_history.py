"""A province's issuing details (who signs its documents, the issuing body) were recorded in the history but
shown nowhere: who replaced the signer, and when, could not be read. The page shows their history."""
import pytest
from django.conf import settings
from django.urls import reverse

from ngoaivu.reports.models import IssuerSettings

pytestmark = pytest.mark.django_db
DETAILS = {"parent_body": "UBND TỈNH LẠNG SƠN", "issuing_body": "SỞ NGOẠI VỤ", "symbol": "SNgV",
           "place_name": "Lạng Sơn", "authority_line": "KT. GIÁM ĐỐC", "signer_title": "PHÓ GIÁM ĐỐC",
           "committee_symbol": "UBND", "committee_signer_title": "PHÓ CHỦ TỊCH",
           "recipients": "UBND tỉnh\nBộ Ngoại giao", "archive_line": "Lưu: VT"}


def test_the_issuing_details_page_shows_who_changed_them(world, client_for):
    officer = world.users["officer_a"]
    client = client_for(officer)
    url = reverse("reports:settings_edit", args=[world.a.pk])
    for signer in ("Nguyễn Văn An", "Trần Thị Bình"):
        assert client.post(url, {**DETAILS, "signer_name": signer}).status_code == 302
    last = IssuerSettings.objects.get(locality=world.a).history.order_by("-history_id").first()
    assert (last.signer_name, last.history_user) == ("Trần Thị Bình", officer)

    history = client.get(url).content.decode().split('id="history-title"')[1]
    assert "Nguyễn Văn An → Trần Thị Bình" in history and officer.full_name in history
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Change history" in client.get(url).content.decode()
