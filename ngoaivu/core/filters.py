"""Filters shared by every app's FilterSets (pages and API alike)."""
import copy

import django_filters
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

from ngoaivu.core.text import search_q
from ngoaivu.core.widgets import KeptChoices

# The empty choice of a filter's select: no filter.
ALL = gettext_lazy("Tất cả")


class FoldedSearchFilter(django_filters.CharFilter):
    """Diacritic-insensitive word-prefix search over the model's folded `search_text` column."""

    def filter(self, qs, value):
        if hasattr(qs, "search"):  # the model's own search (localities also match the names people write)
            return qs.search(value or "")
        q = search_q(value or "")
        return qs.filter(q) if q is not None else qs


DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]  # pages type dd/mm/yyyy; the API sends ISO dates


class DayFilter(django_filters.DateFilter):
    """A date bound of a list (`signed_after`, `start_before`…). A date that does not exist (2026-13-01)
    or cannot be read is an error naming the filter — beside the field on the page, a 400 naming the
    parameter in the API — never a filter silently dropped."""

    def __init__(self, *args, **kwargs):
        from django.utils.text import format_lazy
        from django.utils.translation import gettext_lazy as _

        from ngoaivu.core.forms import DateInput
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault("widget", DateInput())
        label = kwargs.get("label") or ""
        kwargs.setdefault("error_messages", {"invalid": format_lazy(
            _("{label}: ngày không có thật hoặc viết sai dạng; viết theo dạng dd/mm/yyyy, ví dụ 05/02/2026"),
            label=label)})
        super().__init__(*args, **kwargs)


MAX_ID = 2**31 - 1  # a larger id overflows SQLite's INTEGER (OverflowError, a 500) instead of matching nothing


def id_filter(label, field_name):
    """A record's id given as a number (`?partner=12`): out of range is refused, never passed to the database."""
    return django_filters.NumberFilter(label=label, field_name=field_name, min_value=1, max_value=MAX_ID)


class YearFilter(django_filters.NumberFilter):
    """A whole year between 1900 and 2100 unless told otherwise: decimals are refused (a year lookup cannot use
    them) and so is a year no date can have (`?year=99999` raised building the date range)."""

    def __init__(self, *args, **kwargs):
        from django import forms
        self.field_class = forms.IntegerField
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


def date_range(field_name, after_label, before_label) -> tuple:
    """The two bounds of a date column, inclusive."""
    return (DayFilter(field_name=field_name, lookup_expr="gte", label=after_label),
            DayFilter(field_name=field_name, lookup_expr="lte", label=before_label))


class ListedChoiceIterator(ModelChoiceIterator):
    """The choices of a model select read with one plain SELECT. Django's iterator reads them through
    `queryset.iterator()`, which on PostgreSQL declares a server-side cursor WITH HOLD (outside a
    transaction: DECLARE, FETCH, CLOSE, the rows materialised at commit) for some hundred provinces."""

    MAX_KEPT = 64
    _kept: dict = {}

    def __iter__(self):
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        if getattr(field, "null_label", None) is not None:
            yield (field.null_value, field.null_label)
        for obj in self.queryset.all():
            yield self.choice(obj)

    def listed(self) -> list:
        """[(value as text, label)] of the options, as iterating gives them (core.widgets.QuickSelect).
        The rows are read on every call, as plain tuples of the columns the queryset loads; what they
        become (instances, values, labels: ~15 µs an option) is kept per process for those exact rows
        and the language, so a renamed province or sector is shown at once, whichever process renamed it.
        The labels must depend on those columns only (give the queryset `.only()` them), or on what the
        field's `label_key` (a hashable, part of the key) holds as well."""
        queryset = self.queryset.all()
        model = queryset.model
        query = queryset.query
        if query.select_related or query.annotations or query.extra or any(
                "__" in name for name in query.deferred_loading[0]):
            return [(str(value), label) for value, label in self]  # not plain rows of one table
        columns = _loaded_columns(queryset)
        rows = tuple(queryset.values_list(*columns))
        field = self.field
        # The field's class names its label_from_instance: two fields over the same rows may label them apart.
        key = (model._meta.label, type(field), columns, rows, get_language(), str(field.empty_label),
               str(getattr(field, "null_label", None)), field.to_field_name, getattr(field, "label_key", None))
        kept = self._kept.get(key)
        if kept is None:
            kept = KeptChoices((str(value), label)
                               for value, label in self._choices_of(model, columns, rows, queryset.db))
            if len(self._kept) >= self.MAX_KEPT:
                self._kept.clear()
            self._kept[key] = kept
        return kept

    def _choices_of(self, model, columns, rows, db):
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        if getattr(field, "null_label", None) is not None:
            yield (field.null_value, field.null_label)
        for row in rows:
            yield self.choice(model.from_db(db, columns, row))


