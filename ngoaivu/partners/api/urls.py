from rest_framework.routers import DefaultRouter

from ngoaivu.partners.api import views

router = DefaultRouter()
router.register("partners", views.PartnerViewSet, basename="partner")

urlpatterns = router.urls
