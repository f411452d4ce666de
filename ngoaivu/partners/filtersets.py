"""Filters of the partner directory (page and API)."""
import django_filters
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.countries import country_choices
from ngoaivu.core.filters import ALL, CheapFilterSetMixin, FoldedSearchFilter, id_filter
from ngoaivu.partners.choices import PartnerKind, WarningCategory
from ngoaivu.partners.models import Partner, PartnerWarning


class PartnerFilter(CheapFilterSetMixin, django_filters.FilterSet):
    q = FoldedSearchFilter(label=_("Tìm theo tên (không dấu cũng được)"))
    kind = django_filters.ChoiceFilter(empty_label=ALL, choices=PartnerKind.choices, label=_("Loại đối tác"))
    country = django_filters.ChoiceFilter(empty_label=ALL, choices=country_choices, label=_("Quốc gia"))

    class Meta:
        model = Partner
        fields = []


class PartnerWarningFilter(django_filters.FilterSet):
    partner = id_filter(_("Đối tác (mã)"), "partner_id")
    category = django_filters.ChoiceFilter(empty_label=ALL, choices=WarningCategory.choices, label=_("Loại cảnh báo"))
    active = django_filters.BooleanFilter(field_name="lifted_at", lookup_expr="isnull", label=_("Đang có hiệu lực"))

    class Meta:
        model = PartnerWarning
        fields = []
