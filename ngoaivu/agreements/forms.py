"""Forms of the register. They parse and explain; the rules themselves live in rules.py and actions."""
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import get_language

from ngoaivu.agreements.choices import DocumentKind, EventKind, Opinion
from ngoaivu.agreements.models import Agreement, ConsulteeRule, Document
from ngoaivu.agreements.partial_dates import PartialDateError, as_text, parse_partial_date
from ngoaivu.agreements.rules import agreement_errors, reference_taken, signing_recorded
from ngoaivu.core.concurrency import add_version_field
from ngoaivu.core.countries import country_choices
from ngoaivu.core.files import UploadField
from ngoaivu.core.forms import ConfirmField, DatalistInput, DateInput, IdsField
from ngoaivu.core.text import fold
from ngoaivu.core.models import Locality, Sector, Unit
from ngoaivu.core.scoping import editable_localities
from ngoaivu.partners.choices import PartnerKind
from ngoaivu.partners.models import Partner
from ngoaivu.partners.widgets import PartnerPicker

DATE_ERRORS = {"invalid": _("Nhập một ngày có thật, dạng dd/mm/yyyy, ví dụ 05/02/2026")}


def date_field(label, **kwargs):
    return forms.DateField(label=label, required=False, widget=DateInput(), input_formats=["%d/%m/%Y", "%d/%m/%y"],
                           error_messages=DATE_ERRORS, **kwargs)


