from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ngoaivu.coordination.actions import past_due_error
from ngoaivu.coordination.choices import FieldType, RequestKind, Verdict
from ngoaivu.coordination.models import MinistryOpinion
from ngoaivu.coordination.prefill import SOURCES, source_field
from ngoaivu.coordination.regions import REGION_CHOICES, localities_of
from ngoaivu.core.choices import UnitKind
from ngoaivu.core.concurrency import add_version_field
from ngoaivu.core.files import UploadField
from ngoaivu.core.forms import CurrentLocalitiesField, DateInput, IdsField
from ngoaivu.core.models import Locality, Unit
from ngoaivu.core.numbers import typed
from ngoaivu.core.text import fold

ALL, LIST = "all", "list"
TABLE_ROWS_BLANK = 3


class RequestForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=60, required=False)
    title = forms.CharField(label=_("Tên báo cáo"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=RequestKind.choices, widget=forms.RadioSelect,
                             initial=RequestKind.STRUCTURED)
    body = forms.CharField(label=_("Nội dung yêu cầu"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    data_from = forms.DateField(label=_("Số liệu từ ngày"), widget=DateInput(), help_text=_("Ví dụ: 15/12/2025"))
    data_to = forms.DateField(label=_("Số liệu đến ngày"), widget=DateInput(), help_text=_("Ví dụ: 14/6/2026"))
    due_on = forms.DateField(label=_("Hạn gửi báo cáo"), widget=DateInput())
    recipients = forms.ChoiceField(label=_("Gửi đến"), widget=forms.RadioSelect, initial=ALL,
                                   choices=[(ALL, _("Tất cả tỉnh, thành phố")), (LIST, _("Các tỉnh chọn dưới đây"))])
    localities = CurrentLocalitiesField(label=_("Tỉnh, thành phố nhận"), required=False,
                                        queryset=Locality.objects.none(), widget=forms.CheckboxSelectMultiple)
    sources = forms.MultipleChoiceField(
        label=_("Chỉ tiêu lấy sẵn từ số liệu của tỉnh"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(k, v[0]) for k, v in SOURCES.items()],
        help_text=_("Điền sẵn từ dữ liệu của tỉnh trong kỳ số liệu; cán bộ tỉnh kiểm tra lại trước khi gửi"))
    custom_fields = forms.CharField(
        label=_("Chỉ tiêu khác"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một chỉ tiêu: “số | tên | đơn vị”, “văn bản | tên” hoặc “bảng | tên”"))

    TYPE_WORDS = {"so": FieldType.NUMBER, "number": FieldType.NUMBER, "van ban": FieldType.TEXT,
                  "text": FieldType.TEXT, "bang": FieldType.TABLE, "table": FieldType.TABLE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["localities"].queryset = Locality.objects.current().order_by("sort_key")
        from ngoaivu.coordination import hooks
        self.offered = hooks.offered_fields()  # other apps' fields (the indicators' entered figures)
        if self.offered:
            self.fields["offered"] = forms.MultipleChoiceField(
                label=_("Chỉ số thống kê"), required=False, widget=forms.CheckboxSelectMultiple,
                choices=[(k, f.get("shown") or f["label"]) for k, f in self.offered.items()],
                help_text=_("Số liệu tỉnh báo cáo được ghi vào chỉ số khi Bộ chấp nhận báo cáo"))

    def clean_custom_fields(self):
        result = []
        for n, line in enumerate(self.cleaned_data["custom_fields"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            kind = self.TYPE_WORDS.get(fold(parts[0]))
            if kind is None or len(parts) < 2 or not parts[1]:
                raise forms.ValidationError(_("Dòng %(n)s: cần “số | tên | đơn vị”, “văn bản | tên” hoặc “bảng | tên”.")
                                            % {"n": n})
            result.append({"key": f"c{n}", "label": parts[1], "type": str(kind),
                           "unit": parts[2] if kind == FieldType.NUMBER and len(parts) > 2 else "", "source": ""})
        return result

    def clean(self):
        data = super().clean()
        # A field refused already (a former province) says what to choose: "choose at least one" would be noise.
        if data.get("recipients") == LIST and not data.get("localities") and "localities" not in self.errors:
            self.add_error("localities", _("Tỉnh, thành phố nhận: chọn ít nhất một."))
        if late := past_due_error(data.get("due_on")):
            self.add_error("due_on", late)
        if data.get("kind") == RequestKind.STRUCTURED and not (data.get("sources") or data.get("custom_fields")
                                                                or data.get("offered")):
            self.add_error("sources", _("Chỉ tiêu: báo cáo theo mẫu cần ít nhất một chỉ tiêu."))
        return data

    def request_fields(self):
        d = self.cleaned_data
        if d["kind"] != RequestKind.STRUCTURED:
            return []
        return ([source_field(k) for k in d["sources"]] + d["custom_fields"]
                + [{key: v for key, v in self.offered[k].items() if key != "shown"} for k in d.get("offered", [])])

    def chosen_localities(self):
        d = self.cleaned_data
        return list(Locality.objects.current()) if d["recipients"] == ALL else list(d["localities"])


class ReturnForm(forms.Form):
    """A province's return: one input per number or text field; a table as label/number row pairs."""

    def __init__(self, *args, report_return, **kwargs):
        super().__init__(*args, **kwargs)
        self.ret = report_return
        add_version_field(self, report_return)  # two people of a province answering at once (core.concurrency)
        request = report_return.request
        values = report_return.values or {}
        self.tables = []
        for f in request.fields:
            key, label = f["key"], f["label"] + (f" ({f['unit']})" if f.get("unit") else "")
            if f["type"] == FieldType.NUMBER:
                self.fields[key] = forms.CharField(label=label, required=False, initial=typed(values.get(key)),
                                                   help_text=_("Điền sẵn từ dữ liệu của tỉnh") if f.get("source") else "")
            elif f["type"] == FieldType.TEXT:
                self.fields[key] = forms.CharField(label=label, required=False, initial=values.get(key),
                                                   widget=forms.Textarea(attrs={"rows": 3}))
            else:
                rows = list(values.get(key) or [])
                names = []
                for i in range(len(rows) + TABLE_ROWS_BLANK):
                    row = rows[i] if i < len(rows) else ["", ""]
                    self.fields[f"{key}__{i}__label"] = forms.CharField(
                        label=_("%(field)s — dòng %(n)s") % {"field": f["label"], "n": i + 1}, required=False,
                        initial=row[0])
                    self.fields[f"{key}__{i}__value"] = forms.CharField(
                        label=_("Số liệu dòng %(n)s") % {"n": i + 1}, required=False, initial=typed(row[1]))
                    names.append(i)
                self.tables.append((f, names))
        self.fields["text"] = forms.CharField(
            label=_("Nội dung báo cáo") if not request.structured else _("Thuyết minh"), required=False,
            initial=report_return.text, widget=forms.Textarea(attrs={"rows": 8}))
        if not request.structured:
            # The stored file is listed (and linked) on the page; a new upload replaces it.
            self.fields["attachment"] = UploadField(label=_("Tệp đính kèm"), required=False)

    def values(self):
        d = self.cleaned_data
        result = {}
        for f in self.ret.request.fields:
            if f["type"] == FieldType.TABLE:
                n = sum(1 for name in self.fields if name.startswith(f"{f['key']}__") and name.endswith("__label"))
                result[f["key"]] = [[d.get(f"{f['key']}__{i}__label", ""), d.get(f"{f['key']}__{i}__value", "")]
                                    for i in range(n)]
            else:
                result[f["key"]] = d.get(f["key"])
        return result


class ReviewForm(forms.Form):
    """The centre's decision on the return as its reviewer read it (its version: a return sent back by a
    colleague and sent again with new figures meanwhile is not accepted unseen)."""

    reason = forms.CharField(label=_("Ý kiến của trung ương"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Bắt buộc khi trả lại báo cáo để bổ sung"))

    def __init__(self, *args, report_return=None, **kwargs):
        super().__init__(*args, **kwargs)
        add_version_field(self, report_return)


class OpinionDraftForm(forms.Form):
    """The officer's draft; `opinion`, the draft already saved (its version: two officers drafting at once).
    Read before there was a draft, the form carries version 0: a colleague's first draft saved meanwhile is
    not overwritten unseen (opinions.save_draft)."""

    verdict = forms.ChoiceField(label=_("Ý kiến"), choices=[("", "—"), *Verdict.choices])
    text = forms.CharField(label=_("Nội dung ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, opinion=None, **kwargs):
        super().__init__(*args, **kwargs)
        add_version_field(self, opinion if opinion is not None else MinistryOpinion(), first_save=True)


class OpinionIssueForm(forms.Form):
    """The manager's approval of the draft as they read it: a draft changed since is not issued unseen."""

    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=DateInput())
    signed_file = UploadField(label=_("Văn bản đã ký"), help_text=_("Bản có chữ ký, đóng dấu (PDF)"))

    def __init__(self, *args, opinion=None, **kwargs):
        super().__init__(*args, **kwargs)
        add_version_field(self, opinion)


class DirectiveForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60)
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=DateInput())
    subject = forms.CharField(label=_("Trích yếu"), max_length=300)
    body = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    signer = forms.CharField(label=_("Người ký"), max_length=150)
    attachment = forms.FileField(label=_("Tệp đính kèm"), required=False)
    recipients = forms.ChoiceField(label=_("Gửi đến"), widget=forms.RadioSelect, initial=ALL, choices=[
        (ALL, _("Tất cả tỉnh, thành phố")), ("region", _("Một vùng")), (LIST, _("Các tỉnh chọn dưới đây"))])
    region = forms.ChoiceField(label=_("Vùng"), required=False, choices=[("", "—"), *REGION_CHOICES])
    localities = CurrentLocalitiesField(label=_("Tỉnh, thành phố nhận"), required=False,
                                        queryset=Locality.objects.none(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["localities"].queryset = Locality.objects.current().order_by("sort_key")

    def clean(self):
        data = super().clean()
        if data.get("recipients") == "region" and not data.get("region"):
            self.add_error("region", _("Vùng: chọn một vùng."))
        # A field refused already (a former province) says what to choose: "choose at least one" would be noise.
        if data.get("recipients") == LIST and not data.get("localities") and "localities" not in self.errors:
            self.add_error("localities", _("Tỉnh, thành phố nhận: chọn ít nhất một."))
        return data

    def chosen_localities(self):
        d = self.cleaned_data
        current = list(Locality.objects.current())
        if d["recipients"] == "region":
            return localities_of(d["region"], current)
        return current if d["recipients"] == ALL else list(d["localities"])


class UnitDirectiveForm(forms.Form):
    """A province manager's directive to the province's own units (all of them, or those ticked)."""

    number = DirectiveForm.base_fields["number"]
    issued_on = DirectiveForm.base_fields["issued_on"]
    subject = DirectiveForm.base_fields["subject"]
    body = DirectiveForm.base_fields["body"]
    signer = DirectiveForm.base_fields["signer"]
    attachment = DirectiveForm.base_fields["attachment"]
    recipients = forms.ChoiceField(label=_("Gửi đến"), widget=forms.RadioSelect, initial=ALL, choices=[
        (ALL, _("Tất cả cơ quan, đơn vị của tỉnh")), (LIST, _("Các cơ quan, đơn vị chọn dưới đây"))])
    units = IdsField(label=_("Cơ quan, đơn vị nhận"), required=False,
                                           queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = self.province_units(province)

    @staticmethod
    def province_units(province):
        # The province's bodies working today, not the communes (over a hundred) nor former district PCs.
        return (Unit.objects.filter(locality=province, valid_until__isnull=True)
                .exclude(kind__in=[UnitKind.COMMUNE_PC, UnitKind.DISTRICT_PC]).order_by("kind", "name"))

    def clean(self):
        data = super().clean()
        if data.get("recipients") == LIST and not data.get("units"):
            self.add_error("units", _("Cơ quan, đơn vị nhận: chọn ít nhất một."))
        return data

    def chosen_units(self):
        d = self.cleaned_data
        return list(self.fields["units"].queryset) if d["recipients"] == ALL else list(d["units"])


class _EditDirective:
    """What the edit forms of a directive add to the sending forms: the stored facts and recipients as the
    initial values, the version read (core.concurrency: two people correcting it at once), and a box to
    remove the stored file (a new upload replaces it)."""

    def _prepare(self, directive, recipient_field):
        add_version_field(self, directive)
        if directive.attachment:
            self.fields["attachment"].help_text = _("Tệp hiện có: %(name)s. Chọn tệp mới để thay; để trống để giữ "
                                                    "nguyên") % {"name": directive.attachment.display_name}
            self.fields["remove_attachment"] = forms.BooleanField(label=_("Bỏ tệp đính kèm hiện có"), required=False)
            names = list(self.fields)
            names.insert(names.index("attachment") + 1, names.pop())  # beside the file it removes
            self.order_fields(names)
        for name in ("number", "issued_on", "subject", "body", "signer"):
            self.initial.setdefault(name, getattr(directive, name))
        self.initial.setdefault("recipients", LIST)
        rows = directive.recipients.all()
        self.initial.setdefault(recipient_field, [r.unit_id if recipient_field == "units" else r.locality_id
                                                  for r in rows])
        self.fields[recipient_field].help_text = _(
            "Nơi đã xác nhận hoặc trả lời văn bản không bỏ được; nơi thêm mới nhận văn bản như khi gửi")

    def clean(self):
        data = super().clean()
        if data.get("attachment") and data.get("remove_attachment"):
            self.add_error("remove_attachment", _("Tệp đính kèm: chọn tệp mới hoặc bỏ tệp hiện có, không chọn cả hai."))
        return data

    def attachment_change(self):
        """None: keep the stored file; False: remove it; a file: replace it (directives.update_directive)."""
        d = self.cleaned_data
        return d.get("attachment") or (False if d.get("remove_attachment") else None)


class DirectiveEditForm(_EditDirective, DirectiveForm):
    """The centre's directive as sent, to correct. The provinces offered are the current ones and the
    directive's own recipients (a former province it was sent to before the merger stays unless unticked;
    it is never added)."""

    def __init__(self, *args, directive, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["localities"].queryset = Locality.objects.filter(
            Q(valid_until__isnull=True) | Q(pk__in=directive.recipients.values("locality_id"))).order_by("sort_key")
        self._prepare(directive, "localities")


class UnitDirectiveEditForm(_EditDirective, UnitDirectiveForm):
    """A province's directive to its units as sent, to correct (a unit it went to that has closed since
    stays offered, to keep or untick)."""

    def __init__(self, *args, directive, **kwargs):
        super().__init__(*args, province=directive.sender_locality, **kwargs)
        self.fields["units"].queryset = (
            Unit.objects.filter(Q(pk__in=self.province_units(directive.sender_locality).values("pk"))
                                | Q(pk__in=directive.recipients.values("unit_id"))).order_by("kind", "name"))
        self._prepare(directive, "units")


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(label=_("Tệp đính kèm"), required=False)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Ý kiến trao đổi"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Gõ @tên_đăng_nhập để nhắc đến một người cũng xem được hồ sơ này"))
    attachment = UploadField(label=_("Tệp đính kèm"), required=False)
