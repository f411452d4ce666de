"""An import's two steps as the web page runs them, for every register that imports: `start` checks an
uploaded file and keeps its rows under an `ImportRun` token; `confirm` imports them once, all rows or none.

The preview keeps the rows it read (as JSON, not the file) and what it showed for each (the plan): the
confirmation checks them again against the register of that moment without parsing the spreadsheet a
second time, and writes only if each row would still do what the preview said. The run is claimed by one
conditional UPDATE inside the import's transaction, so a second confirmation (a double click, another
tab) waits for the first, then finds it confirmed.

A register gives its own `check(raw_rows, user) -> CheckedFile` (writes nothing) and
`commit(result, user) -> (created, updated)` (all rows or none); `kind` keeps one register's runs from
being confirmed by another's page.
"""
import datetime
import io
import json
import math
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.core.import_files import CheckedFile, Formula, ImportFileError, Layout, MonthCell, digest, read_rows
from ngoaivu.core.models import ImportRun

STALE_AFTER = datetime.timedelta(days=1)


class AlreadyConfirmed(Exception):
    """The preview was confirmed already (a second click, another tab); args[0] is the run."""


def expired() -> ImportFileError:
    return ImportFileError(_("Phiên nhập đã hết hạn: hãy tải tệp lên lại."))


# --- a raw row as JSON and back ----------------------------------------------------------------------------

def encode(value):
    """One raw cell as JSON: dates, datetimes and formulas tagged so they come back as they were read."""
    if isinstance(value, Formula):
        return {"formula": value.text}
    if isinstance(value, MonthCell):
        return {"month": value.date().isoformat()}
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, str):
        # PostgreSQL's JSON cannot hold a NUL character, which a CSV cell may: kept as the parts around it.
        return {"nul": value.split("\x00")} if "\x00" in value else value
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON has no NaN or infinity
    if value is None or isinstance(value, (int, float, bool)):
        return value
    return str(value)


def decode(value):
    if isinstance(value, dict):
        if "formula" in value:
            return Formula(value["formula"])
        if "month" in value:
            day = datetime.date.fromisoformat(value["month"])
            return MonthCell(day.year, day.month, day.day)
        if "datetime" in value:
            return datetime.datetime.fromisoformat(value["datetime"])
        if "nul" in value:
            return "\x00".join(value["nul"])
        return datetime.date.fromisoformat(value["date"])
    return value


def encode_rows(raw_rows) -> list:
    return [[number, {key: encode(value) for key, value in raw.items()}] for number, raw in raw_rows]


def decode_rows(stored) -> list[tuple[int, dict]]:
    return [(number, {key: decode(value) for key, value in raw.items()}) for number, raw in stored]


def _planned(part) -> str:
    """A part of a change as the plan keeps it: as the preview showed it, with the fingerprint of the whole
    value when the preview showed it cut (import_files.Shown), so an edit past the cut is a change too."""
    full = getattr(part, "full", None)
    return str(part) if full is None else f"{part} #{digest(str(full))}"


def row_plan(result: CheckedFile) -> list:
    """What the preview showed, row by row (number, state, the matched record, each change as the preview
    showed it: column, value as recorded, value in the file): the confirmation writes only if the register
    still gives the same, so a value a colleague changed since the preview is not overwritten unseen."""
    return [[row.number, row.state, getattr(row.existing, "pk", None),
             [[_planned(part) for part in change] for change in row.changes]]
            for row in result.rows]


# --- the two steps -------------------------------------------------------------------------------------------

def start(kind: str, file, user, *, layout: Layout, check, filename: str = "",
          plan=row_plan) -> tuple[CheckedFile, ImportRun | None]:
    """Check an uploaded file; when every row is good, keep its rows and the preview's plan for the
    confirmation under a new run. Raises ImportFileError when the file cannot be read."""
    raw_rows = read_rows(file, layout)
    result = check(raw_rows, user)
    run = None
    if result.ok:
        forget_stale(user)
        run = ImportRun.objects.create(token=uuid.uuid4(), kind=kind, created_by=user, filename=filename[:255],
                                       rows=encode_rows(raw_rows), plan=plan(result))
    return result, run


def keep_upload(kind: str, file, user, filename: str = "") -> ImportRun:
    """A big file kept for the background check (core.import_views.check_job), as it was uploaded: reading and
    checking it takes seconds (0.3 ms a row to read an .xlsx, then the register's checks), which a busy machine
    stretches past the web worker's timeout."""
    forget_stale(user)
    file.seek(0)
    return ImportRun.objects.create(token=uuid.uuid4(), kind=kind, created_by=user, filename=filename[:255],
                                    checking=True, upload=file.read())


