"""Filters shared by the pages and the API."""
import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ngoaivu.agreements.choices import AgreementStatus, Health
from ngoaivu.agreements.filtersets import of_province
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.models import Locality
from ngoaivu.core.filters import (
    CheapFilterSetMixin, ListedModelChoiceField, ListedModelChoiceFilter, TodayLocalityFilter, YearFilter, YesNoWidget,
    date_range, id_filter,
)
from ngoaivu.core.models import Unit
from ngoaivu.core.widgets import QuickSelect
from ngoaivu.implementation.choices import ActivityKind, CommitmentStatus, Completion
from ngoaivu.implementation.models import Activity, Commitment, HealthChange, Plan


class SearchFilter(django_filters.CharFilter):
    def filter(self, qs, value):
        return qs.search(value) if value else qs


class AgreementChoiceField(ListedModelChoiceField):
    def label_from_instance(self, obj):
        # Titles repeat in real registers: the register's distinguishing facts, as a draft's choice says them.
        from ngoaivu.reports.forms import agreement_choice_label
        return agreement_choice_label(obj)


class AgreementChoiceFilter(ListedModelChoiceFilter):
    field_class = AgreementChoiceField


class UnitChoiceField(ListedModelChoiceField):
    with_province = False  # set when the bodies offered are of several provinces: "Sở Công Thương" is in each

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.locality.short_name})" if self.with_province else obj.name


class UnitChoiceFilter(ListedModelChoiceFilter):
    field_class = UnitChoiceField


# The columns agreement_choice_label reads (the options are read as plain rows: core.filters).
AGREEMENT_LABEL_COLUMNS = ("title", "reference", "signed_on", "signed_precision", "historical", "recorded_status")


class ReadersAgreements:
    """The agreement (and host body) filter of a list of records that belong to agreements (`records`: their
    model) as a choice of the agreements (bodies) whose records the reader may list, named: it was a box
    asking for the agreement's number, which no one knows. The API still takes the number."""

    records = None

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if not isinstance(self.filters["agreement"], ListedModelChoiceFilter):
            return  # the API's form of the list (ApiFilters): numbers, no choices to read
        user = getattr(request, "user", None)
        if user is None:
            agreements, units = Agreement.objects.none(), Unit.objects.none()
        else:
            mine = self.records.objects.visible_to(user)
            # The agreements the reader sees that have such records: every record of an agreement the reader
            # sees is one they see (a child's scope holds all its parent's reading arms, core.scoping), so the
            # records' own scope need not be asked. Asked through it — `pk IN (the reader's records)` — a
            # province's activity list took 9 minutes at national scale: PostgreSQL tested each of the
            # 1,000,000 activities against the array of the province's 100,000 one by one.
            agreements = (Agreement.objects.visible_to(user)
                          .filter(Exists(self.records.objects.filter(agreement=OuterRef("pk"))))
                          .only(*AGREEMENT_LABEL_COLUMNS).order_by("title", "pk"))
            units = (Unit.objects.filter(pk__in=mine.values("responsible_unit_id")).select_related("locality")
                     .only("name", "locality__short_name").order_by("name", "locality__short_name", "pk"))
        self.filters["agreement"].queryset = self.form.fields["agreement"].queryset = agreements
        if "responsible_unit" in self.filters:
            self.filters["responsible_unit"].queryset = self.form.fields["responsible_unit"].queryset = units
            self.form.fields["responsible_unit"].with_province = (
                user is not None and units.order_by().values("locality_id").distinct().count() > 1)


class AgreementHealthFilter(CheapFilterSetMixin, django_filters.FilterSet):
    q = SearchFilter(label=_("Tìm theo tên, đối tác, nội dung (không dấu cũng được)"))
    # Plain columns: no join, so no DISTINCT (django-filter's default), which sorted every matching row whole.
    health = django_filters.MultipleChoiceFilter(label=_("Tình hình triển khai"), choices=Health.choices,
                                                 distinct=False)
    # The current provinces, then the former ones (what they signed), as the register's filter.
    locality = django_filters.ModelChoiceFilter(label=_("Tỉnh, thành phố"), method="filter_locality",
                                                queryset=Locality.objects.order_by("valid_until", "sort_key"))
    completion = django_filters.ChoiceFilter(label=_("Mức độ hoàn thành cam kết"), choices=Completion.choices,
                                             field_name="tracking__completion")

    class Meta:
        model = Agreement
        fields = ["q", "health", "locality", "completion"]

    def filter_locality(self, queryset, name, value):
        return of_province(queryset, value)


