from rest_framework.routers import DefaultRouter

from ngoaivu.partners.api import missions, opportunities, views

router = DefaultRouter()
router.register("partners", views.PartnerViewSet, basename="partner")
router.register("partner-warnings", views.PartnerWarningViewSet, basename="partner-warning")
router.register("missions", missions.MissionViewSet, basename="mission")
router.register("opportunities", opportunities.OpportunityViewSet, basename="opportunity")
router.register("opportunity-interests", opportunities.InterestViewSet, basename="opportunity-interest")

urlpatterns = router.urls
