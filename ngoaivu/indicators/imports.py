"""Import of observations from a spreadsheet: one figure a row, columns

    Mã chỉ số | Tỉnh, thành phố | Kỳ | Giá trị | Nguồn | Ghi chú

(the province empty or "Toàn quốc" for a national figure; a former province's name, e.g. "Bắc Giang",
for its figures before 01/7/2025). Checked in full first: the preview lists every row and every error,
naming the row and the column; nothing is saved unless every row is right, and then all at once.
The checked rows travel to the confirmation signed (django.core.signing), so nothing is stored between."""
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngoaivu.core import import_files
from ngoaivu.core.concurrency import versions_of
from ngoaivu.core.exports import Sheet, xlsx
from ngoaivu.core.models import Locality
from ngoaivu.core.numbers import parse_vn_number, vn_number
from ngoaivu.core.reference import LocalityResolver
from ngoaivu.core.text import fold
from ngoaivu.indicators.actions import Entry, _owner, former_period_check, may_edit_locality
from ngoaivu.indicators.choices import WHOLE_UNITS, Unit, whole_error
from ngoaivu.indicators.models import Indicator, Observation, as_stored
from ngoaivu.indicators.periods import Period

COLUMNS = ["Mã chỉ số", "Tỉnh, thành phố", "Kỳ", "Giá trị", "Nguồn", "Ghi chú"]
# "National" as the English pages name a figure without a province (and an English file, read with its
# English headers, writes it).
NATIONAL = {"", "toan quoc", "ca nuoc", "national"}
SALT = "indicators.import"
MAX_ROWS = 5000
MAX_MB = 2
MAX_ERRORS_SHOWN = 50  # named on the page; the rest are counted


@dataclass
class Checked:
    rows: list = field(default_factory=list)     # dicts for the preview and the token
    errors: list = field(default_factory=list)   # messages naming row and column
    notes: list = field(default_factory=list)    # what of the file is not read (columns, sheets: core.import_files)

    @property
    def shown_errors(self) -> list:
        """The first MAX_ERRORS_SHOWN errors: a file of thousands of bad rows listed thousands of lines."""
        return self.errors[:MAX_ERRORS_SHOWN]

    @property
    def more_errors(self) -> int:
        return max(len(self.errors) - MAX_ERRORS_SHOWN, 0)

    @property
    def replacing(self) -> int:
        """How many rows replace a figure already saved."""
        return sum(1 for r in self.rows if r.get("current_shown"))

    @property
    def token(self) -> str:
        return signing.dumps([{k: r[k] for k in ("number", "code", "locality", "period", "value", "source", "note",
                                                        "version")}
                              for r in self.rows], salt=SALT, compress=True)


def template() -> bytes:
    example = ["remittances", "Lạng Sơn", "2025", 1250000, "Sở Tài chính", ""]
    return xlsx(Sheet(_("Số liệu"), COLUMNS, [example], widths=[22, 22, 12, 18, 24, 30]))


def _cell_error(row, column, message):
    return _("Dòng %(row)s, cột “%(column)s”: %(message)s") % {"row": row, "column": column, "message": message}


# Each column's key, read from its Vietnamese header (the template's) or its English one, in any case and
# without diacritics (core.import_files).
KEYS = {"Mã chỉ số": "code", "Tỉnh, thành phố": "place", "Kỳ": "period", "Giá trị": "value", "Nguồn": "source",
        "Ghi chú": "note"}
ENGLISH = {"code": "Indicator code", "place": "Province", "period": "Period", "value": "Value", "source": "Source",
           "note": "Note"}


def layout() -> import_files.Layout:
    """The file as core.import_files reads it: an .xlsx (its first sheet) or a CSV, the header in its first
    rows (a province's sheet has its title above it), the four first columns required."""
    key_by_header = {fold(header): key for header, key in KEYS.items()}
    key_by_header.update({fold(header): key for key, header in ENGLISH.items()})
    return import_files.Layout(
        key_by_header=key_by_header, required_key="code", required_header=COLUMNS[0], max_rows=MAX_ROWS,
        max_mb=MAX_MB, row_noun=gettext_lazy("số liệu"), also_required=tuple((KEYS[h], h) for h in COLUMNS[1:4]),
        formula_results=True)


def check(user, uploaded) -> Checked:
    result = Checked()
    try:
        raw_rows = import_files.read_rows(uploaded, layout())
    except import_files.ImportFileError as error:
        result.errors.append(str(error))
        return result
    result.notes = import_files.notes_of(raw_rows)
    indicators = {i.code: i for i in Indicator.objects.filter(is_active=True)}
    resolver = LocalityResolver(Locality.objects.all())
    seen = {}
    for number, raw in raw_rows:
        cell = {header: raw.get(key) for header, key in KEYS.items()}
        result.rows.append(_check_row(user, number, cell, indicators, resolver, seen, result.errors))
    if not result.rows and not result.errors:
        result.errors.append(_("Tệp không có dòng số liệu nào."))
    if result.rows and not result.errors:
        _read_versions(result.rows, indicators)
    return result


def _read_versions(rows, indicators) -> None:
    """Each row's `version`: the token (core.concurrency) of the figure it would replace as the preview read
    it, 0 when there was none. The confirmation holds the file to it as the grid holds its form: a figure a
    colleague changed after the preview, which the file changes too, is refused rather than overwritten
    unseen; one the file leaves as it was stays as the colleague saved it. `current_shown`: that figure, which
    the preview shows beside the new one (a replaced figure looked like a new one)."""
    localities = Locality.objects.in_bulk({r["locality"] for r in rows if r["locality"]})
    by_key = {}
    for r in rows:
        owner, former = _owner(localities.get(r["locality"]) if r["locality"] else None)
        period = Period.parse(r["period"])
        by_key[(indicators[r["code"]].pk, getattr(owner, "pk", None), getattr(former, "pk", None), period.start,
                period.end)] = r
        r["version"] = 0
    found = Observation.objects.filter(indicator_id__in={key[0] for key in by_key},
                                       period_start__in={key[3] for key in by_key}).order_by().values_list(
        "pk", "value", "indicator_id", "locality_id", "former_locality_id", "period_start", "period_end")
    versions = versions_of(Observation, [pk for pk, *_key in found])
    for pk, value, *key in found:
        row = by_key.get(tuple(key))
        if row is not None:
            row["version"], row["current_shown"] = versions.get(pk, 0), vn_number(value)


