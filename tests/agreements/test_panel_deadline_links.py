"""The register's home panel says how many of the province's own agreements are overdue or due soon, and its
links open the register filtered the same way. The list reads every agreement the officer may see, other
provinces' agreements marked national among them: "2 thỏa thuận quá hạn" opened a list of four. The links
name the province the panel counted."""
import datetime
import re
from html import unescape

import pytest
from django.test import RequestFactory

from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.panels import deadlines_panel
from tests.agreements.factories import agreement

pytestmark = pytest.mark.django_db


def test_the_panels_links_list_the_agreements_it_counted(world, client_for):
    from django.template.loader import render_to_string
    today = datetime.date.today()
    officer = world.users["officer_a"]
    mine = [agreement(officer, world.a, title=f"Bản ghi nhớ của Lạng Sơn {i}") for i in range(2)]
    theirs = [agreement(world.users["officer_b"], world.b, title=f"Bản ghi nhớ của Đà Nẵng {i}", visibility="national")
              for i in range(2)]
    late = today - datetime.timedelta(days=10)
    Agreement.objects.filter(pk__in=[a.pk for a in mine + theirs]).update(next_due_on=late, alert_on=late)
    request = RequestFactory().get("/")
    request.user = officer
    panel = deadlines_panel(request)
    html = render_to_string(panel["template"], {"panel": panel}, request=request)
    link = unescape(re.search(r'href="([^"]*deadline=overdue[^"]*)"', html).group(1))
    listed = client_for(officer).get(link).context["page_obj"].paginator.count
    own = Agreement.objects.filter(locality=world.a, next_due_on__lt=today).count()
    assert panel["overdue"] == own
    assert listed == own
