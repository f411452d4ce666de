"""Excel in and out: template, export of the filtered list, import with preview then all-or-nothing."""
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ngoaivu.agreements import exports, imports
from ngoaivu.agreements.filtersets import AgreementFilter
from ngoaivu.agreements.forms import ImportForm
from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.views import can_add_agreements

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "agreements_import"


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


@login_required
@require_http_methods(["GET", "POST"])
def agreement_import(request):
    """Step 1 (upload) shows the preview; step 2 (confirm) commits the same file, all rows or none."""
    if not can_add_agreements(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and request.POST.get("confirm"):
        return _confirm(request)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = imports.check_file(upload, request.user)
        except imports.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            if not result.rows:
                form.add_error("file", _("Tệp không có dòng dữ liệu nào"))
                result = None
            elif result.ok:
                upload.seek(0)
                name = default_storage.save(f"imports/{uuid.uuid4().hex}.xlsx", ContentFile(upload.read()))
                request.session[SESSION_KEY] = name
    return render(request, "agreements/import.html", {"form": form, "result": result})


def _confirm(request):
    name = request.session.pop(SESSION_KEY, None)
    if not name or not default_storage.exists(name):
        messages.error(request, _("Phiên nhập đã hết hạn: hãy tải tệp lên lại."))
        return redirect("agreements:agreement_import")
    try:
        with default_storage.open(name, "rb") as file:
            result = imports.check_file(file, request.user)
        created, updated = imports.commit(result, request.user)
    except (ValidationError, imports.ImportFileError) as error:
        messages.error(request, _("Không nhập dòng nào: %(msg)s") % {"msg": "; ".join(getattr(error, "messages", [str(error)]))})
        return redirect("agreements:agreement_import")
    finally:
        default_storage.delete(name)
    messages.success(request, _("Đã nhập %(total)s dòng: %(created)s thỏa thuận mới, %(updated)s được cập nhật, "
                                "%(same)s không thay đổi.") % {
        "total": len(result.rows), "created": created, "updated": updated,
        "same": len(result.rows) - created - updated})
    return redirect("agreements:agreement_list")
