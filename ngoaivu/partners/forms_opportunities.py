"""Forms and filters of the opportunities and province profiles."""
import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.concurrency import add_version_field
from ngoaivu.core.countries import country_choices, country_choices_first
from ngoaivu.partners.opportunities import mission_countries
from ngoaivu.core.filters import ALL, CheapFilterSetMixin, FoldedSearchFilter
from ngoaivu.core.forms import DateInput, IdsField
from ngoaivu.core.models import Sector
from ngoaivu.partners.forms import DATE_FORMATS
from ngoaivu.partners.models import Partner
from ngoaivu.partners.widgets import PartnerPicker
from ngoaivu.partners.models_opportunities import (
    Opportunity, OpportunityKind, OpportunityShownStatus, ProvinceProfile)


def _sector_field(label):
    return IdsField(label=label, required=False, queryset=Sector.objects.filter(is_active=True),
                                          widget=forms.CheckboxSelectMultiple)


class OpportunityForm(forms.ModelForm):
    sectors = _sector_field(_("Lĩnh vực"))

    class Meta:
        model = Opportunity
        fields = ["kind", "title", "sectors", "country", "preferred_countries", "partner", "sought", "offered",
                  "deadline", "contact", "document", "status"]
        widgets = {"sought": forms.Textarea(attrs={"rows": 4}), "offered": forms.Textarea(attrs={"rows": 4}),
                   "deadline": DateInput(), "kind": forms.RadioSelect,
                   # Searched from the first keystroke, not a list of every partner in the country.
                   "partner": PartnerPicker(multiple=False)}
        error_messages = {"title": {"required": _("Nhập tiêu đề cơ hội")},
                          "deadline": {"invalid": _("Nhập một ngày có thật cho hạn, dạng dd/mm/yyyy, ví dụ 05/02/2026")}}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].input_formats = DATE_FORMATS
        self.fields["country"].choices = [("", "—")] + country_choices()
        covered = mission_countries(user) if user is not None else None
        if covered is not None:  # a mission posts for the countries it covers, nothing else to choose from
            self.fields["country"].choices = [c for c in self.fields["country"].choices if c[0] in covered]
            self.fields["country"].required = True
        self.fields["preferred_countries"].choices = country_choices_first()  # the Ministry's names, not the package's
        self.fields["partner"].queryset = Partner.objects.current().order_by("name")
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]
        if not self.instance.pk:
            del self.fields["status"]
        else:
            self.fields["sectors"].initial = list(self.instance.sectors.all())
        add_version_field(self, self.instance)  # two people editing one opportunity (core.concurrency)


class InterestForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú (tỉnh có thể đáp ứng gì)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class OutcomeForm(forms.Form):
    agreement = forms.ModelChoiceField(label=_("Thỏa thuận"), required=False, queryset=None)
    delegation = forms.ModelChoiceField(label=_("Đoàn"), required=False, queryset=None)

    def __init__(self, *args, user=None, interest=None, **kwargs):
        super().__init__(*args, **kwargs)
        from ngoaivu.agreements.models import Agreement
        from ngoaivu.exchanges.models import Delegation
        # Only the interested province's records, as far as the user may read them.
        self.fields["agreement"].queryset = Agreement.objects.visible_to(user).filter(locality=interest.locality_id)
        self.fields["delegation"].queryset = Delegation.objects.visible_to(user).filter(locality=interest.locality_id)
        # The outcome already recorded, and the interest's version: a second person's save from a page read
        # before the first's replaced it without a word (core.concurrency).
        self.initial.setdefault("agreement", interest.agreement_id)
        self.initial.setdefault("delegation", interest.delegation_id)
        add_version_field(self, interest)

    def clean(self):
        data = super().clean()
        if not (data.get("agreement") or data.get("delegation")):
            self.add_error("agreement", _("Chọn thỏa thuận hoặc đoàn là kết quả của kết nối"))
        return data


class ProfileForm(forms.ModelForm):
    sectors = _sector_field(_("Lĩnh vực quan tâm"))

    class Meta:
        model = ProvinceProfile
        fields = ["strengths", "sectors", "priority_countries"]
        widgets = {"strengths": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority_countries"].choices = country_choices_first()  # the Ministry's names, not the package's
        if self.instance.pk:
            self.fields["sectors"].initial = list(self.instance.sectors.all())
        add_version_field(self, self.instance, first_save=True)  # its one form creates it too


class OpportunityFilter(CheapFilterSetMixin, django_filters.FilterSet):
    q = FoldedSearchFilter(label=_("Tìm (không dấu cũng được)"))
    kind = django_filters.ChoiceFilter(empty_label=ALL, choices=OpportunityKind.choices, label=_("Loại"))
    # The shown status: "open" leaves out those past their deadline, "expired" is derived (never stored).
    status = django_filters.ChoiceFilter(empty_label=ALL, choices=OpportunityShownStatus.choices, label=_("Tình trạng"),
                                         method="filter_status")
    sector = django_filters.ModelChoiceFilter(field_name="sectors", queryset=Sector.objects.all(), empty_label=ALL,
                                              label=_("Lĩnh vực"))
    country = django_filters.ChoiceFilter(empty_label=ALL, choices=country_choices, label=_("Quốc gia"))

    class Meta:
        model = Opportunity
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.with_shown_status(value) if value else queryset


class ProfileFilter(CheapFilterSetMixin, django_filters.FilterSet):
    sector = django_filters.ModelChoiceFilter(field_name="sectors", queryset=Sector.objects.all(), empty_label=ALL,
                                              label=_("Lĩnh vực"))

    class Meta:
        model = ProvinceProfile
        fields = []
