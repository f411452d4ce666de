"""The shell every page shares: the navigation each user sees, and who counts as a centre manager, now read
from the scope's one query of the memberships instead of a query of their own."""
import re

import pytest
from django.urls import reverse

from ngoaivu.core import accounts
from ngoaivu.core.models import Membership, User
from ngoaivu.core.scoping import scope_of
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def nav_links(client):
    html = client.get(reverse("core:profile")).content.decode()
    nav = html.split('class="service-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'href="([^"]+)" class="service-nav__link"( aria-current="page")?', nav)


@pytest.mark.parametrize("kind,role,accounts_link,national_link", [
    ("centre", "manager", True, True),
    ("centre", "officer", False, True),
    ("locality", "manager", True, False),
    ("locality", "officer", False, False),
])
def test_navigation_follows_the_memberships(reference, client_for, kind, role, accounts_link, national_link):
    from ngoaivu.core.models import Locality
    locality = Locality.objects.current().get(code=20) if kind == "locality" else None
    user = make_user(f"{kind}_{role}", kind, role, locality=locality)
    urls = [url for url, _current in nav_links(client_for(user))]
    assert (reverse("core:user_list") in urls) is accounts_link
    assert (reverse("implementation:national") in urls) is national_link
    assert urls[0] == reverse("home")
    assert reverse("agreements:agreement_list") in urls


def test_current_item_is_marked(reference, client_for):
    user = make_user("centre_manager", "centre", "manager")
    html = client_for(user).get(reverse("core:user_list")).content.decode()
    assert f'href="{reverse("core:user_list")}" class="service-nav__link" aria-current="page"' in html
    assert f'href="{reverse("home")}" class="service-nav__link" aria-current' not in html


def test_centre_manager_comes_from_the_memberships(reference, client_for):
    user = make_user("grows", "centre", "officer")
    assert accounts.is_centre_manager(user) is False
    assert scope_of(user).centre_manager is False
    Membership.objects.filter(user=user).update(role="manager")
    fresh = User.objects.get(pk=user.pk)  # the scope is kept per request, on the user object
    assert accounts.is_centre_manager(fresh) is True
    assert accounts.manages_everything(fresh) is True
    assert reverse("core:user_list") in [url for url, _ in nav_links(client_for(fresh))]
    fresh.is_active = False
    fresh._ngoaivu_scope = None
    assert accounts.is_centre_manager(fresh) is False


# The base template's loop before the navigation was written in Python (core.context_processors._nav_html).
NAV_LOOP = """{% for item in nav_items %}
      <li><a href="{{ item.url }}" class="service-nav__link"{% if item.current %} aria-current="page"{% endif %}>{{ item.label }}</a></li>
    {% endfor %}"""


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_navigation_is_what_its_template_loop_wrote(reference, client_for, language):
    """Every persona's items, the current one marked, in both languages and under a prefix with "&"."""
    from django.template import engines
    from django.test import RequestFactory
    from django.urls import set_script_prefix
    from django.utils import translation

    from ngoaivu.core.context_processors import shell
    from ngoaivu.core.models import Locality
    province = Locality.objects.current().get(code=20)
    users = [make_user("c_m", "centre", "manager"), make_user("c_o", "centre", "officer"),
             make_user("l_m", "locality", "manager", locality=province),
             make_user("l_o", "locality", "officer", locality=province)]
    written = 0
    try:
        for prefix in ("/", "/a&b/"):
            set_script_prefix(prefix)
            for user in users:
                for path in ("/", "/agreements/", "/accounts/users/", "/nowhere/"):
                    request = RequestFactory().get(path)
                    request.user = user
                    with translation.override(language):
                        context = shell(request)
                        expected = engines["django"].from_string(NAV_LOOP).render({"nav_items": context["nav_items"]})
                        assert context["nav_html"]() == expected
                    written += expected.count("<li>")
                    assert ("&amp;b/" in expected) is (prefix != "/")
    finally:
        set_script_prefix("/")
    assert written > 50
    html = client_for(users[0]).get(reverse("core:user_list")).content.decode()
    assert html.count('class="service-nav__link" aria-current="page"') == 1
