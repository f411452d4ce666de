from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from ngoaivu.core.models import (CalendarDay, Job, Locality, LocalityFact, Membership, Mission, Sector, SweepJob, Unit,
                                 User)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["locality", "unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "email", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + (("ngoaivu", {"fields": ["full_name", "job_title", "phone"]}),)


class LocalityFactInline(admin.TabularInline):
    """A later resolution (a new city, a renaming) is entered here as a new dated fact, with its basis."""
    model = LocalityFact
    fk_name = "locality"
    extra = 0
    fields = ["fact", "kind", "name", "short_name", "successor", "valid_from", "valid_to", "basis"]
    autocomplete_fields = ["successor"]


@admin.register(Locality)
class LocalityAdmin(admin.ModelAdmin):
    list_display = ["short_name", "code", "kind", "valid_until", "successor"]
    search_fields = ["name", "short_name", "search_text"]
    list_filter = ["kind"]
    inlines = [LocalityFactInline]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "locality", "kind", "is_foreign_affairs_agency"]
    list_filter = ["kind"]
    search_fields = ["name", "search_text"]
    autocomplete_fields = ["locality"]


@admin.register(Mission)
class MissionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "country", "city", "accredited_countries"]
    list_filter = ["kind"]


@admin.register(Sector)
class SectorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "code", "position", "is_active"]
    list_editable = ["position", "is_active"]


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "note"]


@admin.register(SweepJob)
class SweepJobAdmin(admin.ModelAdmin):
    """What the to-do list's "sweep gone quiet" items open: each step's last run, failure and error. Written by
    the sweep only."""
    list_display = ["step", "last_ok_at", "last_failed_at", "last_error", "requested_at", "finished_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """The background jobs (core.jobs), to see what waits or failed and why. Written by the worker only."""
    list_display = ["title", "kind", "requested_by", "requested_at", "state", "done", "total", "finished_at"]
    list_filter = ["state", "kind"]
    # Its file is downloaded by its requester only (core.views_jobs); the admin shows its name, not a link.
    exclude = ["result"]
    readonly_fields = [field.name for field in Job._meta.fields if field.name != "result"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
