"""The signed-in user of a request: read with their memberships in one statement (core.backends), and
read again on every request, so a change of role, scope or account status takes effect on the very next
request (nothing of the user or their scope is kept between requests)."""
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ngoaivu.core.backends import MembershipsBackend
from ngoaivu.core.models import Locality, Membership, Mission, Unit, User
from ngoaivu.core.scoping import scope_of
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def signed_in(username):
    """A client signed in through the login page (the real authenticate(), not force_login)."""
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": f"pw-{username}-2026!"})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def user_of(response):
    user = response.wsgi_request.user
    return user if user.is_authenticated else None


def test_sign_in_and_out(reference):
    user = make_user("officer", "locality", "officer", locality=Locality.objects.current().get(code=20))
    client = signed_in("officer")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert user_of(response).pk == user.pk
    assert user_of(response).scope.edit_locality_ids == {user.memberships.get().locality_id}
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_role_change_takes_effect_on_the_next_request(reference):
    locality = Locality.objects.current().get(code=20)
    make_user("officer", "locality", "officer", locality=locality)
    client = signed_in("officer")
    assert user_of(client.get(reverse("home"))).scope.edit_locality_ids == {locality.pk}
    Membership.objects.filter(user__username="officer").update(role="viewer")
    response = client.get(reverse("home"))
    assert user_of(response).scope.edit_locality_ids == frozenset()
    assert user_of(response).scope.locality_ids == {locality.pk}
    assert "Chỉ xem" in response.content.decode()


def test_scope_change_takes_effect_on_the_next_request(reference):
    make_user("central", "centre", "officer")
    client = signed_in("central")
    national = f'href="{reverse("implementation:national")}"'
    response = client.get(reverse("home"))
    assert user_of(response).scope.sees_all and national in response.content.decode()
    locality = Locality.objects.current().get(code=48)
    Membership.objects.filter(user__username="central").update(kind="locality", locality=locality)
    response = client.get(reverse("home"))
    assert not user_of(response).scope.sees_all
    assert user_of(response).scope.locality_ids == {locality.pk}
    assert national not in response.content.decode()
    assert client.get(reverse("implementation:national")).status_code == 403
    Membership.objects.filter(user__username="central").delete()
    response = client.get(reverse("home"))
    assert user_of(response).scope.locality_ids == frozenset()
    assert "Tài khoản chưa được gán phạm vi" in response.content.decode()


def test_deactivated_account_is_signed_out_on_the_next_request(reference):
    make_user("officer", "locality", "officer", locality=Locality.objects.current().get(code=20))
    client = signed_in("officer")
    assert client.get(reverse("home")).status_code == 200
    User.objects.filter(username="officer").update(is_active=False)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and user_of(response) is None


def test_password_changed_elsewhere_ends_the_session(reference):
    user = make_user("officer", "locality", "officer", locality=Locality.objects.current().get(code=20))
    client = signed_in("officer")
    assert client.get(reverse("home")).status_code == 200
    user.set_password("another-password-2026!")
    user.save()
    assert user_of(client.get(reverse("home"))) is None


def test_account_without_memberships(reference):
    User.objects.create_superuser("root", "root@example.vn", "pw-root-2026!")
    client = signed_in("root")
    response = client.get(reverse("home"))
    assert user_of(response).scope.sees_all
    assert "Quản trị hệ thống (toàn quốc)" in response.content.decode()
    make_user("newcomer", "locality", "officer", locality=Locality.objects.current().get(code=20))
    Membership.objects.filter(user__username="newcomer").delete()
    response = signed_in("newcomer").get(reverse("home"))
    assert user_of(response).username == "newcomer" and not user_of(response).scope.locality_ids


def test_user_and_memberships_read_in_one_statement(reference):
    locality = Locality.objects.current().get(code=20)
    user = make_user("officer", "locality", "officer", locality=locality)
    Membership.objects.create(user=user, kind="locality", locality=Locality.objects.current().get(code=48),
                              role="viewer")
    client = signed_in("officer")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    reads = [q["sql"] for q in captured.captured_queries
             if '"core_user"' in q["sql"] or '"core_membership"' in q["sql"]]
    assert len(reads) == 1, reads
    # both memberships listed, in the order they were given
    html = response.content.decode()
    assert html.index(str(locality)) < html.index("Chỉ xem")
    assert user_of(response).scope.edit_locality_ids == {locality.pk}


def test_expired_or_deleted_session_signs_out(reference):
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    make_user("officer", "locality", "officer", locality=Locality.objects.current().get(code=20))
    client = signed_in("officer")
    assert client.get(reverse("home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    assert user_of(client.get(reverse("home"))) is None
    client = signed_in("officer")
    assert client.get(reverse("home")).status_code == 200
    Session.objects.all().delete()  # e.g. signed out on another device with "clearsessions"
    assert user_of(client.get(reverse("home"))) is None


def test_the_backend_reads_the_user_and_memberships_as_the_orm_does(world):
    # Every field with the same value and type (the statement is written by hand, with the ORM's converters),
    # for a user with every kind of membership and for every persona.
    u = world.users["officer_a"]
    Membership.objects.create(user=u, kind="unit", unit=world.records["unit_a"], role="viewer")
    Membership.objects.create(user=u, kind="mission", mission=world.records["mission"], role="officer")
    Membership.objects.create(user=u, kind="centre", role="viewer")
    for user in [u, *[x for x in world.users.values() if x is not None]]:
        got = MembershipsBackend().get_user(user.pk)
        want = User.objects.get(pk=user.pk)
        for f in User._meta.concrete_fields:
            a, b = getattr(got, f.attname), getattr(want, f.attname)
            assert a == b and type(a) is type(b), (f.name, a, b)
        orm = list(want.memberships.select_related("locality", "unit__locality", "mission").order_by("pk"))
        assert len(orm) == len(got.loaded_memberships)
        for m1, m2 in zip(got.loaded_memberships, orm):
            for f in Membership._meta.concrete_fields:
                assert getattr(m1, f.attname) == getattr(m2, f.attname), f.name
            for rel, model in (("locality", Locality), ("unit", Unit), ("mission", Mission)):
                r1, r2 = getattr(m1, rel), getattr(m2, rel)
                assert (r1 is None) == (r2 is None)
                if r1 is not None:
                    for f in model._meta.concrete_fields:
                        a, b = getattr(r1, f.attname), getattr(r2, f.attname)
                        assert a == b and type(a) is type(b), (rel, f.name, a, b)
            if m1.unit_id:
                assert m1.unit.locality.pk == m2.unit.locality.pk
        got2 = MembershipsBackend().get_user(user.pk)
        assert scope_of(got2) == scope_of(User.objects.get(pk=user.pk))
