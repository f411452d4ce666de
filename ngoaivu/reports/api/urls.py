from rest_framework.routers import DefaultRouter

from ngoaivu.reports.api import views

router = DefaultRouter()
router.register("reports/drafts", views.DraftViewSet, basename="report-draft")

urlpatterns = router.urls
