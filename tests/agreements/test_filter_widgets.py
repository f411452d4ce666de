"""The register's filter panel writes its long <select>s directly (core.widgets.QuickSelect); the markup must stay
exactly what Django's own template gives."""
import pytest
from django import forms

from ngoaivu.agreements.filtersets import AgreementFilter
from ngoaivu.core.widgets import QuickSelect
from ngoaivu.agreements.models import Agreement

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("data", [{}, {"country": "KR"}, {"country": 'x"<y'}, {"locality": "a"},
                                  {"health": "active", "channel": "state", "deadline": "overdue", "form": "x<"}])
def test_the_quick_selects_render_the_same_markup_as_django(world, data):
    data = {**data, "locality": str(world.a.pk)} if data.get("locality") else data
    form = AgreementFilter(data, queryset=Agreement.objects.none()).form
    form.is_valid()
    names = [name for name, field in form.fields.items() if isinstance(field.widget, QuickSelect)]
    assert {"country", "locality", "sector", "health"} <= set(names)
    for name in names:
        bound = form[name]
        widget = bound.field.widget
        expected = bound.as_widget(widget=forms.Select(attrs=widget.attrs, choices=widget.choices))
        assert bound.as_widget() == expected
        assert expected.count("<option") > 1
