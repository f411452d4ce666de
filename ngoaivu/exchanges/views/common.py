"""What every exchanges page needs: check the right to plan, run an action and turn its refusals into form
errors that name the field. Finding a record in scope for a change is core.generic.editable_or_403."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from ngoaivu.core.concurrency import add_save_error


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
