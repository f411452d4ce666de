"""Forms of delegations, conferences and the province's settings.

Lists that officials keep in Word or Excel (countries, members, contacts) are typed or pasted one item a
line, fields separated by ";" or a tab, so a list copied from a table pastes as it is. Errors name the line.
A field that itself holds ";", "|" or a tab is written in double quotes ("" for a quote inside), as the
form shows a recorded one (format_members), so that it reads back whole.
"""
import re

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.concurrency import add_version_field
from ngoaivu.partners.widgets import PartnerPicker
from ngoaivu.core.countries import country_choices, country_name
from ngoaivu.core.files import UploadField
from ngoaivu.core.forms import CurrentLocalityField, DateInput, IdsField
from ngoaivu.core.models import Locality, Unit
from ngoaivu.core.text import fold
from ngoaivu.core.scoping import editable_localities
from ngoaivu.exchanges.choices import (
    ApprovalAuthority, Channel, ConferenceForm, ConferenceKind, DelegationLevel, Direction, ForeignLevel, FundingSource, Opinion,
    OrganiserKind, Topic,
)
from ngoaivu.exchanges.models import DelegationMember, DelegationStop, ExchangeSettings

_SEPARATORS = re.compile(r"\s*[;\t|]\s*")
# A field in double quotes, then the separator after it or the end of the line.
_QUOTED = re.compile(r'[ \t]*"((?:[^"]|"")*)"[ ]*(?:([;\t|])|[ \t]*$)')
TEXTAREA = {"class": "textarea", "rows": 4}
UNIT_KINDS = ["pc", "council", "pc_office", "department", "party", "socio_political", "other"]


def _country_index() -> dict[str, str]:
    from django.utils import translation
    from django_countries import countries
    index = {}
    for code, _name in countries:
        index[fold(code)] = code
        index[fold(country_name(code))] = code
        with translation.override("en"):
            index[fold(countries.name(code))] = code
    return index


def split_line(line: str) -> list[str]:
    """The fields of one line, split at ";", "|" or a tab and stripped; a field in double quotes is read whole.
    A quote elsewhere is part of the text (Công ty "ABC"), as before quoting was read."""
    line, parts, at = line.strip(), [], 0
    while True:
        quoted = _QUOTED.match(line, at)
        if quoted:
            parts.append(quoted.group(1).replace('""', '"').strip())
            if quoted.group(2) is None:
                return parts
            at = quoted.end()
            continue
        separator = _SEPARATORS.search(line, at)
        if separator is None:
            parts.append(line[at:].strip())
            return parts
        parts.append(line[at:separator.start()].strip())
        at = separator.end()


def join_line(parts) -> str:
    """One line that split_line reads back as these fields: a field with a separator or starting with a quote
    is quoted; a line break inside a field becomes a space (else it would read as the next item)."""
    written = []
    for part in parts:
        part = " ".join(str(part).splitlines()).strip()
        if any(c in part for c in ";|\t") or part.startswith('"'):
            part = '"%s"' % part.replace('"', '""')
        written.append(part)
    return "; ".join(written)


def split_items(text, separator="|") -> str:
    """The text one item a line, where `separator` between fields also ends an item (the import's cell
    "Hàn Quốc; Suwon | Nhật Bản"), except inside a quoted field, read whole as split_line reads it: a place
    written "Gyeonggi | Suwon" was cut into two stops."""
    items = []
    for line in (text or "").splitlines():
        at = start = 0
        while True:
            quoted = _QUOTED.match(line, at)
            if quoted:
                if quoted.group(2) is None:
                    break
                if quoted.group(2) == separator:
                    items.append(line[start:quoted.end() - 1])
                    start = quoted.end()
                at = quoted.end()
                continue
            found = _SEPARATORS.search(line, at)
            if found is None:
                break
            if found.group().strip() == separator:
                items.append(line[start:found.start()])
                start = found.end()
            at = found.end()
        items.append(line[start:])
    return "\n".join(items)


