"""Pages of the core app: home, localities, accounts."""
from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, Prefetch, Q, Value, When
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ngoaivu.core import accounts, actions
from ngoaivu.core.concurrency import add_save_error, form_version
from ngoaivu.core.forms import (AccountForm, ForeignAffairsAgencyForm, LoginForm, MembershipForm,
                                OwnPasswordChangeForm, ProfileForm, SetPasswordForm, UserCreateForm)
from ngoaivu.core.generic import history_entries
from ngoaivu.core.models import Locality, Membership
from ngoaivu.core.registry import HOME_PANELS, LAZY_PANELS, lazy_name_of


def page_not_found(request, exception=None):
    """JSON for the API (clients and schemathesis expect it), a Vietnamese page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)
    return render(request, "404.html", status=404)


@csrf_exempt  # it changes nothing; a CSRF refusal would answer an HTML 403 instead of the JSON 404
def api_not_found(request, *args, **kwargs):
    """The last pattern under /api/: what no endpoint matched answers JSON, in DEBUG too (Django's debug
    404 page is HTML). A path missing only its final slash is still redirected, as CommonMiddleware would."""
    if request.method in ("GET", "HEAD") and not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)


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
    # read with the user by the sign-in backend (core.backends): the memberships listed and the primary one
    memberships = request.user.memberships_shown()
    panels = []
    for _order, panel in HOME_PANELS:
        name = lazy_name_of(panel)
        if name:  # loaded after the page (its reads of the register cost more than the page)
            if LAZY_PANELS[name][1](request):
                panels.append({"template": "core/includes/lazy_panel.html", "name": name})
            continue
        result = panel(request)
        if result:
            panels.append(result)
    return render(request, "core/home.html", {"membership": memberships[0] if memberships else None,
                                              "panels": panels, "memberships": memberships})


@login_required
def home_panel(request, name):
    """One home panel loaded after the home page (htmx replaces the page's placeholder with it); opened
    without htmx (no JavaScript), the panel alone in a page. Scoped as on the home page: the panel
    function reads only what request.user sees. An empty answer when the panel has nothing to show."""
    found = LAZY_PANELS.get(name)
    if found is None:
        raise Http404
    func, visible = found
    panel = func(request) if visible(request) else None
    if request.htmx:
        return render(request, panel["template"], {"panel": panel}) if panel else HttpResponse("")
    return render(request, "core/home_panel.html", {"panel": panel})


def _day_asked(request):
    """The day a locality page shows its facts for (?on=dd/mm/yyyy; today when absent), and an error
    naming the field when the day cannot be read."""
    import datetime

    from django import forms as django_forms
    text = request.GET.get("on", "").strip()
    if not text:
        return datetime.date.today(), "", ""
    try:
        return django_forms.DateField(input_formats=["%d/%m/%Y"]).clean(text), text, ""
    except ValidationError:
        return datetime.date.today(), text, _("Ngày xem phải là ngày thật, dạng 27/3/2026")


@login_required
def locality_list(request):
    on, on_text, on_error = _day_asked(request)
    former = Locality.objects.former().order_by("sort_key")
    localities = (Locality.objects.current()
                  .prefetch_related(Prefetch("predecessors", queryset=former, to_attr="former_list"), "facts")
                  .annotate(unit_count=Count("units", filter=Q(units__valid_until__isnull=True))))
    q = request.GET.get("q", "").strip()
    if q:
        matching_former = Locality.objects.former().search(q).values("successor_id")
        localities = localities.filter(Q(pk__in=Locality.objects.search(q).values("pk")) | Q(pk__in=matching_former))
    localities = list(localities)
    for locality in localities:  # the type in force on the day asked, from the dated facts
        locality.kind_shown = locality.kind_label_on(on)
    return render(request, "core/locality_list.html", {"localities": localities, "q": q, "on": on,
                                                       "on_text": on_text, "on_error": on_error,
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
    on, on_text, on_error = _day_asked(request)
    facts = locality.facts.select_related("successor").order_by("fact", "valid_from")
    return render(request, "core/locality_detail.html", {
        "on": on, "on_text": on_text, "on_error": on_error, "kind_on": locality.kind_label_on(on),
        "name_on": locality.name_on(on), "facts": facts,
        "locality": locality, "page_obj": page, "q": q, "kind": kind, "unit_kinds": UnitKind.choices,
        "predecessors": locality.predecessors.order_by("sort_key"), "agency": locality.foreign_affairs_agency,
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


def can_manage_users(user) -> bool:
    """Shows the "Tài khoản" navigation item (core.accounts decides)."""
    return accounts.can_manage_accounts(user)


def _require_account_manager(user):
    if not accounts.can_manage_accounts(user):
        raise PermissionDenied


def _managed(user):
    return accounts.manageable_users(user).prefetch_related(
        "memberships__locality", "memberships__unit__locality", "memberships__mission")


@login_required
def user_list(request):
    _require_account_manager(request.user)
    users = _managed(request.user).order_by("username")
    q = request.GET.get("q", "").strip()
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    page = Paginator(users, 25).get_page(request.GET.get("page"))
    return render(request, "core/user_list.html", {"page_obj": page, "q": q})


@login_required
def user_create(request):
    _require_account_manager(request.user)
    form = UserCreateForm(request.POST or None, manager=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = actions.create_account(
            request.user, username=data["username"], full_name=data["full_name"], password=data["password"],
            email=data["email"], job_title=data["job_title"], kind=data["kind"], role=data["role"],
            locality=data["locality"], unit=data["unit"])
        messages.success(request, _("Đã tạo tài khoản %(username)s.") % {"username": user.username})
        return redirect("core:user_detail", pk=user.pk)
    return render(request, "core/user_form.html", {"form": form})


def _account_page(request, account, form=None, membership_forms=None, password_form=None, status=200):
    memberships = list(account.memberships.select_related("locality", "unit__locality", "mission").order_by("pk"))
    membership_forms = membership_forms or {}
    return render(request, "core/user_detail.html", {
        "account": account, "history": _account_history(account, memberships),
        "form": form or AccountForm(manager=request.user, account=account, initial=_account_initial(account)),
        "memberships": [(m, membership_forms.get(m.pk) or MembershipForm(manager=request.user, membership=m))
                        for m in memberships],
        "password_form": password_form or SetPasswordForm(account),
        "error_forms": [f for f in (form, password_form, *membership_forms.values()) if f is not None and f.errors],
    }, status=status)


def _account_history(account, memberships, limit=50):
    """The account's changes and those of its scopes and roles (who gave which role, when), newest first."""
    entries = history_entries(account, limit=limit)
    for membership in memberships:
        entries += history_entries(membership, limit=limit)
    return sorted(entries, key=lambda entry: entry["when"], reverse=True)[:limit]


def _account_initial(account):
    return {"full_name": account.full_name, "job_title": account.job_title, "email": account.email,
            "is_active": account.is_active, "is_superuser": account.is_superuser}


@login_required
def user_detail(request, pk):
    if pk == request.user.pk:  # one's own account: the profile page (no role, scope or status to change)
        return redirect("core:profile")
    _require_account_manager(request.user)
    account = get_object_or_404(_managed(request.user), pk=pk)
    form = AccountForm(request.POST or None, manager=request.user, account=account,
                       initial=_account_initial(account))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_account(request.user, account, full_name=data["full_name"], email=data["email"],
                                   job_title=data["job_title"], is_active=data["is_active"],
                                   is_superuser=data.get("is_superuser"), version=form_version(form))
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi tài khoản."))
            return redirect("core:user_detail", pk=account.pk)
    return _account_page(request, account, form=form if request.method == "POST" else None)


@login_required
@require_http_methods(["POST"])
def membership_role(request, pk):
    """Change one scope of a managed account and its role (a post of the role alone keeps the scope)."""
    _require_account_manager(request.user)
    membership = get_object_or_404(Membership.objects.filter(user__in=accounts.manageable_users(request.user)), pk=pk)
    account = membership.user
    prefix = f"m{membership.pk}"
    data = request.POST.copy()
    if "role" in data and f"{prefix}-role" not in data:  # the short form: the role only
        data.update({f"{prefix}-kind": membership.kind, f"{prefix}-locality": membership.locality_id or "",
                     f"{prefix}-unit": membership.unit_id or "", f"{prefix}-role": data["role"]})
    form = MembershipForm(data, manager=request.user, membership=membership)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.change_membership(request.user, membership, kind=d["kind"], role=d["role"],
                                      locality=d["locality"], unit=d["unit"], mission=d["mission"],
                                      version=form_version(form))
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã đổi phạm vi, vai trò."))
            return redirect("core:user_detail", pk=account.pk)
    membership.refresh_from_db()
    return _account_page(request, account, membership_forms={membership.pk: form})


@login_required
@require_http_methods(["POST"])
def user_password(request, pk):
    """A manager sets a new password for a managed account (e.g. a forgotten one)."""
    _require_account_manager(request.user)
    account = get_object_or_404(_managed(request.user), pk=pk)
    form = SetPasswordForm(account, request.POST)
    if form.is_valid():
        actions.reset_password(request.user, account, form.cleaned_data["new_password1"])
        messages.success(request, _("Đã đặt mật khẩu mới cho %(username)s.") % {"username": account.username})
        return redirect("core:user_detail", pk=account.pk)
    account.refresh_from_db()
    return _account_page(request, account, password_form=form)


class PasswordChangeView(auth_views.PasswordChangeView):
    """One's own password: Django's page, the change made by the action (which revokes the API token)."""

    template_name = "core/password_change.html"
    success_url = reverse_lazy("core:password_change_done")
    form_class = OwnPasswordChangeForm  # the current password is checked under the sign-in's lock

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        actions.change_own_password(form.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, form.user)  # this session stays signed in; the others end
        return HttpResponseRedirect(self.get_success_url())


@login_required
def profile(request):
    """Every user's own profile: name, job title, e-mail (the password on its own page)."""
    # The account itself, not request.user's lazy wrapper: the form's version and the save's row lock read
    # the record's model (core.concurrency).
    user = get_user_model()._base_manager.get(pk=request.user.pk)
    form = ProfileForm(request.POST or None, account=user,
                       initial={"full_name": user.full_name, "job_title": user.job_title, "email": user.email})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_profile(user, user, full_name=data["full_name"], email=data["email"],
                                   job_title=data["job_title"], version=form_version(form))
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã lưu hồ sơ của bạn."))
            return redirect("core:profile")
    return render(request, "core/user_profile.html", {"form": form, "memberships": user.memberships_shown()})
