"""API of implementation tracking: commitments and activities (read and write, through the actions),
plans, health and health changes (read). Scoped like the pages."""
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from ngoaivu.agreements.choices import AgreementStatus
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from ngoaivu.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet, versioned_schema
from ngoaivu.implementation import actions
from ngoaivu.implementation.api.serializers import (
    ActivitySerializer, CommitmentSerializer, HealthChangeSerializer, HealthSerializer, PlanSerializer,
)
from ngoaivu.implementation.filtersets import (
    ActivityApiFilter, CommitmentApiFilter, HealthChangeFilter, HealthFilter, PlanFilter,
)
from ngoaivu.implementation.models import Activity, Commitment, HealthChange, Plan


def write_schema(serializer, delete=False):
    views = dict(
        list=extend_schema(responses={200: serializer(many=True), **LIST_ERRORS}),
        create=extend_schema(responses={201: serializer, **WRITE_ERRORS}),
        **versioned_schema(serializer),
    )
    if delete:
        views["destroy"] = extend_schema(responses={204: None, **WRITE_ERRORS})
    return views


def read_schema(serializer):
    return dict(list=extend_schema(responses={200: serializer(many=True), **LIST_ERRORS}),
                retrieve=extend_schema(responses={200: serializer, **READ_ERRORS}))


@extend_schema_view(**write_schema(CommitmentSerializer))
class CommitmentViewSet(ScopedModelViewSet):
    """Commitments under agreements. Editable by the owning province and by the implementing unit."""

    queryset = Commitment.objects.all()
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentApiFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def base_queryset(self):
        return Commitment.objects.order_by("pk")

    def _save(self, serializer):
        # Through the action: an edit that moves the commitment to another agreement also refreshes the
        # agreement it left (its overdue figure and the summaries would keep counting it).
        instance = serializer.instance or Commitment()
        moved = instance.pk is not None and serializer.validated_data.get("agreement", instance.agreement) != instance.agreement
        for key, value in serializer.validated_data.items():
            setattr(instance, key, value)
        scope = self.request.user.scope
        province = scope.superuser or instance.agreement.locality_id in scope.edit_locality_ids
        if instance.pk is None and not province:
            # As the page (commitment_create): new commitments are the province's; the unit updates its own.
            raise PermissionDenied(_("Chỉ cán bộ của tỉnh, thành phố có thỏa thuận được thêm cam kết."))
        if moved and not province:
            # The page offers no agreement field: which agreement a commitment serves is the province's say.
            raise PermissionDenied(_("Chỉ cán bộ của tỉnh, thành phố có thỏa thuận được chuyển cam kết sang "
                                     "thỏa thuận khác."))
        serializer.instance = actions.save_commitment(self.request.user, instance)

    perform_create = _save
    perform_update = _save


@extend_schema_view(**write_schema(ActivitySerializer, delete=True))
class ActivityViewSet(ScopedModelViewSet):
    """Implementation activities. Recording one keeps the agreement's last activity and health current."""

    queryset = Activity.objects.all()
    serializer_class = ActivitySerializer
    filterset_class = ActivityApiFilter

    def base_queryset(self):
        return Activity.objects.prefetch_related("evidence", "commitments").order_by("-pk")

    def _save(self, serializer):
        data = dict(serializer.validated_data)
        commitments = data.pop("commitments", None)
        instance = serializer.instance or Activity()
        for key, value in data.items():
            setattr(instance, key, value)
        # Links kept from before: only those of the activity's agreement (a move to another agreement
        # leaves the first one's commitments and planned activities, as the serializer refuses them).
        if commitments is None:
            commitments = (list(instance.commitments.filter(agreement_id=instance.agreement_id))
                           if instance.pk else [])
        planned = (list(instance.planned_activities.filter(plan__agreement_id=instance.agreement_id))
                   if instance.pk else [])
        serializer.instance = actions.save_activity(self.request.user, instance, commitments, planned)

    perform_create = _save
    perform_update = _save

    def perform_destroy(self, instance):
        actions.delete_activity(self.request.user, instance)


@extend_schema_view(**read_schema(PlanSerializer))
class PlanViewSet(ScopedReadOnlyViewSet):
    """Yearly implementation plans with their planned activities."""

    queryset = Plan.objects.all()
    serializer_class = PlanSerializer
    filterset_class = PlanFilter

    def base_queryset(self):
        return Plan.objects.prefetch_related("items").order_by("pk")


@extend_schema_view(**read_schema(HealthSerializer))
class HealthViewSet(ScopedReadOnlyViewSet):
    """Implementation health of the agreements in force, with the reasons in words."""

    queryset = Agreement.objects.all()
    serializer_class = HealthSerializer
    filterset_class = HealthFilter

    def base_queryset(self):
        return Agreement.objects.filter(status=AgreementStatus.IN_FORCE).select_related("tracking").order_by("pk")


@extend_schema_view(**read_schema(HealthChangeSerializer))
class HealthChangeViewSet(ScopedReadOnlyViewSet):
    """Every change of an agreement's health, with its reason."""

    queryset = HealthChange.objects.all()
    serializer_class = HealthChangeSerializer
    filterset_class = HealthChangeFilter

    def base_queryset(self):
        return HealthChange.objects.order_by("agreement_id", "sequence")
