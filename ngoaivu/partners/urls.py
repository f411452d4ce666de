from django.urls import path

from ngoaivu.partners import views, views_merges, views_missions, views_warnings

app_name = "partners"

urlpatterns = [
    path("", views.PartnerListView.as_view(), name="partner_list"),
    path("new/", views.partner_create, name="partner_create"),
    path("export/", views.partner_export, name="partner_export"),
    path("suggest/", views.partner_suggest, name="partner_suggest"),
    path("<int:pk>/", views.partner_detail, name="partner_detail"),
    path("<int:pk>/edit/", views.partner_edit, name="partner_edit"),
    path("<int:pk>/warnings/new/", views_warnings.warning_create, name="warning_create"),
    path("warnings/<int:pk>/", views_warnings.warning_detail, name="warning_detail"),
    path("warnings/<int:pk>/acknowledge/", views_warnings.warning_acknowledge, name="warning_acknowledge"),
    path("warnings/<int:pk>/lift/", views_warnings.warning_lift, name="warning_lift"),
    path("duplicates/", views_merges.duplicate_list, name="duplicate_list"),
    path("merge/", views_merges.partner_merge, name="partner_merge"),
    path("merges/<int:pk>/", views_merges.merge_detail, name="merge_detail"),
    path("merges/<int:pk>/undo/", views_merges.merge_undo, name="merge_undo"),
    path("missions/", views_missions.mission_list, name="mission_list"),
    path("missions/mine/", views_missions.mission_home, name="mission_home"),
    path("missions/<int:pk>/", views_missions.mission_detail, name="mission_detail"),
]
