"""Coordination API bodies. Serializers only shape data: every state change goes through
ngoaivu.coordination.actions / directives."""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ngoaivu.agreements.models import Event
from ngoaivu.coordination.actions import past_due_error
from ngoaivu.coordination.choices import FieldType, OpinionStatus, RequestKind, Verdict
from ngoaivu.coordination.models import (Directive, DirectiveRecipient, DirectiveReply, MinistryOpinion, ReportRequest,
                                         ReportReturn, ReturnTransition)
from ngoaivu.core import files
from ngoaivu.core.api.serializers import CurrentLocalityRelatedField


FIELD_SCHEMA = {"type": "array", "items": {"type": "object", "required": ["key", "label", "type"], "properties": {
    "key": {"type": "string"}, "label": {"type": "string"}, "type": {"type": "string", "enum": list(FieldType.values)},
    "unit": {"type": "string"}, "source": {"type": "string"}}}}


@extend_schema_field(FIELD_SCHEMA)
class FieldsField(serializers.JSONField):
    """The indicators of a structured request, checked here so that an error is one flat message (the API's
    error shape has one list of messages per field)."""

    def to_internal_value(self, data):
        data = super().to_internal_value(data)
        if not isinstance(data, list):
            raise serializers.ValidationError(_("Chỉ tiêu: cần một danh sách."))
        from ngoaivu.coordination import hooks
        offered = hooks.offered_fields()  # other apps' fields, as the request form offers them
        cleaned = []
        for i, item in enumerate(data, start=1):
            if (not isinstance(item, dict) or not isinstance(item.get("key"), str) or not item.get("key")
                    or not isinstance(item.get("label"), str) or item.get("type") not in FieldType.values):
                raise serializers.ValidationError(
                    _("Chỉ tiêu thứ %(n)s: cần key, label và type (number, table hoặc text).") % {"n": i})
            if item["key"] in offered:
                # An indicator's field (key "indicator:<code>"): the one the form offers, with what ties it to
                # the indicator; cut to the five keys below, the accepted figures never reached it.
                cleaned.append({k: v for k, v in offered[item["key"]].items() if k != "shown"})
                continue
            cleaned.append({"key": item["key"][:60], "label": item["label"][:300], "type": item["type"],
                            "unit": str(item.get("unit") or "")[:40], "source": str(item.get("source") or "")[:60]})
        return cleaned


class ReportRequestSerializer(serializers.ModelSerializer):
    """A report request; created by the centre for the provinces in `localities` (one return each)."""

    # A former province is refused naming its successor (was "invalid pk"); the label starts the message.
    localities = CurrentLocalityRelatedField(many=True, write_only=True, label=_("Tỉnh, thành phố nhận"))
    fields = FieldsField(required=False, label=_("chỉ tiêu"))
    kind = serializers.ChoiceField(choices=RequestKind.choices, default=RequestKind.FREE)

    class Meta:
        model = ReportRequest
        fields = ["id", "number", "title", "kind", "body", "data_from", "data_to", "due_on", "fields", "period",
                  "created_at", "localities"]
        read_only_fields = ["period", "created_at"]

    def validate_due_on(self, value):
        if late := past_due_error(value):
            raise serializers.ValidationError(late)
        return value


class TransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReturnTransition
        fields = ["from_status", "to_status", "reason", "at"]
        read_only_fields = fields


class ReportReturnSerializer(serializers.ModelSerializer):
    """A province's return: read only here; write it with the step endpoints (save, submit, accept, return)."""

    transitions = TransitionSerializer(many=True, read_only=True)
    attachment_url = serializers.SerializerMethodField(
        help_text=_("Tệp đính kèm của báo cáo tự do (tải về có kiểm tra quyền); rỗng nếu không có"))

    class Meta:
        model = ReportReturn
        fields = ["id", "request", "locality", "status", "values", "text", "attachment_url", "first_opened_at",
                  "submitted_at", "updated_at", "transitions"]
        read_only_fields = fields

    def get_attachment_url(self, obj) -> str:
        return files.absolute_url(self.context.get("request"), obj.attachment)


class ReturnBodySerializer(serializers.Serializer):
    """The province's answer: `values` {field key: number | [[label, number], …] | text}, or `text`. Only what
    is sent changes (the save and submit steps, PATCH): a field left out of `values` keeps its stored value,
    one sent as null is emptied, a table sent replaces that table; `text` left out keeps the stored text."""

    values = serializers.DictField(required=False, default=dict,
                                   help_text=_("Chỉ tiêu gửi lên được lưu; chỉ tiêu không gửi giữ nguyên số liệu đã "
                                               "lưu; gửi null để xóa một chỉ tiêu"))
    text = serializers.CharField(required=False, allow_blank=True,
                                 help_text=_("Không gửi: giữ nguyên nội dung đã lưu"))
    attachment = serializers.FileField(required=False, allow_empty_file=False, label=_("tệp đính kèm"),
                                       help_text=_("Báo cáo tự do: tệp đính kèm (multipart/form-data), thay tệp đã lưu"))


