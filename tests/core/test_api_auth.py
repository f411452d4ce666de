import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_token_endpoint_returns_a_token_that_authenticates(world, client):
    response = client.post(reverse("api-token"), {"username": "officer_a", "password": "pw-officer_a-2026!"},
                           content_type="application/json")
    assert response.status_code == 200
    token = response.json()["token"]
    listing = client.get(reverse("locality-list") + "?current=true", HTTP_AUTHORIZATION=f"Token {token}")
    assert listing.status_code == 200 and listing.json()["count"] == 34


def test_token_endpoint_refuses_a_wrong_password_with_a_vietnamese_message(world, client):
    response = client.post(reverse("api-token"), {"username": "officer_a", "password": "nope"},
                           content_type="application/json")
    assert response.status_code == 401
    assert "không đúng" in response.json()["detail"]



def test_token_endpoint_refuses_a_nul_character_with_a_400_naming_the_field(world, client):
    """Found by schemathesis on PostgreSQL: a NUL in the user name reached django-axes' failure record,
    which PostgreSQL cannot store (a 500). It is refused before any sign-in is tried or recorded."""
    from axes.models import AccessAttempt
    response = client.post(reverse("api-token"), {"username": "officer_a\x00", "password": "nope"},
                           content_type="application/json")
    assert response.status_code == 400
    assert "username" in response.json()["errors"]
    assert not AccessAttempt.objects.exists()


def test_token_endpoint_refuses_a_user_name_longer_than_any_account_with_a_400(world, client):
    """Found by schemathesis on PostgreSQL: a 300-character user name reached django-axes' failure record,
    whose column holds 255 (a 500). No account's name is longer than 150, so it is refused, naming the
    field, before any sign-in is tried or recorded; a name of exactly 150 is an ordinary failed sign-in."""
    from axes.models import AccessAttempt
    response = client.post(reverse("api-token"), {"username": "x" * 300, "password": "nope"},
                           content_type="application/json")
    assert response.status_code == 400
    assert "150" in response.json()["errors"]["username"][0]
    assert not AccessAttempt.objects.exists()
    response = client.post(reverse("api-token"), {"username": "y" * 150, "password": "nope"},
                           content_type="application/json")
    assert response.status_code == 401
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["y" * 150]


def test_api_search_over_localities_is_diacritic_insensitive(world, client_for):
    data = client_for(world.users["officer_a"]).get(reverse("locality-list") + "?q=bac giang").json()
    assert [row["short_name"] for row in data["results"]] == ["Bắc Giang"]


def test_api_countries_use_foreign_ministry_names(world, client_for):
    data = client_for(world.users["officer_a"]).get(reverse("api-countries"), HTTP_ACCEPT_LANGUAGE="vi").json()
    names = {row["code"]: row["name"] for row in data}
    assert names["US"] == "Hoa Kỳ" and names["KR"] == "Hàn Quốc" and names["IS"] == "Ai-xơ-len"


def test_api_404_is_json(world, client_for):
    response = client_for(world.users["officer_a"]).get("/api/sectors/not-a-number/")
    assert response.status_code == 404
