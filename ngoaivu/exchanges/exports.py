"""XLSX exports of any filtered list (openpyxl): what officials paste into their own reports.

Written by ngoaivu.core.exports (no text cell can be a formula). Dates are real Excel dates shown
dd/mm/yyyy; the header row is frozen and filterable."""
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.core import exports
from ngoaivu.core.countries import country_name
from ngoaivu.exchanges.forms import join_line


def _response(title, headers, rows, widths, stem):
    content = exports.xlsx(exports.Sheet(title, headers, rows, widths, wrap=True, autofilter=True))
    return exports.attachment(content, f"{stem}-{timezone.localdate():%Y%m%d}.xlsx")


def _stops_cell(stops) -> str:
    """The countries as the import reads them: one line each, "country; city; days" (empty parts at the end
    left out). A place with ";" or "|" is quoted (join_line): written bare, the import read its second half
    as the days (the row refused) or as another stop."""
    lines = []
    for s in stops:
        parts = [country_name(s.country), s.city or "", "" if s.days is None else str(s.days)]
        while parts[-1] == "":
            parts.pop()
        lines.append(join_line(parts))
    return "\n".join(lines)


def delegations_xlsx(queryset):
    """The list as the delegation import reads it back: "Mã hồ sơ" first and the import's column names, so a
    re-imported export updates its delegations instead of creating new ones (the other columns are ignored)."""
    today = timezone.localdate()
    headers = [_("Mã hồ sơ"), _("Tỉnh, thành phố"), _("Loại đoàn"), _("Kênh"), _("Cấp trưởng đoàn"), _("Tên đoàn"),
               _("Trưởng đoàn"), _("Chức vụ trưởng đoàn"), _("Số thành viên"), _("Nước đến"), _("Mục đích"),
               _("Đối tác"), _("Ngày đi"), _("Ngày về"), _("Nguồn kinh phí"), _("Cấp phê duyệt"), _("Số quyết định"),
               _("Ngày quyết định"), _("Trạng thái"), _("Hạn báo cáo"), _("Ngày nộp báo cáo"), _("Báo cáo quá hạn")]
    rows = []
    for d in queryset:
        report = getattr(d, "report", None)
        rows.append([
            d.pk, d.locality.short_name, d.get_direction_display(), d.get_channel_display(), d.get_level_display(),
            d.title, d.head_name, d.head_title, d.member_count, _stops_cell(d.stops.all()), d.purpose,
            ", ".join(str(p) for p in d.partners.all()), d.start_date, d.end_date, d.get_funding_display(),
            d.approval_authority_display, d.decision_number, d.decision_date, d.get_status_display(), d.report_due,
            report.submitted_on if report else None, _("Có") if d.report_is_overdue(today) else ""])
    widths = [10, 16, 10, 18, 22, 50, 22, 24, 10, 24, 40, 30, 12, 12, 18, 22, 16, 12, 20, 12, 12, 10]
    return _response(_("Đoàn ra, đoàn vào"), headers, rows, widths, "doan-ra-doan-vao")


def conferences_xlsx(queryset):
    today = timezone.localdate()
    headers = [_("Tỉnh, thành phố"), _("Tên"), _("Loại"), _("Hình thức"), _("Địa điểm"), _("Ngày khai mạc"),
               _("Ngày bế mạc"), _("Cơ quan tổ chức"), _("Đối tác"), _("Số đại biểu"), _("Đại biểu nước ngoài"),
               _("Cấp cao nhất phía nước ngoài"), _("Nội dung nhạy cảm"), _("Thẩm quyền cho phép"),
               _("Hạn nộp hồ sơ"), _("Ngày nộp hồ sơ"), _("Số văn bản cho phép"), _("Trạng thái"),
               _("Hạn báo cáo"), _("Báo cáo quá hạn")]
    rows = [[c.locality.short_name, c.title, c.get_kind_display(), c.get_form_display(), c.venue, c.start_date,
             c.end_date, c.organiser, ", ".join(str(p) for p in c.partners.all()), c.participants_count, c.foreign_participants_count,
             c.get_highest_foreign_level_display(), ", ".join(str(label) for label in c.topic_labels()), c.get_authority_display(),
             c.dossier_deadline, c.dossier_submitted_on, c.decision_number, c.get_status_display(), c.report_due,
             _("Có") if c.report_is_overdue(today) else ""] for c in queryset]
    widths = [16, 50, 12, 16, 30, 12, 12, 30, 30, 10, 10, 24, 30, 20, 12, 12, 16, 20, 12, 10]
    return _response(_("Hội nghị, hội thảo"), headers, rows, widths, "hoi-nghi-hoi-thao")
