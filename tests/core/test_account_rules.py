"""Who may manage which account (core.accounts), checked on the state of the database after each try."""
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ngoaivu.core import accounts, actions
from ngoaivu.core.models import Membership, Unit, User
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def snapshot(user):
    """What an account change could alter: status, superuser flag, password, scopes and roles."""
    user = User.objects.get(pk=user.pk)
    return (user.is_active, user.is_superuser, user.password, user.full_name,
            sorted(Membership.objects.filter(user=user).values_list("kind", "locality_id", "unit_id", "role")))


@pytest.fixture
def superuser(world):
    return make_user("root", "centre", "manager", is_superuser=True)


def forbidden_changes(client, target, *, locality_id):
    """Every account change a page offers, tried on `target`; yields each response."""
    membership = target.memberships.first()
    yield client.post(reverse("core:user_detail", args=[target.pk]), {
        "full_name": "Đổi tên", "email": "x@example.vn", "job_title": "", "is_superuser": "on"})  # is_active off
    yield client.post(reverse("core:membership_role", args=[membership.pk]), {"role": "viewer"})
    yield client.post(reverse("core:membership_role", args=[membership.pk]), {
        f"m{membership.pk}-kind": "locality", f"m{membership.pk}-locality": locality_id, f"m{membership.pk}-role": "manager"})
    yield client.post(reverse("core:user_password", args=[target.pk]), {
        "new_password1": "Mat-khau-moi-2026!", "new_password2": "Mat-khau-moi-2026!"})


# persona -> the accounts it must not change (superuser: the `root` account of the fixture)
FORBIDDEN = {
    "central": ["root", "central_manager", "central_viewer", "officer_a", "central"],
    "central_viewer": ["root", "central_manager", "officer_a", "central_viewer"],
    "officer_a": ["root", "manager_a", "viewer", "officer_a"],
    "viewer": ["officer_a", "viewer"],
    "unit_officer": ["officer_a", "unit_officer"],
    "mission_officer": ["officer_a", "mission_officer"],
    "manager_a": ["root", "central_manager", "central", "officer_b", "mission_officer", "manager_a"],
    "central_manager": ["root", "central_manager"],
}


@pytest.mark.parametrize("persona", sorted(FORBIDDEN))
def test_every_forbidden_account_change_is_refused_and_changes_nothing(world, superuser, client_for, persona):
    actor = world.users[persona]
    client = client_for(actor)
    for username in FORBIDDEN[persona]:
        target = superuser if username == "root" else world.users[username]
        before = snapshot(target)
        for response in forbidden_changes(client, target, locality_id=world.b.pk):
            # 403 (not a manager), 404 (outside the manager's reach), 302 to one's own profile
            assert response.status_code in (302, 403, 404), (persona, username, response.status_code)
            if response.status_code == 302:
                assert response.url == reverse("core:profile") or username == persona, (persona, username)
        assert snapshot(target) == before, f"{persona} changed {username}"


def test_a_centre_officer_cannot_deactivate_the_superuser_or_promote_themselves(world, superuser, client_for):
    central = world.users["central"]
    client = client_for(central)
    client.post(reverse("core:user_detail", args=[superuser.pk]), {"full_name": "x"})
    own = central.memberships.get()
    client.post(reverse("core:membership_role", args=[own.pk]), {"role": "manager"})
    superuser.refresh_from_db()
    own.refresh_from_db()
    assert superuser.is_active and own.role == "officer"


def test_the_actions_refuse_by_themselves(world, superuser):
    """A page or an API that forgot to ask cannot change an account: the actions check."""
    central, manager_a = world.users["central"], world.users["manager_a"]
    with pytest.raises(PermissionDenied):
        actions.set_active(central, superuser, False)
    with pytest.raises(PermissionDenied):
        actions.change_membership(central, central.memberships.get(), kind="centre", role="manager")
    with pytest.raises(PermissionDenied):
        actions.set_active(manager_a, manager_a, False)
    with pytest.raises(PermissionDenied):  # a province manager grants nothing outside the province
        actions.change_membership(manager_a, world.users["officer_a"].memberships.get(), kind="locality",
                                  locality=world.b, role="officer")
    with pytest.raises(PermissionDenied):
        actions.create_account(manager_a, username="x", full_name="X", password="Vietnam-2026-secure",
                               kind="centre", role="manager")
    with pytest.raises(PermissionDenied):  # only a superuser makes superusers
        actions.set_superuser(world.users["central_manager"], world.users["officer_a"], True)
    assert snapshot(superuser)[0] is True
    assert not User.objects.filter(username="x").exists()
    assert world.users["officer_a"].memberships.get().locality == world.a
    assert not User.objects.get(pk=world.users["officer_a"].pk).is_superuser


