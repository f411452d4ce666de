"""Read-only API of the indicators: the catalogue, observations and targets scoped like the pages (a
province reads its own, the centre all), and the values of any indicator for a period (statistics that
everyone signed in reads, as on the national page). Figures are written through the pages (grid, import)."""
import re

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.response import Response

from ngoaivu.core.api.errors import LIST_ERRORS, READ_ERRORS
from ngoaivu.core.api.viewsets import ScopedReadOnlyViewSet
from ngoaivu.core.models import Locality
from ngoaivu.indicators.api.serializers import (IndicatorSerializer, ObservationSerializer, TargetSerializer,
                                                ValueSerializer)
from ngoaivu.indicators.models import Indicator, Observation, Target
from ngoaivu.indicators.periods import Period
from ngoaivu.indicators.values import figures


def _read_schema(serializer):
    return {"list": extend_schema(responses={200: serializer(many=True), **LIST_ERRORS}),
            "retrieve": extend_schema(responses={200: serializer, **READ_ERRORS})}


@extend_schema_view(**_read_schema(IndicatorSerializer))
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The indicator catalogue."""

    queryset = Indicator.objects.order_by("position", "code")
    serializer_class = IndicatorSerializer


@extend_schema_view(**_read_schema(ObservationSerializer))
class ObservationViewSet(ScopedReadOnlyViewSet):
    """Entered figures the user reads: their province's, the centre's all."""

    queryset = Observation.objects.select_related("indicator").order_by("pk")
    serializer_class = ObservationSerializer


@extend_schema_view(**_read_schema(TargetSerializer))
class TargetViewSet(ScopedReadOnlyViewSet):
    """Roadmap targets the user reads, with their yearly steps."""

    queryset = Target.objects.select_related("indicator").prefetch_related("steps").order_by("pk")
    serializer_class = TargetSerializer


class ValueViewSet(viewsets.ViewSet):
    """Values of an indicator (computed from the registers or entered) for a period: one per current province
    and the national one (locality null)."""

    serializer_class = ValueSerializer

    @extend_schema(parameters=[
        OpenApiParameter("indicator", OpenApiTypes.STR, required=True, description="Mã chỉ số"),
        OpenApiParameter("period", OpenApiTypes.STR, required=True, description="2025, 2025-H1, 2025-Q3, 2021-2025"),
        OpenApiParameter("locality", OpenApiTypes.INT, required=False, description="Chỉ một tỉnh, thành phố"),
    ], responses={200: ValueSerializer(many=True), **LIST_ERRORS})
    def list(self, request):
        errors = {}
        indicator = Indicator.objects.filter(code=str(request.query_params.get("indicator", ""))[:40]).first()
        if indicator is None:
            errors["indicator"] = ["Không có chỉ số mã này."]
        try:
            period = Period.parse(str(request.query_params.get("period", ""))[:20])
        except ValidationError as error:
            errors["period"] = error.messages
        locality_raw = request.query_params.get("locality")
        locality_id = None
        if locality_raw not in (None, ""):
            if not re.fullmatch(r"[0-9]{1,9}", str(locality_raw)) or \
                    not Locality.objects.current().filter(pk=int(locality_raw)).exists():
                errors["locality"] = ["Không có tỉnh, thành phố này."]
            else:
                locality_id = int(locality_raw)
        if errors:
            raise exceptions.ValidationError(errors)
        result = figures(indicator, period)
        rows = [{"indicator": indicator.code, "period": period.code, "locality": None, "value": result.national,
                 "complete": None not in result.incomplete}]
        for pk, value in sorted(result.by_locality.items()):
            rows.append({"indicator": indicator.code, "period": period.code, "locality": pk, "value": value,
                         "complete": pk not in result.incomplete})
        if locality_id is not None:
            rows = [r for r in rows if r["locality"] == locality_id]
        return Response(ValueSerializer(rows, many=True).data)
