"""Pages of the partner directory."""
import functools
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ngoaivu.core.concurrency import FIELD as VERSION_FIELD
from ngoaivu.core.concurrency import add_save_error, add_version_field, form_version
from ngoaivu.core.generic import FilteredListView, history_entries, page_record_or_404, visible_or_404
from ngoaivu.partners import actions, rows
from ngoaivu.partners.actions import can_edit_partners, partner_edit_refusal
from ngoaivu.partners.filtersets import PartnerFilter
from ngoaivu.partners.forms import PartnerForm
from ngoaivu.core.text import fold
from ngoaivu.partners.alerts import annotate_for, can_issue_warnings
from ngoaivu.partners.merging import can_merge
from ngoaivu.partners.models import Partner, PartnerAlias, PartnerMerge, PartnerWarning
from ngoaivu.partners.ties import partner_ties

SUGGESTIONS = 8


class PartnerListView(FilteredListView):
    model = Partner
    search_param = "q"

    def base_queryset(self):
        return Partner.objects.current().prefetch_related("aliases")

    filterset_class = PartnerFilter
    template_name = "partners/partner_list.html"
    sort_fields = {"name": "name", "country": "country", "kind": "kind"}
    default_sort = ("name", "pk")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = can_edit_partners(self.request.user)
        ctx["can_merge"] = can_merge(self.request.user)
        return ctx


@login_required
def partner_detail(request, pk):
    """The partner as the hub: its facts and names, warnings, and the ties the reader may see (partners.ties)."""
    partner = page_record_or_404("partner page", _detail_queryset, request.user, pk)
    if partner.merged_into_id and not request.GET.get("merged"):
        messages.info(request, _("“%(dup)s” đã được gộp vào đối tác này.") % {"dup": partner.name})
        return redirect(partner.merged_into)
    ties = partner_ties(request.user, partner)
    # An editor who may not change this partner is told why (ask the centre) instead of seeing a button. A
    # merged duplicate is kept only so that the merge can be undone: nothing to change (its edit page is 404).
    editor = can_edit_partners(request.user) and not partner.merged_into_id
    refusal = partner_edit_refusal(request.user, partner) if editor else None
    warnings = partner.warnings.select_related("mission", "issued_by", "lifted_by").prefetch_related(
        "acknowledgements__locality", "acknowledgements__by") if partner.has_warnings else []
    # The newest 20 here; the full list is the register filtered by this partner.
    agreements, delegations = list(ties.agreements[:20]), list(ties.delegations[:20])
    conferences = list(ties.conferences[:20])
    return render(request, "partners/partner_detail.html", {
        "partner": partner, "ties": ties, "agreement_count": ties.agreement_count,
        "agreements": agreements, "agreement_rows": rows.agreement_rows(agreements),
        "delegations": delegations, "delegation_rows": rows.delegation_rows(delegations),
        "delegation_count": ties.delegation_count,
        "conferences": conferences, "conference_rows": rows.conference_rows(conferences),
        "warnings": annotate_for(request.user, [w for w in warnings if w.is_active]), "lifted": [w for w in warnings if not w.is_active],
        "aliases": partner.aliases.all() if partner.has_aliases else [],
        "children": partner.children.current() if partner.has_children else [],
        "merges": partner.merges_in.select_related("duplicate").filter(unmerged_at__isnull=True) if partner.has_merges else [],
        "history": history_entries(partner), "can_warn": can_issue_warnings(request.user, partner),
        "perms_merge": can_merge(request.user),
        "can_edit": editor and refusal is None, "refusal": refusal})


def _detail_queryset(user, pk):
    """The partner of its page, with whether it has warnings, other names, subsidiaries and
    merges asked inside the same statement: most partners have none of them, and each is then not
    asked in a statement of its own. Depends on the user's scope only (core.generic.page_record_or_404)."""
    return Partner.objects.filter(pk=pk).visible_to(user).select_related("parent", "merged_into").annotate(**_detail_flags())


@functools.cache
def _detail_flags():
    """Built once per process, as comment_count (coordination.threads) is."""
    return {"has_warnings": Exists(PartnerWarning.objects.filter(partner=OuterRef("pk"))),
            "has_aliases": Exists(PartnerAlias.objects.filter(partner=OuterRef("pk"))),
            # Any subsidiary, merged ones too (the page lists the current ones): with `merged_into IS NULL`
            # beside `parent =`, SQLite scanned every partner, both columns being NULL on nearly every row
            # (its statistics then rate each index as matching the whole table).
            "has_children": Exists(Partner.objects.filter(parent=OuterRef("pk"))),
            "has_merges": Exists(PartnerMerge.objects.filter(survivor=OuterRef("pk"), unmerged_at__isnull=True))}


