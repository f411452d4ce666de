"""API shapes of delegations and conferences. Writes go through `actions` (the same rules as the pages);
derived fields (status, deadlines, approving authority) are read-only."""
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ngoaivu.core.api.serializers import CurrentLocalityRelatedField, FlatErrors
from ngoaivu.core.countries import country_name
from ngoaivu.core.models import Unit
from ngoaivu.exchanges import actions, rules
from ngoaivu.exchanges.choices import ApprovalAuthority, Channel, ConferenceKind, Topic
from ngoaivu.exchanges.models import (
    Conference, Delegation, DelegationContact, DelegationMember, DelegationStop,
)
from ngoaivu.partners.models import Partner


class WholeItem:
    """An item of a nested list (stops, members, contacts) replaces the old ones whole, even in a PATCH.
    DRF skips the required fields of nested serializers when the root is partial, so check them here."""

    def validate(self, attrs):
        missing = {name: [field.error_messages["required"]] for name, field in self.fields.items()
                   if field.required and not field.read_only and name not in attrs}
        if missing:
            raise serializers.ValidationError(missing)
        return super().validate(attrs)


class StopSerializer(WholeItem, serializers.ModelSerializer):
    country = serializers.ChoiceField(choices=[c for c, _n in countries], help_text=_("Mã ISO 3166-1 alpha-2"))
    days = serializers.IntegerField(min_value=1, max_value=366, required=False, allow_null=True)
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.current(), required=False, allow_null=True,
                                                 help_text=_("Đối tác gặp tại điểm đến này (không bắt buộc)"))

    class Meta:
        model = DelegationStop
        fields = ["country", "city", "days", "partner"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        partner = attrs.get("partner")
        if partner is not None and partner.country and attrs.get("country") and partner.country != attrs["country"]:
            # As the form's row refuses it (forms.StopForm).
            raise serializers.ValidationError({"partner": _("Đối tác “%(name)s” thuộc %(country)s, không phải nước "
                                                            "của dòng này") % {"name": str(partner),
                                                                                "country": country_name(partner.country)}})
        return attrs


class MemberSerializer(WholeItem, serializers.ModelSerializer):
    class Meta:
        model = DelegationMember
        fields = ["full_name", "title", "organisation"]


class ContactSerializer(WholeItem, serializers.ModelSerializer):
    channel = serializers.ChoiceField(choices=Channel.choices)

    class Meta:
        model = DelegationContact
        fields = ["channel", "counterpart"]


class DelegationSerializer(FlatErrors, serializers.ModelSerializer):
    locality = CurrentLocalityRelatedField()  # a former province: what to choose instead
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)
    # Merged duplicates are not offered (their references were moved to the partner kept), as on the form.
    partners = serializers.PrimaryKeyRelatedField(
        queryset=Partner.objects.current(), many=True, required=False,
        error_messages={"does_not_exist": _("Đối tác nước ngoài: không có đối tác số {pk_value} trong danh mục")})
    member_count = serializers.IntegerField(min_value=1, max_value=999)
    stops = StopSerializer(many=True, help_text=_("Nước đến (đoàn ra) hoặc nước của đoàn (đoàn vào)"))
    members = MemberSerializer(many=True, required=False)
    contacts = ContactSerializer(many=True, required=False)
    report_overdue = serializers.SerializerMethodField()
    # Declared so that the schema allows the blank of a delegation not yet approved (a read-only model
    # field's blank is not carried into its enum).
    approval_authority = serializers.ChoiceField(choices=ApprovalAuthority.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Delegation
        fields = ["id", "locality", "unit", "direction", "channel", "level", "title", "head_name", "head_title",
                  "member_count", "members", "stops", "partners", "contacts", "purpose", "programme", "start_date",
                  "end_date", "funding", "funding_note", "approval_authority", "approval_authority_note",
                  "decision_number", "decision_date",
                  "returned_on", "cancelled_on", "cancel_reason", "status", "report_due", "report_overdue"]
        read_only_fields = ["approval_authority", "approval_authority_note", "decision_number", "decision_date", "returned_on", "cancelled_on",
                            "cancel_reason", "status", "report_due"]

    def get_report_overdue(self, obj) -> bool:
        return obj.report_is_overdue()

    def validate(self, attrs):
        locality = attrs.get("locality") or getattr(self.instance, "locality", None)
        unit = attrs.get("unit")
        # A body of a former province merged into this one is its own; the body and province as stored (another
        # province's body left by an old bug) are not refused on a PATCH that changes neither.
        unchanged = self.instance is not None and (getattr(unit, "pk", None), getattr(locality, "pk", None)) == (
            self.instance.unit_id, self.instance.locality_id)
        if not unchanged and not actions.unit_of_locality(unit, locality):
            raise serializers.ValidationError({"unit": _("Cơ quan chủ trì phải thuộc tỉnh của đoàn")})
        if "stops" in attrs and not attrs["stops"]:
            raise serializers.ValidationError({"stops": _("Nhập ít nhất một nước")})
        return attrs

    def _split(self, data):
        children = {key: data.pop(key) for key in ("stops", "members", "contacts", "partners") if key in data}
        return data, children

    @transaction.atomic
    def create(self, validated_data):
        data, children = self._split(validated_data)
        return actions.plan_delegation(self.context["request"].user, data=data, **children)

    @transaction.atomic
    def update(self, instance, validated_data):
        data, children = self._split(validated_data)
        return actions.update_delegation(self.context["request"].user, instance, data=data, **children)


@extend_schema_field({"type": "string", "enum": ConferenceKind.values, "description": "hội nghị, hội thảo, diễn đàn…"})
class ConferenceKindField(serializers.ChoiceField):
    """Inline enum: a named "KindEnum" would collide with the other apps' fields called `kind`."""


class ConferenceSerializer(FlatErrors, serializers.ModelSerializer):
    kind = ConferenceKindField(choices=ConferenceKind.choices, required=False)
    locality = CurrentLocalityRelatedField()  # a former province: what to choose instead
    organiser_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)
    topics = serializers.ListField(child=serializers.ChoiceField(choices=Topic.choices), required=False,
                                   help_text=_("Nội dung nhạy cảm; có bất kỳ nội dung nào thì Thủ tướng cho phép"))
    participants_count = serializers.IntegerField(min_value=1, max_value=1_000_000)
    foreign_participants_count = serializers.IntegerField(min_value=0, max_value=1_000_000)
    authority_reasons = serializers.SerializerMethodField()
    dossier_late = serializers.BooleanField(read_only=True)
    decision_authority = serializers.CharField(read_only=True, help_text=_("pm, chair, hoặc rỗng khi chưa cho phép"))
    partners = serializers.PrimaryKeyRelatedField(
        queryset=Partner.objects.current(), many=True, required=False,
        error_messages={"does_not_exist": _("Đối tác nước ngoài: không có đối tác số {pk_value} trong danh mục")},
        help_text=_("Đối tác nước ngoài; cơ quan đại diện tại nước của đối tác sẽ thấy hội nghị"))

    class Meta:
        model = Conference
        fields = ["id", "locality", "title", "kind", "form", "vietnam_endpoint", "venue", "start_date", "end_date",
                  "organiser_kind", "organiser_unit", "organiser_name", "content", "participants_count",
                  "foreign_participants_count", "highest_foreign_level", "topics", "partners", "authority",
                  "authority_reasons",
                  "dossier_deadline", "dossier_submitted_on", "dossier_late", "decision_authority",
                  "decision_number", "decision_date", "report_due", "report_submitted_on", "cancelled_on", "status"]
        read_only_fields = ["authority", "dossier_deadline", "dossier_submitted_on", "decision_authority",
                            "decision_number", "decision_date", "report_due", "report_submitted_on", "cancelled_on",
                            "status"]

    def get_authority_reasons(self, obj) -> list[str]:
        return rules.authority_reasons(obj.highest_foreign_level, obj.topics)

    def validate(self, attrs):
        locality = attrs.get("locality") or getattr(self.instance, "locality", None)
        unit = attrs.get("organiser_unit")
        # A body of a former province merged into this one is its own; the body and province as stored (another
        # province's body left by an old bug) are not refused on a PATCH that changes neither.
        unchanged = self.instance is not None and (getattr(unit, "pk", None), getattr(locality, "pk", None)) == (
            self.instance.organiser_unit_id, self.instance.locality_id)
        if not unchanged and not actions.unit_of_locality(unit, locality):
            raise serializers.ValidationError({"organiser_unit": _("Cơ quan tổ chức phải thuộc tỉnh của hội nghị")})
        if "topics" in attrs:
            attrs["topics"] = sorted(set(attrs["topics"]))
        return attrs

    def create(self, validated_data):
        return actions.plan_conference(self.context["request"].user, data=validated_data)

    def update(self, instance, validated_data):
        return actions.update_conference(self.context["request"].user, instance, data=validated_data)


class ApproveDelegationSerializer(serializers.Serializer):
    authority = serializers.ChoiceField(choices=ApprovalAuthority.choices, required=False, allow_blank=True,
                                        default="",
                                        help_text=_("Cấp phê duyệt; để trống thì theo quy định của tỉnh"))
    authority_note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    decision_number = serializers.CharField(max_length=60)
    decision_date = serializers.DateField()


class ReturnSerializer(serializers.Serializer):
    returned_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CancelSerializer(serializers.Serializer):
    cancelled_on = serializers.DateField()
    reason = serializers.CharField()


class DossierSerializer(serializers.Serializer):
    submitted_on = serializers.DateField()


class ApproveConferenceSerializer(serializers.Serializer):
    decision_number = serializers.CharField(max_length=60)
    decision_date = serializers.DateField()
