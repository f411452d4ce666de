"""The indicator catalogue: everyone signed in reads it; the centre manages it."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_safe
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ngoaivu.core.concurrency import add_save_error, form_version
from ngoaivu.indicators.actions import can_manage_catalogue, save_indicator
from ngoaivu.indicators.forms import IndicatorForm
from ngoaivu.indicators.models import Indicator


@login_required
@require_safe
def catalogue(request):
    return render(request, "indicators/catalogue.html", {"indicators": Indicator.objects.all(),
                                                         "can_manage": can_manage_catalogue(request.user)})


@login_required
@require_safe
def indicator_detail(request, code):
    indicator = get_object_or_404(Indicator, code=code)
    return render(request, "indicators/indicator_detail.html", {"indicator": indicator,
                                                                "can_manage": can_manage_catalogue(request.user)})


@login_required
def indicator_form(request, code=None):
    if not can_manage_catalogue(request.user):
        raise PermissionDenied
    indicator = get_object_or_404(Indicator, code=code) if code else None
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = save_indicator(request.user, indicator, version=form_version(form), **form.fields_for_action())
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã lưu chỉ số %(name)s.") % {"name": indicator})
            return redirect(indicator)
    return render(request, "indicators/indicator_form.html", {"form": form, "indicator": indicator})
