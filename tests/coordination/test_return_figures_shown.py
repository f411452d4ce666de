"""A return sent shows its figures the Vietnamese way to the province and to the centre: the outside test saw
"1200" and "1234567.5" on the return's page while the national table wrote "1.200" and "1.234.567,5"."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.coordination import actions
from tests.coordination.test_reports import _request

pytestmark = pytest.mark.django_db


def test_a_sent_returns_figures_are_written_the_vietnamese_way(world, client_for):
    ret = _request(world, [world.a]).returns.get()
    actions.save_return(world.users["officer_a"], ret,
                        values={"trips": "1.200", "guests": "1.234.567,5", "by_country": [["Nhật Bản", "2.500"]]},
                        submit=True)
    for persona in ("officer_a", "central"):
        page = client_for(world.users[persona]).get(reverse("coordination:return_detail", args=[ret.pk]))
        shown = page.content.decode().split('id="return-values"')[1].split("</dl>")[0]
        # As the national table writes them (Django's localisation): no "1.234.567,50", no "1200".
        assert "<dd>1.200</dd>" in shown and "<dd>1.234.567,5</dd>" in shown, (persona, shown)
        assert '<td class="num">2.500</td>' in shown, (persona, shown)
