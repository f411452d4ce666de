"""Import of delegations from Excel or CSV, as the agreements import does it: read the file (the shared
reader, `ngoaivu.core.import_files`), check every row, show a preview, and on confirmation create all the
rows or none. Errors name the row and the column. Each row becomes a new delegation (with its decision
when the file gives one); a row is never matched onto an existing delegation, so an import cannot
overwrite a record.
"""
import datetime
import uuid
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ngoaivu.core import import_files
from ngoaivu.core.import_files import Formula, cell_text
from ngoaivu.core.reference import LocalityResolver
from ngoaivu.core.scoping import editable_localities
from ngoaivu.core.text import fold
from ngoaivu.exchanges import actions
from ngoaivu.exchanges.choices import ApprovalAuthority, Channel, DelegationLevel, Direction, FundingSource
from ngoaivu.exchanges.forms import parse_stops
from ngoaivu.exchanges.rules import authority_from_text
from ngoaivu.exchanges.models import DelegationImport

# (key, Vietnamese header, hint shown on the import page)
COLUMNS = [
    ("title", "Tên đoàn", "Bắt buộc"),
    ("locality", "Tỉnh, thành phố", "Để trống = tỉnh của bạn; tên cũ (ví dụ Thừa Thiên Huế) chuyển sang tỉnh hiện hành"),
    ("direction", "Loại đoàn", "Đoàn ra hoặc Đoàn vào"),
    ("channel", "Kênh", "Ngoại giao Nhà nước (mặc định), Đối ngoại Đảng, Đối ngoại nhân dân"),
    ("level", "Cấp trưởng đoàn", "Ví dụ: Cấp phó lãnh đạo tỉnh; để trống = Khác"),
    ("head_name", "Trưởng đoàn", "Bắt buộc"),
    ("head_title", "Chức vụ trưởng đoàn", "Bắt buộc"),
    ("member_count", "Số thành viên", "Kể cả trưởng đoàn; bắt buộc"),
    ("destinations", "Nước đến", "Mỗi nước một dòng trong ô (hoặc cách nhau bằng |): tên nước; địa phương; số ngày "
                                 "— ví dụ Hàn Quốc; Suwon; 5"),
    ("purpose", "Mục đích", "Bắt buộc"),
    ("start_date", "Ngày đi", "dd/mm/yyyy"),
    ("end_date", "Ngày về", "dd/mm/yyyy"),
    ("funding", "Nguồn kinh phí", "Ngân sách nhà nước (mặc định), Phía mời, đối tác chi trả…"),
    ("authority", "Cấp phê duyệt", "Ví dụ: Ban Thường vụ Tỉnh ủy; để trống = theo quy định của tỉnh"),
    ("decision_number", "Số quyết định", "Có số và ngày quyết định thì đoàn được ghi nhận đã phê duyệt"),
    ("decision_date", "Ngày quyết định", "dd/mm/yyyy"),
]
HEADERS = {key: header for key, header, _hint in COLUMNS}
REQUIRED = {"title": _lazy("Nhập tên đoàn"), "head_name": _lazy("Nhập họ tên trưởng đoàn"),
            "head_title": _lazy("Nhập chức vụ trưởng đoàn"), "purpose": _lazy("Nhập mục đích của đoàn"),
            "direction": _lazy("Ghi Đoàn ra hoặc Đoàn vào"), "member_count": _lazy("Nhập số thành viên của đoàn"),
            "destinations": _lazy("Nhập ít nhất một nước"), "start_date": _lazy("Nhập ngày đi"), "end_date": _lazy("Nhập ngày về")}


def layout() -> import_files.Layout:
    return import_files.Layout(
        key_by_header={fold(header): key for key, header, _hint in COLUMNS}, required_key="title",
        required_header=HEADERS["title"], max_rows=settings.DELEGATION_IMPORT_MAX_ROWS,
        max_mb=settings.AGREEMENT_IMPORT_MAX_MB, row_noun="đoàn")


def template() -> bytes:
    """The file to fill in: the columns on the first sheet (one example row), how to write each on the second."""
    from ngoaivu.core import exports
    example = {"title": "Đoàn lãnh đạo tỉnh thăm tỉnh Gyeonggi", "direction": "Đoàn ra",
               "channel": "Ngoại giao Nhà nước", "level": "Cấp phó lãnh đạo tỉnh", "head_name": "Nguyễn Văn A",
               "head_title": "Phó Chủ tịch UBND tỉnh", "member_count": 5, "destinations": "Hàn Quốc; Suwon; 5",
               "purpose": "Xúc tiến đầu tư", "start_date": "02/03/2025", "end_date": "08/03/2025"}
    guide = exports.Sheet("Hướng dẫn", ["Cột", "Cách ghi"], [[header, hint] for _key, header, hint in COLUMNS],
                          [30, 100])
    return exports.xlsx(exports.Sheet("Đoàn ra, đoàn vào", list(HEADERS.values()),
                                      [[example.get(key, "") for key in HEADERS]], [24] * len(HEADERS)), guide)


@dataclass
class Row:
    number: int
    data: dict = field(default_factory=dict)
    stops: list = field(default_factory=list)
    approval: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)     # [(column header, message)]

    def error(self, key, message):
        self.errors.append((HEADERS.get(key, key), message))


