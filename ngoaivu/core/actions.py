"""State changes of the core app. Views authorise and parse; these change state."""
from django.db import transaction

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


@transaction.atomic
def set_foreign_affairs_agency(locality, unit: Unit) -> None:
    """Exactly one unit per province holds the foreign-affairs function."""
    for old in locality.units.filter(is_foreign_affairs_agency=True).exclude(pk=unit.pk):
        old.is_foreign_affairs_agency = False
        old.save(update_fields=["is_foreign_affairs_agency"])
    if not unit.is_foreign_affairs_agency:
        unit.is_foreign_affairs_agency = True
        unit.save(update_fields=["is_foreign_affairs_agency"])
