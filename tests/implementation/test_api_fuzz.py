"""Schemathesis against this app's endpoints only (the whole-API run lives in tests/test_api_schemathesis.py)."""
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
PATHS = r"^/api/(commitments|activities|implementation-plans|agreement-health|health-changes)/"


@pytest.mark.parametrize("persona", ["officer_a", "unit_officer", "central"])
def test_implementation_api_survives_fuzzing(world, live_server, tmp_path, persona):
    token = Token.objects.create(user=world.users[persona]).key
    schemathesis = Path(sys.executable).with_name("schemathesis")
    cmd = [str(schemathesis), "run", f"{live_server.url}/api/schema/", "--url", live_server.url,
           "-H", f"Authorization: Token {token}", "--checks", CHECKS, "--max-examples", "15",
           "--include-path-regex", PATHS, "--workers", "1", "--phases", "examples,fuzzing",
           "--request-timeout", "30", "--suppress-health-check", "all", "--no-color"]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
