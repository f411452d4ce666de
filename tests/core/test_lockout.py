"""Sign-in throttling per user name and address (django-axes): a lock-out cannot be used as a weapon,
and every failure looks the same."""
import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db

X, Y = "203.0.113.7", "198.51.100.9"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()  # the token endpoint's rate limit lives in the cache
    yield
    cache.clear()


def attempts():
    from axes.models import AccessAttempt  # imported late: the rest of the file also runs without axes
    return AccessAttempt.objects


def sign_in(client, username, password, ip=X):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def answer(response):
    """What a failed sign-in shows: status and the form's error."""
    return response.status_code, list(response.context["form"].non_field_errors())


def fail(client, username, times, ip=X):
    for _ in range(times):
        sign_in(client, username, "wrong-password", ip)


def test_wrong_passwords_from_one_address_lock_that_address_only(world, client):
    fail(client, "officer_a", 5, ip=X)
    locked = sign_in(client, "officer_a", "pw-officer_a-2026!", ip=X)
    assert locked.status_code == 200 and "_auth_user_id" not in client.session
    other = sign_in(client, "officer_a", "pw-officer_a-2026!", ip=Y)
    assert other.status_code == 302 and client.session["_auth_user_id"] == str(world.users["officer_a"].pk)


def test_the_superuser_is_not_locked_out_by_strangers(world, client):
    from tests.conftest import make_user
    make_user("root", "centre", "manager", is_superuser=True)
    fail(client, "root", 8, ip=X)
    assert sign_in(client, "root", "pw-root-2026!", ip=Y).status_code == 302


def test_unknown_user_wrong_password_and_locked_account_get_the_same_answer(world, client):
    unknown = answer(sign_in(client, "nobody-here", "whatever-2026"))
    wrong = answer(sign_in(client, "viewer", "whatever-2026"))
    fail(client, "officer_a", 5)
    locked = answer(sign_in(client, "officer_a", "pw-officer_a-2026!"))
    world.users["manager_a"].is_active = False
    world.users["manager_a"].save()
    inactive = answer(sign_in(client, "manager_a", "pw-manager_a-2026!"))
    assert unknown == wrong == locked == inactive
    assert unknown[0] == 200 and "Không đăng nhập được" in unknown[1][0]


def test_the_same_answer_in_english(world, client):
    client.cookies["django_language"] = "en"
    response = sign_in(client, "nobody-here", "whatever-2026")
    assert "Sign-in failed" in response.content.decode()


def test_tries_during_the_lock_do_not_extend_it(world, client):
    fail(client, "officer_a", 5)
    attempt = attempts().get(username="officer_a", ip_address=X)
    fail(client, "officer_a", 3)
    again = attempts().get(pk=attempt.pk)
    assert again.failures_since_start == 5 and again.attempt_time == attempt.attempt_time


def test_the_lock_expires_after_the_cool_off(world, client, settings):
    fail(client, "officer_a", 5)
    assert sign_in(client, "officer_a", "pw-officer_a-2026!").status_code == 200
    attempts().update(attempt_time=dt.datetime.now(dt.timezone.utc)
                                 - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1))
    assert sign_in(client, "officer_a", "pw-officer_a-2026!").status_code == 302


def test_a_successful_sign_in_clears_the_count(world, client):
    fail(client, "officer_a", 4)
    assert sign_in(client, "officer_a", "pw-officer_a-2026!").status_code == 302
    client.logout()
    fail(client, "officer_a", 4)
    assert sign_in(client, "officer_a", "pw-officer_a-2026!").status_code == 302


def token(client, username, password, ip=X):
    return client.post(reverse("api-token"), {"username": username, "password": password},
                       content_type="application/json", REMOTE_ADDR=ip)


def test_the_token_endpoint_counts_failures_the_same_way(world, client):
    unknown = token(client, "nobody-here", "whatever-2026")
    for _ in range(5):
        wrong = token(client, "officer_a", "wrong-password")
    locked = token(client, "officer_a", "pw-officer_a-2026!")
    assert unknown.status_code == wrong.status_code == locked.status_code == 401
    assert unknown.json() == wrong.json() == locked.json()
    assert attempts().get(username="officer_a", ip_address=X).failures_since_start == 5
    # the page shares the count: the same pair is locked there too, another address is not
    assert sign_in(client, "officer_a", "pw-officer_a-2026!", ip=X).status_code == 200
    assert token(client, "officer_a", "pw-officer_a-2026!", ip=Y).status_code == 200


