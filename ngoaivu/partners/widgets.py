"""The partner picker: a search field that suggests partners from the directory from the first keystroke
(htmx), instead of a multi-select of every partner in the country. Only the partners already chosen are
rendered (as ticked boxes); the suggestions come back as more boxes of the same name. Without JavaScript
the "new partner" fields of the form find an existing partner by its folded names and aliases."""
from django import forms
from django.urls import reverse


class PartnerPicker(forms.CheckboxSelectMultiple):
    template_name = "partners/widgets/partner_picker.html"

    def __init__(self, attrs=None, multiple=True):
        super().__init__(attrs)
        self.multiple = multiple

    def optgroups(self, name, value, attrs=None):
        # Only the chosen partners: the directory holds every partner of the country.
        chosen = {str(v) for v in value if v not in (None, "")}
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None or not chosen:
            return []
        groups = []
        for index, partner in enumerate(queryset.filter(pk__in=[v for v in chosen if v.isdigit()])):
            groups.append((None, [self.create_option(name, str(partner.pk), str(partner), True, index, attrs=attrs)], index))
        return groups

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["suggest_url"] = reverse("partners:partner_suggest")
        context["widget"]["field_name"] = name
        return context
