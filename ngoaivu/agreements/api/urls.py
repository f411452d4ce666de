from rest_framework.routers import DefaultRouter

from ngoaivu.agreements.api import views

router = DefaultRouter()
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("agreement-events", views.EventViewSet, basename="agreement-event")
router.register("agreement-status-changes", views.StatusChangeViewSet, basename="agreement-status-change")
router.register("agreement-documents", views.DocumentViewSet, basename="agreement-document")

urlpatterns = router.urls
