"""The API answers JSON errors in Vietnamese by default (English on request), under every /api/ URL."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_anonymous_request_is_told_in_vietnamese_and_in_english_on_request(world, client):
    vi = client.get(reverse("locality-list"))
    en = client.get(reverse("locality-list"), HTTP_ACCEPT_LANGUAGE="en")
    assert vi.status_code == en.status_code == 401
    assert vi.json()["detail"].startswith("Chưa đăng nhập")
    assert en.json()["detail"] == "Authentication credentials were not provided."


def test_a_bad_token_is_told_in_vietnamese(world, client):
    response = client.get(reverse("locality-list"), HTTP_AUTHORIZATION="Token not-a-token")
    assert response.status_code == 401 and response.json()["detail"] == "Mã truy cập (token) không hợp lệ."


def test_a_missing_record_answers_the_same_vietnamese_words_without_naming_the_model(world, client_for):
    client = client_for(world.users["officer_a"])
    for url in ("/api/agreements/999999/", "/api/agreements/abc/", "/api/units/abc/"):
        response = client.get(url)
        assert response.status_code == 404 and response["Content-Type"] == "application/json", url
        assert response.json()["detail"] == "Không tìm thấy.", url


def test_every_unknown_api_url_answers_json_even_in_debug(world, client_for, settings):
    settings.DEBUG = True  # Django's debug 404 page is HTML
    client = client_for(world.users["officer_a"])
    for url in ("/api/no-such-thing/", "/api/agreements/abc/events/x/", "/api/nothing"):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["detail"] == "Không tìm thấy.", url
    # a POST too, without a CSRF token (an id the router does not match: "2.5")
    from django.test import Client
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.users["officer_a"])
    for url in ("/api/no-such-thing/", "/api/delegations/2.5/approve/"):
        response = strict.post(url, {})
        assert response.status_code == 404 and response["Content-Type"] == "application/json", url


def test_a_path_without_its_final_slash_is_still_redirected(world, client_for):
    response = client_for(world.users["officer_a"]).get("/api/localities?current=true")
    assert response.status_code == 301 and response["Location"] == "/api/localities/?current=true"


def test_validation_errors_are_in_vietnamese(world, client_for):
    response = client_for(world.users["officer_a"]).post(reverse("api-token"), {}, content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"]["username"] == ["Nhập tên đăng nhập"]
    from rest_framework import serializers
    from django.utils import translation
    with translation.override("vi"):
        field = serializers.CharField()
        with pytest.raises(serializers.ValidationError) as error:
            field.run_validation(serializers.empty)
    assert str(error.value.detail[0]) == "Trường này là bắt buộc."
    with translation.override("vi"):
        with pytest.raises(serializers.ValidationError) as error:
            serializers.IntegerField().run_validation("abc")
    assert str(error.value.detail[0]) == "Cần một số nguyên hợp lệ."
