from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.concurrency import FIELD, add_version_field
from ngoaivu.core.numbers import parse_vn_number
from ngoaivu.core.models import Locality
from ngoaivu.indicators.actions import INDICATOR_FIELDS, duplicate_target_message
from ngoaivu.indicators.choices import WHOLE_UNITS, Unit, whole_error
from ngoaivu.indicators.models import Indicator, Target, as_stored
from ngoaivu.indicators.periods import Period

MAX_TARGET_YEARS = 10


CODE_FIXED = _("Mã không đổi sau khi tạo: địa chỉ trang, tệp nhập số liệu và các yêu cầu báo cáo gọi chỉ số theo mã này.")


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = INDICATOR_FIELDS
        widgets = {"definition": forms.Textarea(attrs={"rows": 3}), "definition_en": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_version_field(self, self.instance)  # a save over someone else's change is refused
        if self.instance.pk:
            # Pages, import files and report requests name the indicator by its code: renamed, an accepted
            # return's figures found no indicator (actions.save_indicator refuses it too).
            self.fields["code"].disabled = True
            self.fields["code"].help_text = CODE_FIXED

    def fields_for_action(self):
        return {k: v for k, v in self.cleaned_data.items() if k != FIELD}


def parse_amount(text, label, unit=None):
    """A figure as people type it ("1.250.000", "29,7", "29.7", read by core.numbers); empty is None. A
    share (`unit` percent) is at most 100, as a target's value already was."""
    try:
        value = parse_vn_number(text)
    except ValueError:
        raise ValidationError(_("%(label)s: “%(text)s” không phải là số.") % {"label": label, "text": str(text).strip()})
    if value is None:
        return None
    if value < 0:
        raise ValidationError(_("%(label)s: nhập một số không âm.") % {"label": label})
    if value >= Decimal(10) ** 18:
        raise ValidationError(_("%(label)s: số quá lớn (tối đa 18 chữ số).") % {"label": label})
    if unit == Unit.PERCENT and value > 100:
        raise ValidationError(_("%(label)s: tỷ lệ không quá 100 %%.") % {"label": label})
    if unit in WHOLE_UNITS and value != value.to_integral_value():
        raise ValidationError(whole_error(label))
    return as_stored(value)


class EntryForm(forms.Form):
    """The grid: for one province and period, a value, source and note per entered indicator."""

    def __init__(self, *args, indicators, current=None, versions=None, **kwargs):
        """`current`: {indicator pk: its observation}; `versions`: {observation pk: its version}
        (core.concurrency.versions_of), carried per figure so that a save leaves alone what a colleague
        changed meanwhile and the user did not."""
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        current, versions = current or {}, versions or {}
        for ind in self.indicators:
            obs = current.get(ind.pk)
            self.fields[f"version_{ind.code}"] = forms.IntegerField(
                required=False, min_value=0, widget=forms.HiddenInput, label=_("Phiên bản"),
                initial=versions.get(obs.pk, 0) if obs is not None else 0)
            self.fields[f"value_{ind.code}"] = forms.CharField(
                label=_("%(name)s (%(unit)s)") % {"name": ind, "unit": ind.get_unit_display()}, required=False,
                initial=("" if obs is None else _plain(obs.value)))
            self.fields[f"source_{ind.code}"] = forms.CharField(label=_("Nguồn"), required=False, max_length=200,
                                                                initial=obs.source if obs else "")
            self.fields[f"note_{ind.code}"] = forms.CharField(label=_("Ghi chú"), required=False, max_length=500,
                                                              initial=obs.note if obs else "")

    def clean(self):
        data = super().clean()
        for ind in self.indicators:
            name = f"value_{ind.code}"
            if name in data:
                try:
                    data[name] = parse_amount(data[name], str(ind), ind.unit)
                except ValidationError as error:
                    self.add_error(name, error)
        return data

    def rows(self):
        return [(ind, self[f"value_{ind.code}"], self[f"source_{ind.code}"], self[f"note_{ind.code}"],
                 self[f"version_{ind.code}"]) for ind in self.indicators]

    def show_conflicts(self, error):
        """After save_observations refused figures a colleague changed (actions.StaleFigures): the user's
        input stays, each such figure says who changed it and carries its new version."""
        self.data = self.data.copy()
        for indicator, message, version in error.conflicts:
            self.data[self.add_prefix(f"version_{indicator.code}")] = str(version)
            self.add_error(f"value_{indicator.code}", message + " " + _(
                "Số bạn nhập vẫn được giữ; xem lại rồi bấm lưu lần nữa để ghi đè."))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp số liệu (.xlsx hoặc .csv)"),
                           error_messages={"required": _("Chọn tệp .xlsx hoặc .csv để tải lên")})


