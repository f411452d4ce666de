"""Fuzzes the whole API from its OpenAPI schema against a live server (schemathesis CLI).

Two personas: a province officer (writes allowed in their province) and the central officer. Checks: no
5xx, status codes / content types / bodies conform to the schema.

Where the inputs come from: a new random seed every run, so that each run tries inputs no run tried
before (a failure prints its seed and an `st replay` command). CI (.ci/run) sets one fixed seed in
NGOAIVU_FUZZ_SEED, so that a submission is judged by the same inputs every time; a fault a random run finds
is mended and stays covered by a test of its own. NGOAIVU_FUZZ_EXAMPLES sets the inputs per operation
(12), e.g. 60 for a longer hunt.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def _run_schemathesis(live_server, token, tmp_path):
    schemathesis = Path(sys.executable).with_name("schemathesis")
    # The schema from a file written in this process, the same the server answers at /api/schema/: the
    # CLI gives up loading a schema after 10 s, which a loaded CI machine's first request can take.
    from django.core.management import call_command
    schema = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(schema))
    cmd = [str(schemathesis), "run", str(schema), "--url", live_server.url,
           "-H", f"Authorization: Token {token}", "--checks", CHECKS,
           "--max-examples", os.environ.get("NGOAIVU_FUZZ_EXAMPLES", "12"),
           "--workers", "1", "--phases", "examples,fuzzing", "--request-timeout", "30",
           "--suppress-health-check", "all", "--no-color"]
    if os.environ.get("NGOAIVU_FUZZ_SEED"):
        cmd += ["--seed", os.environ["NGOAIVU_FUZZ_SEED"]]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    return result


@pytest.mark.parametrize("persona", ["officer_a", "central"])
def test_api_survives_fuzzing_and_matches_its_schema(world, live_server, tmp_path, persona):
    token = Token.objects.create(user=world.users[persona]).key
    result = _run_schemathesis(live_server, token, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
