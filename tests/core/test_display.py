"""`core.display`: every model's `get_FOO_display` answers exactly what Django's own would, for every
choice, an unknown value and an empty one, in both languages — and it is in place for the fields it
should be."""
from functools import partialmethod

import pytest
from django.apps import apps
from django.db.models import Model
from django.utils import translation
from django.utils.choices import CallableChoiceIterator

from ngoaivu.core import display


def _fields_with_choices():
    """Every field Django gave a generated `get_FOO_display` (a partial method on the model's class)."""
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.fields:
            if field.choices and isinstance(model.__dict__.get(f"get_{field.name}_display"), partialmethod):
                yield model, field


def test_every_generated_display_is_replaced_once_the_app_is_ready():
    replaced = 0
    for model, field in _fields_with_choices():
        method = model.__dict__.get(f"get_{field.name}_display")
        if method.func is display._display:
            replaced += 1
        elif not isinstance(field.choices, CallableChoiceIterator):
            pytest.fail(f"{model.__name__}.{field.name}: still Django's get_FOO_display")
    assert replaced > 50
    assert display.install() == 0, "a second install changes nothing"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_label_is_djangos_in_the_readers_language(language):
    checked = 0
    with translation.override(language):
        for model, field in _fields_with_choices():
            if isinstance(field.choices, CallableChoiceIterator):  # Django's own path, not replaced
                continue
            values = [value for value, _label in field.flatchoices] + ["không-có-trong-danh-sách", "", None]
            for value in values:
                instance = model.__new__(model)
                instance.__dict__[field.attname] = value
                ours = getattr(instance, f"get_{field.name}_display")()
                assert ours == Model._get_FIELD_display(instance, field), (model, field.name, value)
                assert type(ours) is type(Model._get_FIELD_display(instance, field))
                checked += 1
    assert checked > 500


def test_a_label_is_translated_when_read_not_when_kept():
    from ngoaivu.coordination.models import ReportReturn
    ret = ReportReturn(status="accepted")
    with translation.override("vi"):
        assert ret.get_status_display() == "Đã tiếp nhận"
    with translation.override("en"):
        assert ret.get_status_display() != "Đã tiếp nhận" and ret.get_status_display()