class AgreementEditForm(forms.ModelForm):
    """Create and edit an agreement. The signing date may be only partly known (2015, 03/2015)."""

    signed = forms.CharField(label=_("Ngày ký"), required=False, max_length=20,
                             widget=forms.TextInput(attrs={"class": "input input--width-10"}),
                             help_text=_("dd/mm/yyyy; nếu chỉ biết tháng hoặc năm thì ghi 03/2015 hoặc 2015. "
                                         "Để trống nếu chưa ký."))
    partners = IdsField(label=_("Đối tác nước ngoài"), queryset=Partner.objects.current(),
                                              required=False, widget=PartnerPicker(),
                                              help_text=_("Gõ vài chữ của tên (tên khác, không dấu cũng được) rồi đánh "
                                                          "dấu đối tác. Chưa có trong danh mục? Nhập đối tác mới ở "
                                                          "phần dưới: đối tác đã có sẽ được tìm ra và chọn."))
    # Needed, here or as a new partner below (clean() refuses the form when both are empty): not required,
    # so that a new partner alone is enough, but not labelled optional either (core/forms/field.html).
    partners.needed = True
    new_partner_name = forms.CharField(label=_("Đối tác mới: tên theo cách đối tác viết"), required=False, max_length=255)
    new_partner_name_vi = forms.CharField(label=_("Đối tác mới: tên tiếng Việt"), required=False, max_length=255)
    new_partner_kind = forms.ChoiceField(label=_("Đối tác mới: loại"), choices=PartnerKind.choices, required=False)
    new_partner_country = forms.ChoiceField(label=_("Đối tác mới: quốc gia"), required=False)
    new_partner_confirm = ConfirmField(label=_("Đây là một đối tác khác, vẫn tạo mới"), required=False)
    # The existing partner the look-alike warning selected for the user: ticking "another partner" then means it
    # is not this agreement's, and it is taken off again rather than linked beside the new one.
    new_partner_offered = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Agreement
        fields = ["locality", "signatory_locality", "signing_unit", "signatory_name", "co_signatories",
                  "inherited_from", "reference", "title", "title_en", "form", "form_other", "channel", "sectors",
                  "summary", "languages", "signer_vn", "signer_foreign", "signed_place", "effective_on_signing",
                  "in_force_on", "reported_on", "term_months", "expires_on", "auto_renew", "notice_days",
                  "visibility", "parent", "parent_relation", "historical", "recorded_status", "recorded_activity_on"]
        field_classes = {"co_signatories": IdsField, "sectors": IdsField}
        widgets = {"in_force_on": DateInput(), "reported_on": DateInput(), "expires_on": DateInput(),
                   "recorded_activity_on": DateInput(),
                   "sectors": forms.CheckboxSelectMultiple, "summary": forms.Textarea(attrs={"rows": 4}),
                   "co_signatories": forms.SelectMultiple(attrs={"size": 5}),
                   "title": forms.TextInput(attrs={"class": "input"}),
                   "term_months": forms.NumberInput(attrs={"class": "input input--width-5"}),
                   "notice_days": forms.NumberInput(attrs={"class": "input input--width-5"})}
        error_messages = {"title": {"required": _("Nhập tên thỏa thuận")},
                          "locality": {"required": _("Chọn tỉnh, thành phố quản lý")}}
        help_texts = {"form": _("Theo Điều 6 Luật Thỏa thuận quốc tế; để trống nếu văn bản cũ không ghi tên gọi"),
                      "reported_on": _("Hạn: 15 ngày sau khi ký"),
                      "visibility": _("Ai được xem thỏa thuận này ngoài tỉnh và trung ương")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        localities = editable_localities(user)
        self.fields["locality"].queryset = localities
        ids = list(localities.values_list("pk", flat=True))
        self.fields["signatory_locality"].queryset = Locality.objects.filter(Q(pk__in=ids) | Q(successor__in=ids))
        self.fields["signatory_locality"].help_text = _("Để trống nếu chính là tỉnh quản lý; chọn tỉnh cũ (ví dụ "
                                                         "Bắc Giang) cho thỏa thuận ký trước 01/7/2025")
        # Not the province's hundreds of communes; but a commune that signed this one (a border commune's
        # agreement imported) stays on offer, else the page showed the field empty and a save cleared it.
        self.fields["signing_unit"].queryset = Unit.objects.filter(
            Q(locality__in=ids) | Q(locality__successor__in=ids)).filter(
            ~Q(kind="commune_pc") | Q(pk=self.instance.signing_unit_id)).select_related("locality")
        self.fields["co_signatories"].queryset = Locality.objects.order_by("valid_until", "sort_key")
        self.fields["co_signatories"].help_text = _("Thỏa thuận ký chung của nhiều tỉnh (ví dụ các tỉnh biên giới "
                                                     "với Quảng Tây)")
        # The sectors in use, and those the agreement has (one retired since stays, else a save dropped it).
        own = self.instance.sectors.values("pk") if self.instance.pk else Sector.objects.none().values("pk")
        self.fields["sectors"].queryset = Sector.objects.filter(Q(is_active=True) | Q(pk__in=own))
        # The agreements the user reads, and the stored parent even when they no longer read it (its province
        # made it internal): else the page offered an empty choice and a save dropped the parent. Its title
        # stays unsaid.
        hidden_parent = self.instance.parent_id if self.instance.pk else None
        if hidden_parent and Agreement.objects.filter(pk=hidden_parent).visible_to(user).exists():
            hidden_parent = None
        self.fields["parent"].queryset = Agreement.objects.visible_to(user).order_by("title")
        if hidden_parent:
            self.fields["parent"].queryset = Agreement.objects.filter(
                Q(pk__in=Agreement.objects.visible_to(user).values("pk")) | Q(pk=hidden_parent)).order_by("title")
            self.fields["parent"].label_from_instance = lambda a: (
                _("(Thỏa thuận gốc bạn không xem được — giữ nguyên)") if a.pk == hidden_parent else str(a))
        self.fields["new_partner_country"].choices = [("", "—")] + country_choices()
        from ngoaivu.agreements.choices import SIGNED_STATUSES, AgreementStatus
        self.fields["recorded_status"].choices = [("", _("— Theo ngày ký và các ngày đã biết —"))] + [
            (value, label) for value, label in AgreementStatus.choices if value in SIGNED_STATUSES]
        for name in ("in_force_on", "reported_on", "expires_on", "recorded_activity_on"):
            self.fields[name].input_formats = ["%d/%m/%Y", "%d/%m/%y"]
            self.fields[name].error_messages["invalid"] = DATE_ERRORS["invalid"]
        if len(ids) == 1 and not self.instance.pk:
            self.fields["locality"].initial = ids[0]
        if self.instance.pk:
            self.fields["signed"].initial = as_text(self.instance.signed_on, self.instance.signed_precision)
            self.fields["partners"].initial = list(self.instance.partners.values_list("pk", flat=True))
        add_version_field(self, self.instance)

    # The folded sections of the new-agreement form (GOV.UK: a page a person can take in): what most
    # agreements leave empty. On the edit page everything is shown.
    SECTIONS = {
        "origin": ("signatory_locality", "co_signatories", "inherited_from"),
        "sectors": ("sectors",),
        "texts": ("title_en", "summary", "languages"),
        "history": ("historical", "recorded_status", "recorded_activity_on"),
        "effect": ("signed_place", "signer_vn", "signer_foreign", "effective_on_signing", "in_force_on",
                   "reported_on", "term_months", "expires_on", "auto_renew", "notice_days"),
        "other": ("visibility", "parent", "parent_relation"),
    }

    def open_sections(self) -> set[str]:
        """Sections shown unfolded: every one when editing, else those holding an error or a value typed."""
        if self.instance.pk:
            return set(self.SECTIONS)
        shown = set()
        for key, names in self.SECTIONS.items():
            if any(self[name].errors for name in names):
                shown.add(key)
            elif self.is_bound and any(self.data.get(name) not in (None, "") and name not in
                                       ("visibility", "effective_on_signing") for name in names):
                shown.add(key)
        return shown

    def clean_signed(self):
        try:
            return parse_partial_date(self.cleaned_data.get("signed"))
        except PartialDateError as error:
            raise forms.ValidationError(str(error))

    def clean(self):
        data = super().clean()
        signed_on, precision = data.get("signed") or (None, "day")
        data["signed_on"], data["signed_precision"] = signed_on, precision
        facts = {**data, "pk": self.instance.pk}
        if self.instance.pk and signed_on is None:
            facts["signing_recorded_on"] = signing_recorded([self.instance.pk]).get(self.instance.pk)
        for field, message in agreement_errors(facts, timezone.localdate()).items():
            target = "signed" if field in ("signed_on", "signed_precision") else field
            if target in self.fields and target not in self.errors:
                self.add_error(target, message)
        if "reference" not in self.errors:
            taken = reference_taken(data.get("locality"), data.get("reference"), self.instance.pk)
            if taken:
                self.add_error("reference", taken)
        name = (data.get("new_partner_name") or "").strip()
        if name:
            if not data.get("new_partner_country"):
                self.add_error("new_partner_country", _("Chọn quốc gia của đối tác mới"))
            elif data.get("new_partner_confirm"):
                offered = data.get("new_partner_offered")
                if offered and data.get("partners") is not None:
                    data["partners"] = data["partners"].exclude(pk=offered)
            else:
                existing = Partner.objects.look_alikes(name, data["new_partner_country"],
                                                       data.get("new_partner_name_vi", "")).first()
                if existing is not None:
                    # Offer the existing partner: select it, and say so (and remember it was offered, unless the
                    # user had chosen it already).
                    self.data = self.data.copy()
                    chosen = self.data.getlist("partners")
                    if str(existing.pk) not in chosen:
                        self.data.setlist("partners", [*chosen, str(existing.pk)])
                        self.data["new_partner_offered"] = str(existing.pk)
                    self.add_error("new_partner_name", _("Đã có đối tác “%(name)s” (%(country)s) và đã được chọn ở "
                                                         "trên. Xóa tên đối tác mới để dùng đối tác này, hoặc đánh "
                                                         "dấu “Đây là một đối tác khác”.") % {
                        "name": existing, "country": existing.country_name})
        elif not data.get("partners"):
            self.add_error("partners", _("Chọn ít nhất một đối tác nước ngoài, hoặc nhập đối tác mới"))
        return data

    def agreement_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if name not in ("co_signatories", "sectors")}
        fields["signed_on"], fields["signed_precision"] = data["signed_on"], data["signed_precision"]
        return fields

    def new_partner(self) -> dict | None:
        data = self.cleaned_data
        if not (data.get("new_partner_name") or "").strip():
            return None
        return {"name": data["new_partner_name"].strip(), "name_vi": data.get("new_partner_name_vi", "").strip(),
                "kind": data.get("new_partner_kind") or PartnerKind.LOCAL_GOVERNMENT,
                "country": data["new_partner_country"]}


