"""A consultation's answer recorded from the copy the page read before a colleague's correction was saved
(the body's name, the day the request was sent): the answer is checked against the row as it is once
locked, and the correction is not written back over (the review of 03/12/2026)."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from ngoaivu.exchanges import actions
from ngoaivu.exchanges.models import ConferenceConsultation
from tests.exchanges import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def _asked(world):
    user = world.users["officer_a"]
    conf = factories.conference(user, world.a, start_date=TODAY + 60 * DAY, end_date=TODAY + 60 * DAY)
    return actions.request_consultation(user, conf, body="Bộ Ngoai giao", sent_on=TODAY - 10 * DAY)


def test_a_correction_made_after_the_page_read_the_consultation_is_kept(world):
    asked = _asked(world)
    stale = ConferenceConsultation.objects.get(pk=asked.pk)      # the answer page reads the consultation…
    ConferenceConsultation.objects.filter(pk=asked.pk).update(  # …a colleague corrects the name meanwhile
        body="Bộ Ngoại giao", sent_on=TODAY - 8 * DAY, due_on=TODAY + 7 * DAY)
    actions.record_consultation_answer(world.users["officer_a"], stale, answered_on=TODAY - DAY, opinion="agree",
                                       note="Đồng ý")
    stored = ConferenceConsultation.objects.get(pk=asked.pk)
    assert (stored.body, stored.sent_on, stored.due_on) == ("Bộ Ngoại giao", TODAY - 8 * DAY, TODAY + 7 * DAY)
    assert (stored.answered_on, stored.opinion, stored.note) == (TODAY - DAY, "agree", "Đồng ý")


def test_an_answer_before_the_corrected_sending_day_is_refused(world):
    asked = _asked(world)
    stale = ConferenceConsultation.objects.get(pk=asked.pk)
    ConferenceConsultation.objects.filter(pk=asked.pk).update(sent_on=TODAY - 3 * DAY)
    with pytest.raises(ValidationError) as refused:
        actions.record_consultation_answer(world.users["officer_a"], stale, answered_on=TODAY - 5 * DAY,
                                           opinion="agree")
    assert refused.value.message_dict["answered_on"] == [
        "Ngày trả lời phải cùng ngày hoặc sau ngày gửi (%s)" % f"{TODAY - 3 * DAY:%d/%m/%Y}"]
    stored = ConferenceConsultation.objects.get(pk=asked.pk)
    assert (stored.sent_on, stored.answered_on, stored.opinion) == (TODAY - 3 * DAY, None, "")
