"""Open data: the agreements their provinces marked public (Visibility.PUBLIC), for everyone.

This module is the one place that decides what is published: `public_agreements()` filters on the
agreement's own visibility, and every list, download and feed starts from it, so an internal agreement
never appears — not through a partner that also has public agreements, nor through a co-signatory.
The records follow docs/open-data.schema.json: provinces by GSO code, countries by ISO 3166-1 alpha-2,
dates known in part as YYYY, YYYY-MM or YYYY-MM-DD.
"""
import itertools
from collections import defaultdict, namedtuple
from pathlib import Path

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from ngoaivu.agreements.choices import AgreementStatus, DatePrecision
from ngoaivu.agreements.models import Agreement, form_text, signed_text
from ngoaivu.core.choices import Visibility
from ngoaivu.core.countries import country_name
from ngoaivu.core.rows import detail_url, escape, label_of, listed_partners, of_page_keys
from ngoaivu.core.text import search_q

SCHEMA_PATH = Path(__file__).parent / "data" / "open-data.schema.json"
CSV_COLUMNS = ["id", "url", "province_code", "province", "reference", "title", "title_en", "form", "signatory",
               "partners", "countries", "sectors", "signed", "in_force", "expires", "status", "summary", "published"]


def public_agreements():
    """Every agreement marked public, with its partners and sectors; `published_at` is when it was first made
    public (Agreement.mark_published)."""
    return (Agreement.objects.filter(visibility=Visibility.PUBLIC)
            .select_related("locality", "signatory_locality", "signing_unit").prefetch_related("partners", "sectors"))


def search(agreements, term: str):
    """The public agreements whose published record holds every word of `term`. The register's search text
    also holds what is not published (the signers' names, where a record was inherited from, a partner's other
    names), after core.text.PRIVATE_MARK (Agreement.built_search_text): a word found only there does not
    count, so the search tells nothing the record does not show. Tested in SQL: the open data is public, and
    checking each candidate in Python cost 3 s of CPU for a common word over 10,000 public agreements."""
    q = search_q(term, published=True)
    return agreements if q is None else agreements.filter(q)


# What a row of the open data's list shows (list_rows).
LIST_COLUMNS = ("pk", "title", "locality__short_name", "signed_on", "signed_precision", "historical",
                "recorded_status", "status")
LIST_ROW = namedtuple("OpenDataRow", LIST_COLUMNS)


def page_rows(pks) -> list:
    """The rows (LIST_COLUMNS, named) of the agreements `pks` (a page's, in its order): one statement, which
    tests again that each is public (one made internal after the page's keys were read is left out, not shown)."""
    found = {row[0]: row for row in of_page_keys(
        "open data rows", lambda keys: Agreement.objects.filter(pk__in=keys, visibility=Visibility.PUBLIC)
        .values_list(*LIST_COLUMNS), pks)}
    return [LIST_ROW(*found[pk]) for pk in pks if pk in found]


def list_rows(rows) -> SafeString:
    """The <tr>s of the open data's list for `rows` (page_rows), byte for byte what its template wrote per
    agreement, their partners read by one statement (core.rows.listed_partners). The list is the public face
    of the register, read by anyone without signing in (tests/reports/test_open_data_rows.py)."""
    partners = listed_partners(Agreement.partners, [a.pk for a in rows])
    url = detail_url("reports:open_data_detail")
    status_label = label_of(AgreementStatus.choices)
    parts = []
    for a in rows:
        names = "; ".join(f"{escape(name)} ({escape(country_name(country))})" for name, country in partners.get(a.pk, ()))
        signed = signed_text(a.signed_on, a.signed_precision, a.historical, a.recorded_status)
        parts.append(f'\n    <tr><td><a href="{escape(url(a.pk))}">{escape(a.title)}</a></td>'
                     f"<td>{escape(a.locality__short_name)}</td>\n      <td>{names}</td>\n      "
                     f"<td>{escape(signed)}</td><td>{escape(status_label(a.status))}</td></tr>\n  ")
    return mark_safe("".join(parts))


def partial_iso(day, precision) -> str | None:
    if day is None:
        return None
    if precision == DatePrecision.YEAR:
        return f"{day.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def province_code(locality) -> str:
    return f"{locality.code:02d}"


def record(agreement, base_url="", partners=None, sectors=None, url=None) -> dict:
    """One agreement as published (the JSON download's item; the CSV flattens it). `partners` (dicts of name,
    name_vi, country) and `sectors` (names) as records() reads them, else the agreement's own; `url`: pk → its
    page's path (core.rows.detail_url)."""
    if partners is None:
        partners = [{"name": p.name, "name_vi": p.name_vi, "country": str(p.country or "") or None}
                    for p in agreement.partners.all()]
    if sectors is None:
        sectors = [s.name for s in agreement.sectors.all()]
    countries = []
    for partner in partners:
        code = partner["country"]
        if code and code not in countries:
            countries.append(code)
    path = url(agreement.pk) if url else reverse("reports:open_data_detail", args=[agreement.pk])
    return {
        "id": agreement.pk,
        "url": base_url + path,
        "province": {"code": province_code(agreement.locality), "name": agreement.locality.name},
        "reference": agreement.reference,
        "title": agreement.title,
        "title_en": agreement.title_en,
        "form": agreement.form or None,
        "form_label": agreement.form_display,
        "signatory": agreement.signatory_as_signed,
        "partners": partners,
        "countries": countries,
        "sectors": sectors,
        "signed": partial_iso(agreement.signed_on, agreement.signed_precision),
        "in_force": agreement.in_force_on.isoformat() if agreement.in_force_on else None,
        "expires": agreement.expires_on.isoformat() if agreement.expires_on else None,
        "status": agreement.status,
        "status_label": agreement.get_status_display(),
        "summary": agreement.summary,
        "published": agreement.published_at.isoformat() if agreement.published_at else None,
    }


