"""Filters shared by the pages and the API."""
import django_filters
from django.utils.translation import gettext_lazy as _

from ngoaivu.agreements.choices import Health
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.models import Locality
from ngoaivu.core.filters import YearFilter, YesNoWidget, date_range, id_filter
from ngoaivu.implementation.choices import ActivityKind, CommitmentStatus, Completion
from ngoaivu.implementation.models import Activity, Commitment, HealthChange, Plan


class SearchFilter(django_filters.CharFilter):
    def filter(self, qs, value):
        return qs.search(value) if value else qs


class AgreementHealthFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Tìm theo tên, đối tác, nội dung (không dấu cũng được)"))
    health = django_filters.MultipleChoiceFilter(label=_("Tình hình triển khai"), choices=Health.choices)
    locality = django_filters.ModelChoiceFilter(label=_("Tỉnh, thành phố"),
                                                queryset=Locality.objects.current().order_by("sort_key"))
    completion = django_filters.ChoiceFilter(label=_("Mức độ hoàn thành cam kết"), choices=Completion.choices,
                                             field_name="tracking__completion")

    class Meta:
        model = Agreement
        fields = ["q", "health", "locality", "completion"]


class CommitmentFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Tìm trong nội dung cam kết"))
    status = django_filters.MultipleChoiceFilter(label=_("Tình trạng"), choices=CommitmentStatus.choices)
    overdue = django_filters.BooleanFilter(label=_("Chỉ cam kết quá hạn"), method="filter_overdue",
                                           widget=YesNoWidget)
    agreement = id_filter(_("Mã thỏa thuận"), "agreement_id")
    responsible_unit = id_filter(_("Mã cơ quan chủ trì"), "responsible_unit_id")
    due_after, due_before = date_range("due_on", _("Hạn từ ngày"), _("Hạn đến ngày"))

    class Meta:
        model = Commitment
        fields = ["q", "status", "overdue", "due_after", "due_before", "agreement", "responsible_unit"]

    def filter_overdue(self, qs, name, value):
        from ngoaivu.implementation.actions import today
        if value:
            return qs.filter(status__in=("pending", "in_progress"), due_on__lt=today())
        return qs


class ActivityFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Tìm theo tên, nội dung, thành phần"))
    kind = django_filters.MultipleChoiceFilter(label=_("Loại hoạt động"), choices=ActivityKind.choices)
    year = YearFilter(label=_("Năm"), field_name="occurred_on", lookup_expr="year")
    occurred_after, occurred_before = date_range("occurred_on", _("Diễn ra từ ngày"), _("Diễn ra đến ngày"))
    agreement = id_filter(_("Mã thỏa thuận"), "agreement_id")
    without_agreement = django_filters.BooleanFilter(label=_("Không thuộc thỏa thuận nào"), field_name="agreement",
                                                     lookup_expr="isnull", widget=YesNoWidget)

    class Meta:
        model = Activity
        fields = ["q", "kind", "year", "occurred_after", "occurred_before", "agreement", "without_agreement"]


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

    class Meta:
        model = Agreement
        fields = ["health", "locality"]
