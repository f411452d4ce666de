from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe

from ngoaivu.core.registry import NAV
from ngoaivu.core.rows import escape

# The navigation's URLs take no arguments, so they depend only on the script prefix: reversed once per
# prefix, not ~10 times per request (a third of the shell's cost on every page).
_NAV_URLS: dict[tuple[str, str], str] = {}


def _nav_url(url_name):
    key = (get_script_prefix(), url_name)
    url = _NAV_URLS.get(key)
    if url is None:
        url = _NAV_URLS[key] = reverse(url_name)
    return url


# The links of the base template's header and footer, reversed once per prefix like the navigation's.
_SHELL_URLS = {"home": "home", "profile": "core:profile", "password_change": "core:password_change",
               "logout": "logout", "set_language": "set_language", "api_docs": "api-docs"}


def shell(request):
    """Navigation and the links of the base template."""
    user = getattr(request, "user", None)
    nav = []
    if user is not None and user.is_authenticated:
        path = request.path
        for item in NAV:
            if item.visible is None or item.visible(user):
                url = _nav_url(item.url_name)
                current = path == url if url == "/" else path.startswith(url)
                nav.append({"label": item.label, "url": url, "current": current})
    return {"nav_items": nav, "nav_html": lambda: _nav_html(nav),
            "shell_urls": {key: _nav_url(name) for key, name in _SHELL_URLS.items()}}


def _nav_html(nav) -> SafeString:
    """The navigation's items as the base template's loop wrote them, whitespace included: written here (a
    template loop cost a quarter of a millisecond on every page); called by the template only where it shows
    the navigation (a panel loaded after its page draws none)."""
    current = ' aria-current="page"'
    return mark_safe("".join(f'\n      <li><a href="{escape(item["url"])}" class="service-nav__link"'
                             f'{current if item["current"] else ""}>{escape(item["label"])}</a></li>\n    '
                             for item in nav))
