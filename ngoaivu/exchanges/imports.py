"""Import of delegations from Excel or CSV, as the agreements import does it: read the file (the shared
reader, `ngoaivu.core.import_files`), check every row, show a preview, and on confirmation create all the
rows or none (the preview-then-confirm steps are `ngoaivu.core.import_runs`). Errors name the row and the
column. A row without a "Mã hồ sơ" becomes a new delegation (with its decision when the file gives one); a row
with the code the export wrote updates that delegation, if the importer may edit it (the export's file comes back
edited). A cell the export cut at Excel's limit and left as it was keeps the register's text (core.exports.is_cut_of).
"""
import datetime
import functools
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop

from ngoaivu.core import import_files
from ngoaivu.core.exports import is_cut_of
from ngoaivu.core.import_files import (CHANGED, NEW, READ_ONLY, SAME, CheckedFile, Formula, MonthCell, RowState,
                                       cell_text, notes_of, repeated_row_message, repeated_rows)
from ngoaivu.core.reference import LocalityResolver
from ngoaivu.core.scoping import editable_localities
from ngoaivu.core.text import fold
from ngoaivu.exchanges import actions
from ngoaivu.exchanges.choices import ApprovalAuthority, Channel, DelegationLevel, Direction, FundingSource
from ngoaivu.exchanges.forms import join_line, parse_stops, split_items
from ngoaivu.exchanges.rules import authority_from_text
from ngoaivu.exchanges.models import Delegation

# (key, Vietnamese header, hint shown on the import page): marked for the catalogue, translated where shown
# (the page, and `_in_both_languages` for the headers a file may carry)
COLUMNS = [
    ("id", gettext_noop("Mã hồ sơ"), gettext_noop("Để trống với đoàn mới; giữ nguyên mã trong tệp xuất để cập nhật đoàn đó")),
    ("title", gettext_noop("Tên đoàn"), gettext_noop("Bắt buộc")),
    ("locality", gettext_noop("Tỉnh, thành phố"), gettext_noop("Để trống = tỉnh của bạn; tên cũ (ví dụ Thừa Thiên Huế) chuyển sang tỉnh hiện hành")),
    ("direction", gettext_noop("Loại đoàn"), gettext_noop("Đoàn ra hoặc Đoàn vào")),
    ("channel", gettext_noop("Kênh"), gettext_noop("Ngoại giao Nhà nước (mặc định), Đối ngoại Đảng, Đối ngoại nhân dân")),
    ("level", gettext_noop("Cấp trưởng đoàn"), gettext_noop("Ví dụ: Cấp phó lãnh đạo tỉnh; để trống = Khác")),
    ("head_name", gettext_noop("Trưởng đoàn"), gettext_noop("Bắt buộc")),
    ("head_title", gettext_noop("Chức vụ trưởng đoàn"), gettext_noop("Bắt buộc")),
    ("member_count", gettext_noop("Số thành viên"), gettext_noop("Kể cả trưởng đoàn; bắt buộc")),
    ("destinations", gettext_noop("Nước đến"), gettext_noop("Mỗi nước một dòng trong ô (hoặc cách nhau bằng |): tên nước; địa phương; số ngày "
                                 "— ví dụ Hàn Quốc; Suwon; 5. Phần nào có dấu ; hoặc | thì đặt trong ngoặc kép, "
                                 "ví dụ Hàn Quốc; \"Seoul; Incheon\"; 5")),
    ("purpose", gettext_noop("Mục đích"), gettext_noop("Bắt buộc")),
    ("start_date", gettext_noop("Ngày đi"), gettext_noop("dd/mm/yyyy")),
    ("end_date", gettext_noop("Ngày về"), gettext_noop("dd/mm/yyyy")),
    ("funding", gettext_noop("Nguồn kinh phí"), gettext_noop("Ngân sách nhà nước (mặc định), Phía mời, đối tác chi trả…")),
    ("authority", gettext_noop("Cấp phê duyệt"), gettext_noop("Ví dụ: Ban Thường vụ Tỉnh ủy; để trống = theo quy định của tỉnh")),
    ("decision_number", gettext_noop("Số quyết định"), gettext_noop("Có số và ngày quyết định thì đoàn được ghi nhận đã phê duyệt")),
    ("decision_date", gettext_noop("Ngày quyết định"), gettext_noop("dd/mm/yyyy")),
]
HEADERS = {key: header for key, header, _hint in COLUMNS}
REQUIRED = {"title": gettext_lazy("Nhập tên đoàn"), "head_name": gettext_lazy("Nhập họ tên trưởng đoàn"),
            "head_title": gettext_lazy("Nhập chức vụ trưởng đoàn"), "purpose": gettext_lazy("Nhập mục đích của đoàn"),
            "direction": gettext_lazy("Ghi Đoàn ra hoặc Đoàn vào"), "member_count": gettext_lazy("Nhập số thành viên của đoàn"),
            "destinations": gettext_lazy("Nhập ít nhất một nước"), "start_date": gettext_lazy("Nhập ngày đi"), "end_date": gettext_lazy("Nhập ngày về")}


