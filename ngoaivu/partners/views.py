"""Pages of the partner directory."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ngoaivu.core.concurrency import FIELD as VERSION_FIELD
from ngoaivu.core.concurrency import add_save_error, add_version_field, form_version
from ngoaivu.core.generic import FilteredListView, history_entries
from ngoaivu.partners import actions
from ngoaivu.partners.actions import can_edit_partners, partner_edit_refusal
from ngoaivu.partners.filtersets import PartnerFilter
from ngoaivu.partners.forms import PartnerForm
from ngoaivu.partners.models import Partner


class PartnerListView(FilteredListView):
    model = Partner
    filterset_class = PartnerFilter
    template_name = "partners/partner_list.html"
    sort_fields = {"name": "name", "country": "country", "kind": "kind"}
    default_sort = ("name", "pk")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = can_edit_partners(self.request.user)
        return ctx


@login_required
def partner_detail(request, pk):
    from ngoaivu.agreements.models import Agreement
    partner = get_object_or_404(Partner.objects.visible_to(request.user).select_related("parent"), pk=pk)
    agreements = Agreement.objects.visible_to(request.user).filter(partners=partner).select_related("locality")
    # An editor who may not change this partner is told why (ask the centre) instead of seeing a button.
    refusal = partner_edit_refusal(request.user, partner) if can_edit_partners(request.user) else None
    return render(request, "partners/partner_detail.html", {
        # The newest 20 here; the full list is the register filtered by this partner.
        "partner": partner, "agreements": agreements.order_by("-signed_on")[:20], "agreement_count": agreements.count(),
        "children": partner.children.all(), "history": history_entries(partner),
        "can_edit": can_edit_partners(request.user) and refusal is None, "refusal": refusal})


@login_required
def partner_create(request):
    if not can_edit_partners(request.user):
        raise PermissionDenied
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "confirm_new"}
        partner = actions.create_partner(request.user, allow_duplicate=True, **data)
        messages.success(request, _("Đã thêm đối tác %(name)s.") % {"name": partner})
        return redirect(partner)
    return render(request, "partners/partner_form.html", {"form": form, "existing": form.existing})


@login_required
def partner_edit(request, pk):
    partner = get_object_or_404(Partner.objects.visible_to(request.user), pk=pk)
    refusal = partner_edit_refusal(request.user, partner)
    if refusal:
        return render(request, "partners/partner_locked.html", {"partner": partner, "refusal": refusal}, status=403)
    form = PartnerForm(request.POST or None, instance=partner)
    add_version_field(form, partner)
    if request.method == "POST" and form.is_valid():
        try:
            fields = {name: value for name, value in form.cleaned_data.items() if name != VERSION_FIELD}
            actions.update_partner(request.user, partner, version=form_version(form), **fields)
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(partner)
    return render(request, "partners/partner_form.html", {"form": form, "partner": partner})
