"""Export of a (filtered) list of agreements to XLSX and CSV, and the empty import template (written by
ngoaivu.core.exports, which keeps every text cell from being read as a formula).

The centre's export is the whole register (50,000 agreements), made inside the request: the rows are read as
values, CHUNK agreements at a time, and each chunk's partners, sectors and co-signatories by one statement each.
As models with their relations prefetched (and the partners and co-signatories read again per agreement, to
order them) it took 78 s of CPU, past the web server's timeout (bench/RESULTS.md, fiftieth session)."""
from collections import defaultdict

from django.utils import timezone, translation

from ngoaivu.agreements.choices import AgreementStatus, DatePrecision
from ngoaivu.agreements.models import Agreement, form_text
from ngoaivu.agreements.partial_dates import as_text
from ngoaivu.agreements.spreadsheet import COLUMNS, SEPARATOR
from ngoaivu.core import exports
from ngoaivu.core.choices import Channel, Visibility
from ngoaivu.core.countries import country_name
from ngoaivu.core.models import Locality
from ngoaivu.core.rows import label_of
from ngoaivu.partners.choices import PartnerKind

SHEET = "Thỏa thuận quốc tế"

# Agreements read and written this many at a time: their links are read per chunk, and the whole register is
# never held in memory at once.
CHUNK = 2000

# The agreement's columns the file shows (its relations are read per chunk).
_FIELDS = ("pk", "reference", "title", "title_en", "form", "form_other", "locality_id", "signatory_locality_id",
           "signatory_name", "signing_unit__name", "inherited_from", "channel", "summary", "languages", "signer_vn",
           "signer_foreign", "signed_on", "signed_precision", "signed_place", "in_force_on", "effective_on_signing",
           "reported_on", "term_months", "expires_on", "auto_renew", "notice_days", "visibility", "historical",
           "recorded_activity_on", "status")


def _label(short_name, valid_until) -> str:
    """A province's name; a former one is marked "(cũ)" so the import reads it back as the former one."""
    return short_name if valid_until is None else f"{short_name} (cũ)"


class _Labels:
    """The texts a row's codes are written as, read once per file (in the active language: Vietnamese)."""

    def __init__(self):
        self.locality = {pk: _label(name, until) for pk, name, until in
                         Locality.objects.order_by().values_list("pk", "short_name", "valid_until")}
        self.channel, self.status = label_of(Channel.choices), label_of(AgreementStatus.choices)
        # The visibility's label without its explanation in brackets, as the import reads it.
        self.visibility = label_of([(value, str(label).split(" (")[0]) for value, label in Visibility.choices])
        self.partner_kind = label_of(PartnerKind.choices)


def _links(keys) -> tuple[dict, dict, dict]:
    """{agreement: its partners' (name, country, name_vi, kind) by name}, {agreement: its sectors' names in
    their order}, {agreement: its co-signatories' keys in order of key}, for the agreements `keys`."""
    partners, sectors, co_signatories = defaultdict(list), defaultdict(list), defaultdict(list)
    for agreement, *partner in (Agreement.partners.through.objects.filter(agreement_id__in=keys)
                                .order_by("partner__name", "partner_id")
                                .values_list("agreement_id", "partner__name", "partner__country", "partner__name_vi",
                                             "partner__kind")):
        partners[agreement].append(partner)
    for agreement, name in (Agreement.sectors.through.objects.filter(agreement_id__in=keys)
                            .order_by("sector__position", "sector__name").values_list("agreement_id", "sector__name")):
        sectors[agreement].append(name)
    for agreement, locality in (Agreement.co_signatories.through.objects.filter(agreement_id__in=keys)
                                .order_by("locality_id").values_list("agreement_id", "locality_id")):
        co_signatories[agreement].append(locality)
    return partners, sectors, co_signatories


