from django.urls import path
from django.views.decorators.http import require_safe

from ngoaivu.reports.views import documents, opendata

app_name = "reports"

urlpatterns = [
    path("", documents.index, name="index"),
    path("province/<int:pk>/", documents.documents, name="documents"),
    path("province/<int:pk>/new/", documents.draft_create, name="draft_create"),
    path("province/<int:pk>/settings/", documents.settings_edit, name="settings_edit"),
    path("drafts/<int:pk>/", documents.draft_detail, name="draft_detail"),
    path("drafts/<int:pk>/generate/", documents.draft_generate, name="draft_generate"),
    path("drafts/<int:pk>/pdf/", documents.draft_pdf, name="draft_pdf"),
    # Open data: no sign-in.
    path("open-data/", opendata.agreement_list, name="open_data"),
    path("open-data/agreements/<int:pk>/", opendata.agreement_detail, name="open_data_detail"),
    path("open-data/agreements.csv", opendata.export_csv, name="open_data_csv"),
    path("open-data/agreements.json", opendata.export_json, name="open_data_json"),
    path("open-data/schema.json", opendata.schema, name="open_data_schema"),
    path("open-data/feed.atom", require_safe(opendata.LatestAgreementsFeed()), name="open_data_feed"),
]
