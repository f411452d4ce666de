from rest_framework import permissions

from ngoaivu.core.scoping import scope_of


class ScopedPermission(permissions.BasePermission):
    """Signed-in users read what `visible_to` gives them; writing needs an editing role somewhere.
    Object-level writes are checked against `editable_by` by ScopedModelViewSet."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return scope_of(request.user).can_edit_anything
