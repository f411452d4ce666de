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


def test_kept_options_written_once_still_mark_each_visits_choice():
    """A kept list's option markup is written on its first render and reused: later renders, with another
    value, none, or several, still give Django's HTML (single selects mark only the first match)."""
    from django.utils.choices import BaseChoiceIterator

    from ngoaivu.core.widgets import KeptChoices

    pairs = [("", "Tất cả"), ("1", "Sở Ngoại vụ <Lạng Sơn>"), ("2", "Sở Công Thương & “Du lịch”"), ("2", "Trùng")]

    class Listed(BaseChoiceIterator):  # as a model select's ListedChoiceIterator gives them (core.filters)
        def __iter__(self):
            return iter(pairs)

        def listed(self):
            return kept

    kept = KeptChoices(pairs)
    for value in (None, "2", "", "9", "1", None):
        quick = QuickSelect()
        quick.choices = Listed()
        expected = forms.Select(choices=pairs).render("u", value, {"id": "id_u"})
        assert quick.render("u", value, {"id": "id_u"}) == expected, value
    assert kept.written is not None and "Lạng Sơn&gt;" in kept.written[1]
    for values in ([], ["1", "2"]):
        quick = forms.SelectMultiple(choices=pairs)
        fast = QuickSelect()
        fast.allow_multiple_selected = True
        fast.choices = Listed()
        assert fast.render("u", values) == quick.render("u", values), values


def test_hidden_input_the_same_html_as_djangos():
    from ngoaivu.core.widgets import QuickHiddenInput
    attrs = {"id": "id_p", "disabled": False, "data-x": 'a"b<', "data-<y": True}
    for value in (None, "", 0, 12, "12", 'a"b<&', 12.5, datetime.date(2026, 1, 2)):
        for widget_attrs in (None, {"class": "x"}):
            for language in ("vi", "en"):
                with translation.override(language):
                    quick = QuickHiddenInput(widget_attrs).render("p", value, attrs)
                    assert quick == forms.HiddenInput(widget_attrs).render("p", value, attrs), (value, widget_attrs)
    assert QuickHiddenInput().render("p", 'a"b').startswith('<input type="hidden" name="p" value="a&quot;b"')


def test_hidden_input_in_a_filter_form_field():
    from ngoaivu.core.widgets import QuickHiddenInput

    class F(forms.Form):
        partner = forms.IntegerField(required=False, widget=forms.HiddenInput)
        quick = forms.IntegerField(required=False, widget=QuickHiddenInput)

    for data in ({"partner": "7", "quick": "7"}, {}, {"partner": "x", "quick": "x"}):
        form = F(data)
        assert str(form["quick"]).replace("quick", "partner") == str(form["partner"])
