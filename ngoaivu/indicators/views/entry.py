"""Entering figures: the grid of one province (or the nation) and period, and the spreadsheet import."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_POST, require_safe
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ngoaivu.core.concurrency import versions_of
from ngoaivu.core.exports import attachment
from ngoaivu.core.models import Locality
from ngoaivu.core.scoping import editable_localities, scope_of
from ngoaivu.indicators import imports
from ngoaivu.indicators.actions import Entry, StaleFigures, can_enter, may_edit_locality, save_observations
from ngoaivu.indicators.choices import Method
from ngoaivu.indicators.forms import EntryForm, ImportForm
from ngoaivu.indicators.models import Indicator, Observation
from ngoaivu.indicators.views.common import period_from


def _localities_for(user):
    return editable_localities(user) if not scope_of(user).centre_edit else Locality.objects.current()


@login_required
def entry(request):
    """GET ?locality=&period= shows the grid; POST saves it all or nothing. Empty value: no figure."""
    if not can_enter(request.user):
        raise PermissionDenied
    choices = list(_localities_for(request.user))
    national_allowed = may_edit_locality(request.user, None)
    raw = request.GET.get("locality", "")
    locality = next((loc for loc in choices if str(loc.pk) == raw), None)
    if locality is None and not (raw == "national" and national_allowed):
        locality = choices[0] if choices else None
    period, period_error = period_from(request)
    indicators = Indicator.objects.filter(is_active=True, method=Method.ENTERED)
    current = {o.indicator_id: o for o in Observation.objects.filter(
        locality=locality, former_locality=None, period_start=period.start, period_end=period.end)}
    versions = versions_of(Observation, [o.pk for o in current.values()])
    form = EntryForm(request.POST or None, indicators=indicators, current=current, versions=versions)
    if request.method == "POST" and not period_error and form.is_valid():
        data = form.cleaned_data
        entries = [Entry(ind, locality, period, data[f"value_{ind.code}"], data[f"source_{ind.code}"],
                         data[f"note_{ind.code}"], version=data[f"version_{ind.code}"]) for ind in form.indicators]
        try:
            saved, removed = save_observations(request.user, entries)
        except StaleFigures as error:
            form.show_conflicts(error)
        else:
            facts = {"saved": saved, "removed": removed, "place": locality or _("toàn quốc"), "period": period}
            if removed:
                messages.success(request, ngettext(
                    "Đã lưu %(saved)s và xóa %(removed)s số liệu của %(place)s, kỳ %(period)s.",
                    "Đã lưu %(saved)s và xóa %(removed)s số liệu của %(place)s, kỳ %(period)s.", saved) % facts)
            elif saved:
                # One figure is "1 figure" in English, not "1 figures".
                messages.success(request, ngettext("Đã lưu %(saved)s số liệu của %(place)s, kỳ %(period)s.",
                                                   "Đã lưu %(saved)s số liệu của %(place)s, kỳ %(period)s.", saved)
                                 % facts)
            else:  # only what the user changed is written (a colleague's figures meanwhile stay)
                messages.info(request, _("Không có số liệu nào thay đổi: %(place)s, kỳ %(period)s.") % facts)
            scope = locality.pk if locality else "national"
            return redirect(f"{reverse('indicators:entry')}?locality={scope}&period={period.code}")
    return render(request, "indicators/entry.html", {
        "form": form, "locality": locality, "localities": choices, "national_allowed": national_allowed,
        "period": period, "period_error": period_error})


@login_required
@require_safe
def import_template(request):
    return attachment(imports.template(), "mau-nhap-so-lieu-chi-so.xlsx")


@login_required
def import_upload(request):
    """POST a file: the preview (every row, every error). Nothing is saved here."""
    if not can_enter(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    checked = None
    if request.method == "POST" and form.is_valid():
        checked = imports.check(request.user, form.cleaned_data["file"])
    return render(request, "indicators/import.html", {"form": form, "checked": checked})


@login_required
@require_POST
def import_confirm(request):
    """POST the preview's token: saves every row or none."""
    if not can_enter(request.user):
        raise PermissionDenied
    try:
        entries = imports.entries_from_token(request.POST.get("token", ""))
        saved, _removed = save_observations(request.user, entries)
    except StaleFigures as error:  # a colleague changed a figure the file changes too, after the preview
        messages.error(request, _("Không nhập số liệu nào: %(conflicts)s Hãy tải tệp lên lại để xem trước số liệu "
                                  "hiện có.") % {"conflicts": " ".join(error.messages)})
        return redirect("indicators:import")
    except (ValidationError, KeyError) as error:
        messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))
        return redirect("indicators:import")
    # A row whose figure is already there as the file has it is not written (save_observations): a file
    # imported again read "Đã nhập 0 số liệu", as if it had been refused.
    same = len(entries) - saved
    if not saved:
        messages.info(request, ngettext("Không có số liệu nào thay đổi: %(same)s số liệu trong tệp giống số hiện có.",
                                        "Không có số liệu nào thay đổi: %(same)s số liệu trong tệp giống số hiện có.",
                                        same) % {"same": same})
    elif same:
        messages.success(request, ngettext(
            "Đã nhập %(n)s số liệu; %(same)s số liệu trong tệp giống số hiện có, không đổi.",
            "Đã nhập %(n)s số liệu; %(same)s số liệu trong tệp giống số hiện có, không đổi.", saved)
            % {"n": saved, "same": same})
    else:
        messages.success(request, ngettext("Đã nhập %(n)s số liệu.", "Đã nhập %(n)s số liệu.", saved) % {"n": saved})
    return redirect("indicators:national")
