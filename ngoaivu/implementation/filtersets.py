"""Filters shared by the pages and the API."""
import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ngoaivu.agreements.choices import AgreementStatus, Health
from ngoaivu.agreements.filtersets import of_province
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.filters import (
    CheapFilterSetMixin, ListedModelChoiceField, ListedModelChoiceFilter, TodayLocalityFilter, YearFilter, YesNoWidget,
    date_range, id_filter,
)
from ngoaivu.core.models import Locality, Unit
from ngoaivu.core.rows import province_names
from ngoaivu.core.scoping import scope_of
from ngoaivu.core.text import search_q
from ngoaivu.core.widgets import QuickHiddenInput, QuickSelect
from ngoaivu.implementation.choices import ActivityKind, CommitmentStatus, Completion
from ngoaivu.implementation.models import Activity, Commitment, HealthChange, Plan, UnitCommitmentCount


class SearchFilter(django_filters.CharFilter):
    def filter(self, qs, value):
        return qs.search(value) if value else qs


class AgreementField(forms.ModelChoiceField):
    """An agreement given by its number (a link from the agreement's implementation page, an old bookmark),
    among those the reader sees: another province's number is refused as one that does not exist, never
    named in the filter's tag."""

    widget = QuickHiddenInput
    default_error_messages = {"invalid_choice": _(
        "Thỏa thuận: không có thỏa thuận số %(value)s trong phạm vi bạn được xem.")}


class AgreementFilter(django_filters.ModelChoiceFilter):
    field_class = AgreementField


class AgreementWordsFilter(django_filters.CharFilter):
    """The records of the agreements whose register text holds every word (its name, number, partners…,
    folded as the register's search: "han quoc" finds "Hàn Quốc"). It replaced a select of every agreement
    with such records, which no one could use (2,393 options for a province, ~45,000 for the centre) and
    which cost a province's list 30 ms of the database and the centre's 0.5 s of building. Only the agreements
    the reader sees are searched: a province may read its own activity under another province's internal
    agreement (one a bulk edit moved), whose text (its signers, its partners' other names) it must not be able
    to probe word by word; the number of such an agreement is refused likewise (AgreementField)."""

    def filter(self, qs, value):
        q = search_q(value)
        if q is None:
            return qs
        user = getattr(getattr(self.parent, "request", None), "user", None)
        return qs.filter(agreement__in=Agreement.objects.visible_to(user).filter(q).values("pk"))


class UnitChoiceField(ListedModelChoiceField):
    # Set when the bodies offered are of several provinces ("Sở Công Thương" is in each): {province id: its
    # short name}, read fresh, which the kept options' key holds (core.filters.ListedChoiceIterator), so a
    # renamed province shows at once; None: one province, the body's name alone.
    province_names = None

    @property
    def label_key(self):
        return None if self.province_names is None else tuple(sorted(self.province_names.items()))

    def label_from_instance(self, obj):
        if self.province_names is None:
            return obj.name
        return f"{obj.name} ({self.province_names.get(obj.locality_id, '')})"


class UnitChoiceFilter(ListedModelChoiceFilter):
    field_class = UnitChoiceField


def units_offered(user):
    """The host bodies a reader may pick: those responsible for some commitment, of the reader's own
    provinces and bodies; every province's (named with it) for the centre and the missions, who read across
    provinces. The bodies with commitments are read from their kept counts (implementation.unit_counts):
    asked as "the bodies of the commitments the reader sees", it read every commitment twice (0.6 s of the
    database at national scale); as a probe of each body's commitments, 3,884 probes (4.5 ms). A body of
    another province responsible for a commitment a province reads is not offered; the list's other filters
    find its rows."""
    scope = scope_of(user)
    units = Unit.objects.filter(pk__in=UnitCommitmentCount.objects.filter(commitments__gt=0).values("unit"))
    own = not scope.sees_all and bool(scope.locality_ids or scope.unit_ids)
    if own:
        units = units.filter(Q(locality__in=scope.locality_ids) | Q(pk__in=scope.unit_ids))
    elif not scope.sees_all and not scope.country_codes:
        units = units.none()  # a reader who reads no province's records and no country's
    # Plain rows of one table: their options are kept per process (core.filters.ListedChoiceIterator); a
    # mission's 400 bodies made into instances with their provinces cost ~10 ms of every visit.
    return units.only("name", "locality_id").order_by("name", "locality__short_name", "pk"), \
        not own or len(scope.locality_ids) > 1


