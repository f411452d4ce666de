"""core.widgets.QuickSelect writes the same HTML as Django's Select (it only skips the template per option)."""
import datetime

from django import forms
from django.utils import translation

from ngoaivu.core.countries import country_choices
from ngoaivu.core.widgets import QuickSelect

CASES = [
    ([("", "Tất cả"), ("KR", "Hàn <Quốc> & “Triều Tiên”")], "KR"),
    ([("a", [("x", "X"), ("y", "Y")]), ("b", "B & c")], "x"),
    ([(2026, "2026"), (2025, "2025")], "2025"),
    ([(2026, "2026"), (2025, "2025")], None),
    # Labels that are not text are localised by Django's template: 2.026 and 02/01/2026 in Vietnamese.
    ([(1, 2026), (2, 12345.5)], 1),
    ([("d", datetime.date(2026, 1, 2))], "d"),
]


def test_the_same_html_as_djangos_select():
    attrs = {"id": "id_c", "required": True, "disabled": False, "data-x": 'a"b<', "data-<y": True}
    for language in ("vi", "en"):
        with translation.override(language):
            for choices, value in [*CASES, (list(country_choices()), "VN")]:
                quick = QuickSelect(choices=choices).render("c", value, attrs)
                assert quick == forms.Select(choices=choices).render("c", value, attrs), (language, choices)
    with translation.override("vi"):
        assert ">2.026</option>" in QuickSelect(choices=CASES[4][0]).render("c", 1)


def test_in_a_filter_form_field():
    class F(forms.Form):
        country = forms.ChoiceField(choices=[("", "Tất cả"), *country_choices()], required=False)
        quick = forms.ChoiceField(choices=[("", "Tất cả"), *country_choices()], required=False, widget=QuickSelect)

    form = F({"country": "JP", "quick": "JP"})
    assert str(form["quick"]).replace("quick", "country") == str(form["country"])
    assert 'value="JP" selected' in str(form["quick"])
