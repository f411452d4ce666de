"""Filters of the partner directory (page and API)."""
import django_filters
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.countries import country_choices
from ngoaivu.core.text import search_q
from ngoaivu.partners.choices import PartnerKind
from ngoaivu.partners.models import Partner


ALL = _("Tất cả")


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Tìm theo tên (không dấu cũng được)"))
    kind = django_filters.ChoiceFilter(empty_label=ALL, choices=PartnerKind.choices, label=_("Loại đối tác"))
    country = django_filters.ChoiceFilter(empty_label=ALL, choices=country_choices, label=_("Quốc gia"))

    class Meta:
        model = Partner
        fields = []

    def filter_q(self, queryset, name, value):
        q = search_q(value)
        return queryset.filter(q) if q is not None else queryset
