"""Forms of the documents app: the province's issuer settings, a new draft, a draft's narrative."""
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.concurrency import add_version_field
from ngoaivu.core.files import UploadField
from ngoaivu.core.forms import DateInput
from ngoaivu.reports.choices import DocumentKind, Period
from ngoaivu.reports.models import YEAR_MAX, YEAR_MESSAGE, YEAR_MIN, DocumentDraft, IssuerSettings

TEXTAREA = {"rows": 6}


class IssuerSettingsForm(forms.ModelForm):
    template = UploadField(label=_("Mẫu Word của tỉnh"), required=False,
                           help_text=_("Tệp .docx có khổ giấy, lề, kiểu chữ của tỉnh; để trống giữ mẫu đang dùng"))
    clear_template = forms.BooleanField(label=_("Bỏ mẫu của tỉnh, dùng mẫu Nghị định 30/2020"), required=False)

    class Meta:
        model = IssuerSettings
        fields = ["parent_body", "issuing_body", "symbol", "place_name", "authority_line", "signer_title",
                  "signer_name", "committee_symbol", "committee_collective_line", "committee_authority_line",
                  "committee_signer_title", "committee_signer_name", "recipients", "archive_line"]
        widgets = {"recipients": forms.Textarea(attrs={"rows": 4})}

    # The page groups the fields by who issues the documents they go on (reports/settings_form.html): an
    # officer met the People's Committee's symbol and signer straight after the agency's, with nothing to say
    # which document takes which.
    AGENCY_FIELDS = ("parent_body", "issuing_body", "symbol", "authority_line", "signer_title", "signer_name")
    COMMITTEE_FIELDS = ("committee_symbol", "committee_collective_line", "committee_authority_line",
                        "committee_signer_title", "committee_signer_name")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_version_field(self, self.instance, first_save=True)  # its one form creates it too

    def groups(self):
        """The visible fields as the page shows them: the agency's, the People's Committee's, the rest (place,
        recipients, archive line, template), each in the form's order."""
        fields = self.visible_fields()
        return ([f for f in fields if f.name in self.AGENCY_FIELDS],
                [f for f in fields if f.name in self.COMMITTEE_FIELDS],
                [f for f in fields if f.name not in self.AGENCY_FIELDS + self.COMMITTEE_FIELDS])

    def clean_template(self):
        upload = self.cleaned_data.get("template")
        if upload and not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError(_("Mẫu Word của tỉnh: chỉ nhận tệp .docx"))
        return upload


def agreement_choice_label(agreement) -> str:
    """"<title> (số <reference>, ký <dd/mm/yyyy>, mã <id>)": the register's own distinguishing facts."""
    parts = [gettext("số %(r)s") % {"r": agreement.reference}] if agreement.reference else []
    # The register's own words for the day: "ký 2005" for a year only, "không rõ ngày" for an old
    # record signed on a day nobody knows.
    shown = agreement.signed_display
    parts.append(gettext("ký %(d)s") % {"d": shown} if shown else gettext("chưa ký"))
    parts.append(gettext("mã %(pk)s") % {"pk": agreement.pk})
    return f"{agreement.title} ({', '.join(parts)})"


def delegation_choice_label(delegation) -> str:
    code = gettext("mã %(pk)s") % {"pk": delegation.pk}  # outside the f-string, where makemessages reads it
    return f"{delegation.title} ({delegation.start_date:%d/%m/%Y}, {code})"


class NewDraftForm(forms.Form):
    """What to write: the kind and its subject. Offers only the province's own agreements and delegations."""

    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DocumentKind.choices)
    agreement = forms.ModelChoiceField(label=_("Thỏa thuận"), queryset=None, required=False,
                                       help_text=_("Cho công văn xin ý kiến và báo cáo Thủ tướng"))
    delegation = forms.ModelChoiceField(label=_("Đoàn"), queryset=None, required=False,
                                        help_text=_("Cho báo cáo kết quả chuyến công tác"))
    year = forms.IntegerField(label=_("Năm báo cáo"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX,
                              error_messages={"min_value": YEAR_MESSAGE, "max_value": YEAR_MESSAGE})
    period = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=Period.choices, initial=Period.YEAR)
    issued_on = forms.DateField(label=_("Ngày văn bản"), widget=DateInput(),
                                error_messages={"required": _("Nhập ngày văn bản"),
                                                "invalid": _("Ngày văn bản phải là một ngày có thật, dạng dd/mm/yyyy")})

    def __init__(self, *args, locality, **kwargs):
        from ngoaivu.agreements.models import Agreement
        from ngoaivu.exchanges.models import Delegation
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = Agreement.objects.filter(locality=locality).order_by("-created_at")
        self.fields["delegation"].queryset = Delegation.objects.filter(locality=locality).order_by("-start_date")
        # Titles repeat in real registers ("Bản ghi nhớ hợp tác…" signed twice with one partner): each option
        # says which one it is, or the outside test could not tell two identical entries apart.
        self.fields["agreement"].label_from_instance = agreement_choice_label
        self.fields["delegation"].label_from_instance = delegation_choice_label
        self.fields["agreement"].error_messages["invalid_choice"] = _("Thỏa thuận: chọn một thỏa thuận trong danh sách")
        self.fields["delegation"].error_messages["invalid_choice"] = _("Đoàn: chọn một đoàn trong danh sách")


class DraftForm(forms.ModelForm):
    """The parts of a document the officer writes; the rest comes from the registers."""

    class Meta:
        model = DocumentDraft
        fields = ["number", "issued_on", "year", "period", "opening", "assessment", "proposals", "extra_recipients"]
        widgets = {"issued_on": DateInput(), "opening": forms.Textarea(attrs=TEXTAREA),
                   "assessment": forms.Textarea(attrs=TEXTAREA), "proposals": forms.Textarea(attrs=TEXTAREA),
                   "extra_recipients": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"issued_on": {"required": _("Nhập ngày văn bản"),
                                        "invalid": _("Ngày văn bản phải là một ngày có thật, dạng dd/mm/yyyy")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.kind not in ("yearly_agreements", "external_affairs"):
            del self.fields["year"], self.fields["period"]
        elif self.instance.kind == "yearly_agreements":
            del self.fields["period"]
        add_version_field(self, self.instance)