@dataclass
class ImportResult:
    rows: list

    @property
    def errors(self):
        return [(row.number, column, message) for row in self.rows for column, message in row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


def _choice(choices, text, row, key, default=None):
    """A value given as its label or its code, folded; empty gives the default."""
    if not text:
        return default
    wanted = fold(text)
    for value, label in choices:
        if wanted in (fold(value), fold(label)):
            return value
    row.error(key, _("“%(value)s” không có trong danh sách: %(labels)s") % {
        "value": text, "labels": ", ".join(str(label) for _v, label in choices)})
    return default


_DAY = forms.DateField(input_formats=["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"])


def _day(value, row, key):
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
            row.error("locality", _("Bạn không có quyền nhập đoàn của %(name)s") % {"name": locality.name})
    else:
        locality = localities[0] if len(localities) == 1 else None
        if locality is None:
            row.error("locality", _("Ghi tỉnh, thành phố của đoàn"))
    data = {"locality": locality, "title": text["title"][:300], "head_name": text["head_name"][:150],
            "head_title": text["head_title"][:200], "purpose": text["purpose"]}
    data["direction"] = _choice(Direction.choices, text["direction"], row, "direction")
    data["channel"] = _choice(Channel.choices, text["channel"], row, "channel", Channel.STATE)
    data["level"] = _choice(DelegationLevel.choices, text["level"], row, "level", DelegationLevel.OTHER)
    data["funding"] = _choice(FundingSource.choices, text["funding"], row, "funding", FundingSource.STATE_BUDGET)
    if text["member_count"]:
        if text["member_count"].isdigit() and 1 <= int(text["member_count"]) <= 999:
            data["member_count"] = int(text["member_count"])
        else:
            row.error("member_count", _("Số thành viên phải là một số từ 1 đến 999"))
    data["start_date"] = _day(raw.get("start_date"), row, "start_date")
    data["end_date"] = _day(raw.get("end_date"), row, "end_date")
    if text["destinations"]:
        try:
            row.stops = parse_stops(text["destinations"].replace("|", "\n"))
        except ValidationError as error:
            row.error("destinations", " ".join(error.messages))
    decision_date = _day(raw.get("decision_date"), row, "decision_date")
    if text["decision_number"] or decision_date:
        if not (text["decision_number"] and decision_date):
            row.error("decision_number" if not text["decision_number"] else "decision_date",
                      _("Ghi cả số và ngày quyết định, hoặc để trống cả hai"))
        choice, note = "", ""
        if text["authority"]:
            exact = {fold(v): v for v, _label in ApprovalAuthority.choices}
            exact.update({fold(label): v for v, label in ApprovalAuthority.choices})
            choice = exact.get(fold(text["authority"]))
            if choice is None:  # free text as officials write it: the body it names, or "other" with the text
                choice, note = authority_from_text(text["authority"])
        row.approval = {"authority": choice, "authority_note": note,
                        "decision_number": text["decision_number"][:60], "decision_date": decision_date}
    if not row.errors:
        try:
            actions.validate_delegation(data)
            if decision_date:
                actions.check_dates(decision_date=decision_date)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                for message in messages:
                    row.error(key, message)
    row.data = data
    return row


def check_rows(raw_rows, user) -> ImportResult:
    localities = list(editable_localities(user))
    resolver = LocalityResolver()
    return ImportResult([parse_row(number, raw, user, localities, resolver) for number, raw in raw_rows])


def commit(result: ImportResult, user) -> list:
    """Create every row's delegation, or none (one transaction)."""
    created = []
    with transaction.atomic():
        for row in result.rows:
            delegation = actions.plan_delegation(user, data=row.data, stops=row.stops)
            if row.approval:
                actions.approve_delegation(user, delegation, **row.approval)
            created.append(delegation)
    return created


# --- The two steps of the page: preview, then confirm once ----------------------------------------------

def _encode(raw):
    return {k: ({"date": v.isoformat()} if isinstance(v, datetime.date) else
                {"formula": v.text} if isinstance(v, Formula) else v if v is None or isinstance(v, (str, int, float))
                else str(v)) for k, v in raw.items()}


def _decode(raw):
    def one(v):
        if isinstance(v, dict):
            return Formula(v["formula"]) if "formula" in v else datetime.date.fromisoformat(v["date"][:10])
        return v
    return {k: one(v) for k, v in raw.items()}


def start(file, user, filename="") -> tuple[ImportResult, DelegationImport | None]:
    """Check an uploaded file; when every row is good, keep its rows for the confirmation."""
    raw_rows = import_files.read_rows(file, layout())
    result = check_rows(raw_rows, user)
    run = None
    if result.ok:
        DelegationImport.objects.filter(created_by=user, confirmed_at__isnull=True,
                                        created_at__lt=timezone.now() - datetime.timedelta(days=1)).delete()
        run = DelegationImport.objects.create(
            token=uuid.uuid4(), created_by=user, filename=filename[:255],
            rows=[[number, _encode(raw)] for number, raw in raw_rows])
    return result, run


class AlreadyConfirmed(Exception):
    """A second confirmation of the same preview (a double click, another tab)."""


def confirm(token, user) -> tuple[ImportResult, list]:
    """Create the checked rows, once: the run is claimed by one conditional UPDATE inside the import's
    transaction, and the rows are checked again (the register or the user's rights may have changed)."""
    run = DelegationImport.objects.filter(token=token, created_by=user).first()
    if run is None:
        raise import_files.ImportFileError(_("Phiên nhập đã hết hạn: hãy tải tệp lên lại."))
    with transaction.atomic():
        if not DelegationImport.objects.filter(pk=run.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now()):
            raise AlreadyConfirmed
        result = check_rows([(number, _decode(raw)) for number, raw in run.rows], user)
        if not result.ok:
            raise ValidationError(_("Có dòng không còn hợp lệ: %(errors)s. Hãy tải tệp lên lại.") % {
                "errors": "; ".join(_("dòng %(n)s, cột “%(col)s”: %(msg)s") % {"n": n, "col": col, "msg": msg}
                                    for n, col, msg in result.errors[:5])})
        created = commit(result, user)
        DelegationImport.objects.filter(pk=run.pk).update(created=len(created))
    return result, created
