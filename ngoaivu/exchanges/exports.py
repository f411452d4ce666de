"""XLSX exports of any filtered list (openpyxl): what officials paste into their own reports.

Written by ngoaivu.core.exports (no text cell can be a formula). Dates are real Excel dates shown
dd/mm/yyyy; the header row is frozen and filterable."""
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.core import exports
from ngoaivu.core.countries import country_name
from ngoaivu.core.jobs import filter_request
from ngoaivu.core.rows import label_of
from ngoaivu.exchanges.forms import join_line
from ngoaivu.exchanges.models import (Conference, Delegation, DelegationStop, approval_authority_text,
                                      delegation_report_overdue)
from ngoaivu.partners.models import partner_label


def _written(title, headers, rows, widths, stem):
    """(bytes, filename): what core.jobs.register_export's `write` gives."""
    content = exports.xlsx(exports.Sheet(title, headers, rows, widths, wrap=True, autofilter=True))
    return content, f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"


# The lists' downloads (core.jobs.register_export): at once, or a background job past a few thousand rows.
def visible_delegations(user, query):
    from ngoaivu.exchanges.filtersets import DelegationFilter
    qs = DelegationFilter(query, queryset=Delegation.objects.visible_to(user), request=filter_request(user)).qs
    return qs.order_by("-start_date", "-pk")


def visible_conferences(user, query):
    from ngoaivu.exchanges.filtersets import ConferenceFilter
    qs = ConferenceFilter(query, queryset=Conference.objects.visible_to(user), request=filter_request(user)).qs
    return qs.order_by("-start_date", "-pk")


def _stops_cell(stops) -> str:
    """The countries as the import reads them: one line each, "country; city; days" (empty parts at the end
    left out), of (country, city, days) stops. A place with ";" or "|" is quoted (join_line): written bare, the
    import read its second half as the days (the row refused) or as another stop."""
    lines = []
    for country, city, days in stops:
        parts = [country_name(country), city or "", "" if days is None else str(days)]
        while parts[-1] == "":
            parts.pop()
        lines.append(join_line(parts))
    return "\n".join(lines)


# Delegations read and written this many at a time, their stops and partners per chunk: the centre's export is
# every delegation of the country (40,000 at national scale), which as models with their relations prefetched took
# 30 s of CPU, gunicorn's limit (bench/RESULTS.md, fiftieth session).
CHUNK = 2000
_DELEGATION_FIELDS = ("pk", "locality__short_name", "direction", "channel", "level", "title", "head_name", "head_title",
                      "member_count", "purpose", "start_date", "end_date", "funding", "approval_authority",
                      "approval_authority_note", "decision_number", "decision_date", "status", "report_due",
                      "cancelled_on", "report__id", "report__submitted_on")


def _delegation_links(keys) -> tuple[dict, dict]:
    """{delegation: its stops (country, city, days) in their order}, {delegation: its partners as they are named
    (Partner.__str__), by name} of the delegations `keys`."""
    stops, partners = defaultdict(list), defaultdict(list)
    for delegation, *stop in (DelegationStop.objects.filter(delegation_id__in=keys).order_by("position", "pk")
                              .values_list("delegation_id", "country", "city", "days")):
        stops[delegation].append(stop)
    for delegation, name, name_vi in (Delegation.partners.through.objects.filter(delegation_id__in=keys)
                                      .order_by("partner__name", "partner_id")
                                      .values_list("delegation_id", "partner__name", "partner__name_vi")):
        partners[delegation].append(partner_label(name, name_vi))
    return stops, partners


def _delegation_rows(queryset, today, progress=None):
    labels = {name: label_of(Delegation._meta.get_field(name).flatchoices)
              for name in ("direction", "channel", "level", "funding", "approval_authority", "status")}
    for chunk in exports.in_chunks(queryset.select_related(None).prefetch_related(None), _DELEGATION_FIELDS, CHUNK,
                                   progress):
        stops, partners = _delegation_links([d.pk for d in chunk])
        for d in chunk:
            yield [
                d.pk, d.locality__short_name, labels["direction"](d.direction), labels["channel"](d.channel),
                labels["level"](d.level), d.title, d.head_name, d.head_title, d.member_count,
                _stops_cell(stops.get(d.pk, ())), d.purpose, ", ".join(partners.get(d.pk, ())), d.start_date,
                d.end_date, labels["funding"](d.funding),
                approval_authority_text(d.approval_authority, d.approval_authority_note, labels["approval_authority"]),
                d.decision_number, d.decision_date, labels["status"](d.status), d.report_due, d.report__submitted_on,
                _("Có") if delegation_report_overdue(d.decision_date, d.cancelled_on, d.report_due,
                                                     d.report__id is not None, today) else ""]


def delegation_headers() -> list[str]:
    """The export's columns, in the active language (the import knows every one: those it does not read are
    derived from the record, and a re-imported export does not name them as unused)."""
    return [_("Mã hồ sơ"), _("Tỉnh, thành phố"), _("Loại đoàn"), _("Kênh"), _("Cấp trưởng đoàn"), _("Tên đoàn"),
            _("Trưởng đoàn"), _("Chức vụ trưởng đoàn"), _("Số thành viên"), _("Nước đến"), _("Mục đích"),
            _("Đối tác"), _("Ngày đi"), _("Ngày về"), _("Nguồn kinh phí"), _("Cấp phê duyệt"), _("Số quyết định"),
            _("Ngày quyết định"), _("Trạng thái"), _("Hạn báo cáo"), _("Ngày nộp báo cáo"), _("Báo cáo quá hạn")]


def delegations_xlsx(queryset, progress=None):
    """The list as the delegation import reads it back: "Mã hồ sơ" first and the import's column names, so a
    re-imported export updates its delegations instead of creating new ones (the other columns are ignored)."""
    today = timezone.localdate()
    headers = delegation_headers()
    widths = [10, 16, 10, 18, 22, 50, 22, 24, 10, 24, 40, 30, 12, 12, 18, 22, 16, 12, 20, 12, 12, 10]
    return _written(_("Đoàn ra, đoàn vào"), headers, _delegation_rows(queryset, today, progress), widths,
                    "doan-ra-doan-vao")


def conferences_xlsx(queryset, progress=None):
    today = timezone.localdate()
    queryset = exports.counted(queryset.select_related("locality", "organiser_unit").prefetch_related("partners")
                               .iterator(chunk_size=CHUNK), progress)
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
    return _written(_("Hội nghị, hội thảo"), headers, rows, widths, "hoi-nghi-hoi-thao")
