"""API of the register: agreements (with "record an event"), events, status changes, documents."""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from ngoaivu.agreements import actions
from ngoaivu.agreements.api.serializers import (
    AgreementSerializer, DocumentSerializer, EventCreateSerializer, EventSerializer, StatusChangeSerializer,
)
from ngoaivu.agreements.filtersets import AgreementFilter, DocumentFilter, EventFilter, StatusChangeFilter
from ngoaivu.agreements.models import Agreement, Document, Event, StatusChange
from ngoaivu.core.api.errors import READ_ERRORS, WRITE_ERRORS
from ngoaivu.core.api.viewsets import (
    IF_MATCH, STALE, ScopedCreateMixin, ScopedModelViewSet, ScopedReadOnlyViewSet, scoped_schema, versioned_schema,
)


def documented(serializer, **extra):
    """scoped_schema() with the success responses too (its overrides replace DRF's default 200/201)."""
    return scoped_schema(
        # A list answers 400 to a filter value it cannot read (an unknown locality id).
        list=extend_schema(responses={200: serializer(many=True), **WRITE_ERRORS}),
        create=extend_schema(responses={201: serializer, **WRITE_ERRORS}),
        **{**versioned_schema(serializer), **extra})


@extend_schema_view(**documented(
    AgreementSerializer,
    # A step honours If-Match as a PATCH and the delegations' steps do: an event sent from a read made before
    # a colleague's change of the agreement is refused (412), not recorded on a record its sender never saw.
    record_event=extend_schema(request=EventCreateSerializer, parameters=[IF_MATCH],
                               responses={201: EventSerializer, **WRITE_ERRORS, **STALE}),
))
class AgreementViewSet(ScopedModelViewSet):
    """International agreements of the provinces, scoped like the pages. Status is derived: record events."""

    queryset = Agreement.objects.all()
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def base_queryset(self):
        return Agreement.objects.with_related().prefetch_related("co_signatories").order_by("-pk")

    @action(detail=True, methods=["post"], url_path="events", url_name="record-event")
    def record_event(self, request, pk=None):
        agreement = self.get_object()
        serializer = EventCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with transaction.atomic():
            self.check_if_match(agreement)
            event = actions.record_event(request.user, agreement, data["kind"], data["date"], note=data["note"],
                                         consultee=data["consultee"], is_mofa=data["is_mofa"],
                                         request=data.get("request"), opinion=data["opinion"],
                                         new_expires_on=data["new_expires_on"], place=data["place"],
                                         override_reason=data["override_reason"])
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(responses={200: EventSerializer(many=True), **WRITE_ERRORS}),
                    retrieve=extend_schema(responses={200: EventSerializer, **READ_ERRORS}))
class EventViewSet(ScopedReadOnlyViewSet):
    """Dated steps of the agreements' legal life (record new ones with POST /agreements/{id}/events/)."""

    queryset = Event.objects.all()
    serializer_class = EventSerializer
    filterset_class = EventFilter

    def base_queryset(self):
        return Event.objects.order_by("agreement_id", "date", "pk")


@extend_schema_view(list=extend_schema(responses={200: StatusChangeSerializer(many=True), **WRITE_ERRORS}),
                    retrieve=extend_schema(responses={200: StatusChangeSerializer, **READ_ERRORS}))
class StatusChangeViewSet(ScopedReadOnlyViewSet):
    """Each change of an agreement's derived status, with its reason."""

    queryset = StatusChange.objects.all()
    serializer_class = StatusChangeSerializer
    filterset_class = StatusChangeFilter

    def base_queryset(self):
        return StatusChange.objects.order_by("agreement_id", "pk")


@extend_schema_view(list=extend_schema(responses={200: DocumentSerializer(many=True), **WRITE_ERRORS}),
                    retrieve=extend_schema(responses={200: DocumentSerializer, **READ_ERRORS}),
                    create=extend_schema(responses={201: DocumentSerializer, **WRITE_ERRORS}))
class DocumentViewSet(ScopedCreateMixin, ScopedReadOnlyViewSet):
    """Files of the agreements (upload as multipart/form-data; type and size are checked)."""

    queryset = Document.objects.all()
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    parser_classes = [MultiPartParser, FormParser]

    def base_queryset(self):
        return Document.objects.order_by("-pk")

    def perform_create(self, serializer):
        try:
            serializer.save()
        except DjangoValidationError as error:
            from rest_framework.exceptions import ValidationError
            raise ValidationError(error.message_dict if hasattr(error, "message_dict") else error.messages)


__all__ = ["AgreementViewSet", "EventViewSet", "StatusChangeViewSet", "DocumentViewSet", "OpenApiResponse"]
