"""Widgets that render what Django's own would, faster where a page renders many options."""
from django import forms
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def _attrs(attrs) -> str:
    # django/forms/widgets/attrs.html: False left out, True as a bare name, the rest as name="value".
    return "".join("" if value is False else f" {conditional_escape(name)}" if value is True
                   else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
                   for name, value in attrs.items())


class KeptChoices(list):
    """Options kept per process for a select (core.filters.ListedChoiceIterator): QuickSelect writes their
    markup once and keeps it here, so a kept list of 400 host bodies is not escaped again on every visit."""
    # ([(value as text, markup before " selected", markup after)], every option's markup with none selected):
    # set once, whole, so that another thread reads both or neither.
    written = None


class QuickSelect(forms.Select):
    """A <select> that writes its options directly, byte for byte what django/forms/widgets/select.html
    gives (tests/core/test_quick_select.py): a country list is ~250 options, and Django's template and
    option dictionary per option cost ~30 ms of CPU on every list page with one. The one fast select of
    the project; a filter form as a whole is also kept per query string (core.filter_form)."""

    def render(self, name, value, attrs=None, renderer=None):
        # A model select's options come as text from rows read now (core.filters.ListedChoiceIterator).
        # Not list(): it asks a ModelChoiceIterator for its length, one COUNT query more per field.
        listed = getattr(self.choices, "listed", None)
        choices = listed() if listed is not None else [choice for choice in self.choices]
        written = choices.written if isinstance(choices, KeptChoices) else None
        if written is None:
            if any(isinstance(label, (list, tuple)) for _value, label in choices):  # optgroups: Django's way
                return super().render(name, value, attrs, renderer)
            options = _options(choices)
            written = options, "".join(f"{before}{after}" for _value, before, after in options)
            if isinstance(choices, KeptChoices):
                choices.written = written
        options, unselected = written
        selected = set(self.format_value(value))
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        parts = [f'<select name="{conditional_escape(name)}"{_attrs(attrs)}>']
        if not selected.intersection(value for value, _before, _after in options):
            parts.append(unselected)
        else:
            found = False
            for option_value, before, after in options:
                # Like Django: a single <select> marks only the first matching option.
                chosen = option_value in selected and (self.allow_multiple_selected or not found)
                found |= chosen
                parts.append(f'{before}{" selected" if chosen else ""}{after}')
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class QuickHiddenInput(forms.HiddenInput):
    """A hidden <input> written directly, byte for byte what django/forms/widgets/hidden.html gives
    (tests/core/test_quick_select.py): the lists' hidden filters (a partner, an agreement, a province given
    by a link) are written fresh on every visit (core.filter_form), and Django's three templates for one
    input were 0.3 ms of a list page."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
        return mark_safe(f'<input type="{conditional_escape(self.input_type)}" name="{conditional_escape(name)}"'
                         f'{shown}{_attrs(self.build_attrs(self.attrs, attrs))}>')


def _options(choices) -> list:
    """[(value as text, the option's markup before " selected", after it)] of plain (value, label) choices."""
    options = []
    for option_value, label in choices:
        option_value = "" if option_value is None else str(option_value)
        # Django's template localises a label that is not text (a year 2026 is "2.026" in Vietnamese).
        shown = label if isinstance(label, str) else formats.localize(label)
        options.append((option_value, f'\n  <option value="{conditional_escape(option_value)}"',
                        f">{conditional_escape(shown)}</option>\n"))
    return options
