"""The OpenAPI schema is valid and drf-spectacular has nothing to warn about (no guessed types)."""
import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    text = (tmp_path / "schema.yaml").read_text(encoding="utf-8")
    for path in ("/api/agreements/", "/api/delegations/", "/api/conferences/", "/api/commitments/",
                 "/api/activities/", "/api/localities/", "/api/auth/token/"):
        assert f"{path}:" in text, path
