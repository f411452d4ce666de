"""Home panels loaded after the page (issue 9): the page writes a placeholder for each, htmx swaps in the
panel from core:home_panel. The assembled page must be the page the home view rendered with every panel
inline, for every persona, and the page itself must not read the register."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ngoaivu.core import registry
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db
PLACEHOLDER = re.compile(r'<div class="summary-card" data-lazy-panel="([a-z-]+)"[\s\S]*?</div>')


def normalised(html: str) -> str:
    """The page without what differs between two renders of the same data: the masked CSRF token, and
    the whitespace between tags (a panel that is empty leaves the loop's indentation behind)."""
    html = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1", html)
    html = re.sub(r'("csrfToken"|X-CSRFToken&quot;|X-CSRFToken")[^,}]*', "", html)
    return re.sub(r">\s+<", "><", html).strip()


def assembled(client) -> str:
    """What the browser shows once htmx has loaded every placeholder of the home page."""
    page = client.get("/").content.decode()

    def fragment(match):
        response = client.get(reverse("core:home_panel", args=[match.group(1)]), HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        return response.content.decode()
    return PLACEHOLDER.sub(fragment, page)


# Every panel that reads records is loaded after the page; in the page's order (missions 5, register 20, 30).
REGISTER_PANELS = ["agreements-deadlines", "implementation", "exchanges"]


def test_every_home_panel_is_loaded_after_the_page():
    assert set(registry.LAZY_PANELS) == {"missions", *REGISTER_PANELS}
    assert all(registry.lazy_name_of(func) for _order, func in registry.HOME_PANELS)


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_the_page_with_its_panels_loaded_is_the_page_rendered_inline(world, client_for, persona, monkeypatch):
    client = client_for(world.users[persona])
    lazy = assembled(client)
    monkeypatch.setattr(registry, "LAZY_PANELS", {})
    import ngoaivu.core.views as core_views
    monkeypatch.setattr(core_views, "LAZY_PANELS", {})
    inline = client.get("/").content.decode()
    assert normalised(lazy) == normalised(inline)


def test_the_page_places_a_panel_only_for_who_has_a_register_and_does_not_read_it(world, client_for):
    expected = {"central": REGISTER_PANELS, "officer_a": REGISTER_PANELS, "unit_officer": REGISTER_PANELS,
                "viewer": REGISTER_PANELS, "mission_officer": ["missions"]}
    for persona, names in expected.items():
        client = client_for(world.users[persona])
        client.get("/")  # session and caches warmed
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/").content.decode()
        assert PLACEHOLDER.findall(page) == names, persona
        read = " ".join(q["sql"] for q in queries.captured_queries)
        for table in ("implementation_commitment", "agreements_event", "agreements_agreement",
                      "exchanges_delegation", "exchanges_conference"):
            assert table not in read, (persona, table)
        # (the memberships the page lists are read with their mission's name; the missions panel is not)
        assert 'FROM "core_mission"' not in read, persona


@pytest.mark.parametrize("name", sorted(registry.LAZY_PANELS))
def test_every_panel_answers_every_persona(world, client_for, name):
    """The URL walk takes one panel (core:home_panel, "implementation"); this walks them all: every signed-in
    persona gets the panel or an empty answer, never an error, and no id printed with a thousands
    separator; a visitor not signed in is sent to the sign-in page."""
    from tests.test_url_walk import localised_ids
    url = reverse("core:home_panel", args=[name])
    for persona in PERSONAS:
        client = client_for(world.users[persona])
        for headers in ({"HTTP_HX_REQUEST": "true"}, {}):
            for method in ("get", "post"):  # the view reads: a POST is answered as a GET
                response = getattr(client, method)(url, **headers)
                assert response.status_code == (302 if persona == "anonymous" else 200), (persona, method)
                assert not localised_ids(response), (persona, name)


def test_the_exchanges_and_missions_panels_show_the_users_own(world, client_for):
    from ngoaivu.core.models import Mission
    url = reverse("core:home_panel", args=["exchanges"])
    a_panel = client_for(world.users["officer_a"]).get(url, HTTP_HX_REQUEST="true")
    assert a_panel.context["panel"]["locality"] == world.a
    assert world.delegation_a.title in a_panel.content.decode()
    b_panel = client_for(world.users["officer_b"]).get(url, HTTP_HX_REQUEST="true")
    assert b_panel.context["panel"]["locality"] == world.b
    assert world.delegation_a.title not in b_panel.content.decode()
    # a mission officer has no delegations of their own to count: no exchanges panel, but their mission's
    mission_client = client_for(world.users["mission_officer"])
    assert mission_client.get(url, HTTP_HX_REQUEST="true").content == b""
    missions = mission_client.get(reverse("core:home_panel", args=["missions"]), HTTP_HX_REQUEST="true")
    own = Mission.objects.filter(pk__in=world.users["mission_officer"].scope.mission_ids)
    assert own.exists() and list(missions.context["panel"]["missions"]) == list(own.order_by("name"))
    assert all(m.name in missions.content.decode() for m in own)
    assert client_for(world.users["officer_a"]).get(
        reverse("core:home_panel", args=["missions"]), HTTP_HX_REQUEST="true").content == b""


def test_a_panel_shows_the_users_scope_only(world, client_for):
    from ngoaivu.agreements.models import Agreement
    own = Agreement.objects.filter(locality=world.a, status="in_force").first()
    other = Agreement.objects.filter(locality=world.b, status="in_force").first()
    url = reverse("core:home_panel", args=["implementation"])
    a_panel = client_for(world.users["officer_a"]).get(url, HTTP_HX_REQUEST="true")
    b_panel = client_for(world.users["officer_b"]).get(url, HTTP_HX_REQUEST="true")
    assert a_panel.context["panel"]["counts"]["total"] == Agreement.objects.filter(
        locality=world.a, status="in_force").count()
    assert b_panel.context["panel"]["counts"]["total"] == Agreement.objects.filter(
        locality=world.b, status="in_force").count()
    assert own is not None and other is not None
    # opened without htmx (no JavaScript): the panel in a page of its own
    page = client_for(world.users["officer_a"]).get(url)
    assert "<html" in page.content.decode() and "implementation/panel_province.html" in [
        t.name for t in page.templates]


def test_an_unknown_or_empty_panel(world, client_for):
    client = client_for(world.users["mission_officer"])
    assert client.get(reverse("core:home_panel", args=["nothing"])).status_code == 404
    # a mission has no register: the panel is empty (htmx removes the box), the page says so
    assert client.get(reverse("core:home_panel", args=["implementation"]), HTTP_HX_REQUEST="true").content == b""
    assert "Chưa có việc gì cần chú ý" in client.get(reverse("core:home_panel", args=["implementation"])).content.decode()
