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
        assert "1.200" in shown and "1.234.567,5" in shown and "2.500" in shown, persona
        assert "1200" not in shown and "1234567.5" not in shown, persona
