from django.contrib import admin
from django.urls import include, path
from django.contrib.auth import views as auth_views
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from ngoaivu.core import views as core_views

api_patterns = [
    path("", include("ngoaivu.core.api.urls")),
    path("", include("ngoaivu.partners.api.urls")),
    path("", include("ngoaivu.agreements.api.urls")),
    path("", include("ngoaivu.exchanges.api.urls")),
    path("", include("ngoaivu.implementation.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
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
    path("api/", include(api_patterns)),
    path("admin/", admin.site.urls),
]

handler404 = "ngoaivu.core.views.page_not_found"
