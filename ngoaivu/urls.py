from django.contrib import admin
from django.urls import include, path
from django.contrib.auth import views as auth_views
from django.views.i18n import set_language
from csp.decorators import csp_update
from django.urls import re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from ngoaivu.core import views as core_views

DOCS_CSP = {"style-src": ["'unsafe-inline'"], "img-src": ["data:"], "worker-src": ["'self'", "blob:"]}

api_patterns = [
    path("", include("ngoaivu.core.api.urls")),
    path("", include("ngoaivu.partners.api.urls")),
    path("", include("ngoaivu.agreements.api.urls")),
    path("", include("ngoaivu.exchanges.api.urls")),
    path("", include("ngoaivu.implementation.api.urls")),
    path("", include("ngoaivu.indicators.api.urls")),
    path("", include("ngoaivu.reports.api.urls")),
    path("", include("ngoaivu.coordination.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The docs' front ends set inline styles and run workers: relaxed there only (see settings' CSP).
    # The split view serves Swagger UI's start-up script as a file, so no inline script is needed.
    path("docs/", csp_update(DOCS_CSP)(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="api-docs"),
    # Anything else under /api/ answers a JSON 404 (a non-integer id, a mistyped path), in DEBUG too.
    re_path(r"^.*$", core_views.api_not_found),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/login/", core_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("ngoaivu.core.urls")),
    path("partners/", include("ngoaivu.partners.urls")),
    path("agreements/", include("ngoaivu.agreements.urls")),
    path("exchanges/", include("ngoaivu.exchanges.urls")),
    path("implementation/", include("ngoaivu.implementation.urls")),
    path("indicators/", include("ngoaivu.indicators.urls")),
    path("reports/", include("ngoaivu.reports.urls")),
    path("api/", include(api_patterns)),
    # The admin's own change-password page checks the current password too: served by core's page, so
    # wrong guesses count towards the sign-in lock there as well and the change revokes the API token.
    path("admin/password_change/", core_views.PasswordChangeView.as_view()),
    path("admin/", admin.site.urls),
    path("coordination/", include("ngoaivu.coordination.urls")),
]

handler404 = "ngoaivu.core.views.page_not_found"
