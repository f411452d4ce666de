"""Delegations and conferences over the API: scoped like the pages, steps as POST actions."""
from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from ngoaivu.core import concurrency
from ngoaivu.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from ngoaivu.core.api.viewsets import ETAG, IF_MATCH, STALE, ScopedModelViewSet, scoped_schema, versioned_schema
from ngoaivu.exchanges import actions
from ngoaivu.exchanges.api import serializers as s
from ngoaivu.exchanges.filtersets import ConferenceFilter, DelegationFilter
from ngoaivu.exchanges.models import Conference, Delegation

# No DELETE: a delegation or a conference that will not happen is cancelled, and stays on the record.
METHODS = ["get", "post", "put", "patch", "head", "options"]


def _schema(serializer_class):
    """The scoped error responses plus the success ones, with their bodies."""
    return scoped_schema(
        list=extend_schema(responses={200: serializer_class(many=True), **LIST_ERRORS}),
        create=extend_schema(responses={201: serializer_class, **WRITE_ERRORS}),
        **versioned_schema(serializer_class),
    )


def _step(serializer_class, response_class, summary):
    """A step honours If-Match as a PATCH does: an approval or a cancellation sent from a read made before a
    colleague's approval is refused (412), not applied to a record its sender never saw."""
    return extend_schema(request=serializer_class, parameters=[IF_MATCH, ETAG],
                         responses={200: response_class, **WRITE_ERRORS, **STALE}, summary=summary)


@extend_schema_view(**_schema(s.DelegationSerializer))
class DelegationViewSet(ScopedModelViewSet):
    """Outbound and inbound delegations of the provinces in the caller's scope."""

    http_method_names = METHODS
    queryset = (Delegation.objects.select_related("locality", "report")
                .prefetch_related("stops", "members", "contacts", "partners").order_by("-start_date", "-pk"))
    serializer_class = s.DelegationSerializer
    filterset_class = DelegationFilter

    def _run(self, request, serializer_class, perform):
        delegation = self.get_object()
        params = serializer_class(data=request.data)
        params.is_valid(raise_exception=True)
        with transaction.atomic():
            self.check_if_match(delegation)
            perform(delegation, params.validated_data)
        saved = self.get_queryset().get(pk=delegation.pk)
        return Response(s.DelegationSerializer(saved, context=self.get_serializer_context()).data,
                        headers={"ETag": concurrency.etag(saved)})

    @_step(s.ApproveDelegationSerializer, s.DelegationSerializer, "Ghi nhận phê duyệt đoàn")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._run(request, s.ApproveDelegationSerializer,
                         lambda d, v: actions.approve_delegation(request.user, d, **v))

    @_step(s.ReturnSerializer, s.DelegationSerializer, "Ghi nhận kết thúc chuyến đi")
    @action(detail=True, methods=["post"], url_path="return")
    def record_return(self, request, pk=None):
        return self._run(request, s.ReturnSerializer, lambda d, v: actions.record_return(request.user, d, **v))

    @_step(s.CancelSerializer, s.DelegationSerializer, "Hủy đoàn")
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._run(request, s.CancelSerializer, lambda d, v: actions.cancel_delegation(request.user, d, **v))


@extend_schema_view(**_schema(s.ConferenceSerializer))
class ConferenceViewSet(ScopedModelViewSet):
    """International conferences and seminars (Decision 06/2020) in the caller's scope."""

    http_method_names = METHODS
    queryset = Conference.objects.select_related("locality").prefetch_related("partners").order_by("-start_date", "-pk")
    serializer_class = s.ConferenceSerializer
    filterset_class = ConferenceFilter

    def _run(self, request, serializer_class, perform):
        conf = self.get_object()
        params = serializer_class(data=request.data)
        params.is_valid(raise_exception=True)
        with transaction.atomic():
            self.check_if_match(conf)
            perform(conf, params.validated_data)
        saved = self.get_queryset().get(pk=conf.pk)
        return Response(s.ConferenceSerializer(saved, context=self.get_serializer_context()).data,
                        headers={"ETag": concurrency.etag(saved)})

    @_step(s.DossierSerializer, s.ConferenceSerializer, "Ghi nhận nộp hồ sơ")
    @action(detail=True, methods=["post"])
    def dossier(self, request, pk=None):
        return self._run(request, s.DossierSerializer, lambda c, v: actions.submit_dossier(request.user, c, **v))

    @_step(s.ApproveConferenceSerializer, s.ConferenceSerializer, "Ghi nhận văn bản cho phép")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._run(request, s.ApproveConferenceSerializer,
                         lambda c, v: actions.approve_conference(request.user, c, **v))
