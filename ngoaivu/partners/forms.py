from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ngoaivu.core.countries import country_choices
from ngoaivu.core.forms import ConfirmField, DateInput
from ngoaivu.partners.actions import counted
from ngoaivu.partners.models import Partner, PartnerWarning
from ngoaivu.partners.widgets import PartnerPicker

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y"]


class PartnerForm(forms.ModelForm):
    aliases = forms.CharField(
        label=_("Tên khác"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một tên: cách phiên âm khác, tên viết bằng chữ của nước đó, tên cũ. Ví dụ: "
                    "Chungbuk; 충청북도"))
    confirm_new = ConfirmField(label=_("Đây là một đối tác khác, vẫn tạo mới"), required=False)

    class Meta:
        model = Partner
        fields = ["name", "name_vi", "kind", "country", "parent", "website", "registration_number", "wikidata_id",
                  "notes"]
        error_messages = {"name": {"required": _("Nhập tên đối tác")},
                          "website": {"invalid": _("Nhập địa chỉ trang web đầy đủ, ví dụ https://www.gg.go.kr")}}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}),
                   # Existing partners are suggested as the name is typed (htmx; the check on save stays).
                   "name": forms.TextInput(attrs={
                       "class": "input", "autocomplete": "off", "hx-get": reverse_lazy("partners:partner_suggest"),
                       "hx-trigger": "input changed delay:150ms", "hx-target": "#partner-suggestions",
                       "hx-params": "name", "aria-controls": "partner-suggestions"}),
                   # "Trực thuộc": searched from the first keystroke, not a list of every partner in the country.
                   "parent": PartnerPicker(multiple=False)}

    field_order = ["name", "name_vi", "aliases", "kind", "country", "parent", "website", "registration_number",
                   "wikidata_id", "notes", "confirm_new"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—")] + country_choices()
        self.fields["country"].required = True
        self.fields["country"].error_messages["required"] = _("Chọn quốc gia")
        self.fields["parent"].queryset = Partner.objects.current().exclude(pk=self.instance.pk).order_by("name")
        self.existing = None
        if self.instance.pk:
            from ngoaivu.partners.actions import own_alias_names
            self.fields["aliases"].initial = "\n".join(own_alias_names(self.instance))
            # Renamed to another partner's name: refused as on creation, unless marked as a different partner
            # (the box is shown on an edit once the name given repeats another's, see clean).
            self.fields["confirm_new"].label = _("Đây là một đối tác khác, vẫn lưu")
            if not self.is_bound:
                del self.fields["confirm_new"]
            from ngoaivu.partners.actions import linked_agreements, linked_conferences, linked_opportunities
            count, meetings = linked_agreements(self.instance).count(), linked_conferences(self.instance).count()
            offers = linked_opportunities(self.instance).count()
            if count or meetings or offers:
                # A new country changes which embassy reads those agreements (and conferences), and moves the
                # opportunities naming the partner with it: asked explicitly.
                values = counted(count, meetings, offers)
                help_text = (_("Đối tác có trong %(n)s, %(c)s. Nếu đổi quốc gia, cơ quan "
                               "đại diện ở nước mới sẽ xem được các hồ sơ này.") % values if meetings else
                             _("Đối tác có trong %(n)s. Nếu đổi quốc gia, cơ quan đại diện ở nước mới sẽ "
                               "xem được các thỏa thuận này.") % values if count else "")
                if offers:
                    help_text = " ".join(filter(None, [help_text, ngettext(
                        "%(o)s cơ hội hợp tác nêu đối tác này sẽ chuyển theo sang quốc gia mới.",
                        "%(o)s cơ hội hợp tác nêu đối tác này sẽ chuyển theo sang quốc gia mới.", offers) % {
                        "o": offers}]))
                self.fields["confirm_country_change"] = ConfirmField(
                    label=_("Xác nhận đổi quốc gia"), required=False, help_text=help_text)

    def clean_aliases(self):
        return [line.strip() for line in (self.cleaned_data.get("aliases") or "").splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        if not self.instance.pk and data.get("name") and not data.get("confirm_new"):
            self.existing = Partner.objects.look_alikes(data["name"], data.get("country"), data.get("name_vi", "")).first()
            if self.existing is None and data.get("aliases"):
                from ngoaivu.partners.models import name_key
                self.existing = Partner.objects.matching_keys({name_key(a) for a in data["aliases"]},
                                                              data.get("country")).first()
            if self.existing is not None:
                self.add_error("name", _("Đã có đối tác “%(name)s” ở %(country)s. Dùng đối tác đó, hoặc đánh dấu "
                                         "“Đây là một đối tác khác” nếu không phải.") % {
                    "name": self.existing, "country": self.existing.country_name})
        elif self.instance.pk:
            # The instance still holds the stored names here (ModelForm copies the data onto it after clean).
            from ngoaivu.partners.actions import renamed_look_alike
            clash = renamed_look_alike(self.instance, data["name"], data.get("country"), data.get("name_vi", ""),
                                       data.get("aliases", [])) if data.get("name") else None
            if clash is None:
                del self.fields["confirm_new"]  # offered on an edit only beside the name it is about
            elif not data.get("confirm_new"):
                field, self.existing = clash
                self.add_error(field, _("%(field)s: đã có đối tác “%(name)s” ở %(country)s. Nếu là cùng một đối tác, "
                                        "đề nghị Bộ Ngoại giao gộp hai đối tác; nếu không phải, đánh dấu “Đây là một "
                                        "đối tác khác”.") % {
                    "field": self.fields[field].label, "name": self.existing,
                    "country": self.existing.country_name or "—"})
        return data


class WarningForm(forms.ModelForm):
    class Meta:
        model = PartnerWarning
        fields = ["category", "severity", "summary", "details", "source", "source_date"]
        widgets = {"details": forms.Textarea(attrs={"rows": 4}), "source_date": DateInput(),
                   "category": forms.RadioSelect, "severity": forms.RadioSelect}
        error_messages = {"summary": {"required": _("Nhập nội dung cảnh báo")},
                          "source": {"required": _("Nhập nguồn thông tin")},
                          "source_date": {"required": _("Nhập ngày của nguồn"),
                                          "invalid": _("Nhập một ngày có thật, dạng dd/mm/yyyy, ví dụ 05/02/2026")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_date"].input_formats = DATE_FORMATS
        self.fields["category"].choices = [c for c in self.fields["category"].choices if c[0]]
        self.fields["severity"].choices = [c for c in self.fields["severity"].choices if c[0]]


class AcknowledgeForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú (tỉnh đã xử lý thế nào)"), required=False, max_length=300)


class LiftForm(forms.Form):
    reason = forms.CharField(label=_("Lý do gỡ cảnh báo"), max_length=300,
                             error_messages={"required": _("Nhập lý do gỡ cảnh báo")})


class MergeForm(forms.Form):
    survivor = forms.ModelChoiceField(label=_("Đối tác giữ lại"), queryset=Partner.objects.none(),
                                      error_messages={"required": _("Chọn đối tác giữ lại")})
    duplicate = forms.ModelChoiceField(label=_("Đối tác trùng (gộp vào đối tác giữ lại)"), queryset=Partner.objects.none(),
                                       error_messages={"required": _("Chọn đối tác trùng")})
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=300)
    # Asked only when the two are of different countries (merging.merge_partners refuses it otherwise).
    across_countries = forms.BooleanField(
        label=_("Tôi xác nhận gộp hai đối tác của hai quốc gia khác nhau"), required=False,
        help_text=_("Thỏa thuận, đoàn và hội nghị của đối tác trùng sẽ được tính cho quốc gia của đối tác giữ lại, "
                    "trong số liệu toàn quốc và theo quốc gia; các cơ hội hợp tác của đối tác trùng chuyển sang quốc "
                    "gia đó (tách lại thì trở về)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].queryset = Partner.objects.current()
        self.fields["duplicate"].queryset = Partner.objects.current()

    @property
    def across_countries_asked(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("survivor") and data.get("duplicate")
                    and data["survivor"].country != data["duplicate"].country)

    def clean(self):
        data = super().clean()
        if data.get("survivor") and data.get("survivor") == data.get("duplicate"):
            self.add_error("duplicate", _("Chọn hai đối tác khác nhau để gộp"))
        return data
