"""The WSGI application bench/http serves: ngoaivu as deployed, plus the Django admin's changelist of
agreements with a search over title and partners (the baseline a plain Django admin would give; ngoaivu
itself does not register agreements in the admin). Used only by the benchmark."""
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ngoaivu.settings")

from ngoaivu.wsgi import application  # noqa: E402,F401  (as deployed: with its start-up heap frozen)

from django.contrib import admin  # noqa: E402

from ngoaivu.agreements.models import Agreement  # noqa: E402


class AgreementAdmin(admin.ModelAdmin):
    list_display = ("title", "locality", "status", "health", "signed_on")
    list_filter = ("status", "health")
    search_fields = ("title", "partners__name")


if not admin.site.is_registered(Agreement):
    admin.site.register(Agreement, AgreementAdmin)
