"""Pages of the core app: home, localities, accounts."""
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, Prefetch, Q, Value, When
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ngoaivu.core import actions
from ngoaivu.core.choices import Role, ScopeKind
from ngoaivu.core.forms import ForeignAffairsAgencyForm, LoginForm, UserActiveForm, UserCreateForm
from ngoaivu.core.generic import history_entries
from ngoaivu.core.models import Locality, Membership, Unit, User
from ngoaivu.core.registry import HOME_PANELS


def page_not_found(request, exception=None):
    """JSON for the API (clients and schemathesis expect it), a Vietnamese page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)
    return render(request, "404.html", status=404)


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "core/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        from django.conf import settings
        if settings.DEMO:  # only `ngoaivu demo` turns this on
            from ngoaivu.core.demo import DEMO_PASSWORD, demo_accounts
            ctx["demo_accounts"], ctx["demo_password"] = demo_accounts(), DEMO_PASSWORD
        return ctx


@login_required
def home(request):
    # one query for the memberships listed and the primary one (with what their labels show)
    memberships = list(request.user.memberships.select_related("locality", "unit__locality", "mission").order_by("pk"))
    panels = []
    for _order, panel in HOME_PANELS:
        result = panel(request)
        if result:
            panels.append(result)
    return render(request, "core/home.html", {"membership": memberships[0] if memberships else None,
                                              "panels": panels, "memberships": memberships})


@login_required
def locality_list(request):
    former = Locality.objects.former().order_by("short_name")
    localities = (Locality.objects.current()
                  .prefetch_related(Prefetch("predecessors", queryset=former, to_attr="former_list"))
                  .annotate(unit_count=Count("units", filter=Q(units__valid_until__isnull=True))))
    q = request.GET.get("q", "").strip()
    if q:
        matching_former = Locality.objects.former().search(q).values("successor_id")
        localities = localities.filter(Q(pk__in=Locality.objects.search(q).values("pk")) | Q(pk__in=matching_former))
    localities = list(localities)
    return render(request, "core/locality_list.html", {"localities": localities, "q": q,
                                                       "former_count": former.count()})


@login_required
def locality_detail(request, pk):
    locality = get_object_or_404(Locality.objects.select_related("successor"), pk=pk)
    units = locality.units.filter(valid_until__isnull=True)
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if q:
        units = units.search(q)
    if kind:
        units = units.filter(kind=kind)
    # Provincial bodies first, then the (many) commune People's Committees.
    communes_last = Case(When(kind="commune_pc", then=Value(1)), default=Value(0))
    page = Paginator(units.order_by(communes_last, "kind", "name"), 30).get_page(request.GET.get("page"))
    scope = request.user.scope
    can_manage = scope.superuser or locality.pk in scope.manage_locality_ids
    from ngoaivu.core.choices import UnitKind
    return render(request, "core/locality_detail.html", {
        "locality": locality, "page_obj": page, "q": q, "kind": kind, "unit_kinds": UnitKind.choices,
        "predecessors": locality.predecessors.order_by("short_name"), "agency": locality.foreign_affairs_agency,
        "can_manage": can_manage, "agency_form": ForeignAffairsAgencyForm(locality=locality) if can_manage else None,
    })


@login_required
@require_http_methods(["POST"])
def locality_set_agency(request, pk):
    locality = get_object_or_404(Locality.objects.current(), pk=pk)
    scope = request.user.scope
    if not (scope.superuser or locality.pk in scope.manage_locality_ids):
        raise PermissionDenied
    form = ForeignAffairsAgencyForm(request.POST, locality=locality)
    if form.is_valid():
        actions.set_foreign_affairs_agency(locality, form.cleaned_data["unit"])
        messages.success(request, _("Đã đặt %(unit)s là cơ quan ngoại vụ của tỉnh.") % {"unit": form.cleaned_data["unit"]})
    else:
        messages.error(request, _("Chọn một cơ quan trong danh sách."))
    return redirect(locality.get_absolute_url())


def _managed_users(user):
    """Accounts a manager may see and change: their province's (locality or its units), or all for the centre."""
    scope = user.scope
    qs = User.objects.prefetch_related("memberships__locality", "memberships__unit__locality", "memberships__mission")
    if scope.superuser or (scope.centre and scope.centre_edit):
        return qs
    if not scope.manage_locality_ids:
        raise PermissionDenied
    ids = scope.manage_locality_ids
    return qs.filter(Q(memberships__locality__in=ids) | Q(memberships__unit__locality__in=ids)).distinct()


def can_manage_users(user) -> bool:
    scope = user.scope
    return bool(scope.superuser or (scope.centre and scope.centre_edit) or scope.manage_locality_ids)


@login_required
def user_list(request):
    users = _managed_users(request.user).order_by("username")
    q = request.GET.get("q", "").strip()
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    page = Paginator(users, 25).get_page(request.GET.get("page"))
    return render(request, "core/user_list.html", {"page_obj": page, "q": q})


@login_required
def user_create(request):
    _managed_users(request.user)  # 403 for non-managers
    form = UserCreateForm(request.POST or None, manager=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = actions.create_user(
            username=data["username"], full_name=data["full_name"], password=data["password"],
            email=data["email"], job_title=data["job_title"], kind=data["kind"], role=data["role"],
            locality=data["locality"] if data["kind"] == ScopeKind.LOCALITY else None,
            unit=data["unit"] if data["kind"] == ScopeKind.UNIT else None)
        messages.success(request, _("Đã tạo tài khoản %(username)s.") % {"username": user.username})
        return redirect("core:user_detail", pk=user.pk)
    return render(request, "core/user_form.html", {"form": form})


@login_required
def user_detail(request, pk):
    user = get_object_or_404(_managed_users(request.user), pk=pk)
    form = UserActiveForm(request.POST or None, instance=user)
    if request.method == "POST":
        if user == request.user and not request.POST.get("is_active"):
            form.add_error("is_active", _("Bạn không thể tự khóa tài khoản của mình"))
        elif form.is_valid():
            form.save()
            messages.success(request, _("Đã lưu thay đổi tài khoản."))
            return redirect("core:user_detail", pk=user.pk)
    return render(request, "core/user_detail.html", {
        "account": user, "form": form, "history": history_entries(user),
        "memberships": user.memberships.select_related("locality", "unit__locality", "mission"),
        "roles": Role.choices})


@login_required
@require_http_methods(["POST"])
def membership_role(request, pk):
    membership = get_object_or_404(Membership.objects.filter(user__in=_managed_users(request.user)), pk=pk)
    role = request.POST.get("role")
    if role not in Role.values:
        messages.error(request, _("Chọn một vai trò trong danh sách."))
    else:
        membership.role = role
        membership.save(update_fields=["role"])
        messages.success(request, _("Đã đổi vai trò."))
    return redirect("core:user_detail", pk=membership.user_id)
