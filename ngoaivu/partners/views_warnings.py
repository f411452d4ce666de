"""Pages of the warnings on partners: issue (missions, centre), read (everyone), acknowledge (a province
with ties), lift (the issuer or the centre). Rules live in partners.alerts."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngoaivu.core.concurrency import add_save_error
from ngoaivu.core.forms import errors_text
from ngoaivu.core.generic import history_entries, redirect_back, visible_or_404
from ngoaivu.partners import alerts
from ngoaivu.partners.forms import AcknowledgeForm, LiftForm, WarningForm
from ngoaivu.partners.models import Partner, PartnerWarning


@login_required
def warning_create(request, pk):
    partner = visible_or_404(Partner.objects.current(), request.user, pk)
    if not alerts.can_issue_warnings(request.user, partner):
        raise PermissionDenied
    form = WarningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            warning = alerts.issue_warning(request.user, partner, **form.cleaned_data)
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã cảnh báo về đối tác %(name)s. Các tỉnh, thành phố có quan hệ với đối tác "
                                        "sẽ thấy cảnh báo trong danh sách việc cần chú ý.") % {"name": partner})
            return redirect(warning)
    return render(request, "partners/warning_form.html", {"form": form, "partner": partner})


@login_required
def warning_detail(request, pk):
    warning = visible_or_404(PartnerWarning.objects.select_related(
        "partner", "mission", "issued_by", "lifted_by"), request.user, pk)
    acknowledgeable = alerts.acknowledging_localities(request.user, warning) if warning.is_active else set()
    done = set(warning.acknowledgements.values_list("locality_id", flat=True))
    return render(request, "partners/warning_detail.html", {
        "warning": warning,
        "acknowledgements": warning.acknowledgements.visible_to(request.user).select_related("locality", "by"),
        "can_acknowledge": bool(acknowledgeable - done), "ack_form": AcknowledgeForm(),
        "can_lift": warning.is_active and alerts.can_lift(request.user, warning), "lift_form": LiftForm(),
        "history": history_entries(warning)})


@login_required
@require_POST
def warning_acknowledge(request, pk):
    warning = visible_or_404(PartnerWarning.objects, request.user, pk)
    form = AcknowledgeForm(request.POST)
    if not alerts.acknowledging_localities(request.user, warning):
        raise PermissionDenied
    if form.is_valid():
        try:
            alerts.acknowledge_warning(request.user, warning, form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã xác nhận đã biết cảnh báo."))
    else:
        messages.error(request, errors_text(form))
    return redirect_back(request, warning.get_absolute_url())


@login_required
def warning_lift(request, pk):
    warning = visible_or_404(PartnerWarning.objects.select_related("partner"), request.user, pk)
    if not alerts.can_lift(request.user, warning):
        raise PermissionDenied
    form = LiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            alerts.lift_warning(request.user, warning, form.cleaned_data["reason"])
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã gỡ cảnh báo. Lịch sử cảnh báo vẫn được giữ."))
            return redirect(warning)
    return render(request, "partners/warning_lift.html", {"form": form, "warning": warning})
