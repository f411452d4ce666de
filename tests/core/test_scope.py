import pytest

from ngoaivu.core.scoping import scope_of

pytestmark = pytest.mark.django_db


def test_anonymous_has_an_empty_scope(world):
    from django.contrib.auth.models import AnonymousUser
    scope = scope_of(AnonymousUser())
    assert not scope.authenticated and not scope.sees_all and not scope.can_edit_anything


def test_central_officer_sees_all_and_edits_centre_records(world):
    scope = scope_of(world.users["central"])
    assert scope.sees_all and scope.centre_edit and not scope.edit_locality_ids


def test_central_viewer_sees_all_and_edits_nothing(world):
    scope = scope_of(world.users["central_viewer"])
    assert scope.sees_all and not scope.can_edit_anything


def test_province_officer_sees_and_edits_own_province_only(world):
    scope = scope_of(world.users["officer_a"])
    assert scope.locality_ids == {world.a.pk} == scope.edit_locality_ids
    assert not scope.sees_all and not scope.manage_locality_ids


def test_province_viewer_sees_but_does_not_edit(world):
    scope = scope_of(world.users["viewer"])
    assert scope.locality_ids == {world.a.pk} and not scope.can_edit_anything


def test_unit_officer_sees_province_and_edits_only_own_unit(world):
    scope = scope_of(world.users["unit_officer"])
    assert scope.locality_ids == {world.a.pk}
    assert scope.edit_unit_ids == {world.unit_a.pk} and not scope.edit_locality_ids


def test_mission_officer_sees_host_country(world):
    assert scope_of(world.users["mission_officer"]).country_codes == {"KR"}


def test_manager_manages_accounts_of_own_province(world):
    assert scope_of(world.users["manager_a"]).manage_locality_ids == {world.a.pk}
