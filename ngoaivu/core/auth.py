"""Sign-in throttling (django-axes) and the API's token authentication.

django-axes counts failed sign-ins per *user name and client address* together (AXES_LOCKOUT_PARAMETERS),
so guessing a password from one address locks that address out of that account, while the person who
owns it still signs in from their own office: a lock-out can no longer be used to keep a colleague, or the
superuser, out. Every failure answers the same message (wrong password, unknown user, locked), so the
page does not tell which user names exist. The token endpoint goes through the same `authenticate()` and
is counted the same way; a token presented from an address locked out of its account is refused while
the lock holds.
"""
from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions


def login_failed_message() -> str:
    """The one answer to every failed sign-in (page and API)."""
    return _("Không đăng nhập được: tên đăng nhập hoặc mật khẩu không đúng, hoặc đã nhập sai quá nhiều lần "
             "(khi đó hãy chờ %(minutes)s phút rồi thử lại).") % {"minutes": settings.LOCKOUT_MINUTES}


def client_ip(request) -> str:
    """The client's address. Behind NGOAIVU_PROXY_COUNT trusted reverse proxies, the address the
    nearest trusted proxy saw, read from the right of X-Forwarded-For (the left part is the client's to
    forge); without proxies, REMOTE_ADDR (X-Forwarded-For is then ignored: anyone can send it)."""
    count = settings.NGOAIVU_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def recorded_username(request, credentials=None) -> str | None:
    """The user name django-axes counts and records: as axes would read it, cut to its column's 255
    characters, beyond which PostgreSQL refuses it. The sign-in page and the token endpoint refuse such
    names before signing in; this covers every other way in (the admin's sign-in page)."""
    from axes.models import AccessAttempt
    field = settings.AXES_USERNAME_FORM_FIELD
    username = credentials.get(field) if credentials else getattr(request, "data", request.POST).get(field)
    if not isinstance(username, str):
        return username
    return username[:AccessAttempt._meta.get_field("username").max_length]


def lockout_response(request, original_response=None, credentials=None):
    """axes' answer when it refuses a sign-in: the page the view rendered anyway (the login form with the
    same error as a wrong password, or the API's 401), so a locked account looks like any failure."""
    if original_response is not None:
        return original_response
    from django.http import JsonResponse
    return JsonResponse({"detail": login_failed_message()}, status=401)


def is_locked_out(request, username: str) -> bool:
    """Whether sign-ins to `username` from this request's address are locked."""
    from axes.handlers.proxy import AxesProxyHandler
    return not AxesProxyHandler.is_allowed(getattr(request, "_request", request), {"username": username})


def current_password_locked_message() -> str:
    """The change-password page's answer while its guesses are locked (names the field)."""
    return _("Mật khẩu hiện tại: đã nhập sai quá nhiều lần; hãy chờ %(minutes)s phút rồi thử lại.") % {
        "minutes": settings.LOCKOUT_MINUTES}


def count_wrong_current_password(request, user) -> None:
    """A wrong current password typed by a signed-in user counts as a failed sign-in of that account from
    this address: whoever holds a stolen session must not guess the password without limit where the
    sign-in page would lock them out. django-axes records it as it records the sign-in page's failures
    (the same signal authenticate() sends), so both pages share one count and one lock."""
    from django.contrib.auth.signals import user_login_failed
    user_login_failed.send(sender=__name__, credentials={settings.AXES_USERNAME_FORM_FIELD: user.get_username()},
                           request=request)


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, refused while the account is locked out for the client's address
    (someone who guessed the password there must not keep using a token they fetched before)."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and settings.AXES_ENABLED and is_locked_out(request, result[0].get_username()):
            raise exceptions.AuthenticationFailed(login_failed_message())
        return result
