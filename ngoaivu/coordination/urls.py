from django.urls import path

from ngoaivu.coordination import views, views_directives, views_opinions

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

urlpatterns += [
    path("directives/", views_directives.directive_list, name="directive_list"),
    path("directives/new/", views_directives.directive_create, name="directive_create"),
    path("directives/<int:pk>/", views_directives.directive_detail, name="directive_detail"),
    path("directives/<int:pk>/edit/", views_directives.directive_edit, name="directive_edit"),
    path("directives/<int:pk>/acknowledge/", views_directives.directive_acknowledge, name="directive_acknowledge"),
    path("directives/<int:pk>/reply/", views_directives.directive_reply, name="directive_reply"),
    path("directives/<int:pk>/remind/", views_directives.directive_remind, name="directive_remind"),
]

urlpatterns += [path("threads/<str:kind>/<int:pk>/", views.thread, name="thread")]
