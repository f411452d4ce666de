"""Delegations from Excel or CSV: upload, preview (every error named by row and column), confirm once."""
from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngoaivu.core.exports import attachment
from ngoaivu.core.import_views import ImportPage, UploadForm
from ngoaivu.exchanges import imports
from ngoaivu.exchanges.views.common import require_planner


class DelegationUploadForm(UploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext_lazy("Dòng đầu là tên các cột như bảng dưới; mỗi dòng sau là một đoàn")


class DelegationImportPage(ImportPage):
    """Step 1 (upload) shows the preview (new, unchanged, changed); step 2 (confirm) writes every new and
    changed row, or none."""

    kind = "delegations"
    template_name = "exchanges/delegation_import.html"
    preview_template = "exchanges/includes/delegation_import_preview.html"
    import_url = "exchanges:delegation_import"
    list_url = "exchanges:delegation_list"
    form_class = DelegationUploadForm

    def authorise(self, user):
        require_planner(user)

    def layout(self):
        return imports.layout()

    def check(self, raw_rows, user):
        return imports.check_rows(raw_rows, user)

    def commit(self, result, user):
        created, updated = imports.commit(result, user)
        return len(created), len(updated)

    def extra_context(self):
        return {"columns": imports.COLUMNS}

    def already_confirmed_message(self, run):
        return _("Bản nhập này đã được xác nhận: không nhập lại lần nữa, không có đoàn nào bị nhập trùng.")

    def success_message(self, result, run):
        return _("Đã nhập lúc %(time)s: %(new)s đoàn mới, %(changed)s đoàn được cập nhật.") % {
            "new": run.created, "changed": run.updated,
            "time": timezone.localtime(run.confirmed_at).strftime("%H:%M %d/%m/%Y")}


delegation_import = DelegationImportPage.as_view()


@login_required
def delegation_import_template(request):
    return attachment(imports.template(), "mau-nhap-doan-ra-doan-vao.xlsx")
