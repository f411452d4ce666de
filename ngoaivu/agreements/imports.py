"""Import of agreements from Excel or CSV: read, check every row, then commit all rows or none.

A preview names each bad row and column and says, for every good row, whether it is new, unchanged or
changed (and which columns change); nothing is written until every row is good. A row is matched to an
agreement only by its record number ("Mã hồ sơ", in every export) or, without one, by its reference
number in its province — never by title or date, which many agreements share. A row with neither is a
new agreement. Re-importing an export unchanged writes nothing, not even a history row.

The checks read reference data, the matched agreements and the partners in a few bulk queries, and the
commit inserts new agreements in batches (`actions.create_agreements`), so thousands of rows check and
import in seconds. Reading the file is `import_files`; the preview-then-confirm steps are `core.import_runs`.
"""
import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.agreements import actions
from ngoaivu.agreements.choices import SIGNED_STATUSES, AgreementForm, Channel
from ngoaivu.agreements.import_files import Formula, cell_list, cell_text, positional_list, read_rows
from ngoaivu.core.import_files import (CHANGED, NEW, READ_ONLY, SAME, CheckedFile, MonthCell, RowState, Shown,
                                       notes_of, rejoined, repeated_row_message, repeated_rows)
from ngoaivu.agreements.models import NOTICE_DAYS_MAX, Agreement
from ngoaivu.agreements.partial_dates import PartialDateError, as_text, parse_partial_date
from ngoaivu.agreements.rules import agreement_errors, signing_recorded
from ngoaivu.agreements.spreadsheet import HEADERS, NO, SEPARATOR, YES
from ngoaivu.core.choices import Visibility
from ngoaivu.core.countries import VI_NAMES
from ngoaivu.core.exports import cut_mark_removed, sheet_text
from ngoaivu.core.models import Locality, Sector, Unit
from ngoaivu.core.reference import LocalityResolver
from ngoaivu.core.scoping import scope_of
from ngoaivu.core.text import fold, spelling_key
from ngoaivu.partners.models import Partner, country_search_names, name_key

