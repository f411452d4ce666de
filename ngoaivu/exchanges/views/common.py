"""What every exchanges page needs: find a record in scope, check the right to change it, run an action
and turn its refusals into form errors that name the field."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from ngoaivu.core.concurrency import add_save_error
from ngoaivu.core.generic import visible_or_404


def editable_or_403(request, queryset, pk):
    """Another province's record is 404 (as if it did not exist); one the user sees but may not change, 403."""
    obj = visible_or_404(queryset, request.user, pk)
    if not type(obj)._default_manager.editable_by(request.user).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


def can_plan(user) -> bool:
    scope = user.scope
    return bool(scope.superuser or scope.edit_locality_ids)


def require_planner(user):
    if not can_plan(user):
        raise PermissionDenied


def add_action_errors(form, error: ValidationError):
    """An action's refusal shown on the field it names (or above the form); a save over someone else's
    change shows theirs (core.concurrency)."""
    add_save_error(form, error)


def action_page(request, *, obj, form, perform, success, template="exchanges/action_form.html", **context):
    """GET shows the form; a valid POST runs `perform(cleaned_data)` and goes back to the record."""
    if request.method == "POST" and form.is_valid():
        try:
            result = perform(form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, success)
            target = result if hasattr(result, "get_absolute_url") and result is not None else obj
            return redirect(target.get_absolute_url())
    return render(request, template, {"form": form, "object": obj, **context})