# Fields each kind of event asks for (besides date and note).
EVENT_FIELDS = {
    EventKind.OPINION_REQUESTED: ["consultee", "is_mofa"],
    EventKind.OPINION_RECEIVED: ["request", "opinion", "file"],
    EventKind.APPROVED: ["override_reason"],
    EventKind.SIGNED: ["place", "file", "override_reason"],
    EventKind.REPORTED: ["file"],
    EventKind.EXTENDED: ["new_expires_on", "file"],
}


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Bước pháp lý"), choices=EventKind.choices, widget=forms.HiddenInput)
    date = forms.DateField(label=_("Ngày"), widget=DateInput(), input_formats=["%d/%m/%Y", "%d/%m/%y"],
                           error_messages={"required": _("Nhập ngày"), **DATE_ERRORS})
    consultee = forms.CharField(label=_("Cơ quan được xin ý kiến"), required=False, max_length=255,
                                help_text=_("Ví dụ: Bộ Ngoại giao; Sở Công Thương"))
    is_mofa = forms.BooleanField(label=_("Đây là Bộ Ngoại giao"), required=False)
    request = forms.ModelChoiceField(label=_("Trả lời cho đề nghị"), queryset=None, required=False,
                                     empty_label=_("— Chọn cơ quan đã trả lời —"))
    opinion = forms.ChoiceField(label=_("Ý kiến"), choices=Opinion.choices, required=False, widget=forms.RadioSelect)
    place = forms.CharField(label=_("Nơi ký"), required=False, max_length=200)
    new_expires_on = date_field(_("Ngày hết hạn mới"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Số văn bản, nội dung chính, lý do…"))
    file = UploadField(label=_("Văn bản kèm theo"), required=False)
    override_reason = forms.CharField(
        label=_("Lý do ghi nhận khi chưa đủ bước trước"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Chỉ điền khi pháp luật cho phép ghi nhận bước này dù chưa đủ các bước trước (ví dụ Chủ tịch đã "
                    "quyết định khi cơ quan được hỏi không trả lời đúng hạn); lý do được lưu trong lịch sử"))

    def __init__(self, *args, agreement, kind, **kwargs):
        super().__init__(*args, **kwargs)
        from ngoaivu.agreements.actions import open_requests
        from ngoaivu.agreements.consultees import checklist
        self.fields["request"].queryset = agreement.events.filter(pk__in=[e.pk for e in open_requests(agreement)])
        self.fields["request"].label_from_instance = lambda e: _("%(consultee)s (gửi %(date)s)") % {
            "consultee": e.consultee, "date": date_format(e.date, "SHORT_DATE_FORMAT")}
        self.fields["kind"].initial = kind
        keep = {"kind", "date", "note", *EVENT_FIELDS.get(kind, [])}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "opinion" in self.fields:
            self.fields["opinion"].required = True
            self.fields["opinion"].error_messages["required"] = _("Chọn đồng ý hoặc không đồng ý")
        if "request" in self.fields:
            self.fields["request"].required = True
            self.fields["request"].error_messages["required"] = _("Chọn cơ quan đã trả lời")
        if "consultee" in self.fields:
            # Suggest the bodies of the agreement's consultee list not asked yet; any name is accepted.
            _level, items, _own = checklist(agreement)
            self.fields["consultee"].widget = DatalistInput(
                [i.rule.consultee for i in items if i.request is None], attrs={"class": "input", "maxlength": 255})
            self.fields["consultee"].required = True
            self.fields["consultee"].error_messages["required"] = _("Nhập tên cơ quan được xin ý kiến")
        if "new_expires_on" in self.fields:
            self.fields["new_expires_on"].required = True
            self.fields["new_expires_on"].error_messages["required"] = _("Nhập ngày hết hạn mới")
        self.fields["date"].initial = timezone.localdate()


class ConsulteeRuleForm(forms.ModelForm):
    """A body of a consultee list; the view sets the province (or none: national) and the level."""

    class Meta:
        model = ConsulteeRule
        fields = ["consultee", "is_mofa", "condition", "position", "basis"]
        help_texts = {"consultee": _("Ví dụ: Bộ Ngoại giao; Sở Công Thương; Bộ Chỉ huy Bộ đội Biên phòng tỉnh"),
                      "position": _("Số nhỏ đứng trước")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_version_field(self, self.instance)

    def clean_consultee(self):
        name = " ".join(self.cleaned_data["consultee"].split())
        same = ConsulteeRule.objects.filter(locality=self.instance.locality_id, level=self.instance.level)
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        if any(fold(r.consultee) == fold(name) for r in same):
            raise forms.ValidationError(_("Cơ quan được xin ý kiến: “%(name)s” đã có trong danh sách này") % {"name": name})
        return name


_BLANK_DOCUMENT_FORM = {}


def blank_document_form():
    """The empty upload form of the agreement page as markup, rendered once per language: it depends on
    nothing else (no instance, no user, fixed choices), and rendering it through the form templates cost
    the page ~2 ms each time."""
    language = get_language()
    html = _BLANK_DOCUMENT_FORM.get(language)
    if html is None:
        html = _BLANK_DOCUMENT_FORM[language] = str(DocumentForm())
    return html


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "title", "file"]
        error_messages = {"file": {"required": _("Chọn tệp để tải lên")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = DocumentKind.SIGNED_TEXT
