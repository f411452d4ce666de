from rest_framework import serializers

from ngoaivu.indicators.models import Indicator, Observation, Target, TargetStep


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "name_en", "definition", "definition_en", "unit", "higher_is_better", "source", "method",
                  "computation", "aggregation", "is_active"]


class ObservationSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Observation
        fields = ["id", "indicator", "locality", "former_locality", "period_start", "period_end", "period_kind",
                  "value", "source", "note", "updated_at"]


class TargetStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = TargetStep
        fields = ["year", "value"]


class TargetSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    steps = TargetStepSerializer(many=True, read_only=True)

    class Meta:
        model = Target
        fields = ["id", "indicator", "locality", "first_year", "last_year", "value", "basis", "steps", "updated_at"]


class ValueSerializer(serializers.Serializer):
    """One indicator's value for a period and a province (locality null: national)."""

    indicator = serializers.CharField()
    period = serializers.CharField()
    locality = serializers.IntegerField(allow_null=True)
    value = serializers.DecimalField(max_digits=24, decimal_places=2, allow_null=True)
    complete = serializers.BooleanField()
