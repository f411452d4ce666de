"""The import's two steps as the web page runs them: `start` checks an uploaded file and keeps its rows
under an `ImportRun` token; `confirm` imports them once.

The preview keeps the rows it read (as JSON, not the file) and what it showed for each: the confirmation
checks them again against the register of that moment without parsing the spreadsheet a second time,
and writes only if each row would still do what the preview said. The run is claimed by one conditional
UPDATE inside the import's transaction, so a second confirmation (a double click, another tab) waits for
the first, then finds it confirmed.
"""
import datetime
import json
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.agreements import imports
from ngoaivu.agreements.import_files import ImportFileError, read_rows
from ngoaivu.agreements.models import ImportRun


class AlreadyConfirmed(Exception):
    """The preview was confirmed already (a second click, another tab); args[0] is the run."""



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


def _plan(result: imports.ImportResult) -> list:
    """What the preview showed, row by row: the confirmation writes only if the register still gives the same."""
    return [[row.number, row.state, getattr(row.existing, "pk", None), row.changed_columns] for row in result.rows]


def _dump(raw_rows, result: imports.ImportResult) -> bytes:
    return json.dumps({"rows": [[number, {k: _encode(v) for k, v in raw.items()}] for number, raw in raw_rows],
                       "plan": _plan(result)}, ensure_ascii=False).encode()


def _load(data: bytes):
    stored = json.loads(data)
    return [(number, {k: _decode(v) for k, v in raw.items()}) for number, raw in stored["rows"]], stored["plan"]


def start(file, user, filename="") -> tuple[imports.ImportResult, ImportRun | None]:
    """Check an uploaded file; when every row is good, keep its rows for the confirmation under a new run."""
    raw_rows = read_rows(file)
    result = imports.check_rows(raw_rows, user)
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
    stale = ImportRun.objects.filter(created_by=user, confirmed_at__isnull=True,
                                     created_at__lt=timezone.now() - datetime.timedelta(days=1))
    for run in stale:
        default_storage.delete(run.file)
    stale.delete()


def confirm(token, user) -> tuple[imports.ImportResult, ImportRun]:
    """Import the checked rows of a run, once. The run is claimed by one conditional UPDATE inside the
    import's transaction: a second confirmation waits for the first, then finds it confirmed
    (AlreadyConfirmed). The rows are checked again, since the register may have changed meanwhile."""
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
            result = imports.check_rows(raw_rows, user)
            if not result.ok:
                raise ValidationError(_("Sổ đăng ký đã thay đổi từ lúc kiểm tra: %(errors)s. Hãy tải tệp lên lại.") % {
                    "errors": "; ".join(_("dòng %(n)s, cột “%(col)s”: %(msg)s") % {"n": n, "col": col, "msg": msg}
                                        for n, col, msg in result.errors[:5])})
            moved = [new[0] for old, new in zip(plan, _plan(result)) if old != new]
            if moved:  # the file would now write something else than the preview showed
                raise ValidationError(_("Sổ đăng ký đã thay đổi từ lúc kiểm tra (dòng %(rows)s): hãy tải tệp lên lại "
                                        "để xem trước những gì sẽ được ghi.") % {
                    "rows": ", ".join(str(n) for n in moved[:10]) + ("…" if len(moved) > 10 else "")})
            run.created, run.updated = imports.commit(result, user)
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
