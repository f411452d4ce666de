"""The roadmap: targets per province (or national), indicator and span, with yearly steps."""
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_safe
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ngoaivu.core.concurrency import add_save_error, form_version
from ngoaivu.core.generic import visible_or_404
from ngoaivu.core.models import Locality
from ngoaivu.core.scoping import editable_localities, scope_of
from ngoaivu.indicators.actions import can_enter, may_edit_locality, save_target
from ngoaivu.indicators.forms import TargetForm
from ngoaivu.indicators.models import Target
from ngoaivu.indicators.progress import progress
from ngoaivu.indicators.values import successor_map


@login_required
@require_safe
def target_list(request):
    """The targets the user reads (their province's; the centre: all), with progress."""
    targets = Target.objects.visible_to(request.user).select_related("indicator", "locality").prefetch_related("steps")
    today_of = successor_map()
    return render(request, "indicators/target_list.html", {
        "progress": [progress(t, today_of) for t in targets], "can_add": can_enter(request.user)})


def _form(request, target=None):
    centre = scope_of(request.user).centre_edit or scope_of(request.user).superuser
    localities = Locality.objects.current() if centre else editable_localities(request.user)
    initial = {}
    if target is None and re.fullmatch(r"[0-9]{1,9}", request.GET.get("locality", "")):
        initial["locality"] = request.GET["locality"]
    return TargetForm(request.POST or None, instance=target, localities=localities, national=centre, initial=initial)


@login_required
def target_create(request):
    if not can_enter(request.user):
        raise PermissionDenied
    return _save(request, None)


@login_required
def target_edit(request, pk):
    target = visible_or_404(Target.objects, request.user, pk)
    if not may_edit_locality(request.user, target.locality):
        raise PermissionDenied
    return _save(request, target)


def _save(request, target):
    form = _form(request, target)
    if request.method == "POST" and form.is_valid():
        try:
            target = save_target(request.user, target, steps=form.steps, version=form_version(form),
                                 **form.fields_for_action())
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã lưu mục tiêu."))
            if target.locality_id:
                return redirect(reverse("indicators:province", args=[target.locality_id])
                                + f"?indicator={target.indicator.code}")
            return redirect("indicators:target_list")
    return render(request, "indicators/target_form.html", {"form": form, "target": target})
