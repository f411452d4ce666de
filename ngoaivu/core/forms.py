"""Form rendering and the forms of the core app."""
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core import validators
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.choices import Role, ScopeKind
from ngoaivu.core.concurrency import add_version_field
from ngoaivu.core.models import Locality, Unit, User
from ngoaivu.core.numbers import parse_vn_number, typed


SQLITE_MAX_INTEGER = 2**63 - 1


class IdsField(forms.ModelMultipleChoiceField):
    """Several records chosen by id (partners, sectors, provinces…). Django checks the chosen ids with one
    `pk IN (…)` query, which SQLite cannot run with an integer past 64 bits (OverflowError, a 500): such an
    id cannot exist, so it is refused as a choice that is not on offer, before any query. Every form uses
    this field rather than Django's (`tests/core/test_filter_bounds.py` checks it)."""

    def _check_values(self, value):
        if not self.to_field_name:
            for pk in value:
                text = str(pk).strip()
                if text.lstrip("-").isdecimal() and abs(int(text)) > SQLITE_MAX_INTEGER:
                    raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                                params={"value": text})
        return super()._check_values(value)


class CurrentLocalityField(forms.ModelChoiceField):
    """The province of a new record (a delegation, a conference), among current provinces. A former one
    (Bắc Giang, in an old link or a form filled from an old record) is refused with what happened and what
    to choose — "Tỉnh, thành phố: Bắc Giang đã hợp nhất vào Bắc Ninh từ 01/07/2025; chọn Bắc Ninh" — when
    its successor is on offer; it was "not one of the available choices". The API says it alike
    (core.api.serializers.CurrentLocalityRelatedField); the rule is Locality.objects.merged_refusal."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            if message := self.queryset.merged_refusal(value, self.label):
                raise forms.ValidationError(message, code="merged") from None
            raise


class CurrentLocalitiesField(IdsField):
    """Several provinces a new record goes to (a report request's, a directive's recipients), among current
    provinces: a former one ticked in an old link or a form kept open since the merger is refused as
    CurrentLocalityField refuses it, naming what to choose (was "not one of the available choices"). Every
    former province chosen is named; a wrong id without one keeps the field's own error."""

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except forms.ValidationError as error:
            if error.code == "invalid_choice":
                refusals = [m for pk in dict.fromkeys(value) if (m := self.queryset.merged_refusal(pk, self.label))]
                if refusals:
                    raise forms.ValidationError([forms.ValidationError(m, code="merged") for m in refusals]) \
                        from None
            raise


class ConfirmField(forms.BooleanField):
    """A "save anyway" box (a possible duplicate, a consequence to accept). The tick answers the warning about
    the input it was given with; a form shown again (for that warning or any other error) holds input the user
    may change before the next submit, so the box comes back unticked: a tick carried over confirmed a
    duplicate nobody had seen. The value posted is still what validation reads."""

    def bound_data(self, data, initial):
        return False


class VnDecimalField(forms.DecimalField):
    """A figure typed the Vietnamese way ("2.500.000", "1.234,5"), read by core.numbers like every import.
    A text box, not `type=number`: Chromium in a Vietnamese page read "2500000,5" as 25.000.005 and sent
    "1.500.000" as "1.500000", so the figure saved was not the one typed. The limits' messages are the
    field's (NamedErrorsBoundField puts its label first)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    default_error_messages = {
        "invalid": _("viết số như 1.250.000 hoặc 1.234,5"),
        "max_decimal_places": _("chỉ nhập số nguyên, không có phần thập phân"),
        "max_digits": _("số quá lớn"),
        "max_whole_digits": _("số quá lớn"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.decimal_places == 0:
            self.widget.attrs["inputmode"] = "numeric"

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = parse_vn_number(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if self.decimal_places == 0 and number == number.to_integral_value():
            number = number.quantize(1)  # "1.000.000,00" is a whole number
        return number

    def prepare_value(self, value):
        return typed(value)

    def widget_attrs(self, widget):
        return forms.Field.widget_attrs(self, widget)  # no `step`/`min`: they belong to type=number


class VnIntegerField(forms.IntegerField):
    """A count typed the Vietnamese way ("1.200"): see VnDecimalField."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    default_error_messages = {"invalid": _("nhập một số nguyên, như 1.200")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = parse_vn_number(value)
        except ValueError:
            number = None
        if number is None or number != number.to_integral_value() or abs(number) > SQLITE_MAX_INTEGER:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)

    def widget_attrs(self, widget):
        return forms.Field.widget_attrs(self, widget)