def _lines(text):
    return [(i, split_line(line)) for i, line in enumerate((text or "").splitlines(), 1) if line.strip()]


def parse_stops(text) -> list[dict]:
    index, stops = _country_index(), []
    for number, parts in _lines(text):
        code = index.get(fold(parts[0]))
        if code is None:
            raise forms.ValidationError(_("Dòng %(n)s: không nhận ra nước “%(name)s”; viết tên nước, ví dụ Nhật Bản")
                                        % {"n": number, "name": parts[0]})
        days = None
        if len(parts) > 2 and parts[2]:
            if not parts[2].isdecimal():
                raise forms.ValidationError(_("Dòng %(n)s: số ngày phải là một số, ví dụ 3") % {"n": number})
            days = int(parts[2])
        city = parts[1] if len(parts) > 1 else ""
        # A longer place than the column holds was refused by PostgreSQL, a server error.
        limit = DelegationStop._meta.get_field("city").max_length
        if len(city) > limit:
            raise forms.ValidationError(_("Dòng %(n)s: tên địa phương dài quá %(max)s ký tự; viết tên nước; địa "
                                          "phương; số ngày — ví dụ Hàn Quốc; Suwon; 5") % {"n": number, "max": limit})
        stops.append({"country": code, "city": city, "days": days})
    return stops


def parse_members(text) -> list[dict]:
    members = []
    for number, parts in _lines(text):
        member = {"full_name": parts[0], "title": parts[1] if len(parts) > 1 else "",
                  "organisation": parts[2] if len(parts) > 2 else ""}
        # A list pasted as one line (no ";" between the parts) is longer than a column can hold: PostgreSQL
        # refused the row, a server error.
        for key, value in member.items():
            field = DelegationMember._meta.get_field(key)
            if len(value) > field.max_length:
                raise forms.ValidationError(
                    _("Dòng %(n)s: %(field)s dài quá %(max)s ký tự; mỗi dòng một người: họ tên; chức vụ; cơ quan")
                    % {"n": number, "field": field.verbose_name, "max": field.max_length})
        members.append(member)
    return members


def format_members(members) -> str:
    """One line a member as parse_members reads it back: an empty title keeps its place ("name; ; body"),
    else the body was read as the title on the next save; only empty parts at the end are left out. A part
    with ";" or "|" (typed through the API) is quoted (join_line): else the next save split it into the
    following columns and dropped what went past the third."""
    lines = []
    for m in members:
        parts = [m.full_name, m.title or "", m.organisation or ""]
        while len(parts) > 1 and parts[-1] == "":
            parts.pop()
        lines.append(join_line(parts))
    return "\n".join(lines)


CONTACT_FIELDS = {Channel.PARTY: "contacts_party", Channel.STATE: "contacts_state", Channel.PEOPLE: "contacts_people"}
CONTACT_LABELS = {
    Channel.PARTY: _("Tiếp xúc trên kênh đối ngoại Đảng"),
    Channel.STATE: _("Tiếp xúc trên kênh ngoại giao Nhà nước"),
    Channel.PEOPLE: _("Tiếp xúc trên kênh đối ngoại nhân dân"),
}


class ContactsMixin:
    """Three boxes, one per channel, one contact a line."""

    def add_contact_fields(self, delegation=None):
        for channel, name in CONTACT_FIELDS.items():
            self.fields[name] = forms.CharField(label=CONTACT_LABELS[channel], required=False,
                                                widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
                                                help_text=_("Mỗi dòng một cơ quan, tổ chức hoặc người được tiếp xúc"))
            if delegation is not None:
                # A line break inside one (typed through the API) would read back as two contacts.
                self.initial[name] = "\n".join(" ".join(c.counterpart.splitlines())
                                               for c in delegation.contacts.all() if c.channel == channel)

    def contacts(self) -> list[dict]:
        return [{"channel": channel, "counterpart": line.strip()[:300]}
                for channel, name in CONTACT_FIELDS.items()
                for line in self.cleaned_data.get(name, "").splitlines() if line.strip()]


