"""Serializers of implementation tracking."""
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from ngoaivu.agreements.models import Agreement
from ngoaivu.core import files
from ngoaivu.core.api.serializers import CurrentLocalityRelatedField
from ngoaivu.core.models import Sector, Unit
from ngoaivu.implementation.models import Activity, Commitment, Evidence, HealthChange, Plan, PlannedActivity


def visible_choices(serializer, fields, names):
    """Narrow the relation fields `names` to the records the user may read: an id of another province's
    record then answers as an id that does not exist (a 403, or a message of its own, told them it did)."""
    request = serializer.context.get("request")
    if request is not None and request.user.is_authenticated:
        for name in names:
            field = fields[name]
            field = getattr(field, "child_relation", field)
            field.queryset = field.queryset.visible_to(request.user)
    return fields


def assignable_units(serializer, fields):
    """Narrow the responsible unit to the units the user may assign work to, as the pages offer them
    (`editable_units`), and the one the record has: another province's unit is answered as an id that does
    not exist, and never linked (its officers would then read and edit this province's record)."""
    from django.db.models import Q

    from ngoaivu.implementation.forms import editable_units
    request = serializer.context.get("request")
    if request is not None and request.user.is_authenticated:
        own = getattr(serializer.instance, "responsible_unit_id", None)
        fields["responsible_unit"].queryset = Unit.objects.filter(
            Q(pk__in=editable_units(request.user).values("pk")) | Q(pk=own))
    return fields


class CommitmentSerializer(serializers.ModelSerializer):
    agreement = serializers.PrimaryKeyRelatedField(queryset=Agreement.objects.all())
    sector = serializers.PrimaryKeyRelatedField(queryset=Sector.objects.all(), allow_null=True, required=False)
    responsible_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True, required=False)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Commitment
        fields = ["id", "agreement", "side", "description", "sector", "responsible_unit", "due_on", "recurrence",
                  "status", "overdue", "fulfilled_on", "fulfilled_late", "note", "created_at"]
        read_only_fields = ["status", "fulfilled_on", "fulfilled_late", "created_at"]

    def get_fields(self):
        return assignable_units(self, visible_choices(self, super().get_fields(), ("agreement",)))

    def get_overdue(self, obj) -> bool:
        return obj.is_open and obj.due_on is not None and obj.due_on < datetime.date.today()

    def validate(self, data):
        agreement = data.get("agreement") or getattr(self.instance, "agreement", None)
        unit = data.get("responsible_unit")
        if agreement and unit and not unit.serves(agreement.locality):  # a former province's body serves its successor
            raise serializers.ValidationError({"responsible_unit": [_("Cơ quan chủ trì phải thuộc tỉnh của thỏa thuận")]})
        # The stored recurrence when a PATCH leaves it out: clearing a recurring commitment's due date alone
        # went through (the form refuses it), and then every save of its edit page was refused.
        recurrence = data.get("recurrence", getattr(self.instance, "recurrence", "none"))
        if recurrence != "none" and not data.get("due_on", getattr(self.instance, "due_on", None)):
            raise serializers.ValidationError({"due_on": [_("Nhập hạn của kỳ đầu tiên cho cam kết định kỳ")]})
        return data


class PlannedActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = PlannedActivity
        fields = ["id", "title", "kind", "planned_on", "responsible_unit", "commitment"]


class PlanSerializer(serializers.ModelSerializer):
    items = PlannedActivitySerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "agreement", "year", "status", "responsible_unit", "approved_on", "budget_vnd", "note", "items"]


class EvidenceFileSerializer(serializers.ModelSerializer):
    """An evidence file of an activity: its name and the scoped download URL (never a public file URL)."""

    name = serializers.CharField(source="filename", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "name", "description", "size", "download_url"]
        read_only_fields = fields

    def get_download_url(self, obj) -> str:
        return files.absolute_url(self.context.get("request"), obj.file)


class ActivitySerializer(serializers.ModelSerializer):
    agreement = serializers.PrimaryKeyRelatedField(queryset=Agreement.objects.all(), allow_null=True, required=False)
    locality = CurrentLocalityRelatedField(required=False)  # a former province: refused saying what to choose
    responsible_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True, required=False)
    commitments = serializers.PrimaryKeyRelatedField(queryset=Commitment.objects.all(), many=True, required=False)
    evidence = serializers.SerializerMethodField()
    evidence_files = EvidenceFileSerializer(source="evidence", many=True, read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "agreement", "locality", "kind", "title", "occurred_on", "description", "participants",
                  "responsible_unit", "investment_pledged_usd", "investment_disbursed_usd", "aid_usd",
                  "people_trained", "trade_value_usd", "results", "commitments", "evidence", "evidence_files",
                  "created_at"]
        read_only_fields = ["created_at"]

    def get_fields(self):
        return assignable_units(self, visible_choices(self, super().get_fields(), ("agreement", "commitments")))

    def get_evidence(self, obj) -> list[str]:
        return [e.filename for e in obj.evidence.all()]

    def validate_occurred_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("Ngày diễn ra không được ở tương lai"))
        return value

    def validate(self, data):
        agreement = data.get("agreement", getattr(self.instance, "agreement", None))
        if agreement is None and not data.get("locality", getattr(self.instance, "locality", None)):
            raise serializers.ValidationError({"locality": [_("Chọn thỏa thuận, hoặc tỉnh của hoạt động")]})
        if agreement is not None:
            data["locality"] = agreement.locality
        unit = data.get("responsible_unit")
        locality = data.get("locality", getattr(self.instance, "locality", None))
        if unit is not None and locality is not None and unit.locality_id != locality.pk and "responsible_unit" in data:
            # As the page, which offers only the activity's province's units (the centre may name any).
            raise serializers.ValidationError({"responsible_unit": [_("Cơ quan chủ trì phải thuộc tỉnh của hoạt động")]})
        for c in data.get("commitments", []):
            if agreement is None or c.agreement_id != agreement.pk:
                raise serializers.ValidationError({"commitments": [_("Cam kết phải thuộc thỏa thuận của hoạt động")]})
        return data


class HealthSerializer(serializers.ModelSerializer):
    """The implementation health of an agreement, with its reasons and the figures behind it."""

    completion = serializers.CharField(source="tracking.completion", default="no_evidence")
    overdue_commitments = serializers.IntegerField(source="tracking.overdue_commitments", default=0)
    open_commitments = serializers.IntegerField(source="tracking.open_commitments", default=0)
    locality = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Agreement
        fields = ["id", "title", "locality", "status", "health", "health_reasons", "health_checked_at",
                  "last_activity_on", "completion", "open_commitments", "overdue_commitments"]


class HealthChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = HealthChange
        fields = ["id", "agreement", "sequence", "previous", "health", "reasons", "changed_at", "trigger"]
