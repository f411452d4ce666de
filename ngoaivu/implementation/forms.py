"""Forms of implementation tracking. Choice lists only offer what the user may edit: the units of their
provinces (or their own unit), the commitments and planned activities of the agreement at hand."""
import datetime

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.concurrency import add_version_field
from ngoaivu.core.files import UploadField
from ngoaivu.core.forms import DateInput, IdsField, VnDecimalField, VnIntegerField
from ngoaivu.core.models import Locality, Unit
from ngoaivu.implementation.choices import ReviewDecision
from ngoaivu.implementation.models import (
    Activity, CapacityAssessment, Commitment, HealthSettings, Plan, PlannedActivity,
)

def editable_units(user, locality_id=None):
    """Units the user may assign work to: every current unit of the provinces they edit, or their own unit."""
    scope = user.scope
    qs = Unit.objects.filter(valid_until__isnull=True)
    if scope.superuser or scope.centre_edit:
        pass
    else:
        from django.db.models import Q
        qs = qs.filter(Q(locality_id__in=scope.edit_locality_ids) | Q(pk__in=scope.edit_unit_ids))
    if locality_id:
        qs = qs.filter(locality_id=locality_id)
    return qs.order_by("kind", "name")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["side", "description", "sector", "responsible_unit", "due_on", "recurrence", "reviewer", "note"]
        widgets = {"due_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3}),
                   "note": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"responsible_unit": UnitChoiceField}
        error_messages = {"description": {"required": _("Nhập nội dung cam kết")}}

    def __init__(self, *args, user, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = editable_units(user, agreement.locality_id)
        # A named reviewer is an editor of the agreement's province (its foreign-affairs agency's staff).
        from ngoaivu.core.models import User
        self.fields["reviewer"].queryset = User.objects.filter(
            is_active=True, memberships__kind="locality", memberships__locality_id=agreement.locality_id,
            memberships__role__in=("officer", "manager")).distinct().order_by("full_name", "pk")
        self.fields["reviewer"].empty_label = _("— Cán bộ cơ quan ngoại vụ của tỉnh —")
        self.fields["due_on"].error_messages["invalid"] = _("Hạn thực hiện phải là một ngày có thật, dạng dd/mm/yyyy")
        add_version_field(self, self.instance)

    def clean(self):
        data = super().clean()
        if data.get("recurrence") not in (None, "", "none") and not data.get("due_on"):
            self.add_error("due_on", _("Nhập hạn của kỳ đầu tiên cho cam kết định kỳ"))
        return data


class FulfilForm(forms.Form):
    fulfilled_on = forms.DateField(label=_("Ngày hoàn thành"), widget=DateInput(),
                                   error_messages={"required": _("Nhập ngày hoàn thành"),
                                                   "invalid": _("Ngày hoàn thành phải là một ngày có thật, dạng dd/mm/yyyy")})
    evidence = UploadField(label=_("Tài liệu chứng minh"), required=False)
    note = forms.CharField(label=_("Kết quả, minh chứng"), widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Mô tả kết quả đã đạt được")})

    def clean_fulfilled_on(self):
        value = self.cleaned_data["fulfilled_on"]
        if value > datetime.date.today():
            raise forms.ValidationError(_("Ngày hoàn thành không được ở tương lai"))
        return value


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Kết luận"), choices=ReviewDecision.choices, widget=forms.RadioSelect,
                                 error_messages={"required": _("Chọn xác nhận hoặc trả lại")})
    note = forms.CharField(label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Bắt buộc khi trả lại: điều cơ quan chủ trì cần bổ sung"))

    def clean(self):
        data = super().clean()
        if data.get("decision") == ReviewDecision.RETURN and not (data.get("note") or "").strip():
            self.add_error("note", _("Ghi lý do trả lại để cơ quan chủ trì bổ sung"))
        return data


class ActivityForm(forms.ModelForm):
    evidence = UploadField(label=_("Minh chứng"), required=False)
    evidence_description = forms.CharField(label=_("Mô tả minh chứng"), max_length=200, required=False)

    class Meta:
        model = Activity
        fields = ["agreement", "locality", "kind", "title", "occurred_on", "responsible_unit", "description",
                  "participants", "commitments", "planned_activities", "investment_pledged_usd",
                  "investment_disbursed_usd", "aid_usd", "people_trained", "trade_value_usd", "results"]
        widgets = {"occurred_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3}),
                   "participants": forms.Textarea(attrs={"rows": 2}), "results": forms.Textarea(attrs={"rows": 2}),
                   "commitments": forms.CheckboxSelectMultiple, "planned_activities": forms.CheckboxSelectMultiple}
        field_classes = {"responsible_unit": UnitChoiceField, "commitments": IdsField, "planned_activities": IdsField,
                         **dict.fromkeys(("investment_pledged_usd", "investment_disbursed_usd", "aid_usd",
                                          "trade_value_usd"), VnDecimalField), "people_trained": VnIntegerField}
        error_messages = {"title": {"required": _("Nhập tên hoạt động")},
                          "kind": {"required": _("Chọn loại hoạt động")},
                          "occurred_on": {"required": _("Nhập ngày diễn ra"),
                                          "invalid": _("Ngày diễn ra phải là một ngày có thật, dạng dd/mm/yyyy")}}

    def __init__(self, *args, user, agreement=None, **kwargs):
        super().__init__(*args, **kwargs)
        from ngoaivu.agreements.models import Agreement
        scope = user.scope
        self.user = user
        self.fixed_agreement = agreement
        if agreement is not None:
            del self.fields["agreement"]
            del self.fields["locality"]
            locality_id = agreement.locality_id
            self.fields["commitments"].queryset = agreement.commitments.all()
            self.fields["planned_activities"].queryset = PlannedActivity.objects.filter(plan__agreement=agreement)
        else:
            editable = set(scope.edit_locality_ids) | set(
                Unit.objects.filter(pk__in=scope.edit_unit_ids).values_list("locality_id", flat=True))
            localities = Locality.objects.current()
            if not (scope.superuser or scope.centre_edit):
                localities = localities.filter(pk__in=editable)
            self.fields["locality"].queryset = localities
            self.fields["locality"].required = False
            self.fields["agreement"].queryset = (Agreement.objects.visible_to(user)
                                                 .filter(locality__in=localities).order_by("title"))
            locality_id = None
            instance_agreement = self.instance.agreement if self.instance.pk and self.instance.agreement_id else None
            if instance_agreement:
                self.fields["commitments"].queryset = instance_agreement.commitments.all()
                self.fields["planned_activities"].queryset = PlannedActivity.objects.filter(plan__agreement=instance_agreement)
            else:
                del self.fields["commitments"]
                del self.fields["planned_activities"]
        self.fields["responsible_unit"].queryset = editable_units(user, locality_id)
        for name in ("commitments", "planned_activities"):  # no empty fieldsets when there is nothing to link
            if name in self.fields and not self.fields[name].queryset.exists():
                del self.fields[name]
        if scope.edit_unit_ids and not scope.edit_locality_ids and not scope.superuser:
            self.fields["responsible_unit"].required = True
            self.fields["responsible_unit"].help_text = _("Cán bộ cơ quan triển khai chỉ ghi hoạt động của cơ quan mình")
            if not self.instance.pk:
                self.initial.setdefault("responsible_unit", next(iter(scope.edit_unit_ids)))
        add_version_field(self, self.instance)

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        if value > timezone.localdate():  # not tomorrow either: only what has happened is recorded
            raise forms.ValidationError(_("Ngày diễn ra không được ở tương lai: chỉ ghi hoạt động đã diễn ra"))
        return value

    def clean(self):
        data = super().clean()
        if self.fixed_agreement is None:
            if not data.get("agreement") and not data.get("locality"):
                self.add_error("locality", _("Chọn thỏa thuận, hoặc tỉnh, thành phố của hoạt động không thuộc thỏa thuận nào"))
            if data.get("agreement"):
                data["locality"] = data["agreement"].locality
                self.instance.locality = data["agreement"].locality
        return data


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["year", "status", "responsible_unit", "approved_on", "budget_vnd", "document", "note"]
        widgets = {"approved_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"responsible_unit": UnitChoiceField, "budget_vnd": VnDecimalField}
        error_messages = {"year": {"required": _("Nhập năm của kế hoạch")}}

    def __init__(self, *args, user, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.fields["responsible_unit"].queryset = editable_units(user, agreement.locality_id)
        self.fields["budget_vnd"].validators.append(MinValueValidator(0))  # the model has no floor
        if not self.instance.pk:
            self.initial.setdefault("year", datetime.date.today().year + (datetime.date.today().month >= 10))
        add_version_field(self, self.instance)

    def clean_year(self):
        year = self.cleaned_data["year"]
        qs = Plan.objects.filter(agreement=self.agreement, year=year).exclude(pk=self.instance.pk)
        if qs.exists():
            raise forms.ValidationError(_("Thỏa thuận này đã có kế hoạch năm %(year)s") % {"year": year})
        # A plan of any year counts as "has a plan" for the health rules: a year outside the agreement's
        # life (a typo) would silence the alarm of an agreement left without one.
        signed, expires = self.agreement.signed_on, self.agreement.expires_on
        if signed and year < signed.year:
            raise forms.ValidationError(_("Năm của kế hoạch không được trước năm ký thỏa thuận (%(year)s)")
                                        % {"year": signed.year})
        if expires and year > expires.year:
            raise forms.ValidationError(_("Năm của kế hoạch không được sau năm hết hạn của thỏa thuận (%(year)s)")
                                        % {"year": expires.year})
        return year

    def clean(self):
        data = super().clean()
        if data.get("status") == "approved" and not data.get("approved_on"):
            self.add_error("approved_on", _("Nhập ngày phê duyệt của kế hoạch đã phê duyệt"))
        return data


class PlannedActivityForm(forms.ModelForm):
    class Meta:
        model = PlannedActivity
        fields = ["title", "kind", "planned_on", "responsible_unit", "commitment"]
        widgets = {"planned_on": DateInput()}
        field_classes = {"responsible_unit": UnitChoiceField}
        error_messages = {"title": {"required": _("Nhập hoạt động dự kiến")}}

    def __init__(self, *args, user, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = editable_units(user, plan.agreement.locality_id)
        self.fields["commitment"].queryset = plan.agreement.commitments.all()
        self.plan = plan

    def clean_planned_on(self):
        value = self.cleaned_data.get("planned_on")
        if value and value.year != self.plan.year:
            raise forms.ValidationError(_("Thời gian dự kiến phải trong năm của kế hoạch (%(year)s)")
                                        % {"year": self.plan.year})
        return value


class HealthSettingsForm(forms.ModelForm):
    class Meta:
        model = HealthSettings
        fields = list(HealthSettings.RULE_FIELDS)
        widgets = {"overdue_at_risk": forms.Select(choices=[("", _("Như mặc định")), ("true", _("Có")),
                                                            ("false", _("Không"))])}

    def __init__(self, *args, national: bool, **kwargs):
        super().__init__(*args, **kwargs)
        from ngoaivu.implementation.health import DEFAULT_RULES
        for name in HealthSettings.RULE_FIELDS:
            field = self.fields[name]
            default = getattr(DEFAULT_RULES, name)
            if national:
                # A rule added later (the historical records' grace) may stay empty: the default applies,
                # so a national form saved without it still saves.
                field.required = name not in ("overdue_at_risk", "historical_grace_months")
                self.initial.setdefault(name, default)
            else:
                field.help_text = _("Để trống để dùng mức chung toàn quốc")
        if national:
            self.fields["overdue_at_risk"] = forms.BooleanField(
                label=self.fields["overdue_at_risk"].label, required=False, initial=True)
        else:
            self.fields["overdue_at_risk"] = forms.NullBooleanField(
                label=self.fields["overdue_at_risk"].label, required=False,
                widget=forms.Select(choices=[("unknown", _("Như mặc định")), ("true", _("Có")), ("false", _("Không"))]))
        add_version_field(self, self.instance, first_save=True)  # its one form creates it too


class CapacityForm(forms.ModelForm):
    class Meta:
        model = CapacityAssessment
        fields = ["responsible_unit", *CapacityAssessment.CHECKLIST, "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"responsible_unit": UnitChoiceField}

    def __init__(self, *args, user, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = Unit.objects.filter(locality_id=agreement.locality_id,
                                                                       valid_until__isnull=True).order_by("kind", "name")
