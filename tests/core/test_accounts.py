import pytest
from django.core.management import call_command
from django.urls import reverse

from ngoaivu.core.models import Membership, Unit, User

pytestmark = pytest.mark.django_db


def test_manager_creates_an_officer_account_in_own_province(world, client_for):
    client = client_for(world.users["manager_a"])
    response = client.post(reverse("core:user_create"), {
        "username": "lan.nguyen", "full_name": "Nguyễn Thị Lan", "kind": "locality", "locality": world.a.pk,
        "role": "officer", "password": "Vietnam-2026-secure"})
    assert response.status_code == 302
    user = User.objects.get(username="lan.nguyen")
    assert user.memberships.get().locality == world.a


def test_manager_cannot_create_an_account_in_another_province(world, client_for):
    client = client_for(world.users["manager_a"])
    response = client.post(reverse("core:user_create"), {
        "username": "intruder", "full_name": "X", "kind": "locality", "locality": world.b.pk,
        "role": "manager", "password": "Vietnam-2026-secure"})
    assert response.status_code == 200
    assert "locality" in response.context["form"].errors
    assert not User.objects.filter(username="intruder").exists()


def test_account_form_names_each_missing_field_in_vietnamese(world, client_for):
    response = client_for(world.users["manager_a"]).post(reverse("core:user_create"), {"kind": "unit", "role": "officer"})
    errors = response.context["form"].errors
    assert set(errors) >= {"username", "full_name", "password", "unit"}
    assert "Chọn cơ quan, đơn vị" in errors["unit"]
    assert "<title>Lỗi:" in response.content.decode()


def test_manager_of_a_gets_404_for_an_account_of_b(world, client_for):
    response = client_for(world.users["manager_a"]).get(reverse("core:user_detail", args=[world.users["officer_b"].pk]))
    assert response.status_code == 404


def test_manager_changes_a_role_and_it_is_kept_in_history(world, client_for):
    membership = world.users["officer_a"].memberships.get()
    client_for(world.users["manager_a"]).post(reverse("core:membership_role", args=[membership.pk]), {"role": "viewer"})
    membership.refresh_from_db()
    assert membership.role == "viewer"
    assert membership.history.count() == 2
    assert membership.history.first().history_user == world.users["manager_a"]


def test_province_manager_changes_the_foreign_affairs_agency(world, client_for):
    department = Unit.objects.get(locality=world.a, name__startswith="Sở Tư pháp")
    client_for(world.users["manager_a"]).post(reverse("core:locality_set_agency", args=[world.a.pk]), {"unit": department.pk})
    assert world.a.foreign_affairs_agency == department


def test_officer_cannot_change_the_foreign_affairs_agency(world, client_for):
    department = Unit.objects.get(locality=world.a, name__startswith="Sở Tư pháp")
    response = client_for(world.users["officer_a"]).post(reverse("core:locality_set_agency", args=[world.a.pk]), {"unit": department.pk})
    assert response.status_code == 403


def test_createuser_command_provisions_a_province_manager(reference):
    call_command("createuser", "danang.admin", "--scope", "locality", "--locality", "48", "--role", "manager",
                 "--full-name", "Trần Văn Hải", "--password", "Da-Nang-2026-secure")
    membership = Membership.objects.get(user__username="danang.admin")
    assert membership.locality.short_name == "Đà Nẵng" and membership.role == "manager"


def test_createuser_refuses_a_former_province(reference):
    from django.core.management.base import CommandError
    with pytest.raises(CommandError):
        call_command("createuser", "x", "--scope", "locality", "--locality", "27", "--password", "Da-Nang-2026-secure")


def test_required_errors_name_the_field_in_the_summary_and_beside_it(world, client_for):
    html = client_for(world.users["manager_a"]).post(reverse("core:user_create"), {"kind": "locality"}).content.decode()
    assert "Nhập tên đăng nhập" in html and "Nhập họ và tên" in html and "Chọn vai trò" in html
    assert "Trường này là bắt buộc" not in html


def test_forms_carry_no_html5_required_attribute(world, client_for):
    html = client_for(world.users["manager_a"]).get(reverse("core:user_create")).content.decode()
    assert 'name="username"' in html and " required" not in html


def test_a_forms_own_required_message_is_kept():
    from django import forms as dj_forms
    from ngoaivu.core.forms import FormRenderer

    class Upload(dj_forms.Form):
        file = dj_forms.FileField(label="Tệp", error_messages={"required": "Chọn tệp để tải lên"})
        note = dj_forms.CharField(label="Ghi chú")

    form = Upload(data={}, renderer=FormRenderer())
    form.is_valid()
    assert list(form["file"].errors) == ["Chọn tệp để tải lên"]
    assert list(form["note"].errors) == ["Nhập ghi chú"]


@pytest.mark.parametrize("username", ["lan.nguyễn", "đức", "lan\u0301"])
def test_a_user_name_with_diacritics_is_refused_as_its_hint_says(world, client_for, username):
    """"Chữ không dấu": a name with diacritics (or a combining accent) would be typed differently on another
    keyboard and could not be signed in with; it is refused, the message naming the field."""
    response = client_for(world.users["manager_a"]).post(reverse("core:user_create"), {
        "username": username, "full_name": "Nguyễn Thị Lan", "kind": "locality", "locality": world.a.pk,
        "role": "officer", "password": "Vietnam-2026-secure"})
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [
        "Tên đăng nhập chỉ gồm chữ không dấu, số và . @ + - _"]
    assert not User.objects.filter(full_name="Nguyễn Thị Lan").exists()


def test_the_new_account_form_grants_no_role_unasked_and_never_sends_the_password_back(world, client_for):
    """The outside test found "Quản lý" (the widest role) chosen in advance, and the typed password written
    back into the page after an error."""
    client = client_for(world.users["manager_a"])
    page = client.get(reverse("core:user_create")).content.decode()
    assert '<option value="" selected>' in page and '<option value="manager" selected>' not in page
    response = client.post(reverse("core:user_create"), {
        "username": "lan.nguyen", "full_name": "Nguyễn Thị Lan", "kind": "locality", "locality": world.a.pk,
        "password": "Một-mật-khẩu-bí-mật-2026"})
    assert response.status_code == 200
    assert list(response.context["form"]["role"].errors) == ["Chọn vai trò"]
    assert "Một-mật-khẩu-bí-mật-2026" not in response.content.decode()
    assert not User.objects.filter(username="lan.nguyen").exists()


def test_a_short_password_is_refused_in_vietnamese(world, client_for):
    """Django 5.2 reworded its length message; its Vietnamese catalogue kept the old one, so the page said
    "This password is too short…" in English (core's vi catalogue carries it now)."""
    response = client_for(world.users["manager_a"]).post(reverse("core:user_create"), {
        "username": "lan.nguyen", "full_name": "Nguyễn Thị Lan", "kind": "locality", "locality": world.a.pk,
        "role": "officer", "password": "ngan-qua"})
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in response.context["form"].errors["password"][0]
    assert "too short" not in response.content.decode()