class ReturnReplaceBodySerializer(ReturnBodySerializer):
    """PUT: the whole answer, replacing the stored one: `text` is given (may be empty) and, for a structured
    request, `values` names every field (null empties one); a field left out is refused, never emptied unseen
    (the view checks it against the request). A free-form return holds no figures: its whole answer is the
    text (and an optional `attachment`; not sent keeps the stored file), `values` left out."""

    values = serializers.DictField(required=False, default=dict,
                                   help_text=_("Báo cáo có chỉ tiêu: đủ mọi chỉ tiêu của yêu cầu, gửi null để để "
                                               "trống một chỉ tiêu; báo cáo tự do: không gửi"))
    text = serializers.CharField(allow_blank=True)


class ReviewBodySerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="",
                                   help_text="Bắt buộc khi trả lại báo cáo")


class RecipientSerializer(serializers.ModelSerializer):
    class Meta:
        model = DirectiveRecipient
        fields = ["locality", "unit", "first_opened_at", "acknowledged_at", "reminders"]
        read_only_fields = fields


class DirectiveSerializer(serializers.ModelSerializer):
    """A directive with the copies the reader may see (a province: its own)."""

    recipients = serializers.SerializerMethodField()

    class Meta:
        model = Directive
        fields = ["id", "sender_locality", "number", "issued_on", "subject", "body", "signer", "created_at", "recipients"]
        read_only_fields = fields

    @extend_schema_field(RecipientSerializer(many=True))
    def get_recipients(self, obj):
        request = self.context.get("request")
        copies = DirectiveRecipient.objects.filter(directive=obj)
        if request is not None:
            copies = copies.visible_to(request.user)
        return RecipientSerializer(copies.order_by("locality__sort_key"), many=True).data


class OpinionSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=OpinionStatus.choices, read_only=True)
    # The model's verdict is blank until a draft names one.
    verdict = serializers.ChoiceField(choices=Verdict.choices, allow_blank=True, read_only=True)

    class Meta:
        model = MinistryOpinion
        fields = ["status", "verdict", "text", "issued_on", "deadline_met"]
        read_only_fields = fields


class OpinionRequestSerializer(serializers.ModelSerializer):
    """A province's request for the Foreign Ministry's opinion on a draft agreement, with the opinion drafted."""

    agreement_title = serializers.CharField(source="agreement.title", read_only=True)
    locality = serializers.IntegerField(source="agreement.locality_id", read_only=True)
    opinion = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = ["id", "agreement", "agreement_title", "locality", "date", "due_on", "note", "opinion"]
        read_only_fields = fields

    @extend_schema_field(OpinionSerializer(allow_null=True))
    def get_opinion(self, obj):
        opinion = MinistryOpinion.objects.filter(request_event=obj).first()
        return OpinionSerializer(opinion).data if opinion else None


class DirectiveReplySerializer(serializers.ModelSerializer):
    """A recipient's reply to a directive (a province's, or a unit's for its province's directive)."""

    directive = serializers.IntegerField(source="recipient.directive_id", read_only=True)
    locality = serializers.IntegerField(source="recipient.locality_id", read_only=True)
    unit = serializers.IntegerField(source="recipient.unit_id", read_only=True, allow_null=True)
    attachment_url = serializers.SerializerMethodField()

    class Meta:
        model = DirectiveReply
        fields = ["id", "directive", "locality", "unit", "text", "attachment_url", "at"]
        read_only_fields = fields

    def get_attachment_url(self, obj) -> str:
        return files.absolute_url(self.context.get("request"), obj.attachment)


class ReplyBodySerializer(serializers.Serializer):
    """A reply (multipart/form-data): `text` and an optional `attachment` (type and size are checked)."""

    text = serializers.CharField(max_length=5000, label=_("nội dung trả lời"))
    attachment = serializers.FileField(required=False, allow_empty_file=False, label=_("tệp đính kèm"))


class OpinionDraftBodySerializer(serializers.Serializer):
    """The central officer's draft: the verdict, and the text (required unless the verdict is "agree")."""

    verdict = serializers.ChoiceField(choices=Verdict.choices, label=_("ý kiến"))
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000,
                                 label=_("nội dung ý kiến"))


class OpinionIssueBodySerializer(serializers.Serializer):
    """The central manager approves the draft and issues it with the signed file (multipart/form-data)."""

    issued_on = serializers.DateField(label=_("ngày ban hành"))
    signed_file = serializers.FileField(allow_empty_file=False, label=_("văn bản đã ký"))