def _in_both_languages(text) -> list[str]:
    """A header (a Vietnamese text) or a choice's label, in Vietnamese and in English: the export writes its
    headers and labels in the language of the page it was asked from, and a file exported from the English
    page must import back."""
    names = []
    for language in ("vi", "en"):
        with translation.override(language):
            names.append(translation.gettext(text) if isinstance(text, str) else str(text))
    return names


def _header_keys() -> dict:
    keys = {}
    for key, header, _hint in COLUMNS:
        for name in _in_both_languages(header):
            keys.setdefault(fold(name), key)
    return keys


def _export_only_headers(keys) -> frozenset:
    """The folded headers of the export's columns the import does not read (its partners, status, report
    dates: derived from the record), in both languages: a re-imported export is not told they are unused."""
    from ngoaivu.exchanges.exports import delegation_headers
    names = set()
    for language in ("vi", "en"):
        with translation.override(language):
            names.update(fold(header) for header in delegation_headers())
    return frozenset(names - set(keys))


def layout() -> import_files.Layout:
    keys = _header_keys()
    return import_files.Layout(
        key_by_header=keys, required_key="title",
        required_header=HEADERS["title"], max_rows=settings.DELEGATION_IMPORT_MAX_ROWS,
        max_mb=settings.AGREEMENT_IMPORT_MAX_MB, row_noun=gettext_lazy("đoàn"),
        not_read=_export_only_headers(keys))


def template() -> bytes:
    """The file to fill in: the columns on the first sheet (one example row), how to write each on the second."""
    from ngoaivu.core import exports
    example = {"id": "", "title": "Đoàn lãnh đạo tỉnh thăm tỉnh Gyeonggi", "direction": "Đoàn ra",
               "channel": "Ngoại giao Nhà nước", "level": "Cấp phó lãnh đạo tỉnh", "head_name": "Nguyễn Văn A",
               "head_title": "Phó Chủ tịch UBND tỉnh", "member_count": 5, "destinations": "Hàn Quốc; Suwon; 5",
               "purpose": "Xúc tiến đầu tư", "start_date": "02/03/2025", "end_date": "08/03/2025"}
    guide = exports.Sheet("Hướng dẫn", ["Cột", "Cách ghi"], [[header, hint] for _key, header, hint in COLUMNS],
                          [30, 100])
    return exports.xlsx(exports.Sheet("Đoàn ra, đoàn vào", list(HEADERS.values()),
                                      [[example.get(key, "") for key in HEADERS]], [24] * len(HEADERS)), guide)


# Facts of the delegation compared with the file (the stops and the decision are compared apart).
COMPARED = ["locality", "title", "direction", "channel", "level", "head_name", "head_title", "member_count",
            "purpose", "start_date", "end_date", "funding"]


@dataclass
class Row(RowState):
    number: int
    data: dict = field(default_factory=dict)
    stops: list = field(default_factory=list)
    approval: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)     # [(column header, message)]
    delegation_id: int | None = None   # the "Mã hồ sơ" column
    forbidden: object = None           # the province named, when the user may not edit it
    existing: object = None            # the matched Delegation
    state: str = NEW
    changes: list = field(default_factory=list)    # [(column header, as recorded, as in the file)]
    authority_text: str = ""                       # the "Cấp phê duyệt" cell as written

    def error(self, key, message):
        self.errors.append((HEADERS.get(key, key), message))



