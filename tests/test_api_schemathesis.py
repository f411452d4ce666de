"""Fuzzes the whole API from its OpenAPI schema against a live server (schemathesis CLI).

Two personas: a province officer (writes allowed in their province) and the central officer. Checks: no
5xx, status codes / content types / bodies conform to the schema.
"""
import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def _warm_schema(live_server, token):
    """Build the schema once before schemathesis loads it: its loader gives up after 10 s, which the first
    (cold) generation of the whole API's schema can take on a loaded machine."""
    request = urllib.request.Request(f"{live_server.url}/api/schema/", headers={"Authorization": f"Token {token}"})
    with urllib.request.urlopen(request, timeout=300) as response:
        response.read()


def _run_schemathesis(live_server, token, tmp_path):
    _warm_schema(live_server, token)
    schemathesis = Path(sys.executable).with_name("schemathesis")
    cmd = [str(schemathesis), "run", f"{live_server.url}/api/schema/", "--url", live_server.url,
           "-H", f"Authorization: Token {token}", "--checks", CHECKS, "--max-examples", "12",
           "--workers", "1", "--phases", "examples,fuzzing", "--request-timeout", "30",
           "--suppress-health-check", "all", "--no-color"]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    return result


@pytest.mark.parametrize("persona", ["officer_a", "central"])
def test_api_survives_fuzzing_and_matches_its_schema(world, live_server, tmp_path, persona):
    token = Token.objects.create(user=world.users[persona]).key
    result = _run_schemathesis(live_server, token, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
