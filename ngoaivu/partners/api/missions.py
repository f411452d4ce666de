"""The directory of Vietnam's missions abroad in the API: read-only (missions are set up by the system's
administrators) and read by everyone signed in, as the public list of missions is. What a mission's
officers see of the provinces' records is the scope's business (core.scoping), not this endpoint's."""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from ngoaivu.core.api.errors import READ_ERRORS, WRITE_ERRORS
from ngoaivu.core.models import Mission


class MissionSerializer(serializers.ModelSerializer):
    """A mission with its kind, host country and the countries it covers (its host country included)."""

    # A plain string, not django-countries' field: its choices would add a second "country" enum to the schema.
    country = serializers.CharField(read_only=True, help_text=_("Mã ISO 3166-1 alpha-2 của nước sở tại"))
    countries = serializers.ListField(child=serializers.CharField(), source="country_codes", read_only=True,
                                      help_text=_("Mã các nước cơ quan phụ trách, kể cả nước sở tại"))

    class Meta:
        model = Mission
        fields = ["id", "name", "kind", "country", "city", "countries"]
        read_only_fields = fields


@extend_schema_view(list=extend_schema(responses={200: MissionSerializer(many=True), **WRITE_ERRORS}),
                    retrieve=extend_schema(responses={200: MissionSerializer, **READ_ERRORS}))
class MissionViewSet(viewsets.ReadOnlyModelViewSet):
    """Vietnam's missions abroad: embassies, consulates general, permanent missions."""

    queryset = Mission.objects.order_by("name", "pk")
    serializer_class = MissionSerializer
