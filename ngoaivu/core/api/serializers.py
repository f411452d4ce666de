from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ngoaivu.core.models import Locality, Sector, Unit


class LocalitySerializer(serializers.ModelSerializer):
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = Locality
        fields = ["id", "code", "legacy_code", "name", "short_name", "codename", "kind", "valid_from",
                  "valid_until", "successor", "is_current"]


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "locality", "name", "kind", "code", "is_foreign_affairs_agency", "valid_until"]


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["id", "code", "name", "name_en", "position", "is_active"]


class CountrySerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("ISO 3166-1 alpha-2"))
    name = serializers.CharField(help_text=_("Tên theo ngôn ngữ yêu cầu (Accept-Language)"))