@dataclass
class ImportResult(CheckedFile):
    """A checked delegation file (see core.import_files.CheckedFile)."""


@functools.cache
def _choice_index(enum) -> dict:
    """{folded code or label, in either language: value} of a choices enum, built once."""
    index = {}
    for value, label in enum.choices:
        for name in (value, *_in_both_languages(label)):
            index.setdefault(fold(name), value)
    return index


def _choice(enum, text, row, key, default=None):
    """A value given as its label (in Vietnamese or English) or its code, folded; empty gives the default."""
    if not text:
        return default
    choices = enum.choices
    found = _choice_index(enum).get(fold(text))
    if found is not None:
        return found
    row.error(key, _("“%(value)s” không có trong danh sách: %(labels)s") % {
        "value": text, "labels": ", ".join(str(label) for _v, label in choices)})
    return default


_DAY = forms.DateField(input_formats=["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"])


def _day(value, row, key):
    if isinstance(value, MonthCell):
        # A date cell showing a month only ("03/2025"): a day nobody wrote is not made up (the 1st); refused as
        # the same text typed in the cell is.
        row.error(key, _("“%(value)s” không phải là ngày dd/mm/yyyy") % {"value": value.strftime("%m/%Y")})
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    try:
        return _DAY.clean(text)
    except ValidationError:
        row.error(key, _("“%(value)s” không phải là ngày dd/mm/yyyy") % {"value": text})
        return None


def parse_row(number, raw, user, localities, resolver) -> Row:
    row = Row(number)
    for key, value in raw.items():
        if isinstance(value, Formula):
            row.error(key, _("Ô chứa công thức (%(f)s): hãy dán giá trị thay cho công thức") % {"f": value.text})
    text = {key: "" if isinstance(raw.get(key), Formula) else cell_text(raw.get(key)) for key in HEADERS}
    if text["id"]:
        if text["id"].isdecimal():
            row.delegation_id = int(text["id"])
        else:
            row.error("id", _("“%(value)s” không phải là mã hồ sơ: giữ nguyên mã trong tệp xuất, để trống với đoàn "
                              "mới") % {"value": text["id"]})
    for key, message in REQUIRED.items():
        if not text[key] and not isinstance(raw.get(key), Formula):
            row.error(key, str(message))
    if text["locality"]:
        locality = resolver.resolve(text["locality"])
        if locality is not None:
            locality = locality.today  # a former or renamed name: the province that holds it today
        if locality is None:
            row.error("locality", _("Không có tỉnh, thành phố “%(name)s”") % {"name": text["locality"]})
        elif locality not in localities:
            # Decided once the row is matched: an unchanged row of a delegation the user only reads is fine.
            row.forbidden = locality
    else:
        locality = localities[0] if len(localities) == 1 else None
        if locality is None:
            row.error("locality", _("Ghi tỉnh, thành phố của đoàn"))
    # A longer text is refused, not cut: a cut name is one nobody wrote (as the agreements' import).
    for key in ("title", "head_name", "head_title", "decision_number"):
        limit = Delegation._meta.get_field(key).max_length
        if len(text[key]) > limit:
            row.error(key, _("Dài %(n)s ký tự, quá giới hạn %(max)s ký tự: hãy rút gọn") % {
                "n": len(text[key]), "max": limit})
    data = {"locality": locality, "title": text["title"], "head_name": text["head_name"],
            "head_title": text["head_title"], "purpose": text["purpose"]}
    data["direction"] = _choice(Direction, text["direction"], row, "direction")
    data["channel"] = _choice(Channel, text["channel"], row, "channel", Channel.STATE)
    data["level"] = _choice(DelegationLevel, text["level"], row, "level", DelegationLevel.OTHER)
    data["funding"] = _choice(FundingSource, text["funding"], row, "funding", FundingSource.STATE_BUDGET)
    if text["member_count"]:
        if text["member_count"].isdecimal() and 1 <= int(text["member_count"]) <= 999:
            data["member_count"] = int(text["member_count"])
        else:
            row.error("member_count", _("Số thành viên phải là một số từ 1 đến 999"))
    data["start_date"] = _day(raw.get("start_date"), row, "start_date")
    data["end_date"] = _day(raw.get("end_date"), row, "end_date")
    if text["destinations"]:
        try:
            row.stops = parse_stops(split_items(text["destinations"]))
        except ValidationError as error:
            row.error("destinations", " ".join(error.messages))
    decision_date = _day(raw.get("decision_date"), row, "decision_date")
    if text["decision_number"] or decision_date:
        if not (text["decision_number"] and decision_date):
            row.error("decision_number" if not text["decision_number"] else "decision_date",
                      _("Ghi cả số và ngày quyết định, hoặc để trống cả hai"))
        choice, note = "", ""
        row.authority_text = text["authority"]
        if text["authority"]:
            choice = _choice_index(ApprovalAuthority).get(fold(text["authority"]))
            if choice is None:  # free text as officials write it: the body it names, or "other" with the text
                choice, note = authority_from_text(text["authority"])
            if choice == ApprovalAuthority.OTHER and not note:  # as approve_delegation refuses it at the confirmation
                row.error("authority", _("Ghi tên cấp phê duyệt thay cho “Cấp khác”"))
        row.approval = {"authority": choice, "authority_note": note,
                        "decision_number": text["decision_number"], "decision_date": decision_date}
    if not row.errors:
        try:
            actions.validate_delegation(data)
            actions.check_stop_days(row.stops, data["start_date"], data["end_date"])
            if decision_date:
                actions.check_dates(decision_date=decision_date)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                for message in messages:
                    row.error("destinations" if key == "stops" else key, message)
    row.data = data
    return row


