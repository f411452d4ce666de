"""The open data page's filters (the same for the page, the CSV and the JSON: one query string)."""
import django_filters
from django.utils.translation import gettext_lazy as _

from ngoaivu.agreements.choices import AgreementForm, AgreementStatus
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.countries import country_choices
from ngoaivu.core.filters import YearFilter
from ngoaivu.core.models import Locality
from ngoaivu.reports import opendata


class OpenDataFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), help_text=_("Tên thỏa thuận, đối tác, nước"),
                                  method="search_published")
    province = django_filters.ModelChoiceFilter(label=_("Tỉnh, thành phố"), field_name="locality",
                                                queryset=Locality.objects.current().order_by("sort_key"))
    country = django_filters.ChoiceFilter(label=_("Nước"), field_name="partners__country", choices=country_choices,
                                          distinct=True)
    form = django_filters.ChoiceFilter(label=_("Hình thức"), choices=AgreementForm.choices)
    status = django_filters.ChoiceFilter(label=_("Tình trạng"), choices=AgreementStatus.choices)
    year = YearFilter(label=_("Năm ký"), field_name="signed_on", lookup_expr="year", min_value=1945)

    class Meta:
        model = Agreement
        fields = []

    def search_published(self, queryset, name, value):
        return opendata.search(queryset, value)  # what the published record shows, nothing else