class TargetForm(forms.ModelForm):
    """A target and its yearly steps (one optional field a year of the span, named step_YYYY)."""

    class Meta:
        model = Target
        fields = ["indicator", "locality", "first_year", "last_year", "value", "basis"]

    def __init__(self, *args, localities, national=False, **kwargs):
        super().__init__(*args, **kwargs)
        add_version_field(self, self.instance)  # a save over someone else's change is refused
        self.fields["indicator"].queryset = Indicator.objects.filter(is_active=True)
        self.fields["locality"].queryset = localities
        self.fields["locality"].required = not national
        self.fields["locality"].empty_label = _("Toàn quốc") if national else None
        if not national:
            # The model's "Để trống: mục tiêu toàn quốc" is the centre's: a province has no empty choice and
            # sets no national target, so it reads whose targets it sets.
            self.fields["locality"].help_text = _("Mục tiêu của %(places)s; mục tiêu toàn quốc do trung ương "
                                                  "đặt.") % {"places": ", ".join(str(loc) for loc in localities)}
        # Typed as people write it ("3.000.000", "29,7"), read by parse_amount like the grid.
        self.fields["value"] = forms.CharField(label=_("Giá trị mục tiêu cả kỳ"))
        if self.instance.pk and not self.is_bound:
            self.initial["value"] = _plain(self.instance.value)
        first, last = self._years()
        steps = {s.year: s.value for s in self.instance.steps.all()} if self.instance.pk else {}
        for year in range(first, min(last, first + MAX_TARGET_YEARS - 1) + 1):
            initial = steps.get(year)
            self.fields[f"step_{year}"] = forms.CharField(
                label=_("Mốc năm %(year)s") % {"year": year}, required=False,
                initial="" if initial is None else _plain(initial))

    def _years(self):
        def year(name, default):
            raw = self.data.get(name) if self.is_bound else (self.initial.get(name) or getattr(self.instance, name))
            try:
                value = int(raw)
            except (TypeError, ValueError):
                return default
            return value if 1990 <= value <= 2100 else default
        first = year("first_year", 2026)
        return first, max(first, year("last_year", first + 4))

    def clean_value(self):
        indicator = self.cleaned_data.get("indicator")
        value = parse_amount(self.cleaned_data["value"], self.fields["value"].label,
                             indicator.unit if indicator else None)
        if value is None:
            raise ValidationError(_("Nhập giá trị mục tiêu cả kỳ"))
        return value

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first and last:
            if first > last:
                self.add_error("last_year", _("Năm cuối không được trước năm đầu."))
            elif last - first + 1 > MAX_TARGET_YEARS:
                self.add_error("last_year", _("Một mục tiêu dài tối đa %(n)s năm.") % {"n": MAX_TARGET_YEARS})
        indicator = data.get("indicator")
        if "locality" not in self.errors:
            duplicate = duplicate_target_message(indicator, data.get("locality"), first, last, data.get("basis"),
                                                 self.instance.pk)
            if duplicate:
                self.add_error("indicator", duplicate)
        steps = {}
        for name in [n for n in self.fields if n.startswith("step_")]:
            try:
                value = parse_amount(self.data.get(name), self.fields[name].label,
                                     indicator.unit if indicator else None)
            except ValidationError as error:
                self.add_error(name, error)
                continue
            year = int(name[5:])
            if value is not None and first and last and first <= year <= last:
                steps[year] = value
        self.steps = steps
        return data

    def fields_for_action(self):
        return {k: v for k, v in self.cleaned_data.items() if not k.startswith("step_") and k != FIELD}


def _plain(value):
    """A stored amount as the form shows it: no trailing zeros, a decimal comma ("29,7", "3000000")."""
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f").rstrip("0")
    return text.rstrip(".").replace(".", ",")


class PeriodField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return Period.parse(value) if value else None


def locality_choices():
    return Locality.objects.current()
