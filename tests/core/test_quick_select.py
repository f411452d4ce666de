"""core.widgets.QuickSelect writes the same HTML as Django's Select (it only skips the template per option)."""
from django import forms

from ngoaivu.core.countries import country_choices
from ngoaivu.core.widgets import QuickSelect

CASES = [
    ([("", "Tất cả"), ("KR", "Hàn <Quốc> & “Triều Tiên”")], "KR"),
    ([("a", [("x", "X"), ("y", "Y")]), ("b", "B & c")], "x"),
    ([(2026, "2026"), (2025, "2025")], "2025"),
    ([(2026, "2026"), (2025, "2025")], None),
]


def test_the_same_html_as_djangos_select():
    attrs = {"id": "id_c", "required": True, "disabled": False, "data-x": 'a"b<'}
    for choices, value in [*CASES, (list(country_choices()), "VN")]:
        assert QuickSelect(choices=choices).render("c", value, attrs) == forms.Select(choices=choices).render("c", value, attrs)


def test_in_a_filter_form_field():
    class F(forms.Form):
        country = forms.ChoiceField(choices=[("", "Tất cả"), *country_choices()], required=False)
        quick = forms.ChoiceField(choices=[("", "Tất cả"), *country_choices()], required=False, widget=QuickSelect)

    form = F({"country": "JP", "quick": "JP"})
    assert str(form["quick"]).replace("quick", "country") == str(form["country"])
    assert 'value="JP" selected' in str(form["quick"])
