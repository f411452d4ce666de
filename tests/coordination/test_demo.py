"""The demo's coordination data: Lạng Sơn's return accepted, Đà Nẵng's sent back with a comment, Bắc Ninh's
overdue; Đà Nẵng's opinion request waiting in the Ministry's queue. Loading twice adds nothing."""
import pytest

from ngoaivu.coordination import actions, opinions
from ngoaivu.coordination.demo import DEMO_TITLE, OPINION_TITLE
from ngoaivu.coordination.models import ReportRequest, ReportReturn

pytestmark = pytest.mark.django_db


def test_the_demo_shows_each_state_and_loads_once(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from ngoaivu.core.demo import load_demo
    load_demo()
    load_demo()
    report = ReportRequest.objects.get(title=DEMO_TITLE)
    returns = {r.locality.code: r for r in ReportReturn.objects.filter(request=report).select_related("locality")}
    assert len(returns) == 34
    assert returns[20].status == "accepted" and returns[20].first_opened_at is not None
    assert returns[48].status == "returned" and returns[48].transitions.last().reason
    assert returns[24].status == "not_started" and returns[24].is_overdue(actions.today())
    queue = list(opinions.open_queue().filter(agreement__title=OPINION_TITLE))
    assert len(queue) == 1 and queue[0].agreement.locality.code == 48
    from ngoaivu.coordination.demo import DIRECTIVE_SUBJECT
    from ngoaivu.coordination.models import DirectiveRecipient
    copies = {r.locality.code: r for r in DirectiveRecipient.objects.filter(directive__subject=DIRECTIVE_SUBJECT)
              .select_related("locality")}
    assert len(copies) == 34
    assert copies[20].acknowledged_at is not None and copies[48].first_opened_at is not None
    assert copies[48].acknowledged_at is None and copies[24].first_opened_at is None
