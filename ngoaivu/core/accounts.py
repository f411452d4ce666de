"""Who manages which account: the one place the account pages, their forms and the actions ask.

Account management (create, edit, deactivate, change role or scope, reset a password) belongs to
managers, within their scope:
- a superuser manages every account; only a superuser makes or unmakes superusers;
- a centre manager (centre scope, manager role) manages every account except superusers;
- a province manager manages the accounts whose every scope lies in their province (the province or one
  of its units), and grants only scopes of their province — never the centre or a mission;
- an officer or viewer manages no account: they edit only their own profile (name, e-mail, password).
Nobody changes their own role or scope or deactivates themselves, and the last active superuser cannot
be deactivated or demoted. The actions (core.actions) enforce these rules; the pages ask them to hide
what a user may not do.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from ngoaivu.core.choices import Role, ScopeKind


def is_centre_manager(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    # Read from the scope, whose one query of the memberships every request already makes.
    return user.scope.centre_manager


def managed_locality_ids(user) -> frozenset:
    """The provinces whose accounts a province manager manages."""
    return user.scope.manage_locality_ids


def manages_everything(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and (user.is_superuser or is_centre_manager(user)))


def can_manage_accounts(user) -> bool:
    """May open the account pages (list, create): a superuser or a manager somewhere."""
    return manages_everything(user) or bool(user and user.is_authenticated and managed_locality_ids(user))


def _inside(ids, prefix=""):
    return (Q(**{f"{prefix}kind": ScopeKind.LOCALITY, f"{prefix}locality__in": ids})
            | Q(**{f"{prefix}kind": ScopeKind.UNIT, f"{prefix}unit__locality__in": ids}))


def manageable_users(user):
    """The accounts `user` may manage (never their own: nobody changes their own role or scope)."""
    from ngoaivu.core.models import Membership, User
    qs = User.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return qs.none()
    qs = qs.exclude(pk=user.pk)
    if user.is_superuser:
        return qs
    if is_centre_manager(user):
        return qs.exclude(is_superuser=True)
    ids = managed_locality_ids(user)
    if not ids:
        return qs.none()
    # Every scope of the account must lie in the manager's province: an account that also works for the
    # centre, a mission or another province is managed from there, not from here.
    inside = Membership.objects.filter(_inside(ids)).values("user")
    outside = Membership.objects.exclude(_inside(ids)).values("user")
    return qs.filter(pk__in=inside).exclude(pk__in=outside).exclude(is_superuser=True)


def can_manage(user, target) -> bool:
    return target is not None and manageable_users(user).filter(pk=target.pk).exists()


def check_can_manage(user, target) -> None:
    if not can_manage(user, target):
        if user is not None and target is not None and user.pk == target.pk:
            raise PermissionDenied(_("Bạn không thể tự đổi vai trò, phạm vi hoặc trạng thái của tài khoản mình."))
        raise PermissionDenied(_("Bạn không có quyền quản lý tài khoản này."))


def can_edit_profile(user, target) -> bool:
    """Name, e-mail and job title: one's own, or a managed account's."""
    return bool(user and user.is_authenticated and user.is_active
                and (user.pk == target.pk or can_manage(user, target)))


def grantable_kinds(user) -> list:
    """The scope kinds `user` may give an account."""
    if manages_everything(user):
        return list(ScopeKind.values)
    if managed_locality_ids(user):
        return [ScopeKind.LOCALITY, ScopeKind.UNIT]
    return []


def grantable_localities(user):
    from ngoaivu.core.models import Locality
    if manages_everything(user):
        return Locality.objects.current()
    return Locality.objects.current().filter(pk__in=managed_locality_ids(user))


def check_grant(user, *, kind, locality=None, unit=None, mission=None, role=None) -> None:
    """Refuse a scope or role `user` may not give."""
    if kind not in grantable_kinds(user) or (role is not None and role not in Role.values):
        raise PermissionDenied(_("Bạn không có quyền cấp phạm vi hoặc vai trò này."))
    if manages_everything(user):
        return
    home = locality if kind == ScopeKind.LOCALITY else (unit.locality if unit is not None else None)
    if home is None or home.pk not in managed_locality_ids(user):
        raise PermissionDenied(_("Bạn chỉ được cấp phạm vi trong tỉnh, thành phố mình quản lý."))


def check_not_last_superuser(target) -> None:
    """Keep one active superuser: without one, nobody could manage the superusers or the centre."""
    from ngoaivu.core.models import User
    if not (target.is_superuser and target.is_active):
        return
    others = User.objects.select_for_update().filter(is_superuser=True, is_active=True).exclude(pk=target.pk)
    if not list(others.values_list("pk", flat=True)):
        raise ValidationError(_("Không thể khóa hoặc hạ quyền quản trị viên hệ thống cuối cùng còn hoạt động."))
