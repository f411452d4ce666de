from rest_framework.routers import DefaultRouter

from ngoaivu.exchanges.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("delegations", views.DelegationViewSet, basename="delegation")
router.register("conferences", views.ConferenceViewSet, basename="conference")

urlpatterns = router.urls
