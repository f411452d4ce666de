"""Import of agreements from Excel or CSV: read, check every row, then commit all rows or none.

A preview names each bad row and column and says, for every good row, whether it is new, unchanged or
changed (and which columns change); nothing is written until every row is good. A row is matched to an
agreement only by its record number ("Mã hồ sơ", in every export) or, without one, by its reference
number in its province — never by title or date, which many agreements share. A row with neither is a
new agreement. Re-importing an export unchanged writes nothing, not even a history row.

The checks read reference data, the matched agreements and the partners in a few bulk queries, and the
commit inserts new agreements in batches (`actions.create_agreements`), so thousands of rows check and
import in seconds.
"""
import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import load_workbook

from ngoaivu.agreements import actions
from ngoaivu.agreements.choices import AgreementForm, Channel
from ngoaivu.agreements.models import Agreement, ImportRun
from ngoaivu.agreements.partial_dates import PartialDateError, as_text, parse_partial_date
from ngoaivu.agreements.rules import agreement_errors
from ngoaivu.agreements.spreadsheet import HEADERS, KEY_BY_HEADER, NO, SEPARATOR, YES
from ngoaivu.core.choices import Visibility
from ngoaivu.core.countries import VI_NAMES
from ngoaivu.core.models import Locality, Sector, Unit
from ngoaivu.core.scoping import scope_of
from ngoaivu.core.text import fold
from ngoaivu.partners.models import Partner, name_key

