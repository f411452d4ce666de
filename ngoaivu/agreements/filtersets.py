"""Filters of the agreement register, shared by the list page, the exports and the API."""
import functools

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ngoaivu.agreements.choices import AgreementForm, AgreementStatus, Channel, DeadlineState, Health
from ngoaivu.agreements.deadlines import deadline_filter_q
from ngoaivu.agreements.models import Agreement, Document, Event, StatusChange
from ngoaivu.core.countries import country_choices
from ngoaivu.core.models import Locality, Sector
from ngoaivu.core.filter_form import fixed_choices
from ngoaivu.core.filters import (
    ALL, CheapFilterSetMixin, FoldedSearchFilter, ListedModelChoiceFilter, YearFilter, date_range, id_filter,
)
from ngoaivu.core.widgets import QuickHiddenInput, QuickSelect
from ngoaivu.partners.models import Partner


@functools.lru_cache(maxsize=8)
def _country_choices_in(language):
    return country_choices()


@fixed_choices
def sorted_country_choices():
    """The 250 country names sorted by folded name: fixed for a language, so sorted once per language
    rather than on every page."""
    return list(_country_choices_in(get_language()))


def of_province(agreements, locality):
    """The agreements a province filter selects: a former province (Bắc Giang) what it signed, in its name or
    jointly with other provinces (its co-signatures, whoever holds them); a current one what it holds today.
    Shared by every list of agreements that offers the province filter."""
    if locality.is_current:
        return agreements.filter(locality=locality)
    co_signed = Agreement.co_signatories.through.objects.filter(locality=locality).values("agreement_id")
    return agreements.filter(Q(signatory_locality=locality) | Q(pk__in=co_signed))


class AgreementFilter(CheapFilterSetMixin, django_filters.FilterSet):
    q = FoldedSearchFilter(label=_("Tìm theo tên, đối tác, nội dung (không dấu cũng được)"))
    # Only the columns the labels need (Locality.__str__, Sector.__str__): these selects are written
    # fresh on every visit (core.filter_form).
    locality = ListedModelChoiceFilter(empty_label=ALL, widget=QuickSelect, method="filter_locality",
        queryset=Locality.objects.order_by("valid_until", "sort_key").only("short_name", "valid_until"),
        label=_("Tỉnh, thành phố (cả tỉnh cũ)"))
    # A plain column: no join, so no DISTINCT (which made the count scan every matching row twice).
    status = django_filters.MultipleChoiceFilter(choices=AgreementStatus.choices, label=_("Tình trạng"),
                                                 widget=forms.CheckboxSelectMultiple, distinct=False)
    deadline = django_filters.ChoiceFilter(empty_label=ALL, choices=DeadlineState.choices, method="filter_deadline",
                                           label=_("Thời hạn"), widget=QuickSelect)
    form = django_filters.ChoiceFilter(empty_label=ALL, choices=AgreementForm.choices, label=_("Hình thức"),
                                       widget=QuickSelect)
    country = django_filters.ChoiceFilter(empty_label=ALL, choices=sorted_country_choices, method="filter_country", label=_("Quốc gia đối tác"),
                                          widget=QuickSelect)
    # A hidden field, not a <select>: a national directory has thousands of partners, and rendering them
    # all made the list slow. Partner pages link here with ?partner=<id>; the text search covers names.
    partner = django_filters.ModelChoiceFilter(queryset=Partner.objects.all(), field_name="partners",
                                               label=_("Đối tác"), widget=QuickHiddenInput)
    sector = ListedModelChoiceFilter(empty_label=ALL, queryset=Sector.objects.only("name", "name_en"), field_name="sectors", label=_("Lĩnh vực"),
                                              widget=QuickSelect)
    channel = django_filters.ChoiceFilter(empty_label=ALL, choices=Channel.choices, label=_("Kênh"), widget=QuickSelect)
    year = YearFilter(field_name="signed_on__year", label=_("Năm ký"), min_value=1945, max_value=2100,
                                       widget=forms.NumberInput(attrs={"class": "input input--width-5"}))
    health = django_filters.ChoiceFilter(empty_label=ALL, choices=Health.choices, label=_("Tình hình triển khai"),
                                         widget=QuickSelect)
    signed_after, signed_before = date_range("signed_on", _("Ký từ ngày"), _("Ký đến ngày"))

    class Meta:
        model = Agreement
        fields = []


    def filter_locality(self, queryset, name, value):
        return of_province(queryset, value)

    def filter_country(self, queryset, name, value: str):
        return queryset.filter(pk__in=Agreement.objects.filter(partners__country=value).values("pk"))

    def filter_deadline(self, queryset, name, value):
        return queryset.filter(deadline_filter_q(value, timezone.localdate()))


# A plain id, not a choice among every agreement: another province's id then answers as one that does not
# exist (an empty list); a choice answered it 200 and a missing id 400, which told the two apart.
class EventFilter(django_filters.FilterSet):
    agreement = id_filter(_("Mã thỏa thuận"), "agreement_id")

    class Meta:
        model = Event
        fields = ["agreement", "kind"]


class DocumentFilter(django_filters.FilterSet):
    agreement = id_filter(_("Mã thỏa thuận"), "agreement_id")

    class Meta:
        model = Document
        fields = ["agreement", "kind"]


class StatusChangeFilter(django_filters.FilterSet):
    agreement = id_filter(_("Mã thỏa thuận"), "agreement_id")

    class Meta:
        model = StatusChange
        fields = ["agreement", "new_status"]
