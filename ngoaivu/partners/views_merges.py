"""The centre's duplicate candidates and merge tool (rules in partners.merging)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngoaivu.core.concurrency import add_save_error
from ngoaivu.core.countries import country_choices
from ngoaivu.core.generic import history_entries
from ngoaivu.partners import merging
from ngoaivu.partners.forms import MergeForm
from ngoaivu.partners.models import PartnerMerge


def _centre_only(request):
    if not merging.can_merge(request.user):
        raise PermissionDenied


@login_required
def duplicate_list(request):
    _centre_only(request)
    country = request.GET.get("country", "")
    groups = merging.duplicate_groups(country or None)
    return render(request, "partners/duplicate_list.html", {
        "groups": groups, "country": country, "countries": country_choices(),
        "merges": PartnerMerge.objects.select_related("survivor", "duplicate", "merged_by")[:20]})


@login_required
def partner_merge(request):
    """GET ?survivor=&duplicate=: the preview of what moves; POST: the merge, in one transaction."""
    _centre_only(request)
    form = MergeForm(request.POST if request.method == "POST" else request.GET or None)
    preview = None
    if form.is_bound and form.is_valid():
        survivor, duplicate = form.cleaned_data["survivor"], form.cleaned_data["duplicate"]
        if request.method == "POST":
            try:
                merge = merging.merge_partners(request.user, survivor, duplicate, form.cleaned_data["reason"],
                                               across_countries=form.cleaned_data["across_countries"])
            except ValidationError as error:
                add_save_error(form, error)
            else:
                messages.success(request, _("Đã gộp “%(dup)s” vào “%(survivor)s”.") % {
                    "dup": duplicate.name, "survivor": survivor.name})
                return redirect(merge)
        preview = merging.merge_preview(survivor, duplicate)
    return render(request, "partners/merge_form.html", {"form": form, "preview": preview})


@login_required
def merge_detail(request, pk):
    _centre_only(request)
    merge = get_object_or_404(PartnerMerge.objects.select_related("survivor", "duplicate", "merged_by", "unmerged_by"),
                              pk=pk)
    moved = merge.moved or {}
    return render(request, "partners/merge_detail.html", {
        "merge": merge, "counts": {key: len(moved.get(key, [])) for key in
                                   ("agreements", "agreements_both", "delegations", "delegations_both", "contacts",
                                    "stops", "opportunities", "children", "warnings")},
        "aliases": merge.aliases_added.all(), "history": history_entries(merge)})


@login_required
@require_POST
def merge_undo(request, pk):
    _centre_only(request)
    merge = get_object_or_404(PartnerMerge, pk=pk)
    try:
        merging.unmerge(request.user, merge)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã tách lại: mọi liên kết đã trở về “%(dup)s”.") % {"dup": merge.duplicate.name})
    return redirect(merge)