# The downloads read this many agreements at a time, with their partners and sectors as plain rows.
CHUNK = 2000


class _Row:
    """A public agreement as the downloads read it: a plain row of the columns record() reads (`COLUMNS`),
    the provinces shared between rows. Built as models (with their provinces and signing body joined, 30,000
    models for 10,000 agreements) they were half of a download's CPU. signatory_as_signed is the model's own
    property, read on these attributes; form_display and get_status_display give what the model's do."""

    COLUMNS = ("pk", "locality_id", "signatory_locality_id", "signing_unit_id", "signing_unit__name", "reference",
               "title", "title_en", "form", "form_other", "signatory_name", "signed_on", "signed_precision",
               "in_force_on", "expires_on", "status", "summary", "published_at")
    __slots__ = (*COLUMNS, "locality", "signatory_locality", "signing_unit", "labels")
    signatory_as_signed = Agreement.signatory_as_signed
    STATUS_LABELS = dict(Agreement._meta.get_field("status").flatchoices)

    def __init__(self, values, localities, labels):
        for name, value in zip(self.COLUMNS, values):
            setattr(self, name, value)
        self.locality = localities[self.locality_id]
        signatory = self.signatory_locality_id
        self.signatory_locality = None if signatory is None else localities[signatory]
        self.signing_unit = self.signing_unit__name  # str() of a unit is its name
        self.labels = labels  # the download's translated labels, each translated once (twice a row otherwise)

    @property
    def form_display(self) -> str:
        key = ("form", self.form, self.form_other)
        if key not in self.labels:
            self.labels[key] = form_text(self.form, self.form_other)
        return self.labels[key]

    def get_status_display(self) -> str:
        key = ("status", self.status)
        if key not in self.labels:
            self.labels[key] = str(self.STATUS_LABELS.get(self.status, self.status))
        return self.labels[key]


class _Localities(dict):
    """The provinces by id, read before the agreements: one added since (reference data, hardly ever) is read
    when a row names it."""

    def __missing__(self, pk):
        from ngoaivu.core.models import Locality
        self[pk] = Locality.objects.get(pk=pk)
        return self[pk]


def records(agreements, base_url=""):
    """record() of every agreement of the queryset, in its order (the CSV and JSON downloads): the agreements,
    their partners and sectors read as plain rows a chunk at a time. Prefetched as models, the partners and
    sectors were 40,000 instances for 10,000 public agreements, most of a download's 5 s of CPU on a page anyone
    may ask for."""
    from ngoaivu.core.models import Locality
    url = detail_url("reports:open_data_detail")
    localities = _Localities(Locality.objects.in_bulk())  # the 34 provinces and the former ones, read once
    partner_links, sector_links = Agreement.partners.through, Agreement.sectors.through
    rows = agreements.prefetch_related(None).values_list(*_Row.COLUMNS).iterator(chunk_size=CHUNK)
    labels = {}
    while chunk := [_Row(values, localities, labels) for values in itertools.islice(rows, CHUNK)]:
        ids = [a.pk for a in chunk]
        partners, sectors = defaultdict(list), defaultdict(list)
        # In the models' orders (Partner: name; Sector: position, name), as agreement.partners.all() gives them.
        for agreement_id, name, name_vi, country in (
                partner_links.objects.filter(agreement_id__in=ids).order_by("partner__name", "partner_id")
                .values_list("agreement_id", "partner__name", "partner__name_vi", "partner__country")):
            partners[agreement_id].append({"name": name, "name_vi": name_vi, "country": str(country or "") or None})
        for agreement_id, name in (sector_links.objects.filter(agreement_id__in=ids)
                                   .order_by("sector__position", "sector__name", "sector_id")
                                   .values_list("agreement_id", "sector__name")):
            sectors[agreement_id].append(name)
        for agreement in chunk:
            yield record(agreement, base_url, partners[agreement.pk], sectors[agreement.pk], url)


def csv_row(item: dict) -> list:
    return [item["id"], item["url"], item["province"]["code"], item["province"]["name"], item["reference"],
            item["title"], item["title_en"], item["form"] or "", item["signatory"],
            "; ".join(p["name_vi"] or p["name"] for p in item["partners"]), " ".join(item["countries"]),
            "; ".join(item["sectors"]), item["signed"] or "", item["in_force"] or "", item["expires"] or "",
            item["status"], item["summary"], item["published"] or ""]
