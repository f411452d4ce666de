from rest_framework.routers import DefaultRouter

from ngoaivu.partners.api import missions, views

router = DefaultRouter()
router.register("partners", views.PartnerViewSet, basename="partner")
router.register("partner-warnings", views.PartnerWarningViewSet, basename="partner-warning")
router.register("missions", missions.MissionViewSet, basename="mission")

urlpatterns = router.urls