class ReadersAgreements:
    """The agreement filters of a list of records that belong to agreements: words of the agreement
    (`agreement_q`) and, hidden, one agreement by number among those the reader sees; the host body (if
    the list has that filter) as a choice of `units_offered`. The API's form of the list (ApiFilters)
    takes the agreement's and the body's numbers as plain numbers.

    Its querysets depend on the reader: each is set, on every build, on the filter and on the form's field
    alike (a CheapFilterSetMixin's form class is made once, from the first reader's filters)."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if not isinstance(self.filters["agreement"], AgreementFilter):
            return
        user = getattr(request, "user", None)
        agreements = Agreement.objects.visible_to(user) if user is not None else Agreement.objects.none()
        self.filters["agreement"].queryset = self.form.fields["agreement"].queryset = agreements
        if "responsible_unit" in self.filters:
            units, with_province = units_offered(user) if user is not None else (Unit.objects.none(), False)
            self.filters["responsible_unit"].queryset = self.form.fields["responsible_unit"].queryset = units
            self.form.fields["responsible_unit"].province_names = province_names() if with_province else None


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


class CommitmentFilter(ReadersAgreements, CheapFilterSetMixin, django_filters.FilterSet):
    q = SearchFilter(label=_("Tìm trong nội dung cam kết"))
    status = django_filters.MultipleChoiceFilter(label=_("Tình trạng"), choices=CommitmentStatus.choices,
                                                 distinct=False)
    overdue = django_filters.BooleanFilter(label=_("Chỉ cam kết quá hạn"), method="filter_overdue",
                                           widget=YesNoWidget)
    # The home panel's overdue figure counts agreements in force only (the summary rows): its link to this
    # list says so with this filter, so the list shows the rows counted, not those of expired agreements too.
    in_force = django_filters.BooleanFilter(label=_("Thỏa thuận đang có hiệu lực"), method="filter_in_force",
                                            widget=YesNoWidget)
    agreement_q = AgreementWordsFilter(label=_("Thỏa thuận (tên, số hiệu, đối tác)"))
    agreement = AgreementFilter(label=_("Thỏa thuận"), queryset=Agreement.objects.none())
    responsible_unit = UnitChoiceFilter(label=_("Cơ quan chủ trì"), queryset=Unit.objects.none(),
                                        empty_label=_("Tất cả"), widget=QuickSelect)
    due_after, due_before = date_range("due_on", _("Hạn từ ngày"), _("Hạn đến ngày"))
    # Hidden, as the register's partner filter: the home panel's link to the province's own overdue
    # commitments (the list reads every commitment the officer may see, other provinces' national ones too).
    # A former province's id (an old link) lists its successor's: its agreements moved with it
    # (core.filters.TodayLocalityFilter); it was dropped on the page (every commitment) and a 400 in the API.
    locality = TodayLocalityFilter(label=_("Tỉnh, thành phố"), field_name="agreement__locality",
                                   queryset=Locality.objects.current(), widget=QuickHiddenInput)

    class Meta:
        model = Commitment
        fields = ["q", "status", "overdue", "in_force", "due_after", "due_before", "agreement_q", "agreement",
                  "responsible_unit"]

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


class ActivityFilter(ReadersAgreements, CheapFilterSetMixin, django_filters.FilterSet):
    q = SearchFilter(label=_("Tìm theo tên, nội dung, thành phần"))
    kind = django_filters.MultipleChoiceFilter(label=_("Loại hoạt động"), choices=ActivityKind.choices,
                                               distinct=False)
    year = YearFilter(label=_("Năm"), field_name="occurred_on", lookup_expr="year")
    occurred_after, occurred_before = date_range("occurred_on", _("Diễn ra từ ngày"), _("Diễn ra đến ngày"))
    agreement_q = AgreementWordsFilter(label=_("Thỏa thuận (tên, số hiệu, đối tác)"))
    agreement = AgreementFilter(label=_("Thỏa thuận"), queryset=Agreement.objects.none())
    without_agreement = django_filters.BooleanFilter(label=_("Không thuộc thỏa thuận nào"), field_name="agreement",
                                                     lookup_expr="isnull", widget=YesNoWidget)

    class Meta:
        model = Activity
        fields = ["q", "kind", "year", "occurred_after", "occurred_before", "agreement_q", "agreement",
                  "without_agreement"]


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
