"""A note pasted without spaces (a link, a reference list run together) stays inside the page: the outside
test made a commitment's page 38,570 px wide with a 3,000-character note."""
import datetime

import pytest
from playwright.sync_api import expect

from ngoaivu.implementation.models import Commitment
from tests.implementation.factories import agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_long_unbroken_note_does_not_widen_the_page(world, page, live_server, login, shoot):
    a = agreement(world.a, title="Bản ghi nhớ với tỉnh Gyeonggi")
    long_word = "https://example.vn/" + "tai-lieu" * 375
    c = Commitment.objects.create(agreement=a, description="Trao đổi đoàn doanh nghiệp " + "x" * 400,
                                  due_on=datetime.date.today() + datetime.timedelta(days=90), note=long_word)
    login(world.users["officer_a"])
    page.goto(live_server.url + c.get_absolute_url())
    expect(page.locator("main")).to_contain_text("tai-lieutai-lieu")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    shoot("implementation-long-note")
    assert overflow <= 0, overflow