def row_values(row, partners, sectors, co_signatories, labels, *, for_excel: bool) -> dict:
    """One agreement's cells, from its columns (`row`, named as `_FIELDS`) and its links."""
    signed = row.signed_on if (for_excel and row.signed_precision == DatePrecision.DAY) else \
        as_text(row.signed_on, row.signed_precision)

    def day(value):
        return value if for_excel or value is None else value.strftime("%d/%m/%Y")

    def joined(values):
        return f"{SEPARATOR} ".join(values)

    yes_no = lambda flag: "Có" if flag else "Không"  # noqa: E731
    signatory = row.signatory_locality_id if row.signatory_locality_id != row.locality_id else None
    return {
        "id": row.pk,
        "reference": row.reference, "title": row.title, "title_en": row.title_en,
        "form": form_text(row.form, row.form_other), "locality": labels.locality.get(row.locality_id, ""),
        "signatory_locality": labels.locality.get(signatory, ""), "signatory_name": row.signatory_name,
        "signing_unit": row.signing_unit__name or "",
        "co_signatories": joined(labels.locality[pk] for pk in co_signatories),
        "inherited_from": row.inherited_from,
        "partners": joined(name for name, _country, _vi, _kind in partners),
        "countries": joined(country_name(country) for _name, country, _vi, _kind in partners),
        "partners_vi": joined(vi for _name, _country, vi, _kind in partners) if any(p[2] for p in partners) else "",
        "partner_kinds": joined(labels.partner_kind(kind) for _name, _country, _vi, kind in partners),
        "sectors": joined(sectors),
        "channel": labels.channel(row.channel), "summary": row.summary, "languages": row.languages,
        "signer_vn": row.signer_vn, "signer_foreign": row.signer_foreign, "signed": signed or "",
        "signed_place": row.signed_place, "in_force_on": day(row.in_force_on),
        "effective_on_signing": yes_no(row.effective_on_signing), "reported_on": day(row.reported_on),
        "term_months": row.term_months, "expires_on": day(row.expires_on),
        "auto_renew": yes_no(row.auto_renew), "notice_days": row.notice_days,
        "visibility": labels.visibility(row.visibility),
        "historical": yes_no(row.historical), "recorded_activity_on": day(row.recorded_activity_on),
        "status": labels.status(row.status),
    }


HEADERS = [header for _key, header, _hint in COLUMNS]
WIDTHS = [40 if key in ("title", "summary", "partners") else 18 for key, _header, _hint in COLUMNS]


def _rows(agreements, *, for_excel, progress=None):
    labels = _Labels()
    for chunk in exports.in_chunks(agreements.order_by("locality__sort_key", "signed_on", "pk"), _FIELDS, CHUNK,
                                   progress):
        partners, sectors, co_signatories = _links([row.pk for row in chunk])
        for row in chunk:
            values = row_values(row, partners.get(row.pk, ()), sectors.get(row.pk, ()),
                                co_signatories.get(row.pk, ()), labels, for_excel=for_excel)
            yield [values[key] for key, _header, _hint in COLUMNS]


# The file is the import's (Vietnamese column names, "Có"/"Không"): its labels are Vietnamese too, whatever the
# interface language of who exports it. From the English interface the forms, countries, channels, partner
# kinds, visibility and statuses were written in English, and a colleague importing the file from the
# Vietnamese interface had its rows refused ("Không nhận ra hình thức …").
def export_xlsx(agreements, progress=None) -> bytes:
    with translation.override("vi"):
        return exports.xlsx(exports.Sheet(SHEET, HEADERS, _rows(agreements, for_excel=True, progress=progress), WIDTHS))


def export_csv(agreements, progress=None) -> bytes:
    with translation.override("vi"):
        return exports.csv_bytes(HEADERS, _rows(agreements, for_excel=False, progress=progress))


# The register's download (core.jobs.register_export): at once, or a background job past a few thousand rows.
def visible_rows(user, query):
    """The register's list as `user` sees it, filtered by the list's query string."""
    from ngoaivu.agreements.filtersets import AgreementFilter
    return AgreementFilter(query, queryset=Agreement.objects.visible_to(user)).qs


def write_xlsx(agreements, progress=None):
    return export_xlsx(agreements, progress), f"thoa-thuan-{timezone.localdate():%Y%m%d}.xlsx"


def write_csv(agreements, progress=None):
    return export_csv(agreements, progress), f"thoa-thuan-{timezone.localdate():%Y%m%d}.csv"


def import_template() -> bytes:
    guide = exports.Sheet("Hướng dẫn", ["Cột", "Cách ghi"], [[header, hint] for _key, header, hint in COLUMNS],
                          [36, 100])
    return exports.xlsx(exports.Sheet(SHEET, HEADERS, [], WIDTHS), guide)