def _loaded_columns(queryset) -> tuple:
    """The attribute names of the concrete columns a model queryset loads (all but those `.defer()`ed, or
    only the primary key and those `.only()` names), in the model's order (as Model.from_db takes them)."""
    opts = queryset.model._meta
    names, defer = queryset.query.deferred_loading
    names = {opts.get_field(name).attname for name in names}
    if not names:
        return tuple(f.attname for f in opts.concrete_fields)
    if defer:
        return tuple(f.attname for f in opts.concrete_fields if f.attname not in names or f.primary_key)
    return tuple(f.attname for f in opts.concrete_fields if f.attname in names or f.primary_key)


class ListedModelChoiceField(ModelChoiceField):
    iterator = ListedChoiceIterator


class ListedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A model select of a filter panel whose options are read in one plain query. Give it a queryset
    with `.only()` the columns its labels need: a province select is ~130 rows on every list page."""
    field_class = ListedModelChoiceField


class YesNoWidget(django_filters.widgets.BooleanWidget):
    """A yes/no filter: "Tất cả" (no filter), "Có", "Không". Pass the class, not an instance: an instance
    made when the filterset is defined kept the labels of the language of that moment, and django-filter's
    "Chưa xác định" (Unknown) read as a value rather than as "every record" (the outside test)."""

    def __init__(self, attrs=None):
        forms.Select.__init__(self, attrs, (("", gettext_lazy("Tất cả")), ("true", gettext_lazy("Có")),
                                            ("false", gettext_lazy("Không"))))


class TodayLocalityField(ListedModelChoiceField):
    """A province select of a list of records kept by the province that holds them today (delegations,
    conferences): a former province's id (Bắc Giang, as the register's filter and its links give it) is
    read as its successor's (Bắc Ninh), on the page and in the API alike — not refused (a 400) nor dropped
    (the whole list). The select then shows the successor chosen. Give it the current provinces."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            value = value.pk
        held = self.queryset.holding(value)  # core.models.LocalityQuerySet.holding: the one rule
        if held is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                        params={"value": value})
        self.held = (str(value), str(held.pk))  # read by bound_data: an assignment, not shared by copies
        return held

    def bound_data(self, data, initial):
        data = super().bound_data(data, initial)
        asked, held = getattr(self, "held", (None, None))
        return held if data is not None and str(data) == asked else data


class TodayLocalityFilter(ListedModelChoiceFilter):
    """The filter of TodayLocalityField (see there)."""
    field_class = TodayLocalityField


class _FiltersCopiedOneLevel(dict):
    """A FilterSet's `base_filters` whose deep copy (django-filter's BaseFilterSet.__init__ takes one per
    filterset) copies each filter one level deep: a filterset sets its own `model` and `parent` on its
    filters and caches its own field and label on them, and changes nothing deeper. The deep copy also
    copied every filter's choices, labels and querysets: half of building a list's filterset."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, filter_ in self.items():
            copies[name] = copy.copy(filter_)
            if filter_.method is not None:
                # A `method=` filter filters through a FilterMethod bound to its filter (which finds the
                # method on its filterset): bound anew to the copy, as the deep copy did.
                copies[name].method = filter_.method
        return copies


class CheapFilterSetMixin:
    """For a FilterSet built on every visit of a list page (`class F(CheapFilterSetMixin, FilterSet)`):
    its filters are copied one level deep (_FiltersCopiedOneLevel), and its form class is made once per
    set of filters (django-filter makes a new class, with a new field per filter, on every visit; the form
    still deep-copies the fields for itself, as every Django form does).

    Only for a FilterSet whose fields do not depend on the request: no queryset given as a function of the
    request, no choices read when the field is made (a function of choices is read when the select is
    written, as django-filter's ChoiceIterator does). Labels are lazy: one class serves every language. A
    queryset of the reader's (implementation.filtersets.ReadersAgreements) is set on every build, on the
    filter and on the form's field both: the kept class's own field may hold the first reader's."""

    _form_classes: dict = {}

    @classmethod
    def get_filters(cls):
        return _FiltersCopiedOneLevel(super().get_filters())

    def get_form_class(self):
        key = (type(self), tuple(self.filters))  # a filterset may drop filters (a province's locality)
        form_class = self._form_classes.get(key)
        if form_class is None:
            form_class = self._form_classes[key] = super().get_form_class()
        return form_class