def test_a_token_is_refused_while_its_account_is_locked_from_that_address(world, client, settings):
    key = token(client, "officer_a", "pw-officer_a-2026!").json()["token"]
    url = reverse("locality-list")
    fail(client, "officer_a", 5, ip=X)
    refused = client.get(url, HTTP_AUTHORIZATION=f"Token {key}", REMOTE_ADDR=X)
    assert refused.status_code == 401 and "Không đăng nhập được" in refused.json()["detail"]
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {key}", REMOTE_ADDR=Y).status_code == 200
    attempts().update(attempt_time=dt.datetime.now(dt.timezone.utc)
                                 - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1))
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {key}", REMOTE_ADDR=X).status_code == 200


def test_behind_a_proxy_the_forwarded_address_is_counted(world, client, settings):
    settings.NGOAIVU_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for _ in range(5):
        client.post(reverse("login"), {"username": "officer_a", "password": "wrong"}, REMOTE_ADDR=proxy,
                    HTTP_X_FORWARDED_FOR=f"1.2.3.4, {X}")
    assert attempts().get(username="officer_a").ip_address == X
    ok = client.post(reverse("login"), {"username": "officer_a", "password": "pw-officer_a-2026!"},
                     REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=Y)
    assert ok.status_code == 302


def test_a_user_name_longer_than_any_account_is_a_form_error_not_a_failure_record(world, client):
    """The sign-in page's twin of the token endpoint's check: django-axes' record holds 255 characters, and
    PostgreSQL refuses more. The form's own limit (150, the model's) answers first, naming the field."""
    response = sign_in(client, "x" * 300, "wrong-password")
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "150" in " ".join(response.context["form"].errors["username"])
    assert not attempts().exists()


def test_the_admin_sign_in_records_a_too_long_user_name_cut_to_fit(world, client):
    """The admin's sign-in page has Django's own form, which does not check the length; django-axes
    records the first 255 characters, all its column holds."""
    response = client.post(reverse("admin:login"), {"username": "z" * 300, "password": "wrong-password"},
                           REMOTE_ADDR=X)
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert list(attempts().values_list("username", flat=True)) == ["z" * 255]


def change_password(client, old, new="Mat-khau-moi-2026!", ip=X, url=None):
    return client.post(url or reverse("core:password_change"),
                       {"old_password": old, "new_password1": new, "new_password2": new}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("url_name", ["core:password_change", "admin:password_change"])
def test_guessing_the_current_password_with_a_stolen_session_locks_like_a_sign_in(world, client, url_name):
    """Whoever holds a signed-in session (a stolen cookie, a computer left open) cannot try current
    passwords without limit on the change-password page (nor the admin's): wrong ones count as failed
    sign-ins of that account from that address, and after as many as lock a sign-in the page refuses even
    the right one, saying so in Vietnamese — and the sign-in page from there is locked too."""
    user = world.users["officer_a"]
    if url_name.startswith("admin"):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(user)
    url = reverse(url_name)
    for _ in range(5):
        wrong = change_password(client, "wrong-password", url=url)
        assert wrong.status_code == 200 and wrong.context["form"].errors["old_password"]
    attempt = attempts().get(username="officer_a", ip_address=X)
    assert attempt.failures_since_start == 5
    assert "wrong-password" not in attempt.post_data and "Mat-khau-moi" not in attempt.post_data
    locked = change_password(client, "pw-officer_a-2026!", url=url)
    assert locked.status_code == 200
    assert "nhập sai quá nhiều lần" in " ".join(locked.context["form"].errors["old_password"])
    user.refresh_from_db()
    assert user.check_password("pw-officer_a-2026!")
    client.logout()
    assert sign_in(client, "officer_a", "pw-officer_a-2026!", ip=X).status_code == 200
    # from another address the owner still changes it
    client.force_login(user)
    assert change_password(client, "pw-officer_a-2026!", ip=Y).status_code == 302
