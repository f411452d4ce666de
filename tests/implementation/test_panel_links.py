"""The implementation home panel counts the province's own dormant agreements and overdue commitments; its
"Xem cả n" links opened lists of everything the officer may see, other provinces' agreements marked national
(and their commitments) among them, longer than the n they announced. The links name the province."""
import datetime
import re
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from ngoaivu.core import sweep
from ngoaivu.implementation.models import Commitment
from ngoaivu.implementation.views import home_panel
from tests.implementation.factories import agreement

pytestmark = pytest.mark.django_db


def test_the_panels_links_list_what_it_counted(world, client_for):
    today = datetime.date.today()
    officer = world.users["officer_a"]
    for locality, visibility in ((world.a, "internal"), (world.b, "national")):
        for i in range(9):
            a = agreement(locality, title=f"Ngủ yên {locality.short_name} {i}", health="dormant",
                          visibility=visibility)
            Commitment.objects.create(agreement=a, description=f"Cam kết {i}", status="pending",
                                      due_on=today - datetime.timedelta(days=30 + i))
    sweep.run(only="health")
    request = RequestFactory().get("/")
    request.user = officer
    panel = home_panel(request)
    html = render_to_string(panel["template"], {"panel": panel}, request=request)
    client = client_for(officer)
    dormant = next(r["count"] for r in panel["counts"]["rows"] if r["value"] == "dormant")
    for pattern, total in ((r"health=dormant", panel["dormant_total"]), (r"health=dormant", dormant),
                           (r"overdue=true", panel["overdue_total"])):
        links = [unescape(link) for link in re.findall(rf'href="([^"]*{pattern}[^"]*)"', html)]
        assert links
        for link in links:
            assert client.get(link).context["page_obj"].paginator.count == total, link
