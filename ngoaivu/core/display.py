"""`get_FOO_display()` without rebuilding the choices on every call (issue 9).

Django's `Model._get_FIELD_display` builds `dict(make_hashable(field.flatchoices))` on each call, and hashing
each lazy label translates it: ~23 µs a call, so a list of 50 rows with three statuses each spent 3–4 ms on
labels alone. The dict depends only on the field, so `install()` (from core's `ready()`, once every model is
loaded) gives each model's generated `get_FOO_display` the dict built once. The labels stay lazy and are
translated when read, in the reader's language. A model's own `get_FOO_display`, a field whose choices are
computed by a callable, and a value that cannot be hashed keep Django's path.
"""
from functools import partialmethod

from django.apps import apps
from django.db.models import Model
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


def _display(self, field, labels):
    value = getattr(self, field.attname)
    try:
        label = labels.get(value, value)
    except TypeError:  # unhashable (a list): Django's own path
        return Model._get_FIELD_display(self, field)
    return force_str(label, strings_only=True)


def install() -> int:
    """Replace the generated `get_FOO_display` of every model field with fixed choices; returns how many."""
    done = 0
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.fields:
            name = f"get_{field.name}_display"
            generated = model.__dict__.get(name)
            if not field.choices or not isinstance(generated, partialmethod) or generated.func is not Model._get_FIELD_display:
                continue
            if isinstance(field.choices, CallableChoiceIterator):
                continue
            setattr(model, name, partialmethod(_display, field=field, labels=dict(make_hashable(field.flatchoices))))
            done += 1
    return done
