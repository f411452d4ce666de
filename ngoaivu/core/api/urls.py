from django.urls import path
from rest_framework.routers import DefaultRouter

from ngoaivu.core.api import views

router = DefaultRouter()
router.register("localities", views.LocalityViewSet, basename="locality")
router.register("units", views.UnitViewSet, basename="unit")
router.register("sectors", views.SectorViewSet, basename="sector")

urlpatterns = [
    path("auth/token/", views.ObtainTokenView.as_view(), name="api-token"),
    path("countries/", views.CountryListView.as_view(), name="api-countries"),
    *router.urls,
]
