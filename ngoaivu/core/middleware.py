"""Request checks that hold for every view, before any view reads the request."""
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class RejectNulMiddleware:
    """Answer 400 to a request whose path or query string carries a NUL character (U+0000).

    PostgreSQL cannot hold NUL in a text value: a filter on one raises an error (a 500) where SQLite
    simply matches nothing. Forms and serializers refuse NUL already (Django's
    ProhibitNullCharactersValidator), but views that read a query parameter themselves — a search box,
    an indicator code, a period — do not, and each would need its own guard. One check here covers them
    all. Form bodies are left to the forms: reading request.POST here would parse uploads before the
    view can choose its upload handlers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bad = "\x00" in request.path or [
            key for key, values in request.GET.lists() if "\x00" in key or any("\x00" in v for v in values)]
        if bad:
            message = _("Địa chỉ chứa ký tự không hợp lệ (NUL).")
            if request.path.startswith("/api/"):
                fields = {key.replace("\x00", ""): [message] for key in bad} if isinstance(bad, list) else {}
                return JsonResponse({"detail": message, "errors": fields}, status=400)
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)
