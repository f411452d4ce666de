"""Filters of the agreement register, shared by the list page, the exports and the API."""
import functools
from html import escape

import django_filters
from django import forms
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

from ngoaivu.agreements.choices import AgreementForm, AgreementStatus, Channel, DeadlineState, Health
from ngoaivu.agreements.deadlines import deadline_filter_q
from ngoaivu.agreements.models import Agreement, Document, Event
from ngoaivu.core.countries import country_choices
from ngoaivu.core.models import Locality, Sector
from ngoaivu.core.filters import FoldedSearchFilter, YearFilter, date_range
from ngoaivu.partners.models import Partner


ALL = _("Tất cả")


class QuickSelect(forms.Select):
    """A <select> that writes its options directly, with the markup of Django's own template: the filter
    panel has some 370 options (250 countries, every province old and new). One template include per
    option, then Django's option dictionaries and `format_html` per option, made the form most of the
    list page's time; plain string escaping of each label is all an option needs."""

    def render(self, name, value, attrs=None, renderer=None):
        # Not list(): it asks a ModelChoiceIterator for its length, one COUNT query more per field.
        choices = [choice for choice in self.choices]
        if any(isinstance(label, (list, tuple)) for _value, label in choices):  # optgroups: Django's way
            return super().render(name, value, attrs, renderer)
        selected = set(self.format_value(value))
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        parts = [f'<select name="{escape(name)}"{_attrs(attrs)}>']
        found = False
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            # Like Django: a single <select> marks only the first matching option.
            chosen = option_value in selected and (self.allow_multiple_selected or not found)
            found |= chosen
            parts.append(f'\n  <option value="{escape(option_value)}"{" selected" if chosen else ""}>'
                         f'{conditional_escape(label) if hasattr(label, "__html__") else escape(str(label))}'
                         '</option>\n')
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class FixedQuickSelect(QuickSelect):
    """A QuickSelect whose choices are fixed for a language (constants, the country list): its markup is
    the same for the same name, selection and attributes, so it is written once and kept (the 250
    countries' <select> was a tenth of the list page's CPU). `key` names the filter set, so that two
    sets with a field of the same name never share markup. Keys come from the query string: the kept
    markup is bounded and dropped whole when full."""

    MAX_KEPT = 512
    _kept: dict = {}

    def __init__(self, key, *args, **kwargs):
        self.key = key
        super().__init__(*args, **kwargs)

    def render(self, name, value, attrs=None, renderer=None):
        attrs_key = tuple((k, str(v)) for k, v in self.build_attrs(self.attrs, attrs).items())
        key = (self.key, name, tuple(self.format_value(value)), attrs_key, get_language())
        html = self._kept.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            if len(self._kept) >= self.MAX_KEPT:
                self._kept.clear()
            self._kept[key] = html
        return html


class ListedChoiceIterator(ModelChoiceIterator):
    """The choices of a model select read with one plain SELECT. Django's iterator reads them through
    `queryset.iterator()`, which on PostgreSQL declares a server-side cursor WITH HOLD (outside a
    transaction: DECLARE, FETCH, CLOSE, the rows materialised at commit) for some hundred provinces."""

    def __iter__(self):
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        if field.null_label is not None:
            yield (field.null_value, field.null_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ListedModelChoiceField(ModelChoiceField):
    iterator = ListedChoiceIterator


class ListedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A model select of the filter panel whose options are read in one plain query."""
    field_class = ListedModelChoiceField


@functools.lru_cache(maxsize=8)
def _country_choices_in(language):
    return country_choices()


def sorted_country_choices():
    """The 250 country names sorted by folded name: fixed for a language, so sorted once per language
    rather than on every page."""
    return list(_country_choices_in(get_language()))


def _attrs(attrs):
    """django/forms/widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    return "".join(f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
                   for name, value in attrs.items() if value is not False)


class AgreementFilter(django_filters.FilterSet):
    q = FoldedSearchFilter(label=_("Tìm theo tên, đối tác, nội dung (không dấu cũng được)"))
    locality = ListedModelChoiceFilter(empty_label=ALL, widget=QuickSelect,
        queryset=Locality.objects.order_by("valid_until", "sort_key"), method="filter_locality",
        label=_("Tỉnh, thành phố (cả tỉnh cũ)"))
    # A plain column: no join, so no DISTINCT (which made the count scan every matching row twice).
    status = django_filters.MultipleChoiceFilter(choices=AgreementStatus.choices, label=_("Tình trạng"),
                                                 widget=forms.CheckboxSelectMultiple, distinct=False)
    deadline = django_filters.ChoiceFilter(empty_label=ALL, choices=DeadlineState.choices, method="filter_deadline",
                                           label=_("Thời hạn"), widget=FixedQuickSelect("agreements"))
    form = django_filters.ChoiceFilter(empty_label=ALL, choices=AgreementForm.choices, label=_("Hình thức"),
                                       widget=FixedQuickSelect("agreements"))
    country = django_filters.ChoiceFilter(empty_label=ALL, choices=sorted_country_choices, method="filter_country", label=_("Quốc gia đối tác"),
                                          widget=FixedQuickSelect("agreements"))
    # A hidden field, not a <select>: a national directory has thousands of partners, and rendering them
    # all made the list slow. Partner pages link here with ?partner=<id>; the text search covers names.
    partner = django_filters.ModelChoiceFilter(queryset=Partner.objects.all(), field_name="partners",
                                               label=_("Đối tác"), widget=forms.HiddenInput)
    sector = ListedModelChoiceFilter(empty_label=ALL, queryset=Sector.objects.all(), field_name="sectors", label=_("Lĩnh vực"),
                                              widget=QuickSelect)
    channel = django_filters.ChoiceFilter(empty_label=ALL, choices=Channel.choices, label=_("Kênh"), widget=FixedQuickSelect("agreements"))
    year = YearFilter(field_name="signed_on__year", label=_("Năm ký"), min_value=1945, max_value=2100,
                                       widget=forms.NumberInput(attrs={"class": "input input--width-5"}))
    health = django_filters.ChoiceFilter(empty_label=ALL, choices=Health.choices, label=_("Tình hình triển khai"),
                                         widget=FixedQuickSelect("agreements"))
    signed_after, signed_before = date_range("signed_on", _("Ký từ ngày"), _("Ký đến ngày"))

    class Meta:
        model = Agreement
        fields = []


    def filter_locality(self, queryset, name, value):
        # A former province (Bắc Giang) selects what it signed; a current one what it holds today.
        if value.is_current:
            return queryset.filter(locality=value)
        return queryset.filter(signatory_locality=value)

    def filter_country(self, queryset, name, value: str):
        return queryset.filter(pk__in=Agreement.objects.filter(partners__country=value).values("pk"))

    def filter_deadline(self, queryset, name, value):
        return queryset.filter(deadline_filter_q(value, timezone.localdate()))


class EventFilter(django_filters.FilterSet):
    class Meta:
        model = Event
        fields = ["agreement", "kind"]


class DocumentFilter(django_filters.FilterSet):
    class Meta:
        model = Document
        fields = ["agreement", "kind"]
