from django import forms
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.countries import country_choices
from ngoaivu.partners.models import Partner


class PartnerForm(forms.ModelForm):
    confirm_new = forms.BooleanField(label=_("Đây là một đối tác khác, vẫn tạo mới"), required=False)

    class Meta:
        model = Partner
        fields = ["name", "name_vi", "kind", "country", "parent", "website", "notes"]
        error_messages = {"name": {"required": _("Nhập tên đối tác")},
                          "website": {"invalid": _("Nhập địa chỉ trang web đầy đủ, ví dụ https://www.gg.go.kr")}}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—")] + country_choices()
        self.fields["country"].required = True
        self.fields["country"].error_messages["required"] = _("Chọn quốc gia")
        self.fields["parent"].queryset = Partner.objects.exclude(pk=self.instance.pk).order_by("name")
        self.existing = None
        if self.instance.pk:
            del self.fields["confirm_new"]
            from ngoaivu.partners.actions import linked_agreements
            count = linked_agreements(self.instance).count()
            if count:
                # A new country changes which embassy reads those agreements: asked for explicitly.
                self.fields["confirm_country_change"] = forms.BooleanField(
                    label=_("Xác nhận đổi quốc gia"), required=False,
                    help_text=_("Đối tác có trong %(n)s thỏa thuận. Nếu đổi quốc gia, cơ quan đại diện ở nước mới sẽ "
                                "xem được các thỏa thuận này.") % {"n": count})

    def clean(self):
        data = super().clean()
        if not self.instance.pk and data.get("name") and not data.get("confirm_new"):
            self.existing = Partner.objects.look_alikes(data["name"], data.get("country"), data.get("name_vi", "")).first()
            if self.existing is not None:
                self.add_error("name", _("Đã có đối tác “%(name)s” ở %(country)s. Dùng đối tác đó, hoặc đánh dấu "
                                         "“Đây là một đối tác khác” nếu không phải.") % {
                    "name": self.existing, "country": self.existing.country_name})
        return data