CHOOSE_WIDGETS = (forms.Select, forms.RadioSelect, forms.CheckboxInput, forms.CheckboxSelectMultiple,
                  forms.SelectMultiple, forms.ClearableFileInput, forms.FileInput)


class NamedErrorsBoundField(BoundField):
    """Django's "This field is required." and "Enter a valid date." name no field; GOV.UK asks for
    "Enter …" / "Choose …" with the label's words, the same in the error summary and beside the field.

    Only Django's own messages are changed: a form's own wording ("Chọn tệp để tải lên") stays. A required
    field's message becomes "Nhập <label>"; the other built-in checks (a date, a number, a limit, a length)
    are prefixed with the label, so the error summary says which field it is about."""

    LABELLED_CODES = frozenset({"invalid", "min_value", "max_value", "max_length", "min_length", "max_digits",
                                "max_decimal_places", "max_whole_digits", "invalid_choice", "invalid_list",
                                "invalid_pk_value", "step_size", "invalid_date", "invalid_time"})

    @property
    def errors(self):
        errors = super().errors
        if not errors:
            return self._file_not_kept() or errors
        generic = str(forms.Field.default_error_messages["required"])
        label = str(self.label or self.name)
        messages, changed = [], False
        for error, message in zip(errors.as_data(), errors):
            if error.code == "required" and message == generic:
                verb = _("Chọn") if isinstance(self.field.widget, CHOOSE_WIDGETS) else _("Nhập")
                # keep acronyms such as "UBND" as they are
                words = label[0].lower() + label[1:] if len(label) > 1 and not label[1].isupper() else label
                message, changed = f"{verb} {words}", True
            elif error.code in self.LABELLED_CODES and label.lower() not in message.lower():
                lowered = message if len(message) > 1 and message[1].isupper() else message[:1].lower() + message[1:]
                message, changed = f"{label}: {lowered}", True
            messages.append(message)
        return ErrorList(messages, renderer=errors.renderer) if changed else errors

    def _file_not_kept(self):
        """A file chosen on a form refused for another field: the page comes back with the file input empty
        (no browser lets a page fill one in) and nothing was stored, so the field says it must be chosen
        again; without a word, the record was sent the second time without its file."""
        if not (isinstance(self.field, forms.FileField) and self.form.is_bound and self.form.errors):
            return None
        chosen = self.form.files.get(self.html_name)
        if not chosen:
            return None
        return ErrorList([_("%(label)s “%(name)s” chưa được lưu vì biểu mẫu có lỗi; vui lòng chọn lại tệp.") % {
            "label": self.label or self.name, "name": getattr(chosen, "name", "")}], renderer=self.form.renderer)

    def build_widget_attrs(self, attrs, widget=None):
        # GOV.UK: validate on the server only; an HTML5 `required` would pop up a browser bubble instead.
        attrs = super().build_widget_attrs(attrs, widget)
        attrs.pop("required", None)
        return attrs


def errors_text(form) -> str:
    """A refused form's errors in one line, each naming its field (NamedErrorsBoundField): for the small
    forms of a record's page (a note beside a button) whose view sends the user back to that page, which
    does not draw them again."""
    return " ".join([*form.non_field_errors(), *(message for name in form.errors if name in form.fields
                                                  for message in form[name].errors)])


class FormRenderer(TemplatesSetting):
    """GOV.UK-style fields: label, hint, error message, then the control; error summary in the page."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
    bound_field_class = NamedErrorsBoundField


class DateInput(forms.DateInput):
    """A typed dd/mm/yyyy date (no picker needed; old records often need typing anyway)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "input input--width-10", "inputmode": "numeric",
                                "placeholder": "dd/mm/yyyy", **(attrs or {})}, format="%d/%m/%Y")


