"""The register filter's fixed <select>s (core.widgets.QuickSelect; the whole form is kept per query string
by core.filter_form): each selection and language shows, and only the chosen option is selected."""
import pytest
from django.utils import translation

from ngoaivu.agreements.filtersets import AgreementFilter
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.filter_form import written_fresh
from ngoaivu.core.widgets import QuickSelect

pytestmark = pytest.mark.django_db
FIXED = ("deadline", "form", "country", "channel", "health")


def test_fixed_selects_are_quick_and_kept_with_the_form(reference):
    form = AgreementFilter({}, queryset=Agreement.objects.all()).form
    for name in FIXED:
        assert isinstance(form.fields[name].widget, QuickSelect)
        assert not written_fresh(form.fields[name]), name  # kept in the form's markup
    assert [name for name, field in form.fields.items() if written_fresh(field)] == ["locality", "partner", "sector"]


def test_selection_and_language_show(reference):
    with translation.override("vi"):
        kr = str(AgreementFilter({"country": "KR"}, queryset=Agreement.objects.all()).form["country"])
        none = str(AgreementFilter({}, queryset=Agreement.objects.all()).form["country"])
    with translation.override("en"):
        kr_en = str(AgreementFilter({"country": "KR"}, queryset=Agreement.objects.all()).form["country"])
    assert '<option value="KR" selected>Hàn Quốc</option>' in kr
    assert '<option value="" selected>' in none and none.count(' selected') == 1
    assert '<option value="KR" selected>' in kr_en and "Hàn Quốc" not in kr_en
