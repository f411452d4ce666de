"""A province's own rules on delegations and reports, kept by its managers."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ngoaivu.core.concurrency import form_version
from ngoaivu.core.generic import history_entries
from ngoaivu.core.models import Locality
from ngoaivu.exchanges import actions
from ngoaivu.exchanges.forms import ExchangeSettingsForm
from ngoaivu.exchanges.models import ExchangeSettings
from ngoaivu.exchanges.views.common import add_action_errors


@login_required
def settings_edit(request, pk):
    locality = get_object_or_404(Locality.objects.current(), pk=pk)
    scope = request.user.scope
    if not (scope.sees_all or locality.pk in scope.locality_ids):
        raise Http404
    if not (scope.superuser or locality.pk in scope.manage_locality_ids):
        raise PermissionDenied  # seen by the province's officers, changed by its managers
    row = ExchangeSettings.for_locality(locality)
    form = ExchangeSettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_exchange_settings(request.user, form.save(commit=False), version=form_version(form))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Đã lưu quy định của tỉnh. Hạn báo cáo của các đoàn đang mở đã được tính lại."))
            return redirect("exchanges:settings", pk=locality.pk)
    return render(request, "exchanges/form.html", {
        "form": form, "heading": _("Quy định của %(l)s về đoàn ra, đoàn vào, hội nghị") % {"l": locality.short_name},
        "submit": _("Lưu quy định"), "caption": _("Cài đặt"),
        # Who changed the province's rules, and when (a report deadline shortened, a delegation's size).
        "show_history": True, "history": history_entries(row) if row.pk else []})