class DatalistInput(forms.TextInput):
    """A text input that suggests values (an HTML <datalist>) and still accepts any text; no JavaScript."""

    template_name = "core/forms/datalist.html"

    def __init__(self, options=(), attrs=None):
        super().__init__(attrs)
        self.options = list(options)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["options"] = self.options
        widget["attrs"]["list"] = f"{widget['attrs'].get('id') or name}-options"
        return context


class OwnPasswordChangeForm(PasswordChangeForm):
    """One's own password change: the current password is checked under the sign-in's lock (core.auth).
    Refused without a check while the account is locked from this address, even when right; a wrong one
    counts towards the lock."""

    def __init__(self, user, *args, request=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        from ngoaivu.core import auth
        old_password = self.cleaned_data["old_password"]
        guarded = settings.AXES_ENABLED and self.request is not None
        if guarded and auth.is_locked_out(self.request, self.user.get_username()):
            raise forms.ValidationError(auth.current_password_locked_message(), code="locked")
        if not self.user.check_password(old_password):
            if guarded:
                auth.count_wrong_current_password(self.request, self.user)
            raise forms.ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password


class LoginForm(AuthenticationForm):
    """One message for every failure (wrong password, unknown user, inactive or locked-out account), so
    the page tells no one which user names exist (see core.auth). A name longer than any account's is the
    one field error: it tells nothing about accounts."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets the field's max_length from the model after the field was built, so nothing checks
        # it; a longer name would reach django-axes' failure record, which PostgreSQL refuses (a 500).
        field = self.fields["username"]
        field.validators.append(validators.MaxLengthValidator(field.max_length))

    def get_invalid_login_error(self):
        from ngoaivu.core.auth import login_failed_message
        return forms.ValidationError(login_failed_message(), code="invalid_login")

    def confirm_login_allowed(self, user):
        if not user.is_active:  # only reached with a backend that lets inactive users through
            raise self.get_invalid_login_error()


class ScopeFieldsMixin:
    """The scope and role fields of an account, offering only what the manager may grant
    (core.accounts.grantable_kinds / grantable_localities; the actions check again)."""

    def setup_scope_fields(self, manager):
        from ngoaivu.core import accounts
        kinds = accounts.grantable_kinds(manager)
        # Mission accounts are provisioned with `ngoaivu createuser` (they need the mission row first).
        self.fields["kind"].choices = [(k, v) for k, v in ScopeKind.choices if k in kinds and k != ScopeKind.MISSION]
        localities = accounts.grantable_localities(manager)
        self.fields["locality"].queryset = localities
        self.fields["unit"].queryset = Unit.objects.filter(locality__in=localities, valid_until__isnull=True)

    def clean_scope(self, data, mission=None):
        """`mission`: the mission an account already works for, which its scope form may keep."""
        kind = data.get("kind")
        if kind == ScopeKind.LOCALITY and not data.get("locality"):
            self.add_error("locality", _("Chọn tỉnh, thành phố"))
        if kind == ScopeKind.UNIT and not data.get("unit"):
            self.add_error("unit", _("Chọn cơ quan, đơn vị"))
        if kind == ScopeKind.MISSION and mission is None:
            self.add_error("kind", _("Tài khoản của cơ quan đại diện được tạo bằng lệnh ngoaivu createuser"))
        data["mission"] = mission if kind == ScopeKind.MISSION else None


class UserCreateForm(ScopeFieldsMixin, forms.Form):
    """A manager provisions an account inside their own province (or anywhere, for the centre)."""

    # ASCII only, as the hint says: \w would let "nguyễn" in, typed differently on another keyboard.
    username = forms.RegexField(label=_("Tên đăng nhập"), max_length=150, regex=r"^[A-Za-z0-9_.@+-]+$",
                                help_text=_("Chữ không dấu, số và . @ + - _"),
                                error_messages={"invalid": _("Tên đăng nhập chỉ gồm chữ không dấu, số và . @ + - _")})
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    job_title = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False,
                             help_text=_("Dùng để gửi bản tin nhắc việc"))
    kind = forms.ChoiceField(label=_("Phạm vi"), choices=ScopeKind.choices)
    locality = forms.ModelChoiceField(label=_("Tỉnh, thành phố"), queryset=Locality.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_("Cơ quan, đơn vị"), queryset=Unit.objects.none(), required=False,
                                  help_text=_("Chỉ khi phạm vi là một cơ quan, đơn vị trong tỉnh"))
    # No role chosen in advance: the first choice was "Quản lý", the widest, granted by a manager who
    # only meant to fill in a name.
    role = forms.ChoiceField(label=_("Vai trò"), choices=[("", _("— Chọn vai trò —")), *Role.choices])
    # Never written back into the page after an error (the page would carry the password in its HTML).
    password = forms.CharField(label=_("Mật khẩu ban đầu"), widget=forms.PasswordInput(render_value=False),
                               help_text=_("Ít nhất 10 ký tự; người dùng nên đổi sau lần đăng nhập đầu"))

    def __init__(self, *args, manager, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_scope_fields(manager)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Tên đăng nhập này đã có người dùng"))
        return username

    def clean(self):
        data = super().clean()
        self.clean_scope(data)
        password = data.get("password")
        if password:
            from django.contrib.auth.password_validation import validate_password
            try:
                validate_password(password, User(username=data.get("username", ""), full_name=data.get("full_name", "")))
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class MembershipForm(ScopeFieldsMixin, forms.Form):
    """Change one scope of an account and its role."""

    kind = forms.ChoiceField(label=_("Phạm vi"), choices=ScopeKind.choices)
    locality = forms.ModelChoiceField(label=_("Tỉnh, thành phố"), queryset=Locality.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_("Cơ quan, đơn vị"), queryset=Unit.objects.none(), required=False)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)

    def __init__(self, *args, manager, membership, **kwargs):
        kwargs.setdefault("initial", {"kind": membership.kind, "locality": membership.locality_id,
                                      "unit": membership.unit_id, "role": membership.role})
        kwargs.setdefault("prefix", f"m{membership.pk}")
        super().__init__(*args, **kwargs)
        self.setup_scope_fields(manager)
        # A mission's account keeps its mission (offered as it is; a new one is made by the command): without
        # it, the form showed "Trung ương" in its place and a change of role made the account the centre's.
        self.mission = membership.mission if membership.kind == ScopeKind.MISSION else None
        if self.mission is not None:
            from ngoaivu.core import accounts
            if ScopeKind.MISSION in accounts.grantable_kinds(manager):
                self.fields["kind"].choices = [*self.fields["kind"].choices,
                                               (ScopeKind.MISSION, f"{ScopeKind.MISSION.label}: {self.mission}")]
        add_version_field(self, membership)  # two managers changing one scope: the stale save is refused

    def clean(self):
        data = super().clean()
        self.clean_scope(data, mission=self.mission)
        return data


class ProfileForm(forms.Form):
    """What every user edits about themselves (the password has its own page)."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    job_title = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False, help_text=_("Dùng để gửi bản tin nhắc việc"))

    def __init__(self, *args, account=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The account's owner and its managers edit the same fields: a save from a page read before another's
        # is refused (a job title a manager set was written back to the one the owner's page still showed).
        add_version_field(self, account)


class AccountForm(ProfileForm):
    """A manager edits a managed account: its profile and whether it may sign in (a superuser also
    whether it is a superuser)."""

    is_active = forms.BooleanField(label=_("Đang hoạt động (bỏ chọn để khóa tài khoản)"), required=False)
    is_superuser = forms.BooleanField(label=_("Quản trị viên hệ thống (mọi quyền)"), required=False)

    def __init__(self, *args, manager, account=None, **kwargs):
        super().__init__(*args, account=account, **kwargs)
        if not manager.is_superuser:
            del self.fields["is_superuser"]


class ForeignAffairsAgencyForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Cơ quan ngoại vụ của tỉnh"), queryset=Unit.objects.none(),
                                  help_text=_("Sở Ngoại vụ, hoặc Văn phòng UBND nơi không còn Sở Ngoại vụ (Nghị định 45/2025)"))

    def __init__(self, *args, locality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = locality.units.filter(
            kind__in=["department", "pc_office"], valid_until__isnull=True)


__all__ = ["FormRenderer", "DateInput", "DatalistInput", "LoginForm", "UserCreateForm", "MembershipForm", "ProfileForm",
           "AccountForm", "SetPasswordForm", "OwnPasswordChangeForm"]