def _show(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _same_text(old, new) -> bool:
    """Text that differs only in line endings or surrounding spaces (a spreadsheet program's doing) is the
    same text."""
    return (isinstance(old, str) and isinstance(new, str)
            and old.replace("\r\n", "\n").strip() == new.replace("\r\n", "\n").strip())


def _stops_text(stops) -> str:
    from ngoaivu.core.countries import country_name
    return " | ".join(join_line(str(p) for p in (country_name(country), city, days) if p not in (None, ""))
                      for country, city, days in stops) or "—"


def _same_authority(text, delegation) -> bool:
    """The authority cell says what the record has, as the export writes it (in either language)."""
    if not text:
        return False
    names = {delegation.approval_authority_display}
    if delegation.approval_authority in ApprovalAuthority.values and delegation.approval_authority != ApprovalAuthority.OTHER:
        names.update(_in_both_languages(ApprovalAuthority(delegation.approval_authority).label))
    return fold(text) in {fold(name) for name in names if name}


def compare(row: Row, delegation: Delegation) -> list[tuple[str, str, str]]:
    """(column, as recorded, as in the file) for each fact the row would change."""
    changes = []
    for key in COMPARED:
        old, new = getattr(delegation, key), row.data.get(key)
        if key == "locality":
            if delegation.locality_id != getattr(new, "pk", None):
                changes.append((HEADERS[key], str(old), str(new)))
            continue
        if isinstance(old, str) and isinstance(new, str) and (cut := is_cut_of(old, new)) is not None:
            # The export cut a purpose too long for one Excel cell: the cell as exported keeps the full
            # text; a cut cell edited in the file would replace it with its beginning, so it is refused.
            if cut:
                row.data[key] = old
            else:
                row.error(key, _("Ô này đã bị cắt khi xuất (Excel chỉ chứa được 32.767 ký tự một ô) rồi bị sửa "
                                 "trong tệp: sửa nội dung đầy đủ trên hệ thống, hoặc để nguyên ô như tệp xuất"))
            continue
        if old != new and not _same_text(old, new):
            labels = dict(Delegation._meta.get_field(key).choices or [])
            changes.append((HEADERS[key], _show(labels.get(old, old)), _show(labels.get(new, new))))
    old_stops = [(str(s.country), s.city or "", s.days) for s in delegation.stops.all()]
    new_stops = [(str(s["country"]), s.get("city") or "", s.get("days")) for s in row.stops]
    if old_stops != new_stops:
        changes.append((HEADERS["destinations"], _stops_text(old_stops), _stops_text(new_stops)))
    if row.approval:  # an empty decision in the file leaves the recorded one (a file cannot take it away)
        a = row.approval
        if delegation.decision_number != a["decision_number"]:
            changes.append((HEADERS["decision_number"], _show(delegation.decision_number), a["decision_number"]))
        if delegation.decision_date != a["decision_date"]:
            changes.append((HEADERS["decision_date"], _show(delegation.decision_date), _show(a["decision_date"])))
        # The cell as the export wrote it is no change: the name of an "other" authority, read again as free
        # text, may hold a known body's words ("Chủ tịch Ủy ban MTTQ" is not the People's Committee's Chair).
        if a["authority"] and not _same_authority(row.authority_text, delegation) and (
                a["authority"], a["authority_note"]) != (delegation.approval_authority, delegation.approval_authority_note):
            labels = dict(ApprovalAuthority.choices)
            changes.append((HEADERS["authority"], _show(delegation.approval_authority_display),
                            a["authority_note"] or str(labels.get(a["authority"], a["authority"]))))
    return changes


def _check_decided(row) -> bool:
    """Whether the row's decision date is one approve_delegation takes at the confirmation (not after today),
    else the row names it. Asked only of a row the confirmation approves (a new one, or one whose approval
    columns changed): a decision recorded before the rule, exported and left as it is, is not refused."""
    try:
        actions.check_decided(row.approval["decision_date"])
    except ValidationError as error:
        for message in error.message_dict["decision_date"]:
            row.error("decision_date", message)
        return False
    return True


def _check_recorded_steps(row, delegation) -> bool:
    """Whether update_delegation takes the row's dates at the confirmation, with the return and the report
    recorded, else the row names the column: a departure moved past the recorded return was shown as a fine
    change, and the confirmation then refused the whole file in words naming neither row nor column."""
    try:
        actions.check_recorded_steps(delegation, row.data["start_date"], row.data["end_date"])
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            for message in messages:
                row.error(key, message)
        return False
    return True


def _match(rows, user):
    ids = {row.delegation_id for row in rows if row.delegation_id and not row.errors}
    visible = {d.pk: d for d in Delegation.objects.filter(pk__in=ids).visible_to(user)
               .select_related("locality").prefetch_related("stops", "members")} if ids else {}
    editable = set(Delegation.objects.editable_by(user).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    claimed = {}  # delegation pk → the first row that names it
    for row in rows:
        if row.errors:
            continue
        if not row.delegation_id:
            if row.forbidden is not None:
                row.error("locality", _("Bạn không có quyền nhập đoàn của %(name)s") % {"name": row.forbidden.name})
            elif row.approval:
                _check_decided(row)
            continue
        delegation = visible.get(row.delegation_id)
        if delegation is None:
            row.error("id", _("Không có đoàn mang mã hồ sơ %(id)s trong sổ bạn được xem: để trống mã nếu đây là đoàn "
                              "mới") % {"id": row.delegation_id})
            continue
        if delegation.pk in claimed:
            row.error("id", _("Dòng %(n)s cũng là đoàn này (mã hồ sơ %(id)s): mỗi đoàn chỉ một dòng") % {
                "n": claimed[delegation.pk], "id": delegation.pk})
            continue
        claimed[delegation.pk] = row.number
        row.existing = delegation
        if row.data.get("member_count") != delegation.member_count:
            try:  # the file sets the count, the members listed on the record stay
                actions.check_member_count(row.data.get("member_count"), len(delegation.members.all()))
            except ValidationError as error:
                row.error("member_count", " ".join(error.messages))
                continue
        row.changes = compare(row, delegation)
        if row.errors:  # a cut cell edited in the file
            continue
        may_edit = delegation.pk in editable and row.forbidden is None
        if not row.changes:
            row.state = SAME if may_edit else READ_ONLY
        elif not may_edit:
            row.error("id", _("Bạn không có quyền sửa đoàn “%(title)s” (mã hồ sơ %(id)s) của %(name)s, mà dòng này "
                              "khác với sổ ở cột: %(cols)s. Để nguyên dòng như tệp xuất hoặc bỏ dòng này") % {
                "title": delegation.title[:80], "id": delegation.pk, "name": delegation.locality.name,
                "cols": ", ".join(row.changed_columns)})
        elif delegation.cancelled_on and set(row.changed_columns) & _APPROVAL_COLUMNS:
            row.error("decision_number", _("Đoàn đã bị hủy, không thể ghi nhận phê duyệt"))
        elif set(row.changed_columns) & _APPROVAL_COLUMNS and not _check_decided(row):
            continue
        elif set(row.changed_columns) & _FACT_COLUMNS and not _check_recorded_steps(row, delegation):
            continue
        else:
            row.state = CHANGED


def check_rows(raw_rows, user) -> ImportResult:
    """Check rows read from a file and compare them with the register; writes nothing."""
    localities = list(editable_localities(user))
    resolver = LocalityResolver()
    rows = [parse_row(number, raw, user, localities, resolver) for number, raw in raw_rows]
    repeats = repeated_rows(raw_rows)  # a row pasted twice would add the delegation twice
    for row in rows:
        if row.number in repeats:
            row.error("title", repeated_row_message(repeats[row.number]))
    _match(rows, user)
    return ImportResult(rows, notes=notes_of(raw_rows))


_APPROVAL_COLUMNS = {HEADERS["decision_number"], HEADERS["decision_date"], HEADERS["authority"]}
_FACT_COLUMNS = {HEADERS[key] for key in (*COMPARED, "destinations")}  # changed: commit calls update_delegation


def _with_partners(stops, delegation) -> list[dict]:
    """The file's stops with the partner met at each, kept from the recorded stop of the same country and
    place (or the country's only stop): the file has no partner column, and the stops are replaced whole."""
    recorded = [(str(s.country), fold(s.city or ""), s.partner) for s in delegation.stops.all()]
    by_place = {(country, city): partner for country, city, partner in recorded}
    once = [country for country, _city, _p in recorded]
    by_country = {country: partner for country, _city, partner in recorded if once.count(country) == 1}
    return [{**stop, "partner": by_place.get((str(stop["country"]), fold(stop.get("city") or "")),
                                             by_country.get(str(stop["country"])))} for stop in stops]


def commit(result: ImportResult, user) -> tuple[list, list]:
    """Create every new row's delegation and change every changed one, or nothing (one transaction).
    Unchanged rows are not touched (no save, no history row). Returns (created, updated)."""
    created, updated = [], []
    with transaction.atomic():
        for row in result.rows:
            try:
                if row.state == NEW:
                    delegation = actions.plan_delegation(user, data=row.data, stops=row.stops)
                    if row.approval:
                        actions.approve_delegation(user, delegation, **row.approval)
                    created.append(delegation)
                elif row.state == CHANGED:
                    delegation, columns = row.existing, set(row.changed_columns)
                    changed_keys = {key for key in COMPARED if HEADERS[key] in columns}
                    if changed_keys or HEADERS["destinations"] in columns:
                        data = {key: row.data[key] for key in changed_keys}
                        if not actions.unit_of_locality(delegation.unit, data.get("locality", delegation.locality)):
                            # The file has no host body column to name the province's: another province's body
                            # (the old one's on a move, or one stored by the old bug) is not kept, the delegation
                            # is left without one rather than the confirmation refused after the preview passed.
                            data["unit"] = None
                        delegation = actions.update_delegation(
                            user, delegation, data=data,
                            stops=_with_partners(row.stops, delegation) if HEADERS["destinations"] in columns else None)
                    if columns & _APPROVAL_COLUMNS:
                        approval = dict(row.approval)
                        # The file left it empty, or as recorded: keep the recorded authority.
                        if not approval["authority"] or HEADERS["authority"] not in columns:
                            approval["authority"] = delegation.approval_authority
                            approval["authority_note"] = delegation.approval_authority_note
                        actions.approve_delegation(user, delegation, **approval)
                    updated.append(delegation)
            except ValidationError as error:  # a rule the preview missed: name the row, write nothing
                raise ValidationError(_("Dòng %(n)s: %(msg)s") % {"n": row.number, "msg": "; ".join(error.messages)})
    return created, updated
