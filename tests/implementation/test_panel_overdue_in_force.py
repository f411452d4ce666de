"""The home panel's overdue commitments are those of agreements in force, in its total, its list and the list
its link opens. The total (the summary rows, kept per agreement in force by the sweep) counted agreements in
force only, while the list showed open past-due commitments of any of the province's agreements (expired,
terminated) and the link opened every overdue commitment the officer may see: "3" above a list of 8."""
import datetime
import re
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from ngoaivu.core import sweep
from ngoaivu.implementation.models import Commitment
from ngoaivu.implementation.views import home_panel
from tests.implementation.factories import agreement

pytestmark = pytest.mark.django_db

LIST = reverse("implementation:commitment_list")


def _commitments(locality, status, n, unit=None, first_due=60, title=""):
    """n open commitments past due under one agreement of `status` (due earliest first from `first_due` days
    ago, so those of the expired agreement come first in the panel's due-date order)."""
    today = datetime.date.today()
    a = agreement(locality, title=title or f"Thỏa thuận {status}")
    # The status straight in the row, as the register's refresh of status leaves it (the health sweep keeps it).
    type(a).objects.filter(pk=a.pk).update(status=status)
    return {Commitment.objects.create(agreement=a, description=f"{status} {unit.pk if unit else ''} cam kết {i}",
                                      status="pending" if i % 2 else "in_progress", responsible_unit=unit,
                                      due_on=today - datetime.timedelta(days=first_due - i)).pk
            for i in range(n)}


def _panel(user):
    request = RequestFactory().get("/")
    request.user = user
    panel = home_panel(request)
    return panel, render_to_string(panel["template"], {"panel": panel}, request=request)


def _listed(client, query):
    """The commitments of the list page opened with `query` (every page of it: the paginator's rows)."""
    page = client.get(f"{LIST}?{query}")
    assert page.status_code == 200
    paginator = page.context["page_obj"].paginator
    return paginator.count, {c.pk for c in paginator.object_list}


def _check(world, client_for, user, in_force, expired):
    """The panel's total, its rows and the list its link opens are the same set: the in-force ones."""
    panel, html = _panel(user)
    shown = {c.pk for c in panel["overdue"]}
    total = panel["overdue_total"]
    assert len(shown) == min(total, 8)
    assert not shown & expired, "an expired agreement's commitment on the panel"
    count, rows = _listed(client_for(user), unescape(panel["overdue_filter"]))
    assert count == total == len(rows)
    assert in_force <= rows and not rows & expired and shown <= rows
    for pk in expired:
        assert f"/commitments/{pk}/" not in html
    links = [unescape(link) for link in re.findall(r'href="[^"]*\?([^"]*overdue=true[^"]*)"', html)]
    if total > len(shown):  # the panel writes its link only when it lists fewer than it counted
        assert links and all(_listed(client_for(user), link) == (count, rows) for link in links)
    else:
        assert total == len(shown) and not links
    assert 'data-testid="overdue-hint"' in html
    return total


@pytest.mark.parametrize("n", [3, 10])
def test_the_province_panel_counts_lists_and_links_the_commitments_of_agreements_in_force(world, client_for, n):
    officer = world.users["officer_a"]
    before = _panel(officer)[0]["overdue_total"]
    in_force = _commitments(world.a, "in_force", n, first_due=40)
    expired = _commitments(world.a, "expired", 3) | _commitments(world.a, "terminated", 2, first_due=70)
    sweep.run(only="health")
    assert _check(world, client_for, officer, in_force, expired) == before + n
    assert (before + n < 8) == (n == 3)  # one case lists all it counts, the other links to the rest


@pytest.mark.parametrize("n", [2, 9])
def test_a_units_panel_counts_lists_and_links_its_own_commitments_of_agreements_in_force(world, client_for, n):
    officer, unit = world.users["unit_officer"], world.records["unit_a"]
    before = _panel(officer)[0]["overdue_total"]
    in_force = _commitments(world.a, "in_force", n, unit=unit, first_due=40)
    expired = _commitments(world.a, "expired", 3, unit=unit)
    others = _commitments(world.a, "in_force", 2, title="Thỏa thuận khác")  # the province's, no unit's
    sweep.run(only="health")
    assert _check(world, client_for, officer, in_force, expired | others) == before + n
    assert (before + n < 8) == (n == 2)
    # the province's officer counts the unit's in-force commitments and the others, never the expired
    _check(world, client_for, world.users["officer_a"], in_force | others, expired)


def test_the_commitment_list_filters_on_the_agreement_in_force(world, client_for):
    client = client_for(world.users["officer_a"])
    in_force = _commitments(world.a, "in_force", 2)
    expired = _commitments(world.a, "expired", 2)
    _count, yes = _listed(client, "in_force=true&overdue=true")
    _count, no = _listed(client, "in_force=false&overdue=true")
    _count, every = _listed(client, "overdue=true")
    assert in_force <= yes and not yes & expired
    assert expired <= no and not no & in_force
    assert yes | no == every and not yes & no
    page = client.get(LIST).content.decode()
    assert 'name="in_force"' in page and "Thỏa thuận đang có hiệu lực" in page
    client.cookies["django_language"] = "en"
    assert "Agreement in force" in client.get(LIST).content.decode()
    with translation.override("en"):
        assert "Only commitments of agreements in force are counted." in _panel(world.users["officer_a"])[1]
