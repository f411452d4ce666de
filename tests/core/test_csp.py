"""Every page carries a Content-Security-Policy without inline script; the API docs relax styles only."""
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def policy(response) -> dict:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_send_a_strict_policy(world, client_for):
    manager = client_for(world.users["manager_a"])
    for response in (client_for(None).get(reverse("login")), manager.get("/"),
                     manager.get(reverse("core:user_detail", args=[world.users["officer_a"].pk])),
                     manager.get(reverse("core:locality_detail", args=[world.a.pk]))):
        csp = policy(response)
        assert csp["default-src"] == ["'self'"] and csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
        assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
        assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
        html = response.content.decode()
        # no inline script, no inline event handler, no style attribute
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
        assert not re.search(r"\son[a-z]+=", html) and " style=" not in html


def test_the_api_docs_relax_styles_but_not_scripts(world, client):
    for name in ("api-docs",):
        response = client.get(reverse(name))
        csp = policy(response)
        assert csp["script-src"] == ["'self'"] and "'unsafe-inline'" in csp["style-src"]
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode())
        assert "googleapis" not in response.content.decode()


def test_the_api_answers_carry_the_policy_too(world, client):
    assert policy(client.get(reverse("locality-list")))["default-src"] == ["'self'"]
