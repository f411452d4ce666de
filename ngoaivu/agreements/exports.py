"""Export of a (filtered) list of agreements to XLSX and CSV, and the empty import template."""
import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ngoaivu.agreements.choices import DatePrecision
from ngoaivu.agreements.partial_dates import as_text
from ngoaivu.agreements.spreadsheet import COLUMNS, SEPARATOR
from ngoaivu.core.countries import country_name

HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


def locality_label(locality) -> str:
    """A former province is marked "(cũ)" so the import reads it back as the former one."""
    if locality is None:
        return ""
    return locality.short_name if locality.is_current else f"{locality.short_name} (cũ)"


def row_values(agreement, *, for_excel: bool) -> dict:
    partners = list(agreement.partners.all().order_by("name", "pk"))
    signed = agreement.signed_on if (for_excel and agreement.signed_precision == DatePrecision.DAY) else \
        as_text(agreement.signed_on, agreement.signed_precision)

    def day(value):
        return value if for_excel or value is None else value.strftime("%d/%m/%Y")

    yes_no = lambda flag: "Có" if flag else "Không"  # noqa: E731
    signatory = agreement.signatory_locality if agreement.signatory_locality_id != agreement.locality_id else None
    return {
        "id": agreement.pk,
        "reference": agreement.reference, "title": agreement.title, "title_en": agreement.title_en,
        "form": agreement.form_display, "locality": locality_label(agreement.locality),
        "signatory_locality": locality_label(signatory), "signatory_name": agreement.signatory_name,
        "signing_unit": agreement.signing_unit.name if agreement.signing_unit_id else "",
        "co_signatories": f"{SEPARATOR} ".join(locality_label(loc) for loc in agreement.co_signatories.all().order_by("pk")),
        "inherited_from": agreement.inherited_from,
        "partners": f"{SEPARATOR} ".join(p.name for p in partners),
        "countries": f"{SEPARATOR} ".join(country_name(p.country) for p in partners),
        "sectors": f"{SEPARATOR} ".join(s.name for s in agreement.sectors.all()),
        "channel": agreement.get_channel_display(), "summary": agreement.summary, "languages": agreement.languages,
        "signer_vn": agreement.signer_vn, "signer_foreign": agreement.signer_foreign, "signed": signed or "",
        "signed_place": agreement.signed_place, "in_force_on": day(agreement.in_force_on),
        "effective_on_signing": yes_no(agreement.effective_on_signing), "reported_on": day(agreement.reported_on),
        "term_months": agreement.term_months, "expires_on": day(agreement.expires_on),
        "auto_renew": yes_no(agreement.auto_renew), "notice_days": agreement.notice_days,
        "visibility": agreement.get_visibility_display().split(" (")[0], "status": agreement.get_status_display(),
    }


def _queryset(agreements):
    return agreements.select_related("locality", "signatory_locality", "signing_unit").prefetch_related(
        "partners", "sectors", "co_signatories").order_by("locality__short_name", "signed_on", "pk")


def _sheet(ws, rows):
    ws.append([header for _key, header, _hint in COLUMNS])
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append([row[key] for key, _header, _hint in COLUMNS])
    for index, (key, _header, _hint) in enumerate(COLUMNS, start=1):
        width = 40 if key in ("title", "summary", "partners") else 18
        ws.column_dimensions[get_column_letter(index)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if hasattr(cell.value, "year"):
                cell.number_format = "DD/MM/YYYY"
    ws.freeze_panes = "A2"


def export_xlsx(agreements) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Thỏa thuận quốc tế"
    _sheet(ws, (row_values(a, for_excel=True) for a in _queryset(agreements)))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_csv(agreements) -> bytes:
    """UTF-8 with a BOM, so Excel opens Vietnamese text correctly by double-click."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([header for _key, header, _hint in COLUMNS])
    for agreement in _queryset(agreements):
        values = row_values(agreement, for_excel=False)
        writer.writerow(["" if values[key] is None else values[key] for key, _h, _hint in COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def import_template() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Thỏa thuận quốc tế"
    _sheet(ws, [])
    guide = wb.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Cách ghi"])
    for cell in guide[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for _key, header, hint in COLUMNS:
        guide.append([header, hint])
    guide.column_dimensions["A"].width, guide.column_dimensions["B"].width = 36, 100
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
