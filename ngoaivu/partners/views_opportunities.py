"""Pages of the opportunities and province profiles: national lists (every signed-in user), post and edit
(the poster's scope), interest (another province), connect (poster or centre), outcome, and the ranking
with its reasons (partners.matching). Rules live in partners.opportunities."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngoaivu.core.concurrency import add_save_error, form_version
from ngoaivu.core.countries import country_name
from ngoaivu.core.forms import errors_text
from ngoaivu.core.generic import FilteredListView, history_entries, visible_or_404
from ngoaivu.core.models import Locality
from ngoaivu.core.scoping import scope_of
from ngoaivu.partners import matching
from ngoaivu.partners import opportunities as ops
from ngoaivu.partners.forms_opportunities import (
    InterestForm, OpportunityFilter, OpportunityForm, OutcomeForm, ProfileFilter, ProfileForm)
from ngoaivu.partners.models_opportunities import Interest, Opportunity, ProvinceProfile


class OpportunityListView(FilteredListView):
    model = Opportunity
    search_param = "q"
    filterset_class = OpportunityFilter
    template_name = "partners/opportunity_list.html"
    sort_fields = {"title": "title", "deadline": "deadline", "created": "created_at"}
    default_sort = ("-created_at", "-pk")

    def get_queryset(self):
        return super().get_queryset().select_related("mission", "locality", "partner").prefetch_related("sectors")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        scope = scope_of(self.request.user)
        ctx["can_post"] = ops.may_post(self.request.user)
        ctx["figure"] = ops.outcome_figure() if scope.sees_all else None
        ctx["own_localities"] = Locality.objects.filter(pk__in=scope.locality_ids)
        return ctx


@login_required
def opportunity_create(request):
    if not ops.may_post(request.user):
        raise PermissionDenied
    form = OpportunityForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = ops.post_opportunity(request.user, **form.cleaned_data)
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã đăng cơ hội hợp tác. Các tỉnh, thành phố phù hợp sẽ thấy trong danh sách "
                                        "việc cần chú ý."))
            return redirect(opportunity)
    return render(request, "partners/opportunity_form.html", {"form": form})


@login_required
def opportunity_edit(request, pk):
    opportunity = visible_or_404(Opportunity.objects, request.user, pk)
    if not ops.may_edit(request.user, opportunity):
        raise PermissionDenied
    form = OpportunityForm(request.POST or None, request.FILES or None, instance=opportunity, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            ops.update_opportunity(request.user, opportunity, **form.cleaned_data)
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(opportunity)
    return render(request, "partners/opportunity_form.html", {"form": form, "opportunity": opportunity})


@login_required
def opportunity_detail(request, pk):
    opportunity = visible_or_404(Opportunity.objects.select_related(
        "mission", "locality", "partner", "created_by"), request.user, pk)
    interests = list(opportunity.interests.select_related("locality", "agreement", "delegation", "connected_by"))
    readable = ops.readable_outcomes(request.user, interests)
    for interest in interests:
        interest.shown_agreement = interest.agreement if interest.agreement_id in readable["agreement"] else None
        interest.shown_delegation = interest.delegation if interest.delegation_id in readable["delegation"] else None
        interest.can_connect = interest.status == "expressed" and ops.may_connect(request.user, interest)
        interest.can_link = ops.may_link_outcome(request.user, interest)
    answered = {i.locality_id for i in interests}
    may_answer = [pk for pk in ops.interest_localities(request.user, opportunity) if pk not in answered]
    return render(request, "partners/opportunity_detail.html", {
        "opportunity": opportunity, "interests": interests, "can_edit": ops.may_edit(request.user, opportunity),
        "can_express": bool(may_answer) and opportunity.is_open, "interest_form": InterestForm(),
        "matches": matching.rank_provinces(opportunity), "formula": matching.FORMULA,
        "countries": [country_name(c) for c in sorted(opportunity.countries_of_interest())],
        "history": history_entries(opportunity)})


@login_required
@require_POST
def opportunity_interest(request, pk):
    opportunity = visible_or_404(Opportunity.objects, request.user, pk)
    if not ops.interest_localities(request.user, opportunity):
        raise PermissionDenied
    form = InterestForm(request.POST)
    if form.is_valid():
        try:
            ops.express_interest(request.user, opportunity, form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã bày tỏ quan tâm. Đơn vị đăng cơ hội sẽ được báo để kết nối."))
    else:
        messages.error(request, errors_text(form))
    return redirect(opportunity)


@login_required
@require_POST
def interest_connect(request, pk):
    interest = visible_or_404(Interest.objects.select_related("opportunity"), request.user, pk)
    if not ops.may_connect(request.user, interest):
        raise PermissionDenied
    try:
        ops.connect_interest(request.user, interest)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã kết nối %(province)s.") % {"province": interest.locality})
    return redirect(interest.opportunity)


@login_required
def interest_outcome(request, pk):
    interest = visible_or_404(Interest.objects.select_related("opportunity", "locality"), request.user, pk)
    if not ops.may_link_outcome(request.user, interest):
        raise PermissionDenied
    form = OutcomeForm(request.POST or None, user=request.user, interest=interest)
    if request.method == "POST" and form.is_valid():
        try:
            ops.link_outcome(request.user, interest, form.cleaned_data["agreement"], form.cleaned_data["delegation"],
                             version=form_version(form))
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã ghi kết quả của kết nối."))
            return redirect(interest.opportunity)
    return render(request, "partners/opportunity_outcome.html", {"form": form, "interest": interest})


@login_required
def opportunity_export(request):
    """The opportunities as filtered on the list page (XLSX)."""
    from ngoaivu.core import exports
    qs = OpportunityFilter(request.GET or None, queryset=Opportunity.objects.visible_to(request.user)).qs
    qs = qs.select_related("mission", "locality", "partner").prefetch_related("sectors", "interests").order_by("-created_at", "-pk")
    headers = [_("Tiêu đề"), _("Loại"), _("Tình trạng"), _("Đơn vị đăng"), _("Lĩnh vực"), _("Quốc gia đối tác"),
               _("Quốc gia ưu tiên"), _("Đối tác"), _("Nội dung cần tìm"), _("Nội dung tỉnh có thể đáp ứng"),
               _("Hạn bày tỏ quan tâm"), _("Đầu mối liên hệ"), _("Số tỉnh quan tâm"), _("Ngày đăng")]
    rows = ([o.title, o.get_kind_display(), o.get_shown_status_display(), o.poster_display,
             "; ".join(str(s) for s in o.sectors.all()), country_name(o.country),
             "; ".join(country_name(c) for c in o.preferred_countries), o.partner.name if o.partner_id else "",
             o.sought, o.offered, o.deadline, o.contact, len(o.interests.all()),
             timezone.localtime(o.created_at).date()] for o in qs)
    content = exports.xlsx(exports.Sheet(_("Cơ hội hợp tác"), headers, rows,
                                         [40, 22, 12, 30, 30, 18, 24, 30, 40, 40, 12, 30, 10, 12]))
    return exports.attachment(content, "co-hoi-hop-tac.xlsx")


class ProfileListView(FilteredListView):
    model = ProvinceProfile
    filterset_class = ProfileFilter
    template_name = "partners/profile_list.html"
    default_sort = ("locality__sort_key", "pk")

    def get_queryset(self):
        return super().get_queryset().select_related("locality").prefetch_related("sectors")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["own_localities"] = Locality.objects.filter(pk__in=scope_of(self.request.user).locality_ids)
        return ctx


@login_required
def profile_detail(request, locality_pk):
    """A province's profile and the open opportunities ranked for it, with the reasons."""
    locality = get_object_or_404(Locality.objects.current(), pk=locality_pk)
    profile = ProvinceProfile.objects.filter(locality=locality).prefetch_related("sectors").first()
    return render(request, "partners/profile_detail.html", {
        "locality": locality, "profile": profile, "matches": matching.rank_opportunities(locality),
        "formula": matching.FORMULA, "can_edit": locality.pk in scope_of(request.user).edit_locality_ids,
        "priority_countries": [country_name(c) for c in (profile.priority_countries if profile else [])]})


@login_required
def profile_edit(request, locality_pk):
    locality = get_object_or_404(Locality.objects.current(), pk=locality_pk)
    if locality.pk not in scope_of(request.user).edit_locality_ids:
        raise PermissionDenied
    profile = ProvinceProfile.objects.filter(locality=locality).first()
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            ops.save_profile(request.user, locality, **form.cleaned_data)
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã lưu hồ sơ hợp tác của tỉnh."))
            return redirect("partners:profile_detail", locality_pk=locality.pk)
    return render(request, "partners/profile_form.html", {"form": form, "locality": locality})