class StopForm(forms.Form):
    """One destination as a row: the country from a list, the place, the days, and the partner met there,
    searched from the first keystroke (the partner picker in single-choice mode): the page carries only the
    partner already chosen, not the country's whole directory."""

    country = forms.ChoiceField(label=_("Quốc gia"), required=False)
    city = forms.CharField(label=_("Địa phương"), max_length=120, required=False)
    days = forms.IntegerField(label=_("Số ngày"), min_value=1, max_value=365, required=False,
                              widget=forms.NumberInput(attrs={"class": "input input--width-5"}),
                              error_messages={"invalid": _("Số ngày phải là một số, ví dụ 3"),
                                              "min_value": _("Số ngày phải từ 1 trở lên")})
    partner = forms.ModelChoiceField(
        label=_("Đối tác (gõ để tìm)"), queryset=None, required=False, widget=PartnerPicker(multiple=False),
        # Shown as "Nước đến, dòng 2, cột “Đối tác (gõ để tìm)”: …" (DelegationForm.clean names the row).
        error_messages={"invalid_choice": _("không tìm thấy đối tác đã chọn trong danh mục; tìm và chọn lại, "
                                            "hoặc thêm đối tác ở mục Đối tác trước")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ngoaivu.partners.models import Partner
        self.fields["country"].choices = [("", "—")] + country_choices()
        # Merged duplicates are not offered: their references were moved to the partner kept.
        self.fields["partner"].queryset = Partner.objects.current()

    def clean(self):
        data = super().clean()
        partner = data.get("partner")
        if partner is not None and data.get("country") and partner.country and partner.country != data["country"]:
            self.add_error("partner", _("Đối tác “%(name)s” thuộc %(country)s, không phải nước của dòng này")
                           % {"name": str(partner), "country": country_name(partner.country)})
        if not data.get("country") and (data.get("city") or data.get("days") or partner):
            self.add_error("country", _("Chọn quốc gia"))
        return data

    def stop(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("country"):
            return None
        return {"country": data["country"], "city": data.get("city", ""), "days": data.get("days"),
                "partner": data.get("partner")}


class BaseStopFormSet(forms.BaseFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        for name, field in form.fields.items():  # each cell named for a screen reader: "Nước đến 2: Quốc gia"
            field.widget.attrs["aria-label"] = _("Nước đến %(n)s: %(label)s") % {"n": i + 1, "label": field.label}
            field.widget.attrs.setdefault("class", "select" if name == "country" else "input")
        return form


StopFormSet = forms.formset_factory(StopForm, formset=BaseStopFormSet, extra=2)


class DelegationForm(ContactsMixin, forms.Form):
    locality = CurrentLocalityField(label=_("Tỉnh, thành phố"), queryset=Locality.objects.none(),
                                    error_messages={"required": _("Chọn tỉnh, thành phố")})
    direction = forms.ChoiceField(label=_("Loại đoàn"), choices=Direction.choices, widget=forms.RadioSelect,
                                  error_messages={"required": _("Chọn đoàn ra hay đoàn vào")})
    channel = forms.ChoiceField(label=_("Kênh"), choices=Channel.choices, widget=forms.RadioSelect,
                                error_messages={"required": _("Chọn kênh đối ngoại")})
    title = forms.CharField(label=_("Tên đoàn"), max_length=300,
                            help_text=_("Ví dụ: Đoàn công tác của tỉnh thăm và làm việc tại Nhật Bản"),
                            error_messages={"required": _("Nhập tên đoàn")})
    unit = forms.ModelChoiceField(label=_("Cơ quan chủ trì"), queryset=Unit.objects.none(), required=False)
    level = forms.ChoiceField(label=_("Cấp trưởng đoàn"), choices=DelegationLevel.choices,
                              error_messages={"required": _("Chọn cấp trưởng đoàn")})
    head_name = forms.CharField(label=_("Họ tên trưởng đoàn"), max_length=150,
                                error_messages={"required": _("Nhập họ tên trưởng đoàn")})
    head_title = forms.CharField(label=_("Chức vụ trưởng đoàn"), max_length=200,
                                 error_messages={"required": _("Nhập chức vụ trưởng đoàn")})
    member_count = forms.IntegerField(label=_("Số thành viên (kể cả trưởng đoàn)"), min_value=1, max_value=999,
                                      widget=forms.NumberInput(attrs={"class": "input input--width-5"}),
                                      error_messages={"required": _("Nhập số thành viên của đoàn"),
                                                      "invalid": _("Số thành viên phải là một số"),
                                                      "min_value": _("Số thành viên phải từ 1 trở lên")})
    members = forms.CharField(label=_("Danh sách thành viên"), required=False,
                              widget=forms.Textarea(attrs=TEXTAREA),
                              help_text=_("Mỗi dòng một người: họ tên; chức vụ; cơ quan. Phần nào có dấu ; hoặc | thì đặt "
                                          "trong ngoặc kép, ví dụ: Nguyễn Văn An; \"Giám đốc; Trưởng ban\"; Sở Ngoại vụ"))
    stops_text = forms.CharField(
        label=_("Dán thêm danh sách nước"), required=False, widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
        help_text=_("Mỗi dòng một nước: tên nước; địa phương; số ngày — ví dụ Hàn Quốc; Suwon; 5. Phần nào có dấu ; "
                    "hoặc | thì đặt trong ngoặc kép, ví dụ Hàn Quốc; \"Seoul; Incheon\"; 5. Khi lưu, mỗi dòng "
                    "thành một dòng trong bảng trên"))
    # Searched from the first keystroke (htmx), not a list of every partner in the country.
    partners = IdsField(label=_("Đối tác nước ngoài"), queryset=None, required=False, widget=PartnerPicker(),
                        error_messages={"invalid_choice": _("Đối tác nước ngoài: không tìm thấy đối tác số %(value)s "
                                                            "trong danh mục"),
                                        "invalid_pk_value": _("Đối tác nước ngoài: “%(pk)s” không phải một đối tác "
                                                              "trong danh mục")})
    purpose = forms.CharField(label=_("Mục đích"), widget=forms.Textarea(attrs=TEXTAREA),
                              error_messages={"required": _("Nhập mục đích của đoàn")})
    programme = forms.CharField(label=_("Chương trình"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    start_date = forms.DateField(label=_("Ngày đi"), widget=DateInput(), help_text=_("Ví dụ: 27/3/2026"),
                                 error_messages={"required": _("Nhập ngày đi"),
                                                 "invalid": _("Ngày đi phải là ngày thật, dạng 27/3/2026")})
    end_date = forms.DateField(label=_("Ngày về"), widget=DateInput(), help_text=_("Ví dụ: 2/4/2026"),
                               error_messages={"required": _("Nhập ngày về"),
                                               "invalid": _("Ngày về phải là ngày thật, dạng 2/4/2026")})
    funding = forms.ChoiceField(label=_("Nguồn kinh phí"), choices=FundingSource.choices)
    funding_note = forms.CharField(label=_("Ghi chú kinh phí"), max_length=300, required=False)

    def __init__(self, *args, user, delegation=None, **kwargs):
        super().__init__(*args, **kwargs)
        from ngoaivu.partners.models import Partner
        localities = editable_localities(user)
        self.fields["locality"].queryset = localities
        if localities.count() == 1:
            self.initial.setdefault("locality", localities.first().pk)
        # The bodies in use, and the one the delegation has (a department merged away since it was filed stays
        # on offer: else the page showed the field empty and any save cleared it).
        own = Q(pk=delegation.unit_id) if delegation is not None and delegation.unit_id else Q(pk__in=[])
        self.fields["unit"].queryset = Unit.objects.filter(
            Q(locality__in=localities, valid_until__isnull=True, kind__in=UNIT_KINDS) | own)
        # Merged duplicates are not offered: their references were moved to the partner kept.
        self.fields["partners"].queryset = Partner.objects.current().order_by("name")
        self.add_contact_fields(delegation)
        initial_stops = [{"country": st.country.code if hasattr(st.country, "code") else st.country,
                          "city": st.city, "days": st.days, "partner": st.partner_id}
                         for st in delegation.stops.all()] if delegation is not None else []
        # A post without the table (a script, an old bookmark) gives its countries only as pasted lines.
        rows_posted = self.is_bound and "stops-TOTAL_FORMS" in self.data
        self.stops_formset = StopFormSet(self.data if rows_posted else None, prefix="stops",
                                         initial=[] if self.is_bound and not rows_posted else initial_stops)
        if delegation is not None:
            for name in ("locality", "direction", "channel", "title", "unit", "level", "head_name", "head_title",
                         "member_count", "purpose", "programme", "start_date", "end_date", "funding", "funding_note"):
                self.initial[name] = getattr(delegation, f"{name}_id" if name in ("locality", "unit") else name)
            self.initial["members"] = format_members(delegation.members.all())
            self.initial["partners"] = list(delegation.partners.values_list("pk", flat=True))
        add_version_field(self, delegation)

    def clean_stops_text(self):
        return parse_stops(self.cleaned_data["stops_text"])

    def clean_members(self):
        return parse_members(self.cleaned_data["members"])

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Ngày về phải cùng ngày hoặc sau ngày đi"))
        stops, rows = [], self.stops_formset
        if rows.is_bound and not rows.is_valid():
            for error in rows.non_form_errors():
                self.add_error(None, error)
            for number, row in enumerate(rows.forms, 1):
                for name, errors in row.errors.items():
                    for error in errors:
                        self.add_error(None, _("Nước đến, dòng %(n)s, cột “%(col)s”: %(msg)s") % {
                            "n": number, "col": row.fields[name].label if name in row.fields else name, "msg": error})
        elif rows.is_bound:
            stops = [row for row in (f.stop() for f in rows.forms) if row]
        stops += data.get("stops_text") or []
        if not stops and "stops_text" not in self._errors and not (rows.is_bound and not rows.is_valid()):
            self.add_error("stops_text", _("Nhập ít nhất một nước (chọn trong bảng hoặc dán danh sách)"))
        data["stops"] = stops
        members = data.get("members") or []
        if data.get("member_count") and len(members) + 1 > data["member_count"]:
            self.add_error("member_count", _("Số thành viên (%(n)s) ít hơn danh sách đã nhập cộng trưởng đoàn (%(m)s)")
                           % {"n": data["member_count"], "m": len(members) + 1})
        return data

    def model_data(self) -> dict:
        keys = ("locality", "direction", "channel", "title", "unit", "level", "head_name", "head_title",
                "member_count", "purpose", "programme", "start_date", "end_date", "funding", "funding_note")
        return {k: self.cleaned_data.get(k) for k in keys}


class ApproveDelegationForm(forms.Form):
    authority = forms.ChoiceField(label=_("Cấp phê duyệt"), choices=ApprovalAuthority.choices,
                                  error_messages={"required": _("Chọn cấp phê duyệt")})
    authority_note = forms.CharField(label=_("Tên cấp phê duyệt khác"), max_length=200, required=False,
                                     help_text=_("Chỉ khi chọn “Cấp khác”"))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60,
                                      widget=forms.TextInput(attrs={"class": "input input--width-20"}),
                                      error_messages={"required": _("Nhập số quyết định")})
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput(),
                                    error_messages={"required": _("Nhập ngày quyết định"),
                                                    "invalid": _("Ngày quyết định phải là ngày thật, dạng 27/3/2026")})


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("Ngày về thực tế"), widget=DateInput(),
                                  help_text=_("Với đoàn vào: ngày đoàn rời tỉnh"),
                                  error_messages={"required": _("Nhập ngày về"),
                                                  "invalid": _("Ngày về phải là ngày thật, dạng 27/3/2026")})
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs=TEXTAREA))


class ReportForm(ContactsMixin, forms.Form):
    submitted_on = forms.DateField(label=_("Ngày nộp báo cáo"), widget=DateInput(),
                                   error_messages={"required": _("Nhập ngày nộp báo cáo"),
                                                   "invalid": _("Ngày nộp báo cáo phải là ngày thật, dạng 27/3/2026")})
    summary = forms.CharField(label=_("Nội dung báo cáo"), widget=forms.Textarea(attrs={**TEXTAREA, "rows": 6}),
                              error_messages={"required": _("Nhập nội dung báo cáo kết quả")})
    results = forms.CharField(label=_("Cam kết, hoạt động được ghi nhận"), required=False,
                              widget=forms.Textarea(attrs=TEXTAREA),
                              help_text=_("Những việc hai bên thống nhất sẽ làm, mỗi dòng một việc"))
    agreements = IdsField(label=_("Thỏa thuận ký trong chuyến đi"), queryset=None,
                                                required=False,
                                                widget=forms.CheckboxSelectMultiple)
    file = UploadField(label=_("Tệp báo cáo"), required=False)

    def __init__(self, *args, user, delegation, **kwargs):
        super().__init__(*args, **kwargs)
        from ngoaivu.agreements.models import Agreement
        self.fields["agreements"].queryset = (Agreement.objects.visible_to(user)
                                              .filter(locality=delegation.locality).order_by("-signed_on", "title"))
        self.initial.setdefault("submitted_on", timezone.localdate())
        self.add_contact_fields(delegation)


class CancelForm(forms.Form):
    cancelled_on = forms.DateField(label=_("Ngày hủy"), widget=DateInput(),
                                   error_messages={"required": _("Nhập ngày hủy"),
                                                   "invalid": _("Ngày hủy phải là ngày thật, dạng 27/3/2026")})
    reason = forms.CharField(label=_("Lý do hủy"), widget=forms.Textarea(attrs=TEXTAREA),
                             error_messages={"required": _("Nhập lý do hủy")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("cancelled_on", timezone.localdate())


class ConferenceFormForm(forms.Form):
    """The conference's facts; authority and deadline are computed from them, never typed."""

    locality = CurrentLocalityField(label=_("Tỉnh, thành phố"), queryset=Locality.objects.none(),
                                    error_messages={"required": _("Chọn tỉnh, thành phố")})
    title = forms.CharField(label=_("Tên hội nghị, hội thảo"), max_length=300,
                            error_messages={"required": _("Nhập tên hội nghị, hội thảo")})
    kind = forms.ChoiceField(label=_("Loại"), choices=ConferenceKind.choices)
    form = forms.ChoiceField(label=_("Hình thức"), choices=ConferenceForm.choices, widget=forms.RadioSelect)
    vietnam_endpoint = forms.BooleanField(label=_("Có ít nhất một điểm cầu tại Việt Nam"), required=False,
                                          initial=True,
                                          help_text=_("Hội nghị trực tuyến chỉ thuộc Quyết định 06/2020 khi có điểm cầu tại Việt Nam"))
    venue = forms.CharField(label=_("Địa điểm"), max_length=300, error_messages={"required": _("Nhập địa điểm")})
    start_date = forms.DateField(label=_("Ngày khai mạc"), widget=DateInput(),
                                 error_messages={"required": _("Nhập ngày khai mạc"),
                                                 "invalid": _("Ngày khai mạc phải là ngày thật, dạng 27/3/2026")})
    end_date = forms.DateField(label=_("Ngày bế mạc"), widget=DateInput(),
                               error_messages={"required": _("Nhập ngày bế mạc"),
                                               "invalid": _("Ngày bế mạc phải là ngày thật, dạng 27/3/2026")})
    # Its own message: built from the label, "Chọn cơ quan tổ chức là" read as a broken sentence.
    organiser_kind = forms.ChoiceField(label=_("Cơ quan tổ chức là"), choices=OrganiserKind.choices,
                                       widget=forms.RadioSelect,
                                       error_messages={"required": _("Chọn loại cơ quan tổ chức")})
    organiser_unit = forms.ModelChoiceField(label=_("Cơ quan tổ chức của tỉnh"), queryset=Unit.objects.none(),
                                            required=False)
    organiser_name = forms.CharField(label=_("Tên cơ quan tổ chức khác"), max_length=300, required=False,
                                     help_text=_("Khi cơ quan tổ chức không phải cơ quan của tỉnh"))
    content = forms.CharField(label=_("Nội dung chính"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    participants_count = forms.IntegerField(label=_("Số đại biểu dự kiến"), min_value=1,
                                            widget=forms.NumberInput(attrs={"class": "input input--width-5"}),
                                            error_messages={"required": _("Nhập số đại biểu dự kiến"),
                                                            "invalid": _("Số đại biểu phải là một số")})
    foreign_participants_count = forms.IntegerField(
        label=_("Trong đó, đại biểu nước ngoài"), min_value=0,
        widget=forms.NumberInput(attrs={"class": "input input--width-5"}),
        error_messages={"required": _("Nhập số đại biểu nước ngoài"), "invalid": _("Số đại biểu phải là một số")})
    highest_foreign_level = forms.ChoiceField(label=_("Cấp cao nhất của đại biểu nước ngoài"),
                                              choices=ForeignLevel.choices)
    topics = forms.MultipleChoiceField(label=_("Nội dung liên quan đến"), choices=Topic.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple,
                                       help_text=_("Chọn nếu có; mỗi nội dung này đều phải trình Thủ tướng cho phép"))
    # Searched from the first keystroke (htmx), as on a delegation; their countries are what the mission
    # accredited there reads the conference by.
    partners = IdsField(
        label=_("Đối tác nước ngoài"), queryset=None, required=False, widget=PartnerPicker(),
        help_text=_("Đối tác đồng tổ chức hoặc tham dự; cơ quan đại diện tại nước của đối tác sẽ thấy hội nghị"),
        error_messages={"invalid_choice": _("Đối tác nước ngoài: không tìm thấy đối tác số %(value)s trong danh mục"),
                        "invalid_pk_value": _("Đối tác nước ngoài: “%(pk)s” không phải một đối tác trong danh mục")})

    def __init__(self, *args, user, conference=None, **kwargs):
        super().__init__(*args, **kwargs)
        from ngoaivu.partners.models import Partner
        # Merged duplicates are not offered: their references were moved to the partner kept.
        self.fields["partners"].queryset = Partner.objects.current().order_by("name")
        localities = editable_localities(user)
        self.fields["locality"].queryset = localities
        if localities.count() == 1:
            self.initial.setdefault("locality", localities.first().pk)
        # The bodies in use, and the one organising it (retired since, it stays: else the edit was refused
        # until another body was chosen).
        own = Q(pk=conference.organiser_unit_id) if conference is not None and conference.organiser_unit_id else Q(pk__in=[])
        self.fields["organiser_unit"].queryset = Unit.objects.filter(
            Q(locality__in=localities, valid_until__isnull=True, kind__in=UNIT_KINDS) | own)
        if conference is not None:
            for name in self.fields:
                if name == "partners":
                    self.initial[name] = list(conference.partners.values_list("pk", flat=True))
                    continue
                attr = f"{name}_id" if name in ("locality", "organiser_unit") else name
                self.initial[name] = getattr(conference, attr)
        add_version_field(self, conference)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Ngày bế mạc phải cùng ngày hoặc sau ngày khai mạc"))
        total, foreign = data.get("participants_count"), data.get("foreign_participants_count")
        if total is not None and foreign is not None and foreign > total:
            self.add_error("foreign_participants_count",
                           _("Số đại biểu nước ngoài không được lớn hơn tổng số đại biểu"))
        if data.get("organiser_kind") == OrganiserKind.PROVINCE_UNIT and not data.get("organiser_unit"):
            self.add_error("organiser_unit", _("Chọn cơ quan tổ chức của tỉnh"))
        if data.get("organiser_kind") and data["organiser_kind"] != OrganiserKind.PROVINCE_UNIT \
                and not data.get("organiser_name"):
            self.add_error("organiser_name", _("Nhập tên cơ quan tổ chức"))
        if data.get("form") == ConferenceForm.IN_PERSON:
            data["vietnam_endpoint"] = True
        return data

    def model_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        if data.get("organiser_kind") != OrganiserKind.PROVINCE_UNIT:
            data["organiser_unit"] = None
        return data


class DossierForm(forms.Form):
    submitted_on = forms.DateField(label=_("Ngày nộp hồ sơ"), widget=DateInput(),
                                   error_messages={"required": _("Nhập ngày nộp hồ sơ"),
                                                   "invalid": _("Ngày nộp hồ sơ phải là ngày thật, dạng 27/3/2026")})


class ConsultationForm(forms.Form):
    body = forms.CharField(label=_("Cơ quan được hỏi ý kiến"), max_length=200,
                           help_text=_("Ví dụ: Bộ Ngoại giao; Bộ Công an; Công an tỉnh"),
                           error_messages={"required": _("Nhập cơ quan được hỏi ý kiến")})
    sent_on = forms.DateField(label=_("Ngày gửi"), widget=DateInput(),
                              error_messages={"required": _("Nhập ngày gửi"),
                                              "invalid": _("Ngày gửi phải là ngày thật, dạng 27/3/2026")})


class AnswerForm(forms.Form):
    answered_on = forms.DateField(label=_("Ngày trả lời"), widget=DateInput(),
                                  error_messages={"required": _("Nhập ngày trả lời"),
                                                  "invalid": _("Ngày trả lời phải là ngày thật, dạng 27/3/2026")})
    opinion = forms.ChoiceField(label=_("Ý kiến"), choices=Opinion.choices, widget=forms.RadioSelect,
                                error_messages={"required": _("Chọn ý kiến của cơ quan")})
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs=TEXTAREA))


class ApproveConferenceForm(forms.Form):
    decision_number = forms.CharField(label=_("Số văn bản cho phép"), max_length=60,
                                      widget=forms.TextInput(attrs={"class": "input input--width-20"}),
                                      error_messages={"required": _("Nhập số văn bản cho phép")})
    decision_date = forms.DateField(label=_("Ngày cho phép"), widget=DateInput(),
                                    error_messages={"required": _("Nhập ngày cho phép"),
                                                    "invalid": _("Ngày cho phép phải là ngày thật, dạng 27/3/2026")})


class ConferenceReportForm(forms.Form):
    submitted_on = forms.DateField(label=_("Ngày nộp báo cáo"), widget=DateInput(),
                                   error_messages={"required": _("Nhập ngày nộp báo cáo"),
                                                   "invalid": _("Ngày nộp báo cáo phải là ngày thật, dạng 27/3/2026")})
    text = forms.CharField(label=_("Báo cáo kết quả"), widget=forms.Textarea(attrs={**TEXTAREA, "rows": 6}),
                           error_messages={"required": _("Nhập nội dung báo cáo")})
    file = UploadField(label=_("Tệp báo cáo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("submitted_on", timezone.localdate())


class ExchangeSettingsForm(forms.ModelForm):
    class Meta:
        model = ExchangeSettings
        exclude = ["locality"]
        widgets = {name: forms.NumberInput(attrs={"class": "input input--width-5"}) for name in (
            "report_days", "conference_report_days", "max_trips_per_official", "max_members_leader",
            "max_members_deputy", "max_members_department", "max_days", "max_countries", "max_days_per_country")}
        help_texts = {"max_days": _("Để trống nếu tỉnh không giới hạn")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_version_field(self, self.instance, first_save=True)  # its one form creates it too
