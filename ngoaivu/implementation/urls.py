from django.urls import path

from ngoaivu.implementation import views

app_name = "implementation"

urlpatterns = [
    path("agreements/", views.AgreementHealthList.as_view(), name="agreement_list"),
    path("agreements/<int:pk>/", views.agreement_view, name="agreement"),
    path("agreements/<int:pk>/commitments/new/", views.commitment_create, name="commitment_create"),
    path("agreements/<int:pk>/activities/new/", views.activity_create, name="activity_create_for"),
    path("agreements/<int:pk>/plans/new/", views.plan_create, name="plan_create"),
    path("agreements/<int:pk>/capacity/", views.capacity, name="capacity"),
    path("commitments/", views.CommitmentList.as_view(), name="commitment_list"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment_detail"),
    path("commitments/<int:pk>/edit/", views.commitment_edit, name="commitment_edit"),
    path("commitments/<int:pk>/fulfil/", views.commitment_fulfil, name="commitment_fulfil"),
    path("commitments/<int:pk>/status/", views.commitment_status, name="commitment_status"),
    path("fulfilments/<int:pk>/review/", views.fulfilment_review, name="fulfilment_review"),
    path("activities/", views.ActivityList.as_view(), name="activity_list"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("activities/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("planned/<int:pk>/delete/", views.planned_delete, name="planned_delete"),
    path("national/", views.national, name="national"),
    path("notifications/", views.notifications, name="notifications"),
    path("settings/", views.settings_list, name="settings"),
    path("settings/national/", views.settings_edit, name="settings_national"),
    path("settings/<int:locality_pk>/", views.settings_edit, name="settings_locality"),
]
