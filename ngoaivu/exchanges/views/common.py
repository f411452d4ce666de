"""What every exchanges page needs: check the right to plan, run an action and turn its refusals into form
errors that name the field. Finding a record in scope for a change is core.generic.editable_or_403."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render

from ngoaivu.core.concurrency import add_save_error, add_version_field, check_version, form_version


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


def action_page(request, *, obj, form, perform, success, template="exchanges/action_form.html", versioned=True,
                **context):
    """GET shows the form; a valid POST runs `perform(cleaned_data)` and goes back to the record.

    `versioned`: the step changes `obj` itself (an approval, a return, a cancellation…), so its page carries
    the record's version (core.concurrency). Two officers on step pages read before either saved: the second
    approval wrote its decision over the first's, a cancellation went through on an approval its officer never
    saw. A step sent from a page read before a colleague's change is refused, naming it, the input kept."""
    if versioned:
        add_version_field(form, obj)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if versioned:
                    check_version(obj, form_version(form))
                result = perform(form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, success)
            target = result if hasattr(result, "get_absolute_url") and result is not None else obj
            return redirect(target.get_absolute_url())
    return render(request, template, {"form": form, "object": obj, **context})
