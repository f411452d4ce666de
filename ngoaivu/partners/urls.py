from django.urls import path

from ngoaivu.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.PartnerListView.as_view(), name="partner_list"),
    path("new/", views.partner_create, name="partner_create"),
    path("<int:pk>/", views.partner_detail, name="partner_detail"),
    path("<int:pk>/edit/", views.partner_edit, name="partner_edit"),
]
