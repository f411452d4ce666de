"""The register filter's fixed <select>s are written once and kept: the kept markup must be exactly what
writing it afresh gives, for each selection and language, and one selection must never leak into another."""
import pytest
from django.utils import translation

from ngoaivu.agreements.filtersets import AgreementFilter, FixedQuickSelect, QuickSelect
from ngoaivu.agreements.models import Agreement

pytestmark = pytest.mark.django_db
FIXED = ("deadline", "form", "country", "channel", "health")
SELECTIONS = [{}, {"country": "KR"}, {"country": "JP", "health": "dormant"}, {"form": "ban_ghi_nho", "channel": ""},
              {"country": "KR", "deadline": "overdue"}, {"country": "<b>"}]


def fresh(bound):
    """The field's markup written by QuickSelect itself, without the kept copy."""
    widget = bound.field.widget
    attrs = bound.build_widget_attrs({}, widget)  # as BoundField.as_widget builds them
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    return QuickSelect.render(widget, bound.html_name, bound.value(), attrs=attrs)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_kept_markup_is_the_fresh_markup(reference, language):
    with translation.override(language):
        for _ in range(2):  # first written, then kept
            for data in SELECTIONS:
                form = AgreementFilter(data, queryset=Agreement.objects.all()).form
                for name in FIXED:
                    assert isinstance(form.fields[name].widget, FixedQuickSelect)
                    assert str(form[name]) == fresh(form[name]), (data, name)
    assert FixedQuickSelect._kept


def test_selection_and_language_show(reference):
    with translation.override("vi"):
        kr = str(AgreementFilter({"country": "KR"}, queryset=Agreement.objects.all()).form["country"])
        none = str(AgreementFilter({}, queryset=Agreement.objects.all()).form["country"])
    with translation.override("en"):
        kr_en = str(AgreementFilter({"country": "KR"}, queryset=Agreement.objects.all()).form["country"])
    assert '<option value="KR" selected>Hàn Quốc</option>' in kr
    assert '<option value="" selected>' in none and none.count(' selected') == 1
    assert '<option value="KR" selected>' in kr_en and "Hàn Quốc" not in kr_en


def test_kept_markup_is_bounded(reference, monkeypatch):
    monkeypatch.setattr(FixedQuickSelect, "MAX_KEPT", 3)
    monkeypatch.setattr(FixedQuickSelect, "_kept", {})
    for code in ("KR", "JP", "CN", "LA", "TH"):
        form = AgreementFilter({"country": code}, queryset=Agreement.objects.all()).form
        assert f'<option value="{code}" selected>' in str(form["country"])
    assert len(FixedQuickSelect._kept) <= 3
