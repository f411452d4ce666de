"""Filters of the partner directory (page and API)."""
import django_filters
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.countries import country_choices
from ngoaivu.core.filters import FoldedSearchFilter
from ngoaivu.partners.choices import PartnerKind
from ngoaivu.partners.models import Partner


ALL = _("Tất cả")


class PartnerFilter(django_filters.FilterSet):
    q = FoldedSearchFilter(label=_("Tìm theo tên (không dấu cũng được)"))
    kind = django_filters.ChoiceFilter(empty_label=ALL, choices=PartnerKind.choices, label=_("Loại đối tác"))
    country = django_filters.ChoiceFilter(empty_label=ALL, choices=country_choices, label=_("Quốc gia"))

    class Meta:
        model = Partner
        fields = []

