"""The partner picker: a search field that suggests partners from the directory from the first keystroke
(htmx), instead of a multi-select of every partner in the country. Only the partners already chosen are
rendered (as ticked boxes); the suggestions come back as more boxes of the same name. Without JavaScript
the "new partner" fields of the form find an existing partner by its folded names and aliases.

`multiple=False` picks one partner (a ModelChoiceField, e.g. the partner a partner belongs to): the boxes
are radio buttons, with a "none" choice to clear it."""
from django import forms
from django.urls import reverse

from ngoaivu.core.forms import SQLITE_MAX_INTEGER


class PartnerPicker(forms.CheckboxSelectMultiple):
    template_name = "partners/widgets/partner_picker.html"

    def __init__(self, attrs=None, multiple=True):
        super().__init__(attrs)
        self.multiple = multiple
        if not multiple:
            self.allow_multiple_selected = False
            self.input_type = "radio"

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            return super().value_from_datadict(data, files, name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False if self.multiple else name not in data

    def optgroups(self, name, value, attrs=None):
        # Only the chosen partners: the directory holds every partner of the country.
        chosen = {str(v) for v in value if v not in (None, "")}
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None or not chosen:
            return []
        groups = []
        for index, partner in enumerate(queryset.filter(pk__in=[v for v in chosen if v.isdecimal() and int(v) <= SQLITE_MAX_INTEGER])):
            groups.append((None, [self.create_option(name, str(partner.pk), str(partner), True, index, attrs=attrs)], index))
        return groups

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["suggest_url"] = reverse("partners:partner_suggest")
        context["widget"]["field_name"] = name
        context["widget"]["single"] = not self.multiple
        context["widget"]["input_type"] = self.input_type
        return context
