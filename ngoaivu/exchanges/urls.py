from django.urls import path

from ngoaivu.exchanges.views import calendar, conferences, delegations, figures, imports, settings

app_name = "exchanges"

urlpatterns = [
    path("delegations/", delegations.DelegationListView.as_view(), name="delegation_list"),
    path("delegations/export.xlsx", delegations.delegation_export, name="delegation_export"),
    path("delegations/new/", delegations.delegation_create, name="delegation_create"),
    path("delegations/import/", imports.delegation_import, name="delegation_import"),
    path("delegations/import/template.xlsx", imports.delegation_import_template, name="delegation_import_template"),
    path("delegations/<int:pk>/", delegations.delegation_detail, name="delegation_detail"),
    path("delegations/<int:pk>/edit/", delegations.delegation_edit, name="delegation_edit"),
    path("delegations/<int:pk>/approve/", delegations.delegation_approve, name="delegation_approve"),
    path("delegations/<int:pk>/return/", delegations.delegation_return, name="delegation_return"),
    path("delegations/<int:pk>/report/", delegations.delegation_report, name="delegation_report"),
    path("delegations/<int:pk>/cancel/", delegations.delegation_cancel, name="delegation_cancel"),
    path("conferences/", conferences.ConferenceListView.as_view(), name="conference_list"),
    path("conferences/export.xlsx", conferences.conference_export, name="conference_export"),
    path("conferences/new/", conferences.conference_create, name="conference_create"),
    path("conferences/<int:pk>/", conferences.conference_detail, name="conference_detail"),
    path("conferences/<int:pk>/edit/", conferences.conference_edit, name="conference_edit"),
    path("conferences/<int:pk>/dossier/", conferences.conference_dossier, name="conference_dossier"),
    path("conferences/<int:pk>/consultations/new/", conferences.conference_consultation,
         name="conference_consultation"),
    path("consultations/<int:pk>/answer/", conferences.consultation_answer, name="consultation_answer"),
    path("conferences/<int:pk>/approve/", conferences.conference_approve, name="conference_approve"),
    path("conferences/<int:pk>/report/", conferences.conference_report, name="conference_report"),
    path("conferences/<int:pk>/cancel/", conferences.conference_cancel, name="conference_cancel"),
    path("calendar/", calendar.calendar_month, name="calendar"),
    path("calendar/week/", calendar.calendar_week, name="calendar_week"),
    path("calendar/subscribe/", calendar.feed_settings, name="calendar_feed_settings"),
    path("calendar/subscribe/new/", calendar.feed_create, name="calendar_feed_create"),
    path("calendar/subscribe/revoke/", calendar.feed_revoke, name="calendar_feed_revoke"),
    path("calendar/feed/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("figures/", figures.figures_index, name="figures"),
    path("figures/<int:pk>/", figures.figures_locality, name="figures_locality"),
    path("settings/<int:pk>/", settings.settings_edit, name="settings"),
]