def test_the_last_active_superuser_cannot_be_deactivated_or_demoted(world, superuser):
    with pytest.raises(ValidationError):
        accounts.check_not_last_superuser(superuser)
    second = make_user("root2", "centre", "manager", is_superuser=True)
    actions.set_superuser(second, superuser, False)  # another superuser remains: allowed
    assert not User.objects.get(pk=superuser.pk).is_superuser
    with pytest.raises(ValidationError):
        accounts.check_not_last_superuser(second)


def test_the_centre_manager_deactivates_an_officer_and_it_persists(world, client_for):
    officer = world.users["officer_a"]
    response = client_for(world.users["central_manager"]).post(reverse("core:user_detail", args=[officer.pk]), {
        "full_name": "Nguyễn Văn A", "email": "a@example.vn", "job_title": "Chuyên viên"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert not officer.is_active and officer.full_name == "Nguyễn Văn A"
    page = client_for(world.users["central_manager"]).get(reverse("core:user_detail", args=[officer.pk])).content.decode()
    assert 'name="is_active"' in page and "checked" not in page.split('name="is_active"')[1].split(">")[0]


def test_a_province_manager_changes_role_and_scope_inside_the_province(world, client_for):
    officer = world.users["officer_a"]
    membership = officer.memberships.get()
    unit = Unit.objects.get(locality=world.a, name__startswith="Sở Tư pháp")
    p = f"m{membership.pk}"
    response = client_for(world.users["manager_a"]).post(reverse("core:membership_role", args=[membership.pk]), {
        f"{p}-kind": "unit", f"{p}-unit": unit.pk, f"{p}-role": "manager"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.kind, membership.unit, membership.locality, membership.role) == ("unit", unit, None, "manager")


def test_a_province_manager_cannot_move_an_account_to_another_province(world, client_for):
    membership = world.users["officer_a"].memberships.get()
    p = f"m{membership.pk}"
    response = client_for(world.users["manager_a"]).post(reverse("core:membership_role", args=[membership.pk]), {
        f"{p}-kind": "locality", f"{p}-locality": world.b.pk, f"{p}-role": "officer"})
    assert response.status_code == 200 and "locality" in response.context["memberships"][0][1].errors
    membership.refresh_from_db()
    assert membership.locality == world.a


def test_a_province_manager_is_offered_no_centre_scope(world, client_for):
    form = client_for(world.users["manager_a"]).get(reverse("core:user_create")).context["form"]
    assert [k for k, _ in form.fields["kind"].choices] == ["locality", "unit"]
    assert list(form.fields["locality"].queryset) == [world.a]


def test_an_account_that_also_works_for_another_province_is_not_the_province_managers(world, client_for):
    officer = world.users["officer_a"]
    Membership.objects.create(user=officer, kind="locality", locality=world.b, role="officer")
    response = client_for(world.users["manager_a"]).get(reverse("core:user_detail", args=[officer.pk]))
    assert response.status_code == 404
    assert officer not in accounts.manageable_users(world.users["manager_a"])


def test_only_a_superuser_sees_and_sets_the_superuser_flag(world, superuser, client_for):
    officer = world.users["officer_a"]
    url = reverse("core:user_detail", args=[officer.pk])
    assert 'name="is_superuser"' not in client_for(world.users["central_manager"]).get(url).content.decode()
    client_for(world.users["central_manager"]).post(url, {"full_name": "A", "is_active": "on", "is_superuser": "on"})
    assert not User.objects.get(pk=officer.pk).is_superuser
    assert 'name="is_superuser"' in client_for(superuser).get(url).content.decode()
    client_for(superuser).post(url, {"full_name": "A", "is_active": "on", "is_superuser": "on"})
    assert User.objects.get(pk=officer.pk).is_superuser


def test_a_manager_resets_a_password_and_the_old_token_stops_working(world, client_for):
    from rest_framework.authtoken.models import Token
    officer = world.users["officer_a"]
    Token.objects.create(user=officer)
    response = client_for(world.users["manager_a"]).post(reverse("core:user_password", args=[officer.pk]), {
        "new_password1": "Mat-khau-moi-2026!", "new_password2": "Mat-khau-moi-2026!"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("Mat-khau-moi-2026!")
    assert not Token.objects.filter(user=officer).exists()


def test_an_officer_edits_only_their_own_profile(world, client_for):
    officer = world.users["officer_a"]
    client = client_for(officer)
    response = client.post(reverse("core:profile"), {"full_name": "Trần Thị B", "email": "b@example.vn", "job_title": "x"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.full_name == "Trần Thị B" and officer.email == "b@example.vn"
    page = client.get(reverse("core:profile")).content.decode()
    assert "Trần Thị B" in page and 'name="role"' not in page and 'name="is_active"' not in page
    assert client.get(reverse("core:user_list")).status_code == 403


def test_the_accounts_menu_shows_only_to_managers(world, client_for):
    def nav(persona):
        return [item["label"] for item in client_for(world.users[persona]).get("/").context["nav_items"]]
    assert "Tài khoản" not in nav("central") and "Tài khoản" not in nav("officer_a")
    assert "Tài khoản" in nav("central_manager") and "Tài khoản" in nav("manager_a")


def test_the_account_list_of_a_province_manager_holds_only_their_provinces_accounts(world, client_for):
    page = client_for(world.users["manager_a"]).get(reverse("core:user_list"))
    names = {u.username for u in page.context["page_obj"]}
    assert names == {"officer_a", "viewer", "unit_officer"}


@pytest.mark.parametrize("persona", ["central", "central_viewer", "officer_a", "viewer", "unit_officer", "mission_officer"])
def test_who_manages_no_account_creates_none(world, client_for, persona):
    response = client_for(world.users[persona]).post(reverse("core:user_create"), {
        "username": "new.person", "full_name": "Người Mới", "kind": "centre", "role": "manager",
        "password": "Vietnam-2026-secure"})
    assert response.status_code == 403
    assert not User.objects.filter(username="new.person").exists()


def test_a_centre_manager_creates_a_centre_account(world, client_for):
    response = client_for(world.users["central_manager"]).post(reverse("core:user_create"), {
        "username": "new.person", "full_name": "Người Mới", "kind": "centre", "role": "officer",
        "password": "Vietnam-2026-secure"})
    assert response.status_code == 302
    membership = User.objects.get(username="new.person").memberships.get()
    assert (membership.kind, membership.role, membership.locality) == ("centre", "officer", None)


def _as_read(page):
    """What the page's account form posts back unchanged (its hidden version, when it has one)."""
    version = page.context["form"].initial.get("version")
    return {} if version is None else {"version": version}


def test_two_managers_editing_one_account_do_not_lose_each_others_change(world, client_for):
    """Both read the account page; the first saves a new e-mail; the second, from the page read before,
    saves a new job title: the first's e-mail must not be put back silently."""
    officer = world.users["officer_a"]
    url = reverse("core:user_detail", args=[officer.pk])
    first, second = client_for(world.users["central_manager"]), client_for(world.users["manager_a"])
    read_by_second = _as_read(second.get(url))
    assert first.post(url, {**_as_read(first.get(url)), "full_name": officer.full_name, "email": "moi@example.vn",
                            "job_title": "", "is_active": "on"}).status_code == 302
    response = second.post(url, {**read_by_second, "full_name": officer.full_name, "email": officer.email,
                                 "job_title": "Chuyên viên chính", "is_active": "on"})
    officer.refresh_from_db()
    assert (officer.email, officer.job_title) == ("moi@example.vn", "")
    html = response.content.decode()
    assert response.status_code == 200 and "Trong lúc bạn sửa" in html and "moi@example.vn" in html
    # saving again, knowingly, from the page that showed the change goes through
    again = second.post(url, {**_as_read(response), "full_name": officer.full_name, "email": officer.email,
                              "job_title": "Chuyên viên chính", "is_active": "on"})
    officer.refresh_from_db()
    assert again.status_code == 302 and officer.job_title == "Chuyên viên chính"


def test_signing_in_writes_no_empty_entry_in_the_accounts_history(world, client_for):
    """A sign-in changes only the time of the last sign-in, which the history leaves out: it must add no
    empty "Sửa" entry to the account's history, nor make a manager's open account page stale."""
    officer = world.users["officer_a"]
    url = reverse("core:user_detail", args=[officer.pk])
    manager = client_for(world.users["manager_a"])
    read = _as_read(manager.get(url))
    before = officer.history.count()
    client_for(officer)  # signs in
    assert User.objects.get(pk=officer.pk).last_login is not None
    assert officer.history.count() == before
    response = manager.post(url, {**read, "full_name": officer.full_name, "email": officer.email,
                                  "job_title": "Chuyên viên chính", "is_active": "on"})
    assert response.status_code == 302
    assert User.objects.get(pk=officer.pk).job_title == "Chuyên viên chính"


def test_changing_ones_own_password_revokes_the_api_token_fetched_with_the_old_one(world, client_for):
    """Whoever learnt the old password and fetched a token with it must lose it, as after a manager's reset."""
    from rest_framework.authtoken.models import Token
    officer = world.users["officer_a"]
    key = Token.objects.create(user=officer).key
    api = reverse("locality-list")
    assert client_for(None).get(api, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    response = client_for(officer).post(reverse("core:password_change"), {
        "old_password": "pw-officer_a-2026!", "new_password1": "Mat-khau-moi-2026!",
        "new_password2": "Mat-khau-moi-2026!"})
    assert response.status_code == 302
    assert User.objects.get(pk=officer.pk).check_password("Mat-khau-moi-2026!")
    assert not Token.objects.filter(key=key).exists()
    assert client_for(None).get(api, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_two_managers_changing_one_scope_do_not_lose_each_others_change(world, client_for):
    """Both read the account page; the first makes the officer a viewer; the second, from the page read
    before, moves the officer to a unit (the role as they read it): the first's change must not be undone
    silently."""
    officer = world.users["officer_a"]
    membership = officer.memberships.get()
    url, p = reverse("core:membership_role", args=[membership.pk]), f"m{membership.pk}"
    page = reverse("core:user_detail", args=[officer.pk])
    first, second = client_for(world.users["central_manager"]), client_for(world.users["manager_a"])

    def as_read(response):
        version = response.context["memberships"][0][1].initial.get("version")
        return {} if version is None else {f"{p}-version": version}
    read_by_second = as_read(second.get(page))
    assert first.post(url, {**as_read(first.get(page)), f"{p}-kind": "locality", f"{p}-locality": world.a.pk,
                            f"{p}-role": "viewer"}).status_code == 302
    unit = Unit.objects.get(locality=world.a, name__startswith="Sở Tư pháp")
    response = second.post(url, {**read_by_second, f"{p}-kind": "unit", f"{p}-unit": unit.pk, f"{p}-role": "officer"})
    membership.refresh_from_db()
    assert (membership.kind, membership.role) == ("locality", "viewer")
    assert response.status_code == 200 and "Trong lúc bạn sửa" in response.content.decode()


def test_the_account_pages_history_shows_who_changed_its_role_and_scope(world, client_for):
    """The account's "Lịch sử thay đổi" is where a manager (or an inspector) looks for who gave a role."""
    officer = world.users["officer_a"]
    membership = officer.memberships.get()
    manager = client_for(world.users["manager_a"])
    assert manager.post(reverse("core:membership_role", args=[membership.pk]), {"role": "viewer"}).status_code == 302
    page = client_for(world.users["central_manager"]).get(reverse("core:user_detail", args=[officer.pk]))
    history = page.content.decode().split('id="history-title"')[1]
    assert "Chuyên viên → Chỉ xem" in history
    assert str(world.users["manager_a"]) in history


def test_a_new_password_also_ends_the_secret_calendar_address_made_with_the_old_one(world, client_for):
    """The calendar's secret address is a credential like the API token: whoever signed in with a leaked
    password and made one must lose it when the password is reset (by a manager) or changed (by its owner)."""
    from ngoaivu.exchanges.actions import create_feed_token
    officer = world.users["officer_a"]

    def feed(token):
        return client_for(None).get(reverse("exchanges:calendar_feed", args=[token])).status_code
    token = create_feed_token(officer)
    assert feed(token) == 200
    client_for(world.users["manager_a"]).post(reverse("core:user_password", args=[officer.pk]), {
        "new_password1": "Mat-khau-moi-2026!", "new_password2": "Mat-khau-moi-2026!"})
    assert feed(token) == 404
    token = create_feed_token(officer)
    client_for(User.objects.get(pk=officer.pk)).post(reverse("core:password_change"), {
        "old_password": "Mat-khau-moi-2026!", "new_password1": "Mat-khau-khac-2026!",
        "new_password2": "Mat-khau-khac-2026!"})
    assert User.objects.get(pk=officer.pk).check_password("Mat-khau-khac-2026!")
    assert feed(token) == 404


def _as_the_browser_sends(html, name):
    """The value a browser sends for the <select name=…> of a page: its selected option, else its first."""
    import re
    select = re.search(rf'<select name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S).group(1)
    options = re.findall(r'<option value="([^"]*)"([^>]*)>', select)
    return next((value for value, rest in options if "selected" in rest), options[0][0])


def test_changing_a_mission_officers_role_keeps_the_mission_and_grants_no_centre_scope(world, client_for):
    """The centre manager makes a mission's officer a viewer from the account page: the scope form must
    keep the mission (it offered "Trung ương" in its place, so the officer became a centre viewer reading
    every province's records)."""
    officer = world.users["mission_officer"]
    membership = officer.memberships.get()
    p = f"m{membership.pk}"
    client = client_for(world.users["central_manager"])
    html = client.get(reverse("core:user_detail", args=[officer.pk])).content.decode()
    sent = {f"{p}-kind": _as_the_browser_sends(html, f"{p}-kind"), f"{p}-role": "viewer"}
    version = re.search(rf'name="{p}-version" value="(\d+)"', html)
    if version:
        sent[f"{p}-version"] = version.group(1)
    response = client.post(reverse("core:membership_role", args=[membership.pk]), sent)
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.kind, membership.mission, membership.role) == ("mission", world.mission, "viewer")
    # and the short form (the role alone) works for a mission's account too
    response = client.post(reverse("core:membership_role", args=[membership.pk]), {"role": "officer"})
    membership.refresh_from_db()
    assert response.status_code == 302 and (membership.kind, membership.role) == ("mission", "officer")


def test_a_locked_account_keeps_no_session_token_or_calendar_address_to_come_back_with(world, client_for):
    """Locking an account ends its sessions and revokes its API token and calendar address: reactivated
    without a new password, it signs in again rather than finding its old session and credentials alive."""
    from rest_framework.authtoken.models import Token

    from ngoaivu.exchanges.actions import create_feed_token
    officer = world.users["officer_a"]
    session = client_for(officer)
    assert session.get(reverse("core:profile")).status_code == 200
    token = Token.objects.create(user=officer)
    feed = create_feed_token(officer)
    other = client_for(world.users["officer_b"])  # someone else's session stays open

    actions.set_active(world.users["manager_a"], officer, False)
    actions.set_active(world.users["manager_a"], User.objects.get(pk=officer.pk), True)

    assert session.get(reverse("core:profile")).status_code == 302, "the old session ended"
    assert not Token.objects.filter(key=token.key).exists()
    assert client_for(None).get(reverse("exchanges:calendar_feed", args=[feed])).status_code == 404
    assert other.get(reverse("core:profile")).status_code == 200
    assert client_for(User.objects.get(pk=officer.pk)).get(reverse("core:profile")).status_code == 200
