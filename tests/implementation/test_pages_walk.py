"""The generic URL walk restricted to this app's URLs (quick to run while working on the app)."""
import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.url_expectations.implementation import CASES


@pytest.mark.django_db
def test_implementation_urls_answer_every_persona_as_expected(world, client_for):
    failures = []
    for name, case in sorted(CASES.items()):
        url = reverse(name, kwargs=case.url_kwargs(world)) + case.query
        for persona in PERSONAS:
            response = getattr(client_for(world.users[persona]), case.method)(url)
            if response.status_code != case.expect[persona]:
                failures.append(f"{persona:>16} {url} ({name}): {response.status_code}, expected {case.expect[persona]}")
    assert not failures, "\n" + "\n".join(failures)


@pytest.mark.django_db
def test_home_page_shows_the_panel_to_every_persona(world, client_for):
    for persona in PERSONAS[1:]:
        assert client_for(world.users[persona]).get("/").status_code == 200
