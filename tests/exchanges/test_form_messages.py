"""Messages of the conference form read as sentences: the outside test found "Chọn cơ quan tổ chức là" (and
"Choose the organiser is" in English), the required message built from a label that is a question stem."""
import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language, message", [("vi", "Chọn loại cơ quan tổ chức"),
                                               ("en", "Choose the kind of organiser")])
def test_an_empty_conference_names_the_organiser_kind_in_a_sentence(world, client_for, language, message):
    with translation.override(language):
        response = client_for(world.users["officer_a"]).post(
            reverse("exchanges:conference_create"), {"title": ""}, HTTP_ACCEPT_LANGUAGE=language)
        errors = list(response.context["form"]["organiser_kind"].errors)
    assert response.status_code == 200
    assert errors == [message]


def test_the_timeline_shows_the_stored_reasons_in_the_readers_language(world, client_for):
    """The outside test read "Lập kế hoạch đoàn" on the English delegation page: the timeline wrote the
    reason as stored (in Vietnamese) where the register's pages translate it (core.stored_text)."""
    from tests.exchanges.factories import delegation
    d = delegation(world.users["officer_a"], world.a)
    client = client_for(world.users["officer_a"])
    client.cookies["django_language"] = "en"
    timeline = client.get(d.get_absolute_url()).content.decode().split('id="timeline-title"')[1]
    assert "Delegation planned" in timeline and "Lập kế hoạch đoàn" not in timeline
