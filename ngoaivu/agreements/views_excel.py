"""Excel in and out: template, export of the filtered list, import with preview then all-or-nothing."""
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.utils.translation import gettext_lazy

from ngoaivu.agreements import exports, imports
from ngoaivu.agreements.import_files import layout
from ngoaivu.agreements.views import can_add_agreements
from ngoaivu.core.exports import attachment
from ngoaivu.core.jobs import export_view
from ngoaivu.core.import_views import ImportPage, UploadForm as BaseUploadForm
from ngoaivu.core.numbers import vn_number


@login_required
def agreement_export(request, fmt):
    return export_view(request, f"agreements.export_{fmt}")


@login_required
def import_template(request):
    return attachment(exports.import_template(), "mau-nhap-thoa-thuan.xlsx")


class UploadForm(BaseUploadForm):
    """The agreements import form (Excel or CSV, refused over the size limit before reading it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages["required"] = _("Chọn tệp Excel để nhập")
        self.fields["file"].help_text = _("Dùng tệp mẫu hoặc tệp xuất từ sổ đăng ký; mỗi dòng một thỏa thuận; "
                                          "tối đa %(mb)s MB và %(rows)s dòng") % {
            "mb": settings.AGREEMENT_IMPORT_MAX_MB, "rows": vn_number(settings.AGREEMENT_IMPORT_MAX_ROWS)}


class AgreementImportPage(ImportPage):
    """Step 1 (upload) shows the preview; step 2 (confirm) commits the same rows, all or none."""

    kind = "agreements"
    template_name = "agreements/import.html"
    preview_template = "agreements/includes/import_preview.html"
    import_url = "agreements:agreement_import"
    list_url = "agreements:agreement_list"
    form_class = UploadForm
    conflict_message = gettext_lazy("Trong lúc nhập, một thỏa thuận cùng số, ký hiệu vừa được lưu (có thể bởi một "
                                    "lần nhập khác). Hãy tải tệp lên lại để kiểm tra.")

    def authorise(self, user):
        if not can_add_agreements(user):
            raise PermissionDenied

    def layout(self):
        return layout()

    def check(self, raw_rows, user):
        return imports.check_rows(raw_rows, user)

    def commit(self, result, user):
        return imports.commit(result, user)

    def already_confirmed_message(self, run):
        return _("Bản nhập này đã được xác nhận lúc %(time)s (%(created)s, %(updated)s được cập nhật): "
                 "không nhập lại lần nữa, không có dòng nào bị nhập trùng.") % {
            "time": timezone.localtime(run.confirmed_at).strftime("%H:%M %d/%m/%Y"), "created": _new(run.created),
            "updated": run.updated}

    def success_message(self, result, run):
        total = len(result.rows)
        return ngettext("Đã nhập %(total)s dòng: %(created)s, %(updated)s được cập nhật, %(same)s không thay đổi.",
                        "Đã nhập %(total)s dòng: %(created)s, %(updated)s được cập nhật, %(same)s không thay đổi.",
                        total) % {
            "total": total, "created": _new(run.created), "updated": run.updated,
            "same": total - run.created - run.updated}


def _new(n) -> str:
    """The count of new agreements: English says "1 new agreement", "2 new agreements"."""
    return ngettext("%(n)s thỏa thuận mới", "%(n)s thỏa thuận mới", n) % {"n": n}


agreement_import = AgreementImportPage.as_view()
