"""API shapes of the register. Writes go through the actions, like the pages."""
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ngoaivu.agreements import actions
from ngoaivu.agreements.choices import EventKind, Opinion
from ngoaivu.agreements.models import Agreement, Document, Event, StatusChange
from ngoaivu.agreements.rules import agreement_errors, reference_taken
from ngoaivu.core import files
from ngoaivu.core.api.serializers import CurrentLocalityRelatedField
from ngoaivu.core.models import Locality, Sector, Unit
from ngoaivu.core.scoping import editable_localities, scope_of
from ngoaivu.partners.models import Partner

WRITE_FIELDS = [name for name in actions.FIELDS]


class ParentField(serializers.PrimaryKeyRelatedField):
    """The parent agreement: one the user reads, or the one the agreement has already, which its province
    may have made internal since (or never shared): a full update sending it back unchanged was refused, as
    the edit form no longer does. Looked up by its key before the scope (core.generic.visible_or_404), so
    the scope's subqueries do not list every agreement the user reads. The field's queryset (the readable
    ones) stays what the browsable API offers."""

    def to_internal_value(self, data):
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated or isinstance(data, bool):
            return super().to_internal_value(data)
        try:
            rows = Agreement.objects.filter(pk=data)
            if int(data) != getattr(self.parent.instance, "parent_id", None):  # "05" names the same parent as 5
                rows = rows.visible_to(request.user)
            return rows.get()
        except Agreement.DoesNotExist:
            self.fail("does_not_exist", pk_value=data)
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)


READ_ONLY = ["id", "status", "status_display", "signed_display", "countries", "next_due_on", "health",
             "last_activity_on", "created_at", "updated_at"]


class AgreementSerializer(serializers.ModelSerializer):
    locality = CurrentLocalityRelatedField()  # a former province: refused saying what to choose
    signatory_locality = serializers.PrimaryKeyRelatedField(queryset=Locality.objects.all(), required=False, allow_null=True)
    signing_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)
    # Current partners only, as the form and the import: a duplicate merged into another links nothing.
    partners = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.current(), many=True, allow_empty=False)
    sectors = serializers.PrimaryKeyRelatedField(queryset=Sector.objects.all(), many=True, required=False)
    co_signatories = serializers.PrimaryKeyRelatedField(queryset=Locality.objects.all(), many=True, required=False)
    parent = ParentField(queryset=Agreement.objects.all(), required=False, allow_null=True, error_messages={
        "does_not_exist": _("Thỏa thuận gốc: không có thỏa thuận số {pk_value} mà bạn xem được")})
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    signed_display = serializers.CharField(read_only=True, help_text=_("Ngày ký như đã biết: 12/03/2015, tháng 03/2015, năm 2015"))
    countries = serializers.ListField(child=serializers.CharField(), read_only=True, help_text=_("Mã ISO các nước đối tác"))

    class Meta:
        model = Agreement
        fields = [*READ_ONLY, *WRITE_FIELDS, "partners", "sectors", "co_signatories"]
        read_only_fields = READ_ONLY
        # The reference's uniqueness is said on its field in validate() (rules.reference_taken), not by DRF's
        # validator of the constraint, whose message named the columns ("locality, reference").
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            # Only agreements the user may see are offered as a parent (ParentField also keeps the current one).
            fields["parent"].queryset = Agreement.objects.visible_to(request.user)
            # Only the units of the provinces the user writes for (and of their former provinces), as the
            # form: another province's unit is answered as an id that does not exist (its own message, "must
            # belong to …", told an officer the id existed there).
            ids = editable_localities(request.user).values("pk")
            fields["signing_unit"].queryset = Unit.objects.filter(Q(locality__in=ids) | Q(locality__successor__in=ids))
        return fields

    def validate_locality(self, value):
        scope = scope_of(self.context["request"].user)
        if not (scope.superuser or value.pk in scope.edit_locality_ids):
            raise serializers.ValidationError(_("Bạn không được ghi thỏa thuận của tỉnh, thành phố này"))
        return value

    def validate(self, attrs):
        facts = {name: getattr(self.instance, name) for name in WRITE_FIELDS} if self.instance else {}
        if self.instance and "co_signatories" not in attrs:
            # A PATCH of the signing date alone is checked against the provinces co-signing it (a former
            # province cannot sign after its merger) as a form, which always sends them, is.
            facts["co_signatories"] = list(self.instance.co_signatories.all())
        facts.update(attrs)
        facts["pk"] = getattr(self.instance, "pk", None)
        if facts.get("signatory_locality") is None:
            facts["signatory_locality"] = facts.get("locality")
        errors = agreement_errors(facts, timezone.localdate())
        taken = reference_taken(facts.get("locality"), facts.get("reference"), facts["pk"])
        if taken and "reference" not in errors:
            errors["reference"] = taken
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def _relations(self, data):
        return {name: data.pop(name) for name in ("partners", "sectors", "co_signatories") if name in data}

    def create(self, validated_data):
        relations = self._relations(validated_data)
        return actions.create_agreement(self.context["request"].user, **relations, **validated_data)

    def update(self, instance, validated_data):
        relations = self._relations(validated_data)
        actions.update_agreement(self.context["request"].user, instance, reason=str(_("Sửa qua API")),
                                 **relations, **validated_data)
        instance.refresh_from_db()
        return instance


class EventSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    # Blank when not an answer; a plain string so the schema admits "" (a read-only enum would not).
    opinion = serializers.CharField(read_only=True, help_text=_("agree, disagree, hoặc rỗng nếu không phải ý kiến"))

    class Meta:
        model = Event
        fields = ["id", "agreement", "kind", "kind_display", "date", "note", "consultee", "is_mofa", "request",
                  "opinion", "due_on", "override_reason", "document", "recorded_by", "recorded_at"]
        read_only_fields = fields


class EventCreateSerializer(serializers.Serializer):
    """Record one step of the legal life; the status is re-derived and returned on the agreement."""

    kind = serializers.ChoiceField(choices=EventKind.choices)
    date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    consultee = serializers.CharField(required=False, allow_blank=True, default="", max_length=255,
                                      help_text=_("Bắt buộc khi kind = opinion_requested"))
    is_mofa = serializers.BooleanField(required=False, default=False)
    request = serializers.PrimaryKeyRelatedField(queryset=Event.objects.all(), required=False, allow_null=True,
                                                 help_text=_("Đề nghị được trả lời, khi kind = opinion_received"))
    opinion = serializers.ChoiceField(choices=Opinion.choices, required=False, allow_blank=True, default="")
    new_expires_on = serializers.DateField(required=False, allow_null=True, default=None,
                                           help_text=_("Bắt buộc khi kind = extended"))
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    override_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000,
        help_text=_("Lý do ghi nhận phê duyệt hoặc ký kết khi chưa đủ bước trước (Luật 70/2020), nếu pháp luật cho phép"))

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            # Another province's request answers as an id that does not exist, not "choose the request
            # this answers" (which told the user the id existed).
            fields["request"].queryset = Event.objects.visible_to(request.user)
        return fields


class StatusChangeSerializer(serializers.ModelSerializer):
    old_status = serializers.CharField(read_only=True, help_text=_("Rỗng ở lần đầu tiên"))
    class Meta:
        model = StatusChange
        fields = ["id", "agreement", "old_status", "new_status", "reason", "event", "changed_at"]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer):
    agreement = serializers.PrimaryKeyRelatedField(queryset=Agreement.objects.all())
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "agreement", "kind", "title", "file", "size", "uploaded_at", "download_url"]
        read_only_fields = ["id", "size", "uploaded_at", "download_url"]
        extra_kwargs = {"file": {"write_only": True}}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            fields["agreement"].queryset = Agreement.objects.editable_by(request.user)
        return fields

    def get_download_url(self, obj) -> str:
        return files.absolute_url(self.context.get("request"), obj.file)

    def create(self, validated_data):
        return actions.add_document(self.context["request"].user, validated_data.pop("agreement"), **validated_data)
