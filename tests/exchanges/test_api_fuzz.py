"""Fuzzes the delegation and conference endpoints from the OpenAPI schema (schemathesis CLI against a live
server): no 5xx, and status codes, content types and bodies as the schema says. The whole API is fuzzed by
tests/test_api_schemathesis.py; this one digs deeper into exchanges with more examples."""
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def test_exchanges_api_survives_fuzzing_and_matches_its_schema(world, live_server, tmp_path):
    token = Token.objects.create(user=world.users["officer_a"]).key
    cmd = [str(Path(sys.executable).with_name("schemathesis")), "run", f"{live_server.url}/api/schema/",
           "--url", live_server.url, "-H", f"Authorization: Token {token}", "--checks", CHECKS,
           "--include-path-regex", "^/api/(delegations|conferences)/", "--max-examples", "30", "--workers", "1",
           "--phases", "examples,fuzzing", "--request-timeout", "30", "--suppress-health-check", "all", "--no-color"]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert result.returncode == 0, (result.stdout + result.stderr)[-8000:]