def _check_row(user, number, cell, indicators, resolver, seen, errors) -> dict:
    code = str(cell["Mã chỉ số"] or "").strip()
    row = {"number": number, "code": code, "source": str(cell["Nguồn"] or "").strip(),
           "note": str(cell["Ghi chú"] or "").strip(), "locality": None, "period": "", "value": None,
           "locality_label": _("Toàn quốc")}
    # Named, as the grid refuses them, rather than cut silently to the columns' lengths.
    for column, key, limit in (("Nguồn", "source", 200), ("Ghi chú", "note", 500)):
        if len(row[key]) > limit:
            errors.append(_cell_error(number, column, _("tối đa %(n)s ký tự (ô có %(found)s ký tự).")
                                      % {"n": limit, "found": len(row[key])}))
    indicator = indicators.get(code)
    if indicator is None:
        errors.append(_cell_error(number, "Mã chỉ số", _("không có chỉ số mã “%(code)s” trong danh mục.") % {"code": code}))
    elif indicator.is_computed:
        errors.append(_cell_error(number, "Mã chỉ số", _("chỉ số này được tính từ sổ theo dõi, không nhập.")))
    row["indicator"] = str(indicator or "")
    place = str(cell["Tỉnh, thành phố"] or "").strip()
    locality = None
    if fold(place) not in NATIONAL:
        locality = resolver.resolve(place)
        if locality is None:
            errors.append(_cell_error(number, "Tỉnh, thành phố", _("không nhận ra “%(name)s”.") % {"name": place}))
        else:
            row["locality"], row["locality_label"] = locality.pk, str(locality)
    if (locality is not None or fold(place) in NATIONAL) and not may_edit_locality(user, locality):
        errors.append(_cell_error(number, "Tỉnh, thành phố", _("bạn không có quyền nhập số liệu của %(place)s.")
                                  % {"place": locality or _("toàn quốc")}))
    period_text = str(cell["Kỳ"] if cell["Kỳ"] is not None else "").strip().removesuffix(".0")
    try:
        period = Period.parse(period_text)
        row["period"], row["period_label"] = period.code, str(period)
        former_period_check(locality, period)
    except ValidationError as error:
        period = None
        errors.append(_cell_error(number, "Kỳ", error.messages[0]))
    raw = cell["Giá trị"]
    try:
        value = parse_vn_number(raw)
        if value is None or not value.is_finite() or value < 0 or value >= Decimal(10) ** 18:
            raise InvalidOperation
        row["value"] = str(as_stored(value))
        row["value_shown"] = vn_number(as_stored(value))  # the preview shows what will be saved, as pages write it
    except (InvalidOperation, ValueError, TypeError):
        errors.append(_cell_error(number, "Giá trị", _("“%(value)s” không phải số không âm.") % {"value": raw if raw is not None else ""}))
    else:
        if indicator is not None and indicator.unit == Unit.PERCENT and value > 100:
            # A share is at most 100 %, as the grid and the targets say.
            errors.append(_cell_error(number, "Giá trị", _("Tỷ lệ không quá 100 %.")))
        elif indicator is not None and indicator.unit in WHOLE_UNITS and value != value.to_integral_value():
            errors.append(_cell_error(number, "Giá trị", whole_error(indicator)))
    key = (code, row["locality"], row["period"])
    if period is not None and key in seen:
        errors.append(_cell_error(number, "Kỳ", _("trùng với dòng %(row)s.") % {"row": seen[key]}))
    seen.setdefault(key, number)
    return row


def entries_from_token(token) -> list[Entry]:
    """The checked rows back from the preview (a tampered token is refused)."""
    try:
        rows = signing.loads(token, salt=SALT, max_age=3600)
    except signing.BadSignature:
        raise ValidationError(_("Bản xem trước đã hết hạn hoặc không hợp lệ: hãy tải tệp lên lại."))
    # The catalogue may have changed since the preview (a code renamed, an indicator withdrawn): such a row
    # is named as the preview names it, and nothing is saved.
    indicators = {i.code: i for i in Indicator.objects.filter(is_active=True)}
    localities = Locality.objects.in_bulk([r["locality"] for r in rows if r["locality"]])
    entries, errors = [], []
    for position, r in enumerate(rows, 2):
        number = r.get("number", position)  # a preview made before rows carried their number
        indicator = indicators.get(r["code"])
        if indicator is None:
            errors.append(_cell_error(number, "Mã chỉ số", _("không có chỉ số mã “%(code)s” trong danh mục.")
                                      % {"code": r["code"]}))
        locality = localities.get(r["locality"]) if r["locality"] else None
        if r["locality"] and locality is None:
            errors.append(_cell_error(number, "Tỉnh, thành phố", _("tỉnh, thành phố này không còn trong danh mục.")))
        if not errors:
            entries.append(Entry(indicator, locality, Period.parse(r["period"]), Decimal(r["value"]), r["source"],
                                 r["note"], version=r.get("version")))
    if errors:
        raise ValidationError(errors + [_("Chưa lưu số liệu nào: hãy tải tệp lên lại để xem trước.")])
    return entries
