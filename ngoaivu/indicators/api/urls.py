from rest_framework.routers import DefaultRouter

from ngoaivu.indicators.api import views

router = DefaultRouter()
router.include_root_view = False
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("indicator-observations", views.ObservationViewSet, basename="indicator-observation")
router.register("indicator-targets", views.TargetViewSet, basename="indicator-target")
router.register("indicator-values", views.ValueViewSet, basename="indicator-value")

urlpatterns = router.urls