_ABBREVIATIONS = {"ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "tp": "thanh pho"}
_CHUNK = 900  # ids per IN (…) query, under SQLite's old limit of 999 parameters

# Facts compared with the register, and the column each is read from.
COMPARED = ["reference", "title", "title_en", "form", "form_other", "locality", "signatory_locality",
            "signatory_name", "signing_unit", "inherited_from", "channel", "summary", "languages", "signer_vn",
            "signer_foreign", "signed_on", "signed_place", "in_force_on", "effective_on_signing", "reported_on",
            "term_months", "expires_on", "auto_renew", "notice_days", "visibility", "historical",
            "recorded_activity_on"]
# What people write in an old register's status column, besides the statuses' own labels.
STATUS_WORDS = {
    "da ky": "signed", "ky": "signed", "ky ket": "signed", "da ky ket": "signed", "signed": "signed",
    "hieu luc": "in_force", "con hieu luc": "in_force", "dang hieu luc": "in_force", "co hieu luc": "in_force",
    "dang thuc hien": "in_force", "dang trien khai": "in_force", "in force": "in_force",
    "het hieu luc": "expired", "het han": "expired", "expired": "expired",
    "cham dut": "terminated", "da cham dut": "terminated", "terminated": "terminated",
    "tam dung": "suspended", "tam dinh chi": "suspended",
    "chua ky": "proposed", "de xuat": "proposed", "dang de xuat": "proposed", "du thao": "proposed",
}
# Statuses an old register states that dates alone would not give (an agreement that ended).
ENDED_AS_RECORDED = {"expired", "terminated", "withdrawn", "suspended"}


@dataclass
class Row(RowState):
    number: int                      # the row number Excel shows
    fields: dict = field(default_factory=dict)
    partners: list = field(default_factory=list)     # [(name, country code)]
    # {(name, country code): (Vietnamese name, kind)}: what a partner created by the import is given.
    partner_details: dict = field(default_factory=dict)
    sectors: list = field(default_factory=list)
    co_signatories: list = field(default_factory=list)
    errors: list = field(default_factory=list)       # [(column header, message)]
    agreement_id: int | None = None  # the "Mã hồ sơ" column
    forbidden: object = None         # the province named, when the user may not edit it
    existing: Agreement | None = None
    state: str = NEW
    changes: list = field(default_factory=list)      # [(column header, old text, new text)]
    historical_given: bool = False   # the "Hồ sơ lịch sử" cell was filled in (else a match keeps its own)

    @property
    def title(self):
        return self.fields.get("title", "")



@dataclass
class ImportResult(CheckedFile):

    @property
    def update_count(self):
        """Rows that match an agreement of the register (changed or not)."""
        return self.count(SAME, READ_ONLY, CHANGED)

    @property
    def read_only_count(self):
        return self.count(READ_ONLY)

    @property
    def to_write(self):
        return self.count(NEW, CHANGED)

    @property
    def rows_to_write(self):
        return [row for row in self.rows if row.state in (NEW, CHANGED)]

    @property
    def rows_unchanged(self):
        return [row for row in self.rows if row.state in (SAME, READ_ONLY)]


def _unit_key(text) -> str:
    words = fold(text).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


# The spelled-out words of those abbreviations, as spelling_key writes them ("Ủy"/"Uỷ" alike).
_SPELLED_OUT = {f" {spelling_key(words)} ": f" {short} " for short, words in
                (("ubnd", "Ủy ban nhân dân"), ("hdnd", "Hội đồng nhân dân"), ("tp", "Thành phố"))}


def _unit_spelling(text) -> str:
    """A unit's name as spelt (core.text.spelling_key), "UBND" and "Ủy ban nhân dân" alike: the reference
    data names a commune's committee in full, files mostly write the abbreviation."""
    key = f" {spelling_key(str(text).replace('.', '. '))} ".replace(" tp. ", " tp ")
    for words, short in _SPELLED_OUT.items():
        key = key.replace(words, short)
    return key.strip()


class Lookups:
    """Reference data indexed by folded name, loaded once per import."""

    def __init__(self):
        self.signing_steps = {}  # {agreement id: its recorded signing step's day}, of the file's records (check_rows)
        # Province names as people write them (former and renamed ones too): the one resolver in core.
        self.locality_resolver = LocalityResolver()
        self.locality_by_pk = {locality.pk: locality for locality in Locality.objects.select_related("successor")}
        self.sectors = {}
        for sector in Sector.objects.all():
            for name in (sector.name, sector.name_en, sector.code):
                if name:
                    self.sectors[fold(name)] = sector
        from django.utils import translation
        from django_countries import countries
        self.countries = {}
        with translation.override("en"):
            for code, name in countries:
                self.countries[fold(name)] = code
                self.countries[fold(code)] = code
        for code, name in VI_NAMES.items():
            self.countries[fold(name)] = code
        from ngoaivu.core.countries import country_name
        with translation.override("vi"):
            for code, _name in countries:
                self.countries.setdefault(fold(country_name(code)), code)
        from ngoaivu.agreements.choices import AgreementStatus
        from ngoaivu.partners.choices import PartnerKind
        self.forms, self.channels, self.partner_kinds, self.visibilities = {}, {}, {}, {}
        self.statuses = dict(STATUS_WORDS)
        # The labels of both languages, whichever page imports: the register's export is written in Vietnamese
        # (agreements.exports, as its column names are), and a file filled in from the English page holds
        # English labels; read with the page's language only, one or the other was refused.
        for language in ("vi", "en"):
            with translation.override(language):
                for value, label in AgreementForm.choices:
                    self.forms[fold(label)] = value
                    self.forms[fold(value)] = value
                self.channels |= {fold(label): value for value, label in Channel.choices} | {v: v for v in Channel.values}
                self.partner_kinds |= {fold(label): value for value, label in PartnerKind.choices} | {
                    v: v for v in PartnerKind.values}
                for value, label in Visibility.choices:
                    self.visibilities[fold(str(label).split(" (")[0])] = value
                    self.visibilities[fold(label)] = value
                    self.visibilities[value] = value
                for value, label in AgreementStatus.choices:
                    self.statuses[fold(label)] = value
                    self.statuses[value] = value
        self.units: dict[int, dict] = {}
        # {(name key, country or None): partner} of the directory, for the rows that may match a record (_match).
        self.partners_found: dict = {}
        # The directory's partner names that hold the cells' separator, as recorded (core.import_files.rejoined):
        # a file's "Bộ A; Sở B" is then the one partner its register's export wrote, not two.
        self.joined_names, self.joined_names_vi = {}, {}
        for name, name_vi in Partner.objects.filter(Q(name__contains=";") | Q(name_vi__contains=";")).values_list(
                "name", "name_vi"):
            for names, text in ((self.joined_names, name), (self.joined_names_vi, name_vi)):
                if ";" in text:
                    names.setdefault(fold(text), text)

    def locality(self, text):
        return self.locality_resolver.resolve(text)

    def unit(self, text, localities):
        # The name as written first: two communes of a province may fold alike ("xã Cẩm Giang", "xã Cẩm
        # Giàng"); then as spelt (capitals, and the tone mark's old or new place: "Hoà"/"Hòa"); the folded
        # name (no diacritics, "UBND" for "Ủy ban nhân dân") only when neither finds it.
        wanted = {"name": " ".join(str(text).split()), "spelling": _unit_spelling(text), "key": _unit_key(text)}
        for by in ("name", "spelling", "key"):
            for locality in localities:
                if locality is None:
                    continue
                if locality.pk not in self.units:
                    units = list(Unit.objects.filter(locality=locality))
                    self.units[locality.pk] = {"name": {" ".join(u.name.split()): u for u in units},
                                               "spelling": {_unit_spelling(u.name): u for u in units},
                                               "key": {_unit_key(u.name): u for u in units}}
                found = self.units[locality.pk][by].get(wanted[by])
                if found:
                    return found
        return None


def _date(value, row, key):
    if value in (None, ""):
        return None
    if isinstance(value, MonthCell):
        # A date cell showing a month only ("03/2027"): these columns take a day, which nobody wrote; refused
        # as the same text typed in the cell is, not read as the 1st.
        row.errors.append((HEADERS[key], _("“%(value)s” không phải là ngày dd/mm/yyyy") % {
            "value": value.strftime("%m/%Y")}))
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    match = re.match(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$", text) or re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", text)
    if match:
        parts = [int(p) for p in match.groups()]
        d, m, y = parts if len(match.group(1)) <= 2 else parts[::-1]
        try:
            return datetime.date(y, m, d)
        except ValueError:
            pass
    row.errors.append((HEADERS[key], _("“%(value)s” không phải là ngày dd/mm/yyyy") % {"value": text}))
    return None


def _number(value, row, key):
    text = cell_text(value)
    if not text:
        return None
    if text.isdecimal() and int(text) < 32768:
        return int(text)
    row.errors.append((HEADERS[key], _("“%(value)s” không phải là số nguyên") % {"value": text}))
    return None


def _flag(value, row, key, default):
    text = fold(cell_text(value))
    if not cell_text(value):
        return default
    if text in YES:
        return True
    if text in NO:
        return False
    row.errors.append((HEADERS[key], _("Ghi “Có” hoặc “Không”")))
    return default


def _limited(row, key, text, limit=None, name=None):
    """The cell's text, refused (an error naming the row's column) when longer than the register's column:
    as the form and the API, a longer text is never cut — a cut reference may be another agreement's, a cut
    name is one nobody wrote. `limit` defaults to the agreement column's own max_length."""
    if limit is None:
        limit = Agreement._meta.get_field(name or key).max_length
    if len(text) > limit:
        row.errors.append((HEADERS[key], _("Dài %(n)s ký tự, quá giới hạn %(max)s ký tự: hãy rút gọn") % {
            "n": len(text), "max": limit}))
    return text


def parse_row(number, raw, lookups: Lookups, user, today) -> Row:
    row = Row(number)
    f = row.fields
    err = lambda key, message: row.errors.append((HEADERS[key], message))  # noqa: E731
    scope = scope_of(user)

    for key, value in raw.items():
        if isinstance(value, Formula):
            if key != "status":  # a formula's status is ignored: the dates decide
                err(key, _("Ô chứa công thức (%(formula)s): hãy thay bằng giá trị (sao chép rồi dán giá trị) "
                           "rồi tải lên lại") % {"formula": value.text[:60]})
            raw[key] = None
        elif isinstance(value, str) and "\x00" in value:
            # A CSV may carry one; PostgreSQL cannot store it (the confirmation failed with a server error).
            err(key, _("Không được chứa ký tự rỗng (NUL)."))
            raw[key] = value.replace("\x00", "")

    id_text = cell_text(raw.get("id"))
    if id_text:
        if id_text.isdecimal():
            row.agreement_id = int(id_text)
        else:
            err("id", _("“%(v)s” không phải là mã hồ sơ: giữ nguyên mã trong tệp xuất, để trống với thỏa thuận "
                        "mới") % {"v": id_text})
    for key in ("reference", "title", "title_en"):
        f[key] = _limited(row, key, cell_text(raw.get(key)))
    form_text = cell_text(raw.get("form"))
    f["form"], f["form_other"] = "", ""
    if form_text:
        f["form"] = lookups.forms.get(fold(form_text), AgreementForm.OTHER)
        if f["form"] == AgreementForm.OTHER and fold(form_text) not in lookups.forms:
            f["form_other"] = _limited(row, "form", form_text, name="form_other")

    locality_text, signatory_text = cell_text(raw.get("locality")), cell_text(raw.get("signatory_locality"))
    locality = signatory = None
    if locality_text:
        locality = lookups.locality(locality_text)
        if locality is None:
            err("locality", _("Không có tỉnh, thành phố “%(v)s”") % {"v": locality_text})
        elif not locality.is_current:  # an old name: the register keeps it under the successor
            signatory, locality = locality, locality.today
    elif len(scope.edit_locality_ids) == 1:
        locality = lookups.locality_by_pk[next(iter(scope.edit_locality_ids))]
    else:
        err("locality", _("Ghi tỉnh, thành phố quản lý"))
    if signatory_text:
        signatory = lookups.locality(signatory_text)
        if signatory is None:
            err("signatory_locality", _("Không có tỉnh, thành phố “%(v)s”") % {"v": signatory_text})
    if locality is not None and not (scope.superuser or locality.pk in scope.edit_locality_ids):
        # Decided once the row is matched: an unchanged row of an agreement the user only reads is fine.
        row.forbidden = locality
    f["locality"], f["signatory_locality"] = locality, signatory or locality

    f["signatory_name"] = _limited(row, "signatory_name", cell_text(raw.get("signatory_name")))
    unit_text = cell_text(raw.get("signing_unit"))
    f["signing_unit"] = None
    if unit_text:
        f["signing_unit"] = lookups.unit(unit_text, [locality, signatory])
        if f["signing_unit"] is None:
            err("signing_unit", _("Không có cơ quan “%(v)s” trong danh mục của tỉnh; ghi tên khi ký vào cột “%(col)s”")
                % {"v": unit_text, "col": HEADERS["signatory_name"]})
    for name in cell_list(raw.get("co_signatories")):
        found = lookups.locality(name)
        if found is None:
            err("co_signatories", _("Không có tỉnh, thành phố “%(v)s”") % {"v": name})
        else:
            row.co_signatories.append(found)
    f["inherited_from"] = _limited(row, "inherited_from", cell_text(raw.get("inherited_from")))

    names, countries = rejoined(cell_list(raw.get("partners")), lookups.joined_names), cell_list(raw.get("countries"))
    if not names:
        err("partners", _("Ghi ít nhất một đối tác nước ngoài"))
    placed = positional_list(raw.get("countries"))
    if len(names) > 1 and len(placed) == len(names) and len(countries) < len(names):
        # One place per partner, some empty ("; Hàn Quốc": the export of a partner with no country): each
        # partner keeps its own, rather than the one country written being taken for all.
        countries = placed
    codes = []
    for text in countries:
        code = lookups.countries.get(fold(text)) if text else ""
        if code is None:
            err("countries", _("Không nhận ra quốc gia “%(v)s”") % {"v": text})
        codes.append(code)
    if names and countries and len(countries) not in (1, len(names)):
        err("countries", _("Ghi một quốc gia chung, hoặc mỗi đối tác một quốc gia theo đúng thứ tự"))
    names_vi, kinds = rejoined(positional_list(raw.get("partners_vi")), lookups.joined_names_vi), []
    for text in positional_list(raw.get("partner_kinds")):
        kind = lookups.partner_kinds.get(fold(text)) if text else None  # empty: the default kind
        if text and kind is None:
            err("partner_kinds", _("Không có loại đối tác “%(v)s”") % {"v": text})
        kinds.append(kind)
    for column, values in (("partners_vi", names_vi), ("partner_kinds", kinds)):
        if names and values and len(values) not in (1, len(names)):
            err(column, _("Ghi mỗi đối tác một giá trị, theo đúng thứ tự cột đối tác"))
    name_limit = Partner._meta.get_field("name").max_length
    name_vi_limit = Partner._meta.get_field("name_vi").max_length
    for index, name in enumerate(names):
        code = codes[index] if len(codes) == len(names) else (codes[0] if codes else "")
        name = _limited(row, "partners", name, name_limit)
        row.partners.append((name, code or ""))
        name_vi = names_vi[index] if len(names_vi) == len(names) else ""
        name_vi = _limited(row, "partners_vi", name_vi, name_vi_limit)
        kind = kinds[index] if len(kinds) == len(names) else (kinds[0] if len(kinds) == 1 else None)
        row.partner_details[(name, code or "")] = (name_vi, kind)
    for name in cell_list(raw.get("sectors")):
        sector = lookups.sectors.get(fold(name))
        if sector is None:
            err("sectors", _("Không có lĩnh vực “%(v)s”") % {"v": name})
        else:
            row.sectors.append(sector)
    channel = cell_text(raw.get("channel"))
    f["channel"] = lookups.channels.get(fold(channel), None) if channel else Channel.STATE
    if f["channel"] is None:
        err("channel", _("Ghi Ngoại giao Nhà nước, Đối ngoại Đảng hoặc Đối ngoại nhân dân"))
    f["summary"] = cell_text(raw.get("summary"))
    for key in ("languages", "signer_vn", "signer_foreign", "signed_place"):
        f[key] = _limited(row, key, cell_text(raw.get(key)))
    try:
        signed = raw.get("signed")
        f["signed_on"], f["signed_precision"] = parse_partial_date(cell_text(signed) if isinstance(signed, str) else signed)
    except PartialDateError as error:
        err("signed", str(error))
        f["signed_on"], f["signed_precision"] = None, "day"
    f["in_force_on"] = _date(raw.get("in_force_on"), row, "in_force_on")
    f["effective_on_signing"] = _flag(raw.get("effective_on_signing"), row, "effective_on_signing",
                                      f["in_force_on"] is None)
    f["reported_on"] = _date(raw.get("reported_on"), row, "reported_on")
    f["term_months"] = _number(raw.get("term_months"), row, "term_months")
    f["expires_on"] = _date(raw.get("expires_on"), row, "expires_on")
    f["auto_renew"] = _flag(raw.get("auto_renew"), row, "auto_renew", False)
    f["notice_days"] = _number(raw.get("notice_days"), row, "notice_days")
    if (f["notice_days"] or 0) > NOTICE_DAYS_MAX:  # the model's validator, which the import does not run
        err("notice_days", _("Thời hạn báo trước không quá 5 năm (1.825 ngày)."))
        f["notice_days"] = None
    _historical(raw, row, lookups, err)
    visibility = cell_text(raw.get("visibility"))
    f["visibility"] = lookups.visibilities.get(fold(visibility)) if visibility else Visibility.INTERNAL
    if f["visibility"] is None:
        err("visibility", _("Ghi Nội bộ, Toàn quốc hoặc Công khai"))

    header_of = {"signed_on": "signed", "signed_precision": "signed", "parent": "reference",
                 "parent_relation": "reference", "recorded_status": "status"}
    if not signatory_text:  # a former name in the province column is the signatory: its cell is that one
        header_of["signatory_locality"] = "locality"
    # (the row's id: a recorded draft is checked as a change, not as a new one)
    # A row emptying the signing date of an agreement whose signing is a recorded step (an old export) is
    # refused here, by row and column, as the confirmation would refuse it.
    signing = lookups.signing_steps.get(row.agreement_id) if row.agreement_id and f.get("signed_on") is None else None
    for key, message in agreement_errors({**f, "pk": row.agreement_id, "co_signatories": row.co_signatories,
                                          "signing_recorded_on": signing}, today).items():
        if key in header_of or key in HEADERS:
            err(header_of.get(key, key), message)
    return row


def _historical(raw, row, lookups, err):
    """A signed row of an old register is a historical record: its status column says what the register
    knew (signed, in force, expired…) even without a date, and its steps are not tracked here. A row that
    is not signed (no date, no signed status) is a proposal, as before."""
    f = row.fields
    status_text = cell_text(raw.get("status"))
    status = ""
    if status_text:
        status = lookups.statuses.get(fold(status_text), None)
        if status is None:
            err("status", _("Không nhận ra tình trạng “%(v)s”: ghi Đã ký, Đang có hiệu lực, Đã hết hiệu lực, Đã chấm "
                            "dứt hoặc Đang đề xuất") % {"v": status_text})
            status = ""
    signed_status = status in SIGNED_STATUSES
    row.historical_given = bool(cell_text(raw.get("historical")))
    f["historical"] = _flag(raw.get("historical"), row, "historical", f["signed_on"] is not None or signed_status)
    f["recorded_status"] = ""
    if f["historical"] and signed_status and (f["signed_on"] is None or status in ENDED_AS_RECORDED):
        f["recorded_status"] = status
    activity = raw.get("recorded_activity_on")
    f["recorded_activity_on"] = None
    if activity not in (None, ""):
        try:
            f["recorded_activity_on"], _precision = parse_partial_date(
                cell_text(activity) if isinstance(activity, str) else activity)
        except PartialDateError as error:
            err("recorded_activity_on", str(error))


# --- matching and comparing -------------------------------------------------------------------------

def _chunks(values, size=_CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


@dataclass
class Related:
    """An agreement's partners as (name, country) and their ids, and its sectors' and co-signatories' ids, read
    from the link tables in one query each for all matched agreements (no model instances to build)."""
    partners: list = field(default_factory=list)
    partner_ids: set = field(default_factory=set)
    sectors: set = field(default_factory=set)
    co_signatories: set = field(default_factory=set)


def _related(pks) -> dict[int, Related]:
    related = {pk: Related() for pk in pks}
    partner_links = Agreement.partners.through.objects
    sector_links = Agreement.sectors.through.objects
    co_signatory_links = Agreement.co_signatories.through.objects
    for chunk in _chunks(pks):
        for pk, partner, name, country in partner_links.filter(agreement_id__in=chunk).values_list(
                "agreement_id", "partner_id", "partner__name", "partner__country"):
            related[pk].partners.append((name, country))
            related[pk].partner_ids.add(partner)
        for pk, sector in sector_links.filter(agreement_id__in=chunk).values_list("agreement_id", "sector_id"):
            related[pk].sectors.add(sector)
        for pk, locality in co_signatory_links.filter(agreement_id__in=chunk).values_list("agreement_id", "locality_id"):
            related[pk].co_signatories.add(locality)
    return related


def _candidates(rows, user):
    """The agreements the rows name, read in a few queries: {id: agreement}, {(province, reference): [..]},
    the ids the user may edit, and their partners, sectors and co-signatories."""
    visible = Agreement.objects.visible_to(user)
    ids = {row.agreement_id for row in rows if row.agreement_id}
    by_id = {}
    for chunk in _chunks(ids):
        by_id.update((a.pk, a) for a in visible.filter(pk__in=chunk))
    wanted = {(row.fields["locality"].pk, row.fields["reference"]) for row in rows
              if row.fields.get("locality") is not None and row.fields.get("reference")}
    by_reference = {}
    for chunk in _chunks(sorted({ref for _loc, ref in wanted})):
        for agreement in visible.filter(reference__in=chunk):
            key = (agreement.locality_id, agreement.reference)
            if key in wanted:
                by_reference.setdefault(key, []).append(by_id.setdefault(agreement.pk, agreement))
    editable = set()
    for chunk in _chunks(by_id):
        editable.update(Agreement.objects.editable_by(user).filter(pk__in=chunk).values_list("pk", flat=True))
    return by_id, by_reference, editable, _related(list(by_id))


def _show(key, value) -> str:
    """A value as the preview shows it (the way the export writes it)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if key in ("form", "channel", "visibility"):
        choices = dict(Agreement._meta.get_field(key).choices)
        value = choices.get(value, value)
    if isinstance(value, Locality):
        value = value.short_name
    text = str(value)
    return text if len(text) <= 80 else Shown(text[:79] + "…", text)


_FOREIGN_KEYS = {"locality", "signatory_locality", "signing_unit"}


def _same_text(old: str, new) -> bool:
    """Text that differs only in line endings or surrounding spaces (a spreadsheet program's doing) is
    the same text: the row is unchanged."""
    if not isinstance(new, str):
        return False
    # An .xlsx holds Word's breaks as line breaks (core.exports.sheet_text): what it wrote is the same text.
    return sheet_text(old.replace("\r\n", "\n")).strip() == sheet_text(new.replace("\r\n", "\n")).strip()


def compare(row: Row, agreement: Agreement, related: Related, lookups: Lookups) -> list[tuple[str, str, str]]:
    """(column, as registered, as in the file) for each fact the row would change."""
    f = row.fields
    changes = []
    if not row.historical_given and not agreement.historical:
        # A file without the column does not turn an agreement tracked here into a historical record.
        f["historical"], f["recorded_status"] = False, ""
    for key in COMPARED:
        new = f.get(key)
        if key in _FOREIGN_KEYS:  # compared by id: the related rows are not read
            old_id, new_id = getattr(agreement, f"{key}_id"), getattr(new, "pk", None)
            if key == "signatory_locality" and old_id is None:  # a record made without one signed as its province
                old_id = agreement.locality_id
            if old_id != new_id:
                old = lookups.locality_by_pk.get(old_id) if key != "signing_unit" else getattr(agreement, key)
                changes.append((HEADERS[key], _show(key, old), _show(key, new)))
            continue
        old = getattr(agreement, key)
        if isinstance(new, str) and isinstance(old, str) and (kept := cut_mark_removed(new)) is not None:
            # The export cut a text too long for one Excel cell (core.exports.cell_text): the row brought
            # back as exported keeps the register's full text; a cut text edited in the file would replace
            # the full one with its beginning, so it is refused.
            if sheet_text(old.replace("\r\n", "\n")).lstrip().startswith(
                    sheet_text(kept.replace("\r\n", "\n")).strip()):
                f[key] = new = old
            else:
                row.errors.append((HEADERS.get(key) or HEADERS["form"], _(
                    "Ô này đã bị cắt khi xuất (Excel chỉ chứa được 32.767 ký tự một ô) rồi bị sửa trong tệp: "
                    "sửa nội dung đầy đủ trên hệ thống, hoặc để nguyên ô như tệp xuất")))
                continue
        if key == "signed_on":
            if (old, agreement.signed_precision) != (new, f["signed_precision"]):
                changes.append((HEADERS["signed"], as_text(old, agreement.signed_precision) or "—",
                                as_text(new, f["signed_precision"]) or "—"))
        elif old != new and not (isinstance(old, str) and _same_text(old, new)):
            changes.append((HEADERS.get(key) or HEADERS["form"], _show(key, old), _show(key, new)))
    if (agreement.recorded_status or "") != f.get("recorded_status", ""):
        # The status column changes something only when it changes the status the register shows: an
        # export says "expired" for an agreement whose end date passed, which the row need not record.
        from copy import copy

        from ngoaivu.agreements.status import derive_status
        after = copy(agreement)
        for name in ("historical", "recorded_status", "signed_on", "signed_precision", "in_force_on",
                     "effective_on_signing", "expires_on", "auto_renew", "term_months"):
            setattr(after, name, f.get(name, getattr(agreement, name)))
        events = list(agreement.events.all())
        new_status = derive_status(after, events, timezone.localdate()).status
        if new_status == agreement.status:
            f["recorded_status"] = agreement.recorded_status
        else:
            labels = dict(Agreement._meta.get_field("status").choices)
            changes.append((HEADERS["status"], _show("status", labels.get(agreement.status, agreement.status)),
                            _show("status", labels.get(new_status, new_status))))
    # The file's partners as the commit links them (`_pick_partner`: by name, Vietnamese name or alias, with or
    # without a country), not as written: a row naming its partner by another of its names changes nothing.
    linked = [_pick_partner(lookups.partners_found, *pair, row.partner_details.get(pair, ("",))[0])
              for pair in row.partners]
    if any(p is None for p in linked) or {p.pk for p in linked} != related.partner_ids:
        changes.append((HEADERS["partners"], f"{SEPARATOR} ".join(sorted(name for name, _c in related.partners)),
                        f"{SEPARATOR} ".join(sorted(p.name if p is not None else name
                                                    for p, (name, _c) in zip(linked, row.partners)))))
    if related.sectors != {s.pk for s in row.sectors}:
        names = {s.pk: s.name for s in lookups.sectors.values()}
        changes.append((HEADERS["sectors"], f"{SEPARATOR} ".join(sorted(names[pk] for pk in related.sectors)) or "—",
                        f"{SEPARATOR} ".join(sorted(s.name for s in row.sectors)) or "—"))
    if related.co_signatories != {loc.pk for loc in row.co_signatories}:
        changes.append((HEADERS["co_signatories"], f"{SEPARATOR} ".join(sorted(
            lookups.locality_by_pk[pk].short_name for pk in related.co_signatories)) or "—",
            f"{SEPARATOR} ".join(sorted(loc.short_name for loc in row.co_signatories)) or "—"))
    return changes


def _match(rows, user, lookups):
    by_id, by_reference, editable, related = _candidates(rows, user)
    # The directory's partners the rows that may match a record name, to compare as the commit links them.
    lookups.partners_found = _found_partners(
        {name_key(text) for row in rows if not row.errors and (row.agreement_id or row.fields.get("reference"))
         for pair in row.partners for text in (pair[0], row.partner_details.get(pair, ("",))[0])})
    claimed = {}  # agreement pk → the first row that names it
    for row in rows:
        if row.errors:
            continue
        f = row.fields
        key = (f["locality"].pk, f["reference"]) if f.get("reference") else None
        same_reference = by_reference.get(key, []) if key else []
        if row.agreement_id:
            agreement = by_id.get(row.agreement_id)
            if agreement is None:
                row.errors.append((HEADERS["id"], _("Không có thỏa thuận mang mã hồ sơ %(id)s trong sổ bạn được xem: "
                                                    "để trống mã nếu đây là thỏa thuận mới") % {"id": row.agreement_id}))
                continue
            others = [a for a in same_reference if a.pk != agreement.pk]
            if others:
                row.errors.append((HEADERS["reference"], _("Số, ký hiệu “%(ref)s” đã là của thỏa thuận mã hồ sơ "
                                                           "%(id)s") % {"ref": f["reference"], "id": others[0].pk}))
                continue
        elif len(same_reference) > 1:
            row.errors.append((HEADERS["reference"], _("Số, ký hiệu “%(ref)s” khớp với nhiều thỏa thuận (mã hồ sơ "
                                                       "%(ids)s): ghi mã hồ sơ để chọn đúng thỏa thuận") % {
                "ref": f["reference"], "ids": ", ".join(str(a.pk) for a in same_reference)}))
            continue
        else:
            agreement = same_reference[0] if same_reference else None
        if agreement is not None and agreement.pk in claimed:
            row.errors.append((HEADERS["id"], _("Dòng %(n)s cũng là thỏa thuận này (mã hồ sơ %(id)s): mỗi thỏa "
                                                "thuận chỉ một dòng") % {"n": claimed[agreement.pk], "id": agreement.pk}))
            continue
        if agreement is None:
            if row.forbidden is not None:
                row.errors.append((HEADERS["locality"], _("Bạn không có quyền nhập thỏa thuận của %(name)s") % {
                    "name": row.forbidden.short_name}))
            continue
        claimed[agreement.pk] = row.number
        row.existing = agreement
        row.changes = compare(row, agreement, related[agreement.pk], lookups)
        may_edit = agreement.pk in editable and row.forbidden is None
        if not row.changes:
            row.state = SAME if may_edit else READ_ONLY
        elif may_edit:
            row.state = CHANGED
        else:
            row.errors.append((HEADERS["id"], _("Bạn không có quyền sửa thỏa thuận “%(title)s” (mã hồ sơ %(id)s) "
                                                "của %(name)s, mà dòng này khác với sổ đăng ký ở cột: %(cols)s. "
                                                "Để nguyên dòng như tệp xuất hoặc bỏ dòng này") % {
                "title": agreement.title[:80], "id": agreement.pk, "name": agreement.locality.short_name,
                "cols": ", ".join(row.changed_columns)}))


def check_rows(raw_rows, user, today=None) -> ImportResult:
    """Check rows read from a file and compare them with the register; writes nothing."""
    today = today or timezone.localdate()
    lookups = Lookups()
    # The recorded signing steps of the rows' records, read at once (parse_row: a row cannot empty their date).
    ids = {int(text) for text in (cell_text(raw.get("id")) for _number, raw in raw_rows)
           if text.isdecimal() and len(text) < 10}
    for chunk in _chunks(ids):
        lookups.signing_steps.update(signing_recorded(chunk))
    rows = [parse_row(number, raw, lookups, user, today) for number, raw in raw_rows]
    repeats = repeated_rows(raw_rows)
    # A row pasted twice would add the agreement twice (a row naming a record is matched by its id instead).
    for row in rows:
        if row.number in repeats:
            row.errors.append((HEADERS["title"], repeated_row_message(repeats[row.number])))
    seen = {}
    for row in rows:
        key = (getattr(row.fields.get("locality"), "pk", None), row.fields.get("reference"))
        if key[1]:
            if key in seen:
                row.errors.append((HEADERS["reference"], _("Trùng số, ký hiệu với dòng %(n)s") % {"n": seen[key]}))
            seen.setdefault(key, row.number)
    _match(rows, user, lookups)
    return ImportResult(rows, notes=notes_of(raw_rows))


def check_file(file, user, today=None) -> ImportResult:
    """Read and check every row of a file and compare it with the register; writes nothing."""
    return check_rows(read_rows(file), user, today)


# --- writing ----------------------------------------------------------------------------------------

def _found_partners(keys) -> dict:
    """{(name key, country or None): the directory's current partner} of the partners one of whose names — as
    written, in Vietnamese, or an alias — has one of `keys` (what Partner.objects.look_alikes finds)."""
    from ngoaivu.partners.models import PartnerAlias
    keys = set(keys) - {""}
    found = {}
    for chunk in _chunks(keys):
        chunk = set(chunk)
        aliased = PartnerAlias.objects.filter(key__in=chunk).values("partner_id")
        for partner in (Partner.objects.current().filter(Q(name_key__in=chunk) | Q(name_vi_key__in=chunk) | Q(pk__in=aliased))
                        .prefetch_related("aliases").order_by("name", "pk")):
            for key in {partner.name_key, partner.name_vi_key, *(a.key for a in partner.aliases.all())} & chunk:
                found.setdefault((key, partner.country), partner)
                found.setdefault((key, None), partner)
    return found


def _pick_partner(found, name, country, name_vi=""):
    """The partner of `found` (`_found_partners`) a row's (name, country) links: by its name, else its Vietnamese
    name; in its country, or in any when the row gives none. None: the commit adds a new partner."""
    partner = None
    for key in (name_key(name), name_key(name_vi)):
        if key:
            # A row without a country links the directory's partner without one first: another of the same name
            # in some country would relink an unchanged export's agreement to it.
            partner = partner or (found.get((key, country)) if country else
                                  found.get((key, "")) or found.get((key, None)))
    return partner


def _partners(user, wanted, details=None) -> dict:
    """{(name, country): Partner} for every pair wanted: the directory's current partner one of whose names
    — as written, in Vietnamese, or an alias ("Guangxi" for "Quảng Tây") — folds like the row's name or its
    Vietnamese name (what Partner.objects.look_alikes finds), or a new partner with the row's Vietnamese
    name and kind (`details`: {(name, country): (name_vi, kind)}), added in one batch."""
    from simple_history.utils import bulk_create_with_history

    from ngoaivu.core.text import build_search_text
    from ngoaivu.partners.choices import PartnerKind
    details = details or {}
    found = _found_partners({name_key(name) for name, _country in wanted} | {
        name_key(vi) for vi, _kind in details.values() if vi})
    result, new = {}, []
    for name, country in sorted(wanted):
        name_vi, kind = details.get((name, country), ("", None))
        partner = _pick_partner(found, name, country, name_vi)
        if partner is None:
            key = name_key(name)
            partner = Partner(name=name, name_vi=name_vi, kind=kind or PartnerKind.LOCAL_GOVERNMENT, country=country,
                              created_by=user)
            # What Partner.save() fills in, since bulk_create does not call it.
            partner.name_key, partner.name_vi_key = key, name_key(name_vi)
            partner.search_text = build_search_text([name, name_vi, *country_search_names(country)])
            partner.set_owner_from(user)
            new.append(partner)
            found[(key, country)] = partner
            found.setdefault((key, None), partner)
        result[(name, country)] = partner
    bulk_create_with_history(new, Partner, batch_size=500, default_user=user)
    return result


def commit(result: ImportResult, user, today=None) -> tuple[int, int]:
    """Write every new and changed row in one transaction: all rows or none. Returns (created, updated).
    Unchanged rows are not touched (no save, no history row)."""
    if not result.ok:
        raise ValidationError(_("Tệp còn lỗi: không nhập dòng nào"))
    today = today or timezone.localdate()
    new_rows = [row for row in result.rows if row.state == NEW]
    changed_rows = [row for row in result.rows if row.state == CHANGED]
    with transaction.atomic():
        rows = new_rows + changed_rows
        partners = _partners(user, {p for row in rows for p in row.partners},
                             {p: d for row in rows for p, d in row.partner_details.items()})
        try:
            actions.create_agreements(user, [
                {"fields": row.fields, "partners": [partners[p] for p in row.partners], "sectors": row.sectors,
                 "co_signatories": row.co_signatories} for row in new_rows], today=today)
        except ValidationError as error:  # a rule the check missed
            raise ValidationError("; ".join(error.messages))
        items = []
        for row in changed_rows:
            columns = row.changed_columns
            items.append({
                "agreement": row.existing, "fields": row.fields, "number": row.number,
                "partners": [partners[p] for p in row.partners] if HEADERS["partners"] in columns else None,
                "sectors": row.sectors if HEADERS["sectors"] in columns else None,
                "co_signatories": row.co_signatories if HEADERS["co_signatories"] in columns else None})
        try:
            actions.update_agreements(user, items, today=today, reason=_("Nhập từ tệp"))
        except ValidationError as error:  # a rule the check missed: name the row, undo everything
            number = getattr(error, "row", None)
            raise ValidationError(_("Dòng %(n)s: %(msg)s") % {"n": number, "msg": "; ".join(error.messages)}
                                  if number else "; ".join(error.messages))
    return len(new_rows), len(changed_rows)


