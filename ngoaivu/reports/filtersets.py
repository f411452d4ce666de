"""The open data page's filters (the same for the page, the CSV and the JSON: one query string)."""
import django_filters
from django.utils.translation import gettext_lazy as _

from ngoaivu.agreements.choices import AgreementForm, AgreementStatus
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.countries import country_choices
from ngoaivu.core.filters import ALL, ListedModelChoiceFilter, YearFilter
from ngoaivu.core.models import Locality
from ngoaivu.core.widgets import QuickSelect
from ngoaivu.reports import opendata


class OpenDataFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), help_text=_("Tên thỏa thuận, đối tác, nước"),
                                  method="search_published")
    # Selects written by core.widgets.QuickSelect, their options read as plain rows (ListedModelChoiceFilter):
    # ~250 countries and 34 provinces through Django's option templates were most of this public page's CPU.
    province = ListedModelChoiceFilter(label=_("Tỉnh, thành phố"), field_name="locality", widget=QuickSelect, empty_label=ALL,
                                       queryset=Locality.objects.current().order_by("sort_key").only("short_name", "valid_until"))
    country = django_filters.ChoiceFilter(label=_("Nước"), field_name="partners__country", choices=country_choices,
                                          distinct=True, widget=QuickSelect, empty_label=ALL)
    form = django_filters.ChoiceFilter(label=_("Hình thức"), choices=AgreementForm.choices, widget=QuickSelect,
                                       empty_label=ALL)
    status = django_filters.ChoiceFilter(label=_("Tình trạng"), choices=AgreementStatus.choices, widget=QuickSelect,
                                         empty_label=ALL)
    year = YearFilter(label=_("Năm ký"), field_name="signed_on", lookup_expr="year", min_value=1945)

    class Meta:
        model = Agreement
        fields = []

    def search_published(self, queryset, name, value):
        return opendata.search(queryset, value)  # what the published record shows, nothing else
