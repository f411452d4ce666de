from django.urls import path

from ngoaivu.coordination import views, views_opinions

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

urlpatterns += [
    path("opinions/", views_opinions.opinion_queue, name="opinion_queue"),
    path("opinions/<int:pk>/", views_opinions.opinion_detail, name="opinion_detail"),
    path("opinions/<int:pk>/draft/", views_opinions.opinion_draft, name="opinion_draft"),
    path("opinions/<int:pk>/issue/", views_opinions.opinion_issue, name="opinion_issue"),
]
