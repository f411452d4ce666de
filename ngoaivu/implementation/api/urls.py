from rest_framework.routers import DefaultRouter

from ngoaivu.implementation.api import views

router = DefaultRouter()
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("implementation-plans", views.PlanViewSet, basename="implementation-plan")
router.register("agreement-health", views.HealthViewSet, basename="agreement-health")
router.register("health-changes", views.HealthChangeViewSet, basename="health-change")

urlpatterns = router.urls
