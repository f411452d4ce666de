from django.urls import path

from ngoaivu.agreements import views, views_consultees, views_excel

app_name = "agreements"

urlpatterns = [
    path("", views.AgreementListView.as_view(), name="agreement_list"),
    path("new/", views.agreement_create, name="agreement_create"),
    path("export.xlsx", views_excel.agreement_export, {"fmt": "xlsx"}, name="agreement_export_xlsx"),
    path("export.csv", views_excel.agreement_export, {"fmt": "csv"}, name="agreement_export_csv"),
    path("import/", views_excel.agreement_import, name="agreement_import"),
    path("import/template.xlsx", views_excel.import_template, name="import_template"),
    path("<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("<int:pk>/events/new/", views.event_create, name="event_create"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
    path("consultees/", views_consultees.consultee_list, name="consultee_list"),
    path("consultees/<str:level>/new/", views_consultees.consultee_create, name="consultee_create"),
    path("consultees/<str:level>/adopt/", views_consultees.consultee_adopt, name="consultee_adopt"),
    path("consultees/<int:pk>/edit/", views_consultees.consultee_edit, name="consultee_edit"),
    path("consultees/<int:pk>/delete/", views_consultees.consultee_delete, name="consultee_delete"),
]
