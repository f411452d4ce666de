"""State changes of the core app. Views authorise and parse; these change state."""
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ngoaivu.core import accounts
from ngoaivu.core.choices import ScopeKind
from ngoaivu.core.concurrency import check_version
from ngoaivu.core.models import Membership, Unit, User


@transaction.atomic
def create_user(*, username, full_name, password, kind, role, locality=None, unit=None, mission=None,
                email="", job_title="", is_superuser=False) -> User:
    user = User(username=username, full_name=full_name, email=email, job_title=job_title,
                is_superuser=is_superuser, is_staff=is_superuser)
    user.set_password(password)
    user.save()
    membership = Membership(user=user, kind=kind, role=role, locality=locality, unit=unit, mission=mission)
    membership.full_clean(exclude=["user"])
    membership.save()
    return user


# Account management by a person: each action checks the rules of core.accounts itself, so a page, a
# form or a future API that forgets to ask cannot change an account it should not. `create_user` above
# is for the command line and the demo (the operator of the server is trusted).

def _scope_fields(kind, locality, unit, mission):
    """Only the field the kind needs (a unit scope keeps no stray province, and so on)."""
    return {"locality": locality if kind == ScopeKind.LOCALITY else None,
            "unit": unit if kind == ScopeKind.UNIT else None,
            "mission": mission if kind == ScopeKind.MISSION else None}


@transaction.atomic
def create_account(actor, *, username, full_name, password, kind, role, locality=None, unit=None,
                   mission=None, email="", job_title="") -> User:
    accounts.check_grant(actor, kind=kind, locality=locality, unit=unit, mission=mission, role=role)
    return create_user(username=username, full_name=full_name, password=password, kind=kind, role=role,
                       email=email, job_title=job_title, **_scope_fields(kind, locality, unit, mission))


@transaction.atomic
def update_profile(actor, target, *, full_name, email, job_title, version=None) -> None:
    """Name, e-mail, job title: one's own profile, or an account the actor manages. `version`: the account's
    version the page was read from (core.concurrency), a stale one refused."""
    if not accounts.can_edit_profile(actor, target):
        accounts.check_can_manage(actor, target)
    check_version(target, version)
    values = {"full_name": full_name, "email": email, "job_title": job_title}
    changed = [name for name, value in values.items() if getattr(target, name) != value]
    if changed:  # no empty "changed" entry in the account's history
        for name in changed:
            setattr(target, name, values[name])
        target.save(update_fields=changed)


@transaction.atomic
def set_active(actor, target, is_active: bool) -> None:
    accounts.check_can_manage(actor, target)
    target = User.objects.select_for_update().get(pk=target.pk)
    if target.is_active == is_active:
        return
    if not is_active:
        accounts.check_not_last_superuser(target)
    target.is_active = is_active
    target.save(update_fields=["is_active"])
    if not is_active:
        # A locked account keeps nothing to come back with: reactivated, it signs in again and makes new ones.
        _revoke_credentials(target)
        _end_sessions(target)


@transaction.atomic
def set_superuser(actor, target, is_superuser: bool) -> None:
    """Only a superuser makes or unmakes superusers (and never the last active one)."""
    accounts.check_can_manage(actor, target)
    if not actor.is_superuser:
        raise PermissionDenied(_("Chỉ quản trị viên hệ thống mới cấp hoặc thu hồi quyền quản trị hệ thống."))
    target = User.objects.select_for_update().get(pk=target.pk)
    if target.is_superuser == is_superuser:
        return
    if not is_superuser:
        accounts.check_not_last_superuser(target)
    target.is_superuser = target.is_staff = is_superuser
    target.save(update_fields=["is_superuser", "is_staff"])


@transaction.atomic
def update_account(actor, target, *, full_name, email, job_title, is_active, is_superuser=None,
                   version=None) -> None:
    """The account page's one form: all of it is saved, or none (a refusal rolls the rest back). `version`
    is the account's version the form was read from (core.concurrency): a stale one is refused."""
    accounts.check_can_manage(actor, target)
    check_version(target, version)
    update_profile(actor, target, full_name=full_name, email=email, job_title=job_title)
    if is_superuser is not None:
        set_superuser(actor, target, is_superuser)
    set_active(actor, target, is_active)


@transaction.atomic
def change_membership(actor, membership, *, kind, role, locality=None, unit=None, mission=None,
                      version=None) -> Membership:
    """Change an account's scope and role, within what the actor may grant. `version` is the scope's
    version the form was read from (core.concurrency): a stale one is refused."""
    accounts.check_can_manage(actor, membership.user)
    check_version(membership, version)
    accounts.check_grant(actor, kind=kind, locality=locality, unit=unit, mission=mission, role=role)
    membership.kind, membership.role = kind, role
    for name, value in _scope_fields(kind, locality, unit, mission).items():
        setattr(membership, name, value)
    membership.full_clean(exclude=["user"])
    membership.save()
    return membership


@transaction.atomic
def reset_password(actor, target, password: str) -> None:
    """A manager sets a new password; the account's API token (and the apps' other credentials, such as the
    calendar's secret address) are revoked with the old password."""
    accounts.check_can_manage(actor, target)
    validate_password(password, target)
    target.set_password(password)
    target.save(update_fields=["password"])
    _revoke_credentials(target)


@transaction.atomic
def change_own_password(user, password: str) -> None:
    """A user changes their own password (the form checked the old one); the API token fetched with the
    old password (and the apps' other credentials) are revoked, as after a manager's reset: whoever learnt
    the old one keeps nothing."""
    user.set_password(password)
    user.save(update_fields=["password"])
    _revoke_credentials(user)


def _end_sessions(user) -> None:
    """Delete the user's open sessions: the session table holds no user column, so each open session is
    read (a rare step: an account locked by a manager)."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    key = str(user.pk)
    ended = [s.pk for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
             if s.get_decoded().get("_auth_user_id") == key]
    Session.objects.filter(pk__in=ended).delete()


def _revoke_credentials(user) -> None:
    from rest_framework.authtoken.models import Token

    from ngoaivu.core.registry import CREDENTIAL_REVOKERS
    Token.objects.filter(user=user).delete()
    for revoke in CREDENTIAL_REVOKERS:
        revoke(user)


@transaction.atomic
def set_foreign_affairs_agency(locality, unit: Unit) -> None:
    """Exactly one unit per province holds the foreign-affairs function."""
    for old in locality.units.filter(is_foreign_affairs_agency=True).exclude(pk=unit.pk):
        old.is_foreign_affairs_agency = False
        old.save(update_fields=["is_foreign_affairs_agency"])
    if not unit.is_foreign_affairs_agency:
        unit.is_foreign_affairs_agency = True
        unit.save(update_fields=["is_foreign_affairs_agency"])
