from django.core.validators import MaxValueValidator, MinValueValidator, ProhibitNullCharactersValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ngoaivu.agreements.models import Agreement
from ngoaivu.core.api.serializers import CurrentLocalityRelatedField
from ngoaivu.exchanges.models import Delegation
from ngoaivu.implementation.api.serializers import visible_choices
from ngoaivu.reports.actions import generating_drafts
from ngoaivu.reports.models import YEAR_MAX, YEAR_MESSAGE, YEAR_MIN, DocumentDraft, PdfJob


class PdfJobSerializer(serializers.ModelSerializer):
    class Meta:
        model = PdfJob
        fields = ["id", "state", "error", "requested_at", "started_at", "finished_at", "seconds"]
        read_only_fields = fields


class DraftSerializer(serializers.ModelSerializer):
    """A document: ask for one with POST (kind, province, subject, narrative), then POST …/generate/ for its
    Word and Excel files and …/pdf/ for the PDF job; download with GET …/files/{docx|xlsx|pdf}/."""

    locality = CurrentLocalityRelatedField()  # a former province: refused saying what to choose, as everywhere
    agreement = serializers.PrimaryKeyRelatedField(queryset=Agreement.objects.all(), required=False, allow_null=True,
                                                   label=_("thỏa thuận"))
    delegation = serializers.PrimaryKeyRelatedField(queryset=Delegation.objects.all(), required=False,
                                                    allow_null=True, label=_("đoàn"))
    files = serializers.SerializerMethodField()
    pdf_job = serializers.SerializerMethodField()
    generating = serializers.SerializerMethodField(
        help_text=_("Tệp Word đang được tạo lại ở máy chủ (báo cáo theo kỳ, sau POST …/generate/)"))

    class Meta:
        model = DocumentDraft
        fields = ["id", "locality", "kind", "agreement", "delegation", "year", "period", "number", "issued_on",
                  "opening", "assessment", "proposals", "extra_recipients", "generated_at", "files", "pdf_job", "generating"]
        read_only_fields = ["generated_at"]

    def get_fields(self):
        # Only the agreements and delegations the user reads: another province's internal record answered
        # "chọn một thỏa thuận của …" where a missing id answers "không có bản ghi này", telling it exists.
        fields = super().get_fields()
        names = [name for name in ("agreement", "delegation") if not fields[name].read_only]
        return _named_errors(visible_choices(self, fields, names))

    @extend_schema_field({"type": "object", "properties": {k: {"type": "string", "format": "uri"}
                                                          for k in ("docx", "xlsx", "pdf")}})
    def get_files(self, obj) -> dict:
        request = self.context.get("request")
        found = {}
        for name in ("docx", "xlsx", "pdf"):
            if getattr(obj, name):
                path = f"/api/reports/drafts/{obj.pk}/files/{name}/"
                found[name] = request.build_absolute_uri(path) if request else path
        return found

    def get_generating(self, obj) -> bool:
        # Read once a response (a list's page): the drafts being made are a handful at most.
        if "generating_drafts" not in self.context:
            self.context["generating_drafts"] = generating_drafts()
        return obj.pk in self.context["generating_drafts"]

    @extend_schema_field(PdfJobSerializer(allow_null=True))
    def get_pdf_job(self, obj):
        job = obj.last_job
        return PdfJobSerializer(job).data if job else None




def _named_errors(fields):
    """DRF's own messages for a year that is no number or out of range and for a NUL character in a text
    ("A valid integer is required.", "Null characters are not allowed.") named no field, the latter in
    English: each says the field, in Vietnamese, as the model's year message does."""
    year = fields.get("year")
    if year is not None and not year.read_only:
        year.error_messages.update({"invalid": YEAR_MESSAGE, "max_string_length": YEAR_MESSAGE})
        year.validators = [v for v in year.validators if not isinstance(v, (MinValueValidator, MaxValueValidator))] \
            + [MinValueValidator(YEAR_MIN, YEAR_MESSAGE), MaxValueValidator(YEAR_MAX, YEAR_MESSAGE)]
    for field in fields.values():
        if isinstance(field, serializers.CharField) and not field.read_only:
            message = _("%(field)s: không được chứa ký tự rỗng (NUL).") % {"field": capfirst(field.label)}
            field.validators = [ProhibitNullCharactersValidator(message) if isinstance(v, ProhibitNullCharactersValidator)
                                else v for v in field.validators]
    return fields


class DraftUpdateSerializer(DraftSerializer):
    """PATCH: the narrative, number, date, year and period and the draft's own recipients. The province,
    the kind and the subject stay what the draft was created for (a different one is a new draft)."""

    locality = serializers.PrimaryKeyRelatedField(read_only=True, label=_("tỉnh, thành phố"))
    agreement = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, label=_("thỏa thuận"))
    delegation = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, label=_("đoàn"))

    class Meta(DraftSerializer.Meta):
        read_only_fields = ["generated_at", "kind"]
