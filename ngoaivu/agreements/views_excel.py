"""Excel in and out: template, export of the filtered list, import with preview then all-or-nothing."""
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ngoaivu.agreements import exports, import_runs
from ngoaivu.agreements.import_files import ImportFileError, check_size
from ngoaivu.agreements.filtersets import AgreementFilter
from ngoaivu.agreements.forms import ImportForm
from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.views import can_add_agreements

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def agreement_export(request, fmt):
    agreements = AgreementFilter(request.GET, queryset=Agreement.objects.visible_to(request.user)).qs
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "csv":
        return _attachment(exports.export_csv(agreements), "text/csv; charset=utf-8", f"thoa-thuan-{stamp}.csv")
    return _attachment(exports.export_xlsx(agreements), XLSX, f"thoa-thuan-{stamp}.xlsx")


@login_required
def import_template(request):
    return _attachment(exports.import_template(), XLSX, "mau-nhap-thoa-thuan.xlsx")


class UploadForm(ImportForm):
    """The import form, which also takes CSV and refuses a file over the size limit before reading it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Tệp Excel (.xlsx) hoặc CSV")
        self.fields["file"].help_text = _("Dùng tệp mẫu hoặc tệp xuất từ sổ đăng ký; mỗi dòng một thỏa thuận; "
                                          "tối đa %(mb)s MB và %(rows)s dòng") % {
            "mb": settings.AGREEMENT_IMPORT_MAX_MB, "rows": f"{settings.AGREEMENT_IMPORT_MAX_ROWS:,}".replace(",", ".")}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload)
        except ImportFileError as error:
            raise ValidationError(str(error))
        return upload


@login_required
@require_http_methods(["GET", "POST"])
def agreement_import(request):
    """Step 1 (upload) shows the preview; step 2 (confirm) commits the same file, all rows or none."""
    if not can_add_agreements(request.user):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("confirm"):
        return _confirm(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    result = run = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result, run = import_runs.start(upload, request.user, filename=upload.name)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            if not result.rows:
                form.add_error("file", _("Tệp không có dòng dữ liệu nào"))
                result = None
    return render(request, "agreements/import.html", {"form": form, "result": result, "run": run})


def _confirm(request):
    try:
        token = uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        token = None
    try:
        if token is None:
            raise ImportFileError(_("Phiên nhập đã hết hạn: hãy tải tệp lên lại."))
        result, run = import_runs.confirm(token, request.user)
    except import_runs.AlreadyConfirmed as error:
        run = error.args[0]
        messages.warning(request, _("Bản nhập này đã được xác nhận lúc %(time)s (%(created)s thỏa thuận mới, "
                                    "%(updated)s được cập nhật): không nhập lại lần nữa, không có dòng nào bị nhập "
                                    "trùng.") % {
            "time": timezone.localtime(run.confirmed_at).strftime("%H:%M %d/%m/%Y"), "created": run.created,
            "updated": run.updated})
        return redirect("agreements:agreement_list")
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("agreements:agreement_import")
    except ValidationError as error:
        messages.error(request, _("Không nhập dòng nào: %(msg)s") % {"msg": "; ".join(error.messages)})
        return redirect("agreements:agreement_import")
    messages.success(request, _("Đã nhập %(total)s dòng: %(created)s thỏa thuận mới, %(updated)s được cập nhật, "
                                "%(same)s không thay đổi.") % {
        "total": len(result.rows), "created": run.created, "updated": run.updated,
        "same": len(result.rows) - run.created - run.updated})
    return redirect("agreements:agreement_list")
