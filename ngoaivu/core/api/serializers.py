from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ngoaivu.core.models import Locality, Sector, Unit


class CurrentLocalityRelatedField(serializers.PrimaryKeyRelatedField):
    """The province of a new record, by id, among current provinces: a former one is refused with what
    happened and what to choose, as the pages say it (core.forms.CurrentLocalityField), not as an id
    that does not exist. With many=True, several provinces (a report request's recipients): DRF checks each
    id with this field, so a former one among them is refused the same way."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Locality.objects.current())
        kwargs.setdefault("label", _("Tỉnh, thành phố"))
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError:
            if message := self.get_queryset().merged_refusal(data, self.label):
                raise serializers.ValidationError(message, code="merged") from None
            raise


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


def flatten_errors(detail, prefix=""):
    """{"members": {"0": {"full_name": [...]}}} → {"members[0].full_name": [...]}: the API's error body is
    one flat {field: [messages]} map (core.api.errors), nested lists included."""
    flat = {}
    if isinstance(detail, dict):
        items = detail.items()
    elif isinstance(detail, list) and any(isinstance(d, (dict, list)) for d in detail):
        items = ((str(i), d) for i, d in enumerate(detail))
    else:
        return {prefix or "non_field_errors": [str(d) for d in (detail if isinstance(detail, list) else [detail])]}
    for key, value in items:
        name = f"{prefix}[{key}]" if prefix and str(key).isdecimal() else f"{prefix}.{key}" if prefix else str(key)
        if value in ({}, []):
            continue
        flat.update(flatten_errors(value, name))
    return flat


class FlatErrors:
    """Mix into a serializer: its validation errors come back as one flat {field: [messages]} map."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            raise serializers.ValidationError(flatten_errors(error.detail)) from error
