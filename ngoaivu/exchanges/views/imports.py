"""Delegations from Excel or CSV: upload, preview (every error named by row and column), confirm once."""
import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngoaivu.core.exports import attachment
from ngoaivu.core.import_files import ImportFileError, check_size
from ngoaivu.exchanges import imports
from ngoaivu.exchanges.views.common import require_planner


class DelegationUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx) hoặc CSV"),
                           help_text=gettext_lazy("Dòng đầu là tên các cột như bảng dưới; mỗi dòng sau là một đoàn"),
                           error_messages={"required": gettext_lazy("Chọn tệp để nhập")})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload, imports.layout())
        except ImportFileError as error:
            raise ValidationError(str(error))
        return upload


@login_required
def delegation_import(request):
    """Step 1 (upload) shows the preview (new, unchanged, changed); step 2 (confirm) writes every new and
    changed row, or none."""
    require_planner(request.user)
    if request.method == "POST" and request.POST.get("confirm"):
        return _confirm(request)
    form = DelegationUploadForm(request.POST or None, request.FILES or None)
    result = run = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result, run = imports.start(upload, request.user, filename=upload.name)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            if not result.rows:
                form.add_error("file", _("Tệp không có dòng dữ liệu nào"))
                result = None
    return render(request, "exchanges/delegation_import.html", {
        "form": form, "result": result, "run": run, "columns": imports.COLUMNS})


def _confirm(request):
    try:
        token = uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        token = None
    try:
        if token is None:
            raise ImportFileError(_("Phiên nhập đã hết hạn: hãy tải tệp lên lại."))
        _result, created, updated = imports.confirm(token, request.user)
    except imports.AlreadyConfirmed:
        messages.warning(request, _("Bản nhập này đã được xác nhận: không nhập lại lần nữa, không có đoàn nào bị "
                                    "nhập trùng."))
        return redirect("exchanges:delegation_list")
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("exchanges:delegation_import")
    except ValidationError as error:
        messages.error(request, _("Không nhập dòng nào: %(msg)s") % {"msg": "; ".join(error.messages)})
        return redirect("exchanges:delegation_import")
    messages.success(request, _("Đã nhập lúc %(time)s: %(new)s đoàn mới, %(changed)s đoàn được cập nhật.") % {
        "new": len(created), "changed": len(updated), "time": timezone.localtime().strftime("%H:%M %d/%m/%Y")})
    return redirect("exchanges:delegation_list")


@login_required
def delegation_import_template(request):
    return attachment(imports.template(), "mau-nhap-doan-ra-doan-vao.xlsx")
