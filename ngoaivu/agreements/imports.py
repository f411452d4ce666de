"""Import of agreements from Excel: read, check every row, then commit all rows or none.

A preview names each bad row and column; nothing is written until every row is good. A row updates the
agreement with the same reference number in the same province (or, for rows without one, the same
title and signing date), so importing a file twice changes nothing the second time.
"""
import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ngoaivu.agreements import actions
from ngoaivu.agreements.choices import AgreementForm, Channel
from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.partial_dates import PartialDateError, parse_partial_date
from ngoaivu.agreements.rules import agreement_errors
from ngoaivu.agreements.spreadsheet import HEADERS, KEY_BY_HEADER, NO, SEPARATOR, YES
from ngoaivu.core.choices import Visibility
from ngoaivu.core.countries import VI_NAMES
from ngoaivu.core.models import Locality, Sector, Unit
from ngoaivu.core.scoping import scope_of
from ngoaivu.core.text import fold
from ngoaivu.partners.models import Partner, name_key

MAX_ROWS = 5000
_FORMER = re.compile(r"\s*\((cu|cũ|former)\)\s*$", re.IGNORECASE)
_PREFIXES = ("thanh pho ", "tinh ", "tp ")
_ABBREVIATIONS = {"ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "tp": "thanh pho"}


class ImportFileError(Exception):
    """The file itself cannot be read (not an .xlsx, no header row)."""


@dataclass
class Row:
    number: int                      # the row number Excel shows
    fields: dict = field(default_factory=dict)
    partners: list = field(default_factory=list)     # [(name, country code)]
    sectors: list = field(default_factory=list)
    co_signatories: list = field(default_factory=list)
    errors: list = field(default_factory=list)       # [(column header, message)]
    existing: Agreement | None = None

    @property
    def title(self):
        return self.fields.get("title", "")


@dataclass
class ImportResult:
    rows: list

    @property
    def errors(self):
        return [(row.number, column, message) for row in self.rows for column, message in row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    @property
    def new_count(self):
        return sum(1 for row in self.rows if row.existing is None)

    @property
    def update_count(self):
        return sum(1 for row in self.rows if row.existing is not None)


def _unit_key(text) -> str:
    words = fold(text).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


class Lookups:
    """Reference data indexed by folded name, loaded once per import."""

    def __init__(self):
        self.localities: dict[str, list] = {}
        for locality in Locality.objects.select_related("successor"):
            for name in {locality.name, locality.short_name}:
                self.localities.setdefault(self._locality_key(name), []).append(locality)
        self.sectors = {}
        for sector in Sector.objects.all():
            for name in (sector.name, sector.name_en, sector.code):
                if name:
                    self.sectors[fold(name)] = sector
        from django_countries import countries
        from django.utils import translation
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
    return str(value).strip()


def _split(value) -> list[str]:
    return [part.strip() for part in _text(value).split(SEPARATOR) if part.strip()]


def read_rows(file) -> list[tuple[int, dict]]:
    """(Excel row number, {column key: raw value}) for every non-empty row of the first sheet."""
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a file that is not an .xlsx
        raise ImportFileError(_("Không đọc được tệp: hãy dùng tệp Excel .xlsx (tải tệp mẫu ở trang này)"))
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None) or ()
    keys = [KEY_BY_HEADER.get(fold(h)) if h else None for h in header]
    if "title" not in keys:
        raise ImportFileError(_("Dòng đầu của tệp phải là tiêu đề cột như tệp mẫu (thiếu cột “%(col)s”)") % {
            "col": HEADERS["title"]})
    result = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v in (None, "") for v in values):
            continue
        if len(result) >= MAX_ROWS:
            raise ImportFileError(_("Tệp có quá %(n)s dòng: hãy chia thành nhiều tệp") % {"n": MAX_ROWS})
        result.append((number, {key: value for key, value in zip(keys, values) if key}))
    wb.close()
    return result


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
        locality = Locality.objects.get(pk=next(iter(scope.edit_locality_ids)))
    else:
        err("locality", _("Ghi tỉnh, thành phố quản lý"))
    if signatory_text:
        signatory = lookups.locality(signatory_text)
        if signatory is None:
            err("signatory_locality", _("Không có tỉnh, thành phố “%(v)s”") % {"v": signatory_text})
    if locality is not None and not (scope.superuser or locality.pk in scope.edit_locality_ids):
        err("locality", _("Bạn không có quyền nhập thỏa thuận của %(name)s") % {"name": locality.short_name})
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
        f["signed_on"], f["signed_precision"] = parse_partial_date(raw.get("signed"))
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


def _find_existing(row: Row):
    f = row.fields
    if f.get("locality") is None:
        return None
    qs = Agreement.objects.filter(locality=f["locality"])
    if f["reference"]:
        return qs.filter(reference=f["reference"]).first()
    return qs.filter(reference="", title=f["title"], signed_on=f["signed_on"]).first()


def check_file(file, user, today=None) -> ImportResult:
    """Read and check every row; writes nothing."""
    today = today or timezone.localdate()
    lookups = Lookups()
    rows = [parse_row(number, raw, lookups, user, today) for number, raw in read_rows(file)]
    seen = {}
    for row in rows:
        key = (getattr(row.fields.get("locality"), "pk", None), row.fields.get("reference"))
        if key[1]:
            if key in seen:
                row.errors.append((HEADERS["reference"], _("Trùng số, ký hiệu với dòng %(n)s") % {"n": seen[key]}))
            seen.setdefault(key, row.number)
        if not row.errors:
            row.existing = _find_existing(row)
            if row.existing is not None and not Agreement.objects.editable_by(user).filter(pk=row.existing.pk).exists():
                row.errors.append((HEADERS["reference"], _("Bạn không có quyền sửa thỏa thuận đã có số này")))
    return ImportResult(rows)


def _partner(user, name, country, cache):
    key = (name_key(name), country)
    if key not in cache:
        found = Partner.objects.look_alikes(name, country).first()
        cache[key] = found or Partner.objects.create(name=name, country=country, created_by=user)
    return cache[key]


def commit(result: ImportResult, user, today=None) -> tuple[int, int]:
    """Write every row in one transaction: all rows or none. Returns (created, updated)."""
    if not result.ok:
        raise ValidationError(_("Tệp còn lỗi: không nhập dòng nào"))
    today = today or timezone.localdate()
    created = updated = 0
    cache = {}
    with transaction.atomic():
        for row in result.rows:
            partners = [_partner(user, name, country, cache) for name, country in row.partners]
            try:
                if row.existing is None:
                    actions.create_agreement(user, partners=partners, sectors=row.sectors,
                                             co_signatories=row.co_signatories, today=today, **row.fields)
                    created += 1
                elif actions.update_agreement(user, row.existing, partners=partners, sectors=row.sectors,
                                              co_signatories=row.co_signatories, today=today,
                                              reason=_("Nhập từ Excel"), **row.fields):
                    updated += 1
            except ValidationError as error:  # a rule the check missed: name the row, undo everything
                raise ValidationError(_("Dòng %(n)s: %(msg)s") % {"n": row.number, "msg": "; ".join(error.messages)})
    return created, updated
