from django.urls import path

from ngoaivu.partners import views, views_merges, views_missions, views_opportunities, views_warnings

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
    path("opportunities/", views_opportunities.OpportunityListView.as_view(), name="opportunity_list"),
    path("opportunities/new/", views_opportunities.opportunity_create, name="opportunity_create"),
    path("opportunities/export/", views_opportunities.opportunity_export, name="opportunity_export"),
    path("opportunities/<int:pk>/", views_opportunities.opportunity_detail, name="opportunity_detail"),
    path("opportunities/<int:pk>/edit/", views_opportunities.opportunity_edit, name="opportunity_edit"),
    path("opportunities/<int:pk>/interest/", views_opportunities.opportunity_interest, name="opportunity_interest"),
    path("interests/<int:pk>/connect/", views_opportunities.interest_connect, name="interest_connect"),
    path("interests/<int:pk>/outcome/", views_opportunities.interest_outcome, name="interest_outcome"),
    path("profiles/", views_opportunities.ProfileListView.as_view(), name="profile_list"),
    path("profiles/<int:locality_pk>/", views_opportunities.profile_detail, name="profile_detail"),
    path("profiles/<int:locality_pk>/edit/", views_opportunities.profile_edit, name="profile_edit"),
    path("missions/", views_missions.mission_list, name="mission_list"),
    path("missions/mine/", views_missions.mission_home, name="mission_home"),
    path("missions/<int:pk>/", views_missions.mission_detail, name="mission_detail"),
]