def check_kept(run: ImportRun, *, layout: Layout, check, user, plan=row_plan) -> CheckedFile:
    """Read and check the file kept by `keep_upload`, as `start` does in the request: a good file's rows and plan
    are kept for the confirmation; the file itself is dropped either way. Raises ImportFileError when the file
    cannot be read (the caller, core.import_views.check_job, deletes the run)."""
    raw_rows = read_rows(io.BytesIO(bytes(run.upload or b"")), layout)
    result = check(raw_rows, user)
    good = result.ok
    ImportRun.objects.filter(pk=run.pk).update(checking=False, upload=None, rows=encode_rows(raw_rows) if good else [],
                                               plan=plan(result) if good else [])
    return result


def forget_stale(user=None) -> int:
    """Drop the unconfirmed runs older than a day (their rows with them): the user's when they upload again,
    everyone's in the sweep (core.housekeeping), so an abandoned preview does not keep a file's rows."""
    runs = ImportRun.objects.filter(confirmed_at__isnull=True, created_at__lt=timezone.now() - STALE_AFTER)
    deleted, _by_model = (runs if user is None else runs.filter(created_by=user)).delete()
    return deleted


def _errors_text(result: CheckedFile) -> str:
    return "; ".join(_("dòng %(n)s, cột “%(col)s”: %(msg)s") % {"n": n, "col": col, "msg": msg}
                     for n, col, msg in result.errors[:5])


def confirm(kind: str, token, user, *, check, commit, plan=row_plan,
            conflict: str | None = None) -> tuple[CheckedFile, ImportRun]:
    """Import the checked rows of a run, once.

    The run is claimed by one conditional UPDATE inside the import's transaction: a second confirmation
    waits for the first, then finds it confirmed (AlreadyConfirmed, with the run). The rows are checked
    again, since the register (or the user's rights) may have changed meanwhile; if a row has become bad,
    or would now write something else than the preview showed, nothing is written and the run stays
    unconfirmed (ValidationError). `conflict` is the message for a unique value saved by someone else
    between the check and the write. A token that is unknown, someone else's or another register's is
    an expired run (ImportFileError)."""
    run = ImportRun.objects.filter(token=token, kind=kind, created_by=user).first()
    if run is None:
        raise expired()
    try:
        with transaction.atomic():
            claimed = ImportRun.objects.filter(pk=run.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now())
            if not claimed:
                raise AlreadyConfirmed
            run.refresh_from_db(fields=["rows", "plan"])  # as they are now that the run is ours
            if not run.rows:
                raise expired()  # a run kept from before its rows were stored with it
            result = check(decode_rows(run.rows), user)
            if not result.ok:
                raise ValidationError(_("Sổ đăng ký đã thay đổi từ lúc kiểm tra: %(errors)s. Hãy tải tệp lên lại.")
                                      % {"errors": _errors_text(result)})
            if len(run.plan) != len(result.rows):
                raise expired()  # no plan of this preview to hold the rows to
            # Through JSON, as the preview's plan was stored: a tuple and a list of the same values are equal.
            moved = [new[0] for old, new in zip(run.plan, json.loads(json.dumps(plan(result)))) if old != new]
            if moved:  # the file would now write something else than the preview showed
                raise ValidationError(_("Sổ đăng ký đã thay đổi từ lúc kiểm tra (dòng %(rows)s): hãy tải tệp lên lại "
                                        "để xem trước những gì sẽ được ghi.") % {
                    "rows": ", ".join(str(n) for n in moved[:10]) + ("…" if len(moved) > 10 else "")})
            created, updated = commit(result, user)
            # The rows (and a background check's preview of them) are not needed any more; the run stays as the
            # record of the import.
            ImportRun.objects.filter(pk=run.pk).update(created=created, updated=updated, rows=[], preview="")
    except AlreadyConfirmed:
        run.refresh_from_db()
        raise AlreadyConfirmed(run)
    except IntegrityError:
        # Another import or a form saved the same unique value between the check and the write.
        raise ValidationError(conflict or _("Trong lúc nhập, một hồ sơ trùng với một dòng của tệp vừa được lưu "
                                            "(có thể bởi một lần nhập khác). Hãy tải tệp lên lại để kiểm tra."))
    except OperationalError as error:
        if "locked" not in str(error):
            raise
        # SQLite: the other confirmation still held the write lock after the wait.
        raise ValidationError(_("Một lần nhập khác đang được ghi: hãy đợi ít phút rồi tải tệp lên lại."))
    except PermissionDenied:
        raise ValidationError(_("Có dòng nằm ngoài phạm vi bạn được quyền sửa."))
    run.refresh_from_db()
    return result, run