# The form field the suggestions tick: a name, or a formset row's ("stops-0-partner"); nothing else is echoed.
PICK_NAME = re.compile(r"[A-Za-z_][\w-]{0,80}")


@login_required
@require_GET
def partner_suggest(request):
    """Existing partners whose names or aliases match what is typed, from the first letter (an htmx
    fragment). Without htmx, the directory's list searched for the same words."""
    q = (request.GET.get("q") or request.GET.get("partner_q") or request.GET.get("name")
         or request.GET.get("new_partner_name") or "").strip()
    if not request.htmx:
        return redirect(f"{reverse('partners:partner_list')}?{urlencode({'q': q})}")
    pick = request.GET.get("pick", "")
    matches = Partner.objects.current().visible_to(request.user).search(q).prefetch_related("aliases") if q else []
    partners = list(matches[:SUGGESTIONS + 1]) if q else []
    folded = fold(q)
    for p in partners:
        # Say which other name matched when the shown name does not ("chungbuk" → alias Chungbuk).
        p.matched_alias = next((a.name for a in p.aliases.all() if fold(a.name).startswith(folded)
                                and not fold(p.name).startswith(folded) and not fold(p.name_vi).startswith(folded)), "")
    more = matches.count() if len(partners) > SUGGESTIONS else 0
    return render(request, "partners/includes/suggestions.html", {
        "q": q, "partners": partners[:SUGGESTIONS], "more": more,
        "pick": pick if PICK_NAME.fullmatch(pick) else "", "single": request.GET.get("single") == "1"})


@login_required
def partner_create(request):
    if not can_edit_partners(request.user):
        raise PermissionDenied
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "confirm_new"}
        try:
            partner = actions.create_partner(request.user, allow_duplicate=True, **data)
        except ValidationError as error:  # the action's checks (a Wikidata id), on the field they name
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã thêm đối tác %(name)s.") % {"name": partner})
            return redirect(partner)
    return render(request, "partners/partner_form.html", {"form": form, "existing": form.existing})


@login_required
def partner_edit(request, pk):
    partner = visible_or_404(Partner.objects.current(), request.user, pk)
    refusal = partner_edit_refusal(request.user, partner)
    if refusal:
        return render(request, "partners/partner_locked.html", {"partner": partner, "refusal": refusal}, status=403)
    form = PartnerForm(request.POST or None, instance=partner)
    add_version_field(form, partner)
    if request.method == "POST" and form.is_valid():
        try:
            fields = {name: value for name, value in form.cleaned_data.items() if name not in (VERSION_FIELD, "confirm_new")}
            # The form asked about a repeated name (PartnerForm.clean), as on creation.
            actions.update_partner(request.user, partner, version=form_version(form), allow_duplicate=True, **fields)
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(partner)
    return render(request, "partners/partner_form.html", {"form": form, "partner": partner, "existing": form.existing})


@login_required
def partner_export(request):
    """The directory as filtered on its page, with other names, identifiers and active warnings (XLSX)."""
    from django.db.models import Count, Q

    from ngoaivu.core import exports
    from ngoaivu.core.countries import country_name
    from django.utils import timezone
    qs = PartnerFilter(request.GET or None, queryset=Partner.objects.current().visible_to(request.user)).qs
    qs = qs.select_related("parent").prefetch_related("aliases").annotate(
        active_warnings=Count("warnings", filter=Q(warnings__lifted_at__isnull=True))).order_by("name", "pk")
    headers = [_("Tên theo cách đối tác viết"), _("Tên tiếng Việt"), _("Tên khác"), _("Loại đối tác"), _("Quốc gia"),
               _("Trực thuộc"), _("Trang web"), _("Số đăng ký"), _("Mã Wikidata"), _("Cảnh báo đang có"), _("Ngày tạo")]
    rows = ([p.name, p.name_vi, "; ".join(p.alias_names), p.get_kind_display(), country_name(p.country),
             p.parent.name if p.parent_id else "", p.website, p.registration_number, p.wikidata_id, p.active_warnings,
             timezone.localtime(p.created_at).date()] for p in qs.iterator(chunk_size=500))
    content = exports.xlsx(exports.Sheet(_("Đối tác nước ngoài"), headers, rows, [40, 30, 30, 24, 18, 30, 30, 18, 14, 10, 12]))
    return exports.attachment(content, "doi-tac-nuoc-ngoai.xlsx")