_FORMER = re.compile(r"\s*\((cu|cũ|former)\)\s*$", re.IGNORECASE)
_PREFIXES = ("thanh pho ", "tinh ", "tp ")
_ABBREVIATIONS = {"ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "tp": "thanh pho"}
# A spreadsheet writer may put an apostrophe before text that starts like a formula, so Excel shows it
# as text; the apostrophe is not part of the value.
_NEUTRALISED = re.compile(r"^'(?=[=+\-@\t\r])")
_CHUNK = 900  # ids per IN (…) query, under SQLite's old limit of 999 parameters

NEW, SAME, READ_ONLY, CHANGED = "new", "same", "read_only", "changed"
STATE_LABELS = {NEW: _lazy("mới"), SAME: _lazy("không đổi"), READ_ONLY: _lazy("không đổi (không có quyền sửa)"),
                CHANGED: _lazy("thay đổi")}
# Facts compared with the register, and the column each is read from.
COMPARED = ["reference", "title", "title_en", "form", "form_other", "locality", "signatory_locality",
            "signatory_name", "signing_unit", "inherited_from", "channel", "summary", "languages", "signer_vn",
            "signer_foreign", "signed_on", "signed_place", "in_force_on", "effective_on_signing", "reported_on",
            "term_months", "expires_on", "auto_renew", "notice_days", "visibility"]
RELATIONS = ["partners", "sectors", "co_signatories"]


class ImportFileError(Exception):
    """The file itself cannot be read (not an .xlsx or a CSV, no header row, too big, too many rows)."""


class AlreadyConfirmed(Exception):
    """The preview was confirmed already (a second click, another tab); args[0] is the run."""


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula: its value is not in the file as a value, so the row is refused."""
    text: str


@dataclass
class Row:
    number: int                      # the row number Excel shows
    fields: dict = field(default_factory=dict)
    partners: list = field(default_factory=list)     # [(name, country code)]
    sectors: list = field(default_factory=list)
    co_signatories: list = field(default_factory=list)
    errors: list = field(default_factory=list)       # [(column header, message)]
    agreement_id: int | None = None  # the "Mã hồ sơ" column
    forbidden: object = None         # the province named, when the user may not edit it
    existing: Agreement | None = None
    state: str = NEW
    changes: list = field(default_factory=list)      # [(column header, old text, new text)]

    @property
    def title(self):
        return self.fields.get("title", "")

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def state_colour(self):
        return {NEW: "blue", CHANGED: "orange"}.get(self.state, "grey")

    @property
    def changed_columns(self):
        return list(dict.fromkeys(header for header, _old, _new in self.changes))


@dataclass
class ImportResult:
    rows: list

    @property
    def errors(self):
        return [(row.number, column, message) for row in self.rows for column, message in row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    def count(self, *states):
        return sum(1 for row in self.rows if row.state in states)

    @property
    def new_count(self):
        return self.count(NEW)

    @property
    def changed_count(self):
        return self.count(CHANGED)

    @property
    def update_count(self):
        """Rows that match an agreement of the register (changed or not)."""
        return self.count(SAME, READ_ONLY, CHANGED)

    @property
    def unchanged_count(self):
        return self.count(SAME, READ_ONLY)

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


class Lookups:
    """Reference data indexed by folded name, loaded once per import."""

    def __init__(self):
        self.localities: dict[str, list] = {}
        self.locality_by_pk = {}
        for locality in Locality.objects.select_related("successor"):
            self.locality_by_pk[locality.pk] = locality
            for name in {locality.name, locality.short_name}:
                self.localities.setdefault(self._locality_key(name), []).append(locality)
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
        self.forms = {}
        for value, label in AgreementForm.choices:
            self.forms[fold(label)] = value
            self.forms[fold(value)] = value
        self.channels = {fold(label): value for value, label in Channel.choices} | {v: v for v in Channel.values}
        self.visibilities = {}
        for value, label in Visibility.choices:
            self.visibilities[fold(str(label).split(" (")[0])] = value
            self.visibilities[fold(label)] = value
            self.visibilities[value] = value
        self.units: dict[int, dict] = {}

    @staticmethod
    def _locality_key(name) -> str:
        key = fold(name)
        for prefix in _PREFIXES:
            if key.startswith(prefix):
                return key[len(prefix):]
        return key

    def locality(self, text):
        former = bool(_FORMER.search(text))
        candidates = self.localities.get(self._locality_key(_FORMER.sub("", text)), [])
        if not candidates:
            return None
        preferred = [c for c in candidates if (not c.is_current) == former]
        return (preferred or candidates)[0]

    def unit(self, text, localities):
        for locality in localities:
            if locality is None:
                continue
            if locality.pk not in self.units:
                self.units[locality.pk] = {_unit_key(u.name): u for u in Unit.objects.filter(locality=locality)}
            found = self.units[locality.pk].get(_unit_key(text))
            if found:
                return found
        return None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _NEUTRALISED.sub("", str(value).strip())


def _split(value) -> list[str]:
    return [part.strip() for part in _text(value).split(SEPARATOR) if part.strip()]


def max_bytes() -> int:
    return settings.AGREEMENT_IMPORT_MAX_MB * 1024 * 1024


def check_size(file) -> None:
    """Refuse a file over the size limit before reading it (reading is what takes the time)."""
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes():
        raise ImportFileError(_("Tệp lớn %(size)s MB, quá giới hạn %(max)s MB của một lần nhập: hãy chia thành "
                                "nhiều tệp") % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ","),
                                                "max": settings.AGREEMENT_IMPORT_MAX_MB})


def _header_keys(header) -> list:
    return [KEY_BY_HEADER.get(fold(_text(h))) if h not in (None, "") else None for h in header]


def _rows_of(table, keys) -> list[tuple[int, dict]]:
    """(row number, {column key: value}) of the non-empty rows after the header, up to the row limit."""
    if "title" not in keys:
        raise ImportFileError(_("Dòng đầu của tệp phải là tiêu đề cột như tệp mẫu (thiếu cột “%(col)s”)") % {
            "col": HEADERS["title"]})
    limit = settings.AGREEMENT_IMPORT_MAX_ROWS
    result = []
    for number, values in table:
        if values is None or all(v in (None, "") for v in values):
            continue
        if len(result) >= limit:
            raise ImportFileError(_("Tệp có hơn %(n)s dòng thỏa thuận (dòng %(row)s vượt giới hạn của một lần "
                                    "nhập): hãy chia thành nhiều tệp, mỗi tệp tối đa %(n)s dòng") % {
                "n": f"{limit:,}".replace(",", "."), "row": number})
        result.append((number, {key: value for key, value in zip(keys, values) if key}))
    return result


def _read_xlsx(file):
    try:
        # Formulas are read as formulas (not their cached results), so a row that depends on one is
        # named rather than imported with a value nobody saw.
        wb = load_workbook(file, read_only=True, data_only=False)
        ws = wb.worksheets[0]
        cells = ws.iter_rows()
        header = [c.value for c in next(cells, ())]
        keys = _header_keys(header)

        def table():
            for number, row in enumerate(cells, start=2):
                yield number, [Formula(str(c.value)) if c.data_type == "f" else c.value for c in row]
        rows = _rows_of(table(), keys)
    except ImportFileError:
        raise
    except Exception:  # openpyxl raises many kinds of errors for a damaged file
        raise ImportFileError(_("Không đọc được tệp Excel: hãy lưu lại dưới dạng .xlsx (tải tệp mẫu ở trang này)"))
    wb.close()
    return rows


def _read_csv(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("Không đọc được tệp: hãy dùng tệp Excel .xlsx, hoặc tệp CSV lưu với bảng mã UTF-8 "
                                "(trong Excel: Lưu thành → CSV UTF-8)"))
    best = None
    for delimiter in (",", ";", "\t"):  # Excel writes ";" where the decimal mark is a comma
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        keys = _header_keys(table[0]) if table else []
        known = sum(1 for k in keys if k)
        if best is None or known > best[0]:
            best = (known, table, keys)
    _known, table, keys = best
    return _rows_of(((number, values) for number, values in enumerate(table[1:], start=2)), keys)


def read_rows(file) -> list[tuple[int, dict]]:
    """(row number, {column key: raw value}) for every non-empty row of the first sheet of an .xlsx,
    or of a CSV file (UTF-8 with or without BOM, separated by commas or semicolons)."""
    check_size(file)
    file.seek(0)
    head = file.read(4)
    file.seek(0)
    if head == b"PK\x03\x04":  # a zip archive: an .xlsx
        return _read_xlsx(file)
    return _read_csv(file.read())


def _date(value, row, key):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
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
    text = _text(value)
    if not text:
        return None
    if text.isdigit() and int(text) < 32768:
        return int(text)
    row.errors.append((HEADERS[key], _("“%(value)s” không phải là số nguyên") % {"value": text}))
    return None


def _flag(value, row, key, default):
    text = fold(_text(value))
    if not _text(value):
        return default
    if text in YES:
        return True
    if text in NO:
        return False
    row.errors.append((HEADERS[key], _("Ghi “Có” hoặc “Không”")))
    return default


def parse_row(number, raw, lookups: Lookups, user, today) -> Row:
    row = Row(number)
    f = row.fields
    err = lambda key, message: row.errors.append((HEADERS[key], message))  # noqa: E731
    scope = scope_of(user)

    for key, value in raw.items():
        if isinstance(value, Formula):
            if key != "status":  # the status column is ignored on import anyway
                err(key, _("Ô chứa công thức (%(formula)s): hãy thay bằng giá trị (sao chép rồi dán giá trị) "
                           "rồi tải lên lại") % {"formula": value.text[:60]})
            raw[key] = None

    id_text = _text(raw.get("id"))
    if id_text:
        if id_text.isdigit():
            row.agreement_id = int(id_text)
        else:
            err("id", _("“%(v)s” không phải là mã hồ sơ: giữ nguyên mã trong tệp xuất, để trống với thỏa thuận "
                        "mới") % {"v": id_text})
    f["reference"] = _text(raw.get("reference"))[:80]
    f["title"] = _text(raw.get("title"))
    f["title_en"] = _text(raw.get("title_en"))
    form_text = _text(raw.get("form"))
    f["form"], f["form_other"] = "", ""
    if form_text:
        f["form"] = lookups.forms.get(fold(form_text), AgreementForm.OTHER)
        if f["form"] == AgreementForm.OTHER and fold(form_text) not in lookups.forms:
            f["form_other"] = form_text[:120]

    locality_text, signatory_text = _text(raw.get("locality")), _text(raw.get("signatory_locality"))
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

    f["signatory_name"] = _text(raw.get("signatory_name"))[:255]
    unit_text = _text(raw.get("signing_unit"))
    f["signing_unit"] = None
    if unit_text:
        f["signing_unit"] = lookups.unit(unit_text, [locality, signatory])
        if f["signing_unit"] is None:
            err("signing_unit", _("Không có cơ quan “%(v)s” trong danh mục của tỉnh; ghi tên khi ký vào cột “%(col)s”")
                % {"v": unit_text, "col": HEADERS["signatory_name"]})
    for name in _split(raw.get("co_signatories")):
        found = lookups.locality(name)
        if found is None:
            err("co_signatories", _("Không có tỉnh, thành phố “%(v)s”") % {"v": name})
        else:
            row.co_signatories.append(found)
    f["inherited_from"] = _text(raw.get("inherited_from"))[:255]

    names, countries = _split(raw.get("partners")), _split(raw.get("countries"))
    if not names:
        err("partners", _("Ghi ít nhất một đối tác nước ngoài"))
    codes = []
    for text in countries:
        code = lookups.countries.get(fold(text))
        if code is None:
            err("countries", _("Không nhận ra quốc gia “%(v)s”") % {"v": text})
        codes.append(code)
    if names and countries and len(countries) not in (1, len(names)):
        err("countries", _("Ghi một quốc gia chung, hoặc mỗi đối tác một quốc gia theo đúng thứ tự"))
    for index, name in enumerate(names):
        code = codes[index] if len(codes) == len(names) else (codes[0] if codes else "")
        row.partners.append((name[:255], code or ""))
    for name in _split(raw.get("sectors")):
        sector = lookups.sectors.get(fold(name))
        if sector is None:
            err("sectors", _("Không có lĩnh vực “%(v)s”") % {"v": name})
        else:
            row.sectors.append(sector)
    channel = _text(raw.get("channel"))
    f["channel"] = lookups.channels.get(fold(channel), None) if channel else Channel.STATE
    if f["channel"] is None:
        err("channel", _("Ghi Ngoại giao Nhà nước, Đối ngoại Đảng hoặc Đối ngoại nhân dân"))
    for key, limit in (("summary", None), ("languages", 200), ("signer_vn", 255), ("signer_foreign", 255),
                       ("signed_place", 200)):
        f[key] = _text(raw.get(key))[:limit] if limit else _text(raw.get(key))
    try:
        signed = raw.get("signed")
        f["signed_on"], f["signed_precision"] = parse_partial_date(_text(signed) if isinstance(signed, str) else signed)
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
    visibility = _text(raw.get("visibility"))
    f["visibility"] = lookups.visibilities.get(fold(visibility)) if visibility else Visibility.INTERNAL
    if f["visibility"] is None:
        err("visibility", _("Ghi Nội bộ, Toàn quốc hoặc Công khai"))

    header_of = {"signed_on": "signed", "signed_precision": "signed", "parent": "reference",
                 "parent_relation": "reference"}
    for key, message in agreement_errors(f, today).items():
        if key in header_of or key in HEADERS:
            err(header_of.get(key, key), message)
    return row


# --- matching and comparing -------------------------------------------------------------------------

def _chunks(values, size=_CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


@dataclass
class Related:
    """An agreement's partners as (name, country) and its sectors' and co-signatories' ids, read from the
    link tables in one query each for all matched agreements (no model instances to build)."""
    partners: list = field(default_factory=list)
    sectors: set = field(default_factory=set)
    co_signatories: set = field(default_factory=set)


def _related(pks) -> dict[int, Related]:
    related = {pk: Related() for pk in pks}
    partner_links = Agreement.partners.through.objects
    sector_links = Agreement.sectors.through.objects
    co_signatory_links = Agreement.co_signatories.through.objects
    for chunk in _chunks(pks):
        for pk, name, country in partner_links.filter(agreement_id__in=chunk).values_list(
                "agreement_id", "partner__name", "partner__country"):
            related[pk].partners.append((name, country))
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
    return text if len(text) <= 80 else text[:79] + "…"


def _partner_key(name, country):
    return name_key(name), str(country or "")


_FOREIGN_KEYS = {"locality", "signatory_locality", "signing_unit"}


def _same_text(old: str, new) -> bool:
    """Text that differs only in line endings or surrounding spaces (a spreadsheet program's doing) is
    the same text: the row is unchanged."""
    return isinstance(new, str) and old.replace("\r\n", "\n").strip() == new.replace("\r\n", "\n").strip()


def compare(row: Row, agreement: Agreement, related: Related, lookups: Lookups) -> list[tuple[str, str, str]]:
    """(column, as registered, as in the file) for each fact the row would change."""
    f = row.fields
    changes = []
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
        if key == "signed_on":
            if (old, agreement.signed_precision) != (new, f["signed_precision"]):
                changes.append((HEADERS["signed"], as_text(old, agreement.signed_precision) or "—",
                                as_text(new, f["signed_precision"]) or "—"))
        elif old != new and not (isinstance(old, str) and _same_text(old, new)):
            changes.append((HEADERS.get(key) or HEADERS["form"], _show(key, old), _show(key, new)))
    if {_partner_key(*p) for p in related.partners} != {_partner_key(*p) for p in row.partners}:
        changes.append((HEADERS["partners"], f"{SEPARATOR} ".join(sorted(name for name, _c in related.partners)),
                        f"{SEPARATOR} ".join(sorted(name for name, _c in row.partners))))
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
    rows = [parse_row(number, raw, lookups, user, today) for number, raw in raw_rows]
    seen = {}
    for row in rows:
        key = (getattr(row.fields.get("locality"), "pk", None), row.fields.get("reference"))
        if key[1]:
            if key in seen:
                row.errors.append((HEADERS["reference"], _("Trùng số, ký hiệu với dòng %(n)s") % {"n": seen[key]}))
            seen.setdefault(key, row.number)
    _match(rows, user, lookups)
    return ImportResult(rows)


def check_file(file, user, today=None) -> ImportResult:
    """Read and check every row of a file and compare it with the register; writes nothing."""
    return check_rows(read_rows(file), user, today)


# --- writing ----------------------------------------------------------------------------------------

def _partners(user, wanted) -> dict:
    """{(name, country): Partner} for every pair wanted: the directory's look-alike (the one
    Partner.objects.look_alikes(name, country).first() finds), or a new partner, added in one batch."""
    from simple_history.utils import bulk_create_with_history

    from ngoaivu.core.text import build_search_text
    keys = {name_key(name) for name, _country in wanted}
    found = {}
    for chunk in _chunks(keys):
        chunk = set(chunk)
        for partner in Partner.objects.filter(Q(name_key__in=chunk) | Q(name_vi_key__in=chunk)).order_by("name", "pk"):
            for key in {partner.name_key, partner.name_vi_key} & chunk:
                found.setdefault((key, partner.country), partner)
                found.setdefault((key, None), partner)
    result, new = {}, []
    for name, country in sorted(wanted):
        key = name_key(name)
        partner = found.get((key, country) if country else (key, None))
        if partner is None:
            partner = Partner(name=name, country=country, created_by=user)
            # What Partner.save() fills in, since bulk_create does not call it.
            partner.name_key, partner.name_vi_key = key, ""
            partner.search_text = build_search_text(partner.search_parts())
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
        partners = _partners(user, {p for row in new_rows + changed_rows for p in row.partners})
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


# --- the two steps as the web page runs them ----------------------------------------------------------
# The preview keeps the rows it read (as JSON, not the file) and what it showed for each: the confirmation
# checks them again against the register of that moment without parsing the spreadsheet a second time,
# and writes only if each row would still do what the preview said.

def _encode(value):
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _decode(value):
    if isinstance(value, dict):
        if "datetime" in value:
            return datetime.datetime.fromisoformat(value["datetime"])
        return datetime.date.fromisoformat(value["date"])
    return value


def _plan(result: ImportResult) -> list:
    """What the preview showed, row by row: the confirmation writes only if the register still gives the same."""
    return [[row.number, row.state, getattr(row.existing, "pk", None), row.changed_columns] for row in result.rows]


def _dump(raw_rows, result: ImportResult) -> bytes:
    import json
    return json.dumps({"rows": [[number, {k: _encode(v) for k, v in raw.items()}] for number, raw in raw_rows],
                       "plan": _plan(result)}, ensure_ascii=False).encode()


def _load(data: bytes):
    import json
    stored = json.loads(data)
    return [(number, {k: _decode(v) for k, v in raw.items()}) for number, raw in stored["rows"]], stored["plan"]


def start(file, user, filename="") -> tuple[ImportResult, ImportRun | None]:
    """Check an uploaded file; when every row is good, keep its rows for the confirmation under a new run."""
    import uuid

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    raw_rows = read_rows(file)
    result = check_rows(raw_rows, user)
    run = None
    if result.ok:
        _forget_stale(user)
        token = uuid.uuid4()
        name = default_storage.save(f"imports/{token.hex}.json", ContentFile(_dump(raw_rows, result)))
        run = ImportRun.objects.create(token=token, created_by=user, file=name, filename=filename[:255],
                                       rows=len(result.rows))
    return result, run


def _forget_stale(user):
    """Drop the user's unconfirmed runs older than a day (and their files)."""
    from django.core.files.storage import default_storage
    stale = ImportRun.objects.filter(created_by=user, confirmed_at__isnull=True,
                                     created_at__lt=timezone.now() - datetime.timedelta(days=1))
    for run in stale:
        default_storage.delete(run.file)
    stale.delete()


def confirm(token, user) -> tuple[ImportResult, ImportRun]:
    """Import the checked rows of a run, once. The run is claimed by one conditional UPDATE inside the
    import's transaction: a second confirmation waits for the first, then finds it confirmed
    (AlreadyConfirmed). The rows are checked again, since the register may have changed meanwhile."""
    from django.core.files.storage import default_storage
    run = ImportRun.objects.filter(token=token, created_by=user).first()
    if run is None:
        raise ImportFileError(_("Phiên nhập đã hết hạn: hãy tải tệp lên lại."))
    try:
        with transaction.atomic():
            claimed = ImportRun.objects.filter(pk=run.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now())
            if not claimed:
                raise AlreadyConfirmed
            if not default_storage.exists(run.file):
                raise ImportFileError(_("Phiên nhập đã hết hạn: hãy tải tệp lên lại."))
            with default_storage.open(run.file, "rb") as file:
                raw_rows, plan = _load(file.read())
            result = check_rows(raw_rows, user)
            if not result.ok:
                raise ValidationError(_("Sổ đăng ký đã thay đổi từ lúc kiểm tra: %(errors)s. Hãy tải tệp lên lại.") % {
                    "errors": "; ".join(_("dòng %(n)s, cột “%(col)s”: %(msg)s") % {"n": n, "col": col, "msg": msg}
                                        for n, col, msg in result.errors[:5])})
            moved = [new[0] for old, new in zip(plan, _plan(result)) if old != new]
            if moved:  # the file would now write something else than the preview showed
                raise ValidationError(_("Sổ đăng ký đã thay đổi từ lúc kiểm tra (dòng %(rows)s): hãy tải tệp lên lại "
                                        "để xem trước những gì sẽ được ghi.") % {
                    "rows": ", ".join(str(n) for n in moved[:10]) + ("…" if len(moved) > 10 else "")})
            run.created, run.updated = commit(result, user)
            ImportRun.objects.filter(pk=run.pk).update(created=run.created, updated=run.updated)
    except AlreadyConfirmed:
        run.refresh_from_db()
        raise AlreadyConfirmed(run)
    except IntegrityError:
        # Another import or a form saved the same reference number between the check and the write.
        raise ValidationError(_("Trong lúc nhập, một thỏa thuận cùng số, ký hiệu vừa được lưu (có thể bởi một lần "
                                "nhập khác). Hãy tải tệp lên lại để kiểm tra."))
    except OperationalError as error:
        if "locked" not in str(error):
            raise
        # SQLite: the other confirmation still held the write lock after the wait.
        raise ValidationError(_("Một lần nhập khác đang được ghi: hãy đợi ít phút rồi tải tệp lên lại."))
    except PermissionDenied:
        raise ValidationError(_("Có dòng nằm ngoài phạm vi bạn được quyền sửa."))
    default_storage.delete(run.file)
    run.refresh_from_db()
    return result, run
