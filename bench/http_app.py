"""The WSGI application bench/http serves: ngoaivu as deployed, plus the Django admin's changelist of
agreements with a search over title and partners (the baseline a plain Django admin would give; ngoaivu
itself does not register agreements in the admin). Used only by the benchmark."""
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ngoaivu.settings")
django.setup()

from django.contrib import admin  # noqa: E402

from ngoaivu.agreements.models import Agreement  # noqa: E402


class AgreementAdmin(admin.ModelAdmin):
    list_display = ("title", "locality", "status", "health", "signed_on")
    list_filter = ("status", "health")
    search_fields = ("title", "partners__name")


# Registered before ngoaivu.wsgi loads the URLconf (it does, to freeze it with the start-up heap): the
# admin's URLs are listed from its registry then, and a model registered after has none (every request of
# the baseline answered 404, counted as errors).
if not admin.site.is_registered(Agreement):
    admin.site.register(Agreement, AgreementAdmin)

from ngoaivu.wsgi import application  # noqa: E402,F401  (as deployed: with its start-up heap frozen)
