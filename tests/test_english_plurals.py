"""Vietnamese has no plural, English has: a number put before a noun reads "1 day" / "2 days" in English
(ngettext, blocktranslate count), and the Vietnamese text stays what it was."""
import datetime
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.agreements.factories import agreement, partner

TODAY = datetime.date(2026, 2, 2)


def _page(client_for, user, url, language="en"):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


@pytest.mark.django_db
@pytest.mark.parametrize("n, term, notice", [(1, "(term 1 month)", "1 day's notice"),
                                             (2, "(term 2 months)", "2 days' notice")])
def test_the_agreement_page_says_1_month_and_1_days_notice(world, client_for, n, term, notice):
    officer = world.users["officer_a"]
    made = agreement(officer, world.a, partners=[partner()], signed_on=datetime.date(2025, 3, 1), term_months=n,
                     notice_days=n, today=TODAY)
    page = _page(client_for, officer, made.get_absolute_url())
    assert term in page and notice in page
    assert not re.search(r"(?<![\d.,])1 (months|days)\b", page)
    vietnamese = _page(client_for, officer, made.get_absolute_url(), "vi")
    assert f"thời hạn {n} tháng" in vietnamese and f"báo trước {n} ngày" in vietnamese


class _Run:
    def __init__(self, created, updated):
        self.created, self.updated = created, updated


class _Result:
    def __init__(self, rows):
        self.rows = [None] * rows


def test_the_agreement_import_summary_agrees_with_its_numbers():
    from ngoaivu.agreements.views_excel import AgreementImportPage
    page = AgreementImportPage()
    with translation.override("en"):
        assert page.success_message(_Result(1), _Run(1, 0)) == "1 row imported: 1 new agreement, 0 updated, 0 unchanged."
        assert page.success_message(_Result(2), _Run(2, 0)) == \
            "2 rows imported: 2 new agreements, 0 updated, 0 unchanged."
    with translation.override("vi"):  # the Vietnamese text is the one it was
        assert page.success_message(_Result(2), _Run(1, 0)) == \
            "Đã nhập 2 dòng: 1 thỏa thuận mới, 0 được cập nhật, 1 không thay đổi."


def test_a_destination_longer_than_a_one_day_trip_says_1_day():
    from ngoaivu.exchanges.actions import check_stop_days
    day = datetime.date(2026, 3, 2)
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        check_stop_days([{"days": 2}], day, day)
    assert "2 days, longer than the whole trip (1 day, from 02/03/2026" in str(raised.value)
    with translation.override("vi"), pytest.raises(ValidationError) as raised:
        check_stop_days([{"days": 2}], day, day)
    assert "2 ngày, dài hơn cả chuyến đi (1 ngày, từ 02/03/2026" in str(raised.value)


@pytest.mark.django_db
def test_a_partners_country_change_counts_1_agreement_of_1_province(world):
    from ngoaivu.partners import actions
    korean = partner("Chungcheong", "KR")
    agreement(world.users["officer_a"], world.a, partners=[korean], today=TODAY)
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        actions.update_partner(world.users["central"], korean, country="JP")
    assert "This partner is in 1 agreement of 1 province." in str(raised.value)
    agreement(world.users["officer_b"], world.b, partners=[korean], today=TODAY)
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        actions.update_partner(world.users["central"], korean, country="JP")
    assert "This partner is in 2 agreements of 2 provinces." in str(raised.value)
    with translation.override("vi"), pytest.raises(ValidationError) as raised:
        actions.update_partner(world.users["central"], korean, country="JP")
    assert "Đối tác này có trong 2 thỏa thuận của 2 tỉnh, thành phố." in str(raised.value)
    korean.refresh_from_db()
    assert korean.country == "KR"


def test_overdue_commitments_agree_with_the_total_written_now_and_stored_before():
    from ngoaivu.core.stored_text import translate_stored
    from ngoaivu.implementation.health import _overdue
    with translation.override("en"):
        assert _overdue(1, 1, "en") == "1/1 commitment overdue"
        assert _overdue(1, 2, "en") == "1/2 commitments overdue"
        # Reasons stored in Vietnamese are shown in English with the same agreement.
        assert translate_stored("1/1 cam kết quá hạn") == "1/1 commitment overdue"
        assert translate_stored("1/2 cam kết quá hạn") == "1/2 commitments overdue"
    with translation.override("vi"):
        assert _overdue(1, 2, "vi") == "1/2 cam kết quá hạn"
