from django.contrib.auth import views as auth_views
from django.urls import path

from ngoaivu.core import files, views, views_jobs

app_name = "core"

urlpatterns = [
    # The one way to a stored file: model "app.model", its file field, the record (scoped, 404 outside).
    path("files/<str:model>/<str:field>/<int:pk>/", files.download, name="file_download"),
    path("jobs/", views_jobs.job_list, name="job_list"),
    path("jobs/<int:pk>/", views_jobs.job_detail, name="job_detail"),
    path("jobs/<int:pk>/download/", views_jobs.job_download, name="job_download"),
    path("home/panels/<slug:name>/", views.home_panel, name="home_panel"),
    path("localities/", views.locality_list, name="locality_list"),
    path("localities/<int:pk>/", views.locality_detail, name="locality_detail"),
    path("localities/<int:pk>/agency/", views.locality_set_agency, name="locality_set_agency"),
    path("accounts/users/", views.user_list, name="user_list"),
    path("accounts/users/new/", views.user_create, name="user_create"),
    path("accounts/users/<int:pk>/", views.user_detail, name="user_detail"),
    path("accounts/users/<int:pk>/password/", views.user_password, name="user_password"),
    path("accounts/memberships/<int:pk>/role/", views.membership_role, name="membership_role"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(
        template_name="core/password_change_done.html"), name="password_change_done"),
]
