from django.urls import reverse

from ngoaivu.core.registry import NAV


def shell(request):
    """Navigation and the user's scope for the base template."""
    user = getattr(request, "user", None)
    nav = []
    if user is not None and user.is_authenticated:
        path = request.path
        for item in NAV:
            if item.visible is None or item.visible(user):
                url = reverse(item.url_name)
                current = path == url if url == "/" else path.startswith(url)
                nav.append({"label": item.label, "url": url, "current": current})
    return {"nav_items": nav}