class CommitmentFilter(ReadersAgreements, django_filters.FilterSet):
    records = Commitment

    q = SearchFilter(label=_("Tìm trong nội dung cam kết"))
    status = django_filters.MultipleChoiceFilter(label=_("Tình trạng"), choices=CommitmentStatus.choices,
                                                 distinct=False)
    overdue = django_filters.BooleanFilter(label=_("Chỉ cam kết quá hạn"), method="filter_overdue",
                                           widget=YesNoWidget)
    # The home panel's overdue figure counts agreements in force only (the summary rows): its link to this
    # list says so with this filter, so the list shows the rows counted, not those of expired agreements too.
    in_force = django_filters.BooleanFilter(label=_("Thỏa thuận đang có hiệu lực"), method="filter_in_force",
                                            widget=YesNoWidget)
    agreement = AgreementChoiceFilter(label=_("Thỏa thuận"), queryset=Agreement.objects.none(),
                                      empty_label=_("Tất cả"), widget=QuickSelect)
    responsible_unit = UnitChoiceFilter(label=_("Cơ quan chủ trì"), queryset=Unit.objects.none(),
                                        empty_label=_("Tất cả"), widget=QuickSelect)
    due_after, due_before = date_range("due_on", _("Hạn từ ngày"), _("Hạn đến ngày"))
    # Hidden, as the register's partner filter: the home panel's link to the province's own overdue
    # commitments (the list reads every commitment the officer may see, other provinces' national ones too).
    # A former province's id (an old link) lists its successor's: its agreements moved with it
    # (core.filters.TodayLocalityFilter); it was dropped on the page (every commitment) and a 400 in the API.
    locality = TodayLocalityFilter(label=_("Tỉnh, thành phố"), field_name="agreement__locality",
                                   queryset=Locality.objects.current(), widget=forms.HiddenInput)

    class Meta:
        model = Commitment
        fields = ["q", "status", "overdue", "in_force", "due_after", "due_before", "agreement", "responsible_unit"]

    def filter_overdue(self, qs, name, value):
        from ngoaivu.implementation.actions import today
        if value:
            return qs.filter(status__in=("pending", "in_progress"), due_on__lt=today())
        return qs

    def filter_in_force(self, qs, name, value):
        """Yes: commitments of agreements in force; no: of the others (not yet in force, expired, ended)."""
        if value is None:
            return qs
        in_force = Q(agreement__status=AgreementStatus.IN_FORCE)
        return qs.filter(in_force) if value else qs.exclude(in_force)


class ActivityFilter(ReadersAgreements, django_filters.FilterSet):
    records = Activity

    q = SearchFilter(label=_("Tìm theo tên, nội dung, thành phần"))
    kind = django_filters.MultipleChoiceFilter(label=_("Loại hoạt động"), choices=ActivityKind.choices,
                                               distinct=False)
    year = YearFilter(label=_("Năm"), field_name="occurred_on", lookup_expr="year")
    occurred_after, occurred_before = date_range("occurred_on", _("Diễn ra từ ngày"), _("Diễn ra đến ngày"))
    agreement = AgreementChoiceFilter(label=_("Thỏa thuận"), queryset=Agreement.objects.none(),
                                      empty_label=_("Tất cả"), widget=QuickSelect)
    without_agreement = django_filters.BooleanFilter(label=_("Không thuộc thỏa thuận nào"), field_name="agreement",
                                                     lookup_expr="isnull", widget=YesNoWidget)

    class Meta:
        model = Activity
        fields = ["q", "kind", "year", "occurred_after", "occurred_before", "agreement", "without_agreement"]


class CommitmentApiFilter(CommitmentFilter):
    """The API's commitment filters: the agreement and the body by number, as before the pages offered them
    as choices. A number of an agreement with no commitments (or none the reader sees) lists nothing; as a
    choice it was refused with a 400, breaking a client that walks its agreements."""
    agreement = id_filter(_("Mã thỏa thuận"), "agreement_id")
    responsible_unit = id_filter(_("Mã cơ quan chủ trì"), "responsible_unit_id")


class ActivityApiFilter(ActivityFilter):
    """The API's activity filters: the agreement by number (see CommitmentApiFilter)."""
    agreement = id_filter(_("Mã thỏa thuận"), "agreement_id")


class PlanFilter(django_filters.FilterSet):
    agreement = id_filter(_("Mã thỏa thuận"), "agreement_id")
    year = YearFilter(label=_("Năm"))

    class Meta:
        model = Plan
        fields = ["agreement", "year", "status"]


class HealthChangeFilter(django_filters.FilterSet):
    agreement = id_filter(_("Mã thỏa thuận"), "agreement_id")
    health = django_filters.ChoiceFilter(label=_("Tình hình"), choices=Health.choices)

    class Meta:
        model = HealthChange
        fields = ["agreement", "health"]


class HealthFilter(django_filters.FilterSet):
    health = django_filters.ChoiceFilter(label=_("Tình hình"), choices=Health.choices)
    locality = id_filter(_("Mã tỉnh, thành phố"), "locality_id")
    locality.method = "filter_locality"

    class Meta:
        model = Agreement
        fields = ["health", "locality"]

    def filter_locality(self, queryset, name, value):
        # As the page: a former province's id selects the agreements it signed, not none.
        locality = Locality.objects.filter(pk=value).only("valid_until").first()
        return of_province(queryset, locality) if locality is not None else queryset.filter(locality_id=value)
