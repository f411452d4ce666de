"""Export of a (filtered) list of agreements to XLSX and CSV, and the empty import template (written by
ngoaivu.core.exports, which keeps every text cell from being read as a formula)."""
from django.utils import translation

from ngoaivu.agreements.choices import DatePrecision
from ngoaivu.agreements.partial_dates import as_text
from ngoaivu.agreements.spreadsheet import COLUMNS, SEPARATOR
from ngoaivu.core import exports
from ngoaivu.core.countries import country_name

SHEET = "Thỏa thuận quốc tế"


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
        "partners_vi": f"{SEPARATOR} ".join(p.name_vi for p in partners) if any(p.name_vi for p in partners) else "",
        "partner_kinds": f"{SEPARATOR} ".join(p.get_kind_display() for p in partners),
        "sectors": f"{SEPARATOR} ".join(s.name for s in agreement.sectors.all()),
        "channel": agreement.get_channel_display(), "summary": agreement.summary, "languages": agreement.languages,
        "signer_vn": agreement.signer_vn, "signer_foreign": agreement.signer_foreign, "signed": signed or "",
        "signed_place": agreement.signed_place, "in_force_on": day(agreement.in_force_on),
        "effective_on_signing": yes_no(agreement.effective_on_signing), "reported_on": day(agreement.reported_on),
        "term_months": agreement.term_months, "expires_on": day(agreement.expires_on),
        "auto_renew": yes_no(agreement.auto_renew), "notice_days": agreement.notice_days,
        "visibility": agreement.get_visibility_display().split(" (")[0],
        "historical": yes_no(agreement.historical), "recorded_activity_on": day(agreement.recorded_activity_on),
        "status": agreement.get_status_display(),
    }


def _queryset(agreements):
    return agreements.select_related("locality", "signatory_locality", "signing_unit").prefetch_related(
        "partners", "sectors", "co_signatories").order_by("locality__sort_key", "signed_on", "pk")


HEADERS = [header for _key, header, _hint in COLUMNS]
WIDTHS = [40 if key in ("title", "summary", "partners") else 18 for key, _header, _hint in COLUMNS]


def _rows(agreements, *, for_excel):
    for agreement in _queryset(agreements):
        values = row_values(agreement, for_excel=for_excel)
        yield [values[key] for key, _header, _hint in COLUMNS]


# The file is the import's (Vietnamese column names, "Có"/"Không"): its labels are Vietnamese too, whatever the
# interface language of who exports it. From the English interface the forms, countries, channels, partner
# kinds, visibility and statuses were written in English, and a colleague importing the file from the
# Vietnamese interface had its rows refused ("Không nhận ra hình thức …").
def export_xlsx(agreements) -> bytes:
    with translation.override("vi"):
        return exports.xlsx(exports.Sheet(SHEET, HEADERS, _rows(agreements, for_excel=True), WIDTHS))


def export_csv(agreements) -> bytes:
    with translation.override("vi"):
        return exports.csv_bytes(HEADERS, _rows(agreements, for_excel=False))


def import_template() -> bytes:
    guide = exports.Sheet("Hướng dẫn", ["Cột", "Cách ghi"], [[header, hint] for _key, header, hint in COLUMNS],
                          [36, 100])
    return exports.xlsx(exports.Sheet(SHEET, HEADERS, [], WIDTHS), guide)
