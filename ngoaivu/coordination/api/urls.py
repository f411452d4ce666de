from rest_framework.routers import DefaultRouter

from ngoaivu.coordination.api import views

router = DefaultRouter()
router.register("coordination/report-requests", views.ReportRequestViewSet, basename="coordination-request")
router.register("coordination/report-returns", views.ReportReturnViewSet, basename="coordination-return")
router.register("coordination/directives", views.DirectiveViewSet, basename="coordination-directive")
router.register("coordination/opinion-requests", views.OpinionRequestViewSet, basename="coordination-opinion")

urlpatterns = router.urls
