from django.urls import path

from ngoaivu.coordination import views

app_name = "coordination"

urlpatterns = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/export.xlsx", views.report_export, name="report_export"),
    path("reports/new/", views.request_create, name="request_create"),
    path("reports/<int:pk>/", views.request_detail, name="request_detail"),
    path("reports/<int:pk>/national/", views.request_national, name="request_national"),
    path("reports/<int:pk>/national/export.xlsx", views.request_national_export, name="request_national_xlsx"),
    path("returns/<int:pk>/", views.return_detail, name="return_detail"),
    path("returns/<int:pk>/save/", views.return_save, name="return_save"),
    path("returns/<int:pk>/review/", views.return_review, name="return_review"),
]
