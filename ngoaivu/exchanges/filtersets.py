"""Filters shared by the list pages, the XLSX exports and the API."""
import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.countries import country_choices
from ngoaivu.core.models import Locality
from ngoaivu.core.filter_form import fixed_choices
from ngoaivu.core.filters import CheapFilterSetMixin, FoldedSearchFilter, TodayLocalityFilter, date_range
from ngoaivu.core.widgets import QuickHiddenInput, QuickSelect
from ngoaivu.exchanges.choices import (
    Authority, Channel, ConferenceForm, ConferenceKind, ConferenceStatus, DelegationStatus, Direction,
)
from ngoaivu.exchanges.models import Conference, Delegation
from ngoaivu.partners.models import Partner
from ngoaivu.partners.widgets import PartnerPicker


class CheckedOnly(forms.BooleanField):
    """A tick box that filters when ticked and is absent (not "No") when not, so it is not listed as applied."""

    def clean(self, value):
        return super().clean(value) or None


@extend_schema_field(OpenApiTypes.BOOL)
class CheckedOnlyFilter(django_filters.Filter):
    field_class = CheckedOnly


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.ChoiceFilter):
    pass


@fixed_choices  # depends on the day only, which the kept filter form's key holds
def _year_choices():
    year = timezone.localdate().year
    return [(y, str(y)) for y in range(year + 1, 2014, -1)]


class _Base(CheapFilterSetMixin, django_filters.FilterSet):
    q = FoldedSearchFilter(label=_("Tìm kiếm (không dấu cũng được)"))
    # Only the columns the labels need: written fresh on every visit of a kept form (core.filter_form).
    # A former province's id (the register's filter offers them) lists its successor's records: the records
    # it kept moved with it (core.filters.TodayLocalityFilter).
    locality = TodayLocalityFilter(queryset=Locality.objects.current().only("short_name", "valid_until"),
                                   label=_("Tỉnh, thành phố"), empty_label=_("Tất cả"), widget=QuickSelect)
    # QuickSelect (core.widgets): the same HTML as Django's Select, without a template per option.
    year = YearFilter(field_name="start_date__year", choices=_year_choices,
                                            label=_("Năm"), empty_label=_("Tất cả"), widget=QuickSelect)
    start_after, start_before = date_range("start_date", _("Bắt đầu từ ngày"), _("Bắt đầu đến ngày"))
    overdue = CheckedOnlyFilter(method="filter_overdue", label=_("Chỉ báo cáo quá hạn"), widget=forms.CheckboxInput)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        # A province user sees one province: the choice would only say what they already know.
        if user is not None and not (user.is_authenticated and user.scope.sees_all):
            self.filters.pop("locality", None)
            self.form.fields.pop("locality", None)


class DelegationFilter(_Base):
    direction = django_filters.ChoiceFilter(choices=Direction.choices, label=_("Loại đoàn"), empty_label=_("Tất cả"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("Kênh"), empty_label=_("Tất cả"))
    country = django_filters.ChoiceFilter(choices=country_choices, method="filter_country", label=_("Quốc gia"),
                                          empty_label=_("Tất cả"), widget=QuickSelect)
    # A search picker (only the chosen partner is rendered), not a <select> of every partner with a
    # delegation: at national scale that was ~3,000 options and 0.5 s of CPU on every list page.
    # Any partner the picker offers is a valid choice: one without delegations gives an empty list, not an
    # "invalid choice" that the lenient list would answer with every delegation.
    partner = django_filters.ModelChoiceFilter(
        queryset=Partner.objects.all(),
        field_name="partners", label=_("Đối tác"), empty_label=_("Tất cả"), distinct=True,
        widget=PartnerPicker(multiple=False))
    status = django_filters.ChoiceFilter(choices=DelegationStatus.choices, label=_("Trạng thái"),
                                         empty_label=_("Tất cả"))

    class Meta:
        model = Delegation
        fields = ["q", "direction", "channel", "country", "partner", "status", "year", "start_after", "start_before",
                  "locality", "overdue"]

    def filter_country(self, queryset, name, value: str):
        return queryset.filter(pk__in=Delegation.objects.filter(stops__country=value).values("pk"))

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(pk__in=Delegation.objects.report_overdue(timezone.localdate()).values("pk"))
        return queryset


class ConferenceFilter(_Base):
    kind = django_filters.ChoiceFilter(choices=ConferenceKind.choices, label=_("Loại"), empty_label=_("Tất cả"))
    form = django_filters.ChoiceFilter(choices=ConferenceForm.choices, label=_("Hình thức"), empty_label=_("Tất cả"))
    authority = django_filters.ChoiceFilter(choices=Authority.choices, label=_("Thẩm quyền cho phép"),
                                            empty_label=_("Tất cả"))
    status = django_filters.ChoiceFilter(choices=ConferenceStatus.choices, label=_("Trạng thái"),
                                         empty_label=_("Tất cả"))
    country = django_filters.ChoiceFilter(choices=country_choices, method="filter_country",
                                          label=_("Quốc gia đối tác"), empty_label=_("Tất cả"), widget=QuickSelect)
    # A hidden field, not a <select> of the national directory (thousands of partners), as in the register:
    # the partner page links here with ?partner=<id>; the search covers the partners' names.
    partner = django_filters.ModelChoiceFilter(queryset=Partner.objects.all(), field_name="partners",
                                               label=_("Đối tác"), widget=QuickHiddenInput)

    class Meta:
        model = Conference
        fields = ["q", "kind", "form", "authority", "status", "country", "partner", "year", "start_after",
                  "start_before", "locality", "overdue"]

    def filter_country(self, queryset, name, value: str):
        return queryset.filter(pk__in=Conference.objects.filter(partners__country=value).values("pk"))

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(Q(decision_date__isnull=False, cancelled_on__isnull=True,
                                     report_submitted_on__isnull=True, report_due__lt=timezone.localdate()))
        return queryset
