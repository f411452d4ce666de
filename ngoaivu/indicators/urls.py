from django.urls import path

from ngoaivu.indicators.views import catalogue, countries, dashboards, entry, targets

app_name = "indicators"

urlpatterns = [
    path("", dashboards.national, name="national"),
    path("province/<int:pk>/", dashboards.province, name="province"),
    path("map/", dashboards.tile_map, name="map"),
    path("compare/", dashboards.compare, name="compare"),
    path("countries/", countries.country_list, name="countries"),
    path("countries/<str:code>/", countries.country_detail, name="country"),
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path("catalogue/new/", catalogue.indicator_form, name="indicator_create"),
    path("catalogue/<slug:code>/", catalogue.indicator_detail, name="indicator_detail"),
    path("catalogue/<slug:code>/edit/", catalogue.indicator_form, name="indicator_edit"),
    path("entry/", entry.entry, name="entry"),
    path("import/", entry.import_upload, name="import"),
    path("import/confirm/", entry.import_confirm, name="import_confirm"),
    path("import/template.xlsx", entry.import_template, name="import_template"),
    path("targets/", targets.target_list, name="target_list"),
    path("targets/new/", targets.target_create, name="target_create"),
    path("targets/<int:pk>/edit/", targets.target_edit, name="target_edit"),
]
