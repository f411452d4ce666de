"""The preview-then-confirm flow every import shares (core.import_runs), on a toy register: the accounts,
one row per username with its full name. A row is new, unchanged or changed as the real imports say.

What is checked is the state: which accounts exist with which names, and what the run records."""
import datetime
import threading
from dataclasses import dataclass, field

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from ngoaivu.core import import_runs
from ngoaivu.core.exports import csv_bytes
from ngoaivu.core.import_files import (CHANGED, NEW, SAME, CheckedFile, Formula, ImportFileError, Layout, RowState,
                                       cell_text)
from ngoaivu.core.models import ImportRun, User
from ngoaivu.core.text import fold

KIND = "toy_accounts"
LAYOUT = Layout(key_by_header={fold("Tên đăng nhập"): "username", fold("Họ tên"): "full_name"},
                required_key="username", required_header="Tên đăng nhập", max_rows=100, max_mb=1, row_noun="tài khoản")


@dataclass
class Row(RowState):
    number: int
    username: str = ""
    full_name: str = ""
    errors: list = field(default_factory=list)
    existing: object = None
    state: str = NEW
    changes: list = field(default_factory=list)


def check(raw_rows, user) -> CheckedFile:
    rows = []
    for number, raw in raw_rows:
        row = Row(number, cell_text(raw.get("username")), cell_text(raw.get("full_name")))
        existing = User.objects.filter(username=row.username).first()
        if existing is not None and not existing.is_active:
            row.errors.append(("Tên đăng nhập", "Tài khoản đã bị khóa"))
        elif existing is not None:
            row.existing = existing
            if existing.full_name != row.full_name:
                row.changes = [("Họ tên", existing.full_name, row.full_name)]
            row.state = CHANGED if row.changes else SAME
        rows.append(row)
    return CheckedFile(rows)


def commit(result, user) -> tuple[int, int]:
    created = updated = 0
    with transaction.atomic():
        for row in result.rows:
            if row.state == NEW:
                User.objects.create(username=row.username, full_name=row.full_name)
                created += 1
            elif row.state == CHANGED:
                User.objects.filter(pk=row.existing.pk).update(full_name=row.full_name)
                updated += 1
    return created, updated


def upload(*rows):
    return SimpleUploadedFile("tai-khoan.csv", csv_bytes(["Tên đăng nhập", "Họ tên"], [list(r) for r in rows]))


def start(user, *rows):
    result, run = import_runs.start(KIND, upload(*rows), user, layout=LAYOUT, check=check, filename="tai-khoan.csv")
    assert result.ok and run is not None, result.errors
    return run


def confirm(run, user, **kwargs):
    return import_runs.confirm(KIND, run.token, user, check=kwargs.pop("check", check), commit=commit, **kwargs)


@pytest.fixture
def importer(db):
    return User.objects.create(username="nguoi.nhap", full_name="Người nhập")


def names(*usernames):
    return dict(User.objects.filter(username__in=usernames).values_list("username", "full_name"))


def test_the_preview_writes_nothing_and_a_double_confirmation_imports_once(importer):
    User.objects.create(username="cu", full_name="Tên cũ")
    run = start(importer, ["moi.mot", "Nguyễn Văn Một"], ["moi.hai", "Trần Thị Hai"], ["cu", "Tên mới"])
    assert names("moi.mot", "moi.hai", "cu") == {"cu": "Tên cũ"}
    assert [p[:2] for p in run.plan] == [[2, NEW], [3, NEW], [4, CHANGED]]
    result, confirmed = confirm(run, importer)
    assert (confirmed.created, confirmed.updated) == (2, 1) and confirmed.confirmed_at is not None
    with pytest.raises(import_runs.AlreadyConfirmed) as again:
        confirm(run, importer)
    assert again.value.args[0].confirmed_at == confirmed.confirmed_at and again.value.args[0].created == 2
    assert names("moi.mot", "moi.hai", "cu") == {"moi.mot": "Nguyễn Văn Một", "moi.hai": "Trần Thị Hai",
                                                 "cu": "Tên mới"}
    assert User.objects.filter(username__in=["moi.mot", "moi.hai"]).count() == 2
    stored = ImportRun.objects.get(token=run.token)
    assert stored.kind == KIND and stored.rows == [] and len(stored.plan) == 3  # the rows are not kept


def test_a_register_changed_between_preview_and_confirmation_is_refused_and_nothing_is_written(importer):
    run = start(importer, ["moi.mot", "Nguyễn Văn Một"], ["moi.hai", "Trần Thị Hai"])
    # Meanwhile someone creates the first account: the file would now overwrite its name, not add it.
    User.objects.create(username="moi.mot", full_name="Người khác")
    with pytest.raises(ValidationError) as error:
        confirm(run, importer)
    assert "Sổ đăng ký đã thay đổi từ lúc kiểm tra (dòng 2)" in error.value.messages[0]
    assert names("moi.mot", "moi.hai") == {"moi.mot": "Người khác"}
    run.refresh_from_db()
    assert run.confirmed_at is None and (run.created, run.updated) == (0, 0)


def test_a_row_gone_bad_since_the_preview_is_named_and_nothing_is_written(importer):
    locked = User.objects.create(username="cu", full_name="Tên cũ")
    run = start(importer, ["moi.mot", "Nguyễn Văn Một"], ["cu", "Tên mới"])
    locked.is_active = False
    locked.save()
    with pytest.raises(ValidationError) as error:
        confirm(run, importer)
    assert error.value.messages == ["Sổ đăng ký đã thay đổi từ lúc kiểm tra: dòng 3, cột “Tên đăng nhập”: Tài "
                                    "khoản đã bị khóa. Hãy tải tệp lên lại."]
    assert names("moi.mot", "cu") == {"cu": "Tên cũ"}
    assert ImportRun.objects.get(pk=run.pk).confirmed_at is None


def test_a_unique_value_saved_meanwhile_gives_the_registers_message_and_writes_nothing(importer):
    run = start(importer, ["moi.mot", "Nguyễn Văn Một"], ["moi.hai", "Trần Thị Hai"])
    stale = check([(2, {"username": "moi.mot", "full_name": "Nguyễn Văn Một"}),
                   (3, {"username": "moi.hai", "full_name": "Trần Thị Hai"})], importer)
    # Saved between the confirmation's check and its write (simulated: the check sees the old register).
    User.objects.create(username="moi.hai", full_name="Người khác")
    with pytest.raises(ValidationError) as error:
        confirm(run, importer, check=lambda rows, user: stale, conflict="Tên đăng nhập vừa được dùng")
    assert error.value.messages == ["Tên đăng nhập vừa được dùng"]
    assert names("moi.mot", "moi.hai") == {"moi.hai": "Người khác"}
    assert ImportRun.objects.get(pk=run.pk).confirmed_at is None  # rolled back with the rows


def test_a_run_is_confirmed_only_by_its_user_on_its_own_registers_page(importer):
    run = start(importer, ["moi.mot", "Nguyễn Văn Một"])
    other = User.objects.create(username="nguoi.khac")
    with pytest.raises(ImportFileError, match="Phiên nhập đã hết hạn"):
        confirm(run, other)
    with pytest.raises(ImportFileError, match="Phiên nhập đã hết hạn"):
        import_runs.confirm("other_register", run.token, importer, check=check, commit=commit)
    assert not User.objects.filter(username="moi.mot").exists()
    confirm(run, importer)
    assert names("moi.mot") == {"moi.mot": "Nguyễn Văn Một"}


def test_a_run_without_its_rows_or_plan_has_expired(importer):
    kept = ImportRun.objects.create(token="00000000-0000-0000-0000-000000000001", kind=KIND, created_by=importer,
                                    rows=[[2, {"username": "moi.mot", "full_name": "Một"}]], plan=[])
    empty = ImportRun.objects.create(token="00000000-0000-0000-0000-000000000002", kind=KIND, created_by=importer)
    for run in (kept, empty):
        with pytest.raises(ImportFileError, match="Phiên nhập đã hết hạn"):
            confirm(run, importer)
        assert ImportRun.objects.get(pk=run.pk).confirmed_at is None
    assert not User.objects.filter(username="moi.mot").exists()


def test_unconfirmed_runs_older_than_a_day_are_dropped_at_the_next_upload(importer):
    old = start(importer, ["moi.mot", "Một"])
    done = start(importer, ["moi.hai", "Hai"])
    confirm(done, importer)
    recent = start(importer, ["moi.ba", "Ba"])
    other = User.objects.create(username="nguoi.khac")
    others = start(other, ["moi.bon", "Bốn"])
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    ImportRun.objects.filter(pk__in=[old.pk, done.pk, others.pk]).update(created_at=two_days_ago)
    start(importer, ["moi.nam", "Năm"])
    assert set(ImportRun.objects.values_list("pk", flat=True)) >= {done.pk, recent.pk, others.pk}
    assert not ImportRun.objects.filter(pk=old.pk).exists()


def test_the_sweep_drops_every_users_abandoned_previews_and_keeps_the_rest(importer):
    """An upload nobody confirms keeps the file's rows; the sweep drops those older than a day, whoever
    made them and whether or not they upload again; confirmed runs (the record of an import) and recent
    previews stay."""
    from ngoaivu.core.housekeeping import clear_stale_imports
    from ngoaivu.core.registry import SWEEP_STEPS
    abandoned = start(importer, ["moi.mot", "Một"])
    done = start(importer, ["moi.hai", "Hai"])
    confirm(done, importer)
    recent = start(User.objects.create(username="nguoi.khac"), ["moi.ba", "Ba"])
    ImportRun.objects.filter(pk__in=[abandoned.pk, done.pk]).update(created_at=timezone.now() - datetime.timedelta(days=2))
    report = clear_stale_imports(None)
    assert "1 " in report.message
    assert set(ImportRun.objects.values_list("pk", flat=True)) == {done.pk, recent.pk}
    assert any(step.func is clear_stale_imports for step in SWEEP_STEPS), "the sweep runs it"


def test_cells_come_back_from_the_database_as_they_were_read(importer):
    raw = {"date": datetime.date(2025, 3, 2), "datetime": datetime.datetime(2025, 3, 2, 8, 30),
           "formula": Formula("=A1+1"), "nul": "a\x00b", "text": "Hà Nội", "int": 12, "float": 2.5, "none": None,
           "bool": True, "nan": float("nan")}
    run = ImportRun.objects.create(token="00000000-0000-0000-0000-000000000003", kind=KIND, created_by=importer,
                                   rows=import_runs.encode_rows([(7, raw)]))
    run.refresh_from_db()
    [(number, back)] = import_runs.decode_rows(run.rows)
    assert number == 7
    assert back == raw | {"nan": "nan"}
    assert type(back["datetime"]) is datetime.datetime and type(back["date"]) is datetime.date


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite's test database is one in-memory connection: no second session to race")
@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_once_import_once():
    importer = User.objects.create(username="nguoi.nhap", full_name="Người nhập")
    run = start(importer, ["moi.mot", "Nguyễn Văn Một"], ["moi.hai", "Trần Thị Hai"])
    claimed, other_started = threading.Event(), threading.Event()
    outcomes = []

    def slow_commit(result, user):
        claimed.set()
        other_started.wait(10)  # the other confirmation now waits on this run's row, or finds it confirmed
        return commit(result, user)

    def first():
        try:
            outcomes.append(import_runs.confirm(KIND, run.token, importer, check=check, commit=slow_commit)[1])
        finally:
            connection.close()

    def second():
        claimed.wait(10)
        other_started.set()
        try:
            confirm(run, importer)
            outcomes.append("imported again")
        except import_runs.AlreadyConfirmed as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert "imported again" not in outcomes and len(outcomes) == 2
    assert sum(isinstance(o, import_runs.AlreadyConfirmed) for o in outcomes) == 1
    assert User.objects.filter(username__in=["moi.mot", "moi.hai"]).count() == 2
    assert ImportRun.objects.get(pk=run.pk).created == 2


@pytest.mark.django_db(transaction=True)
def test_the_migrations_carry_the_old_runs_into_core():
    """agreements 0010 and exchanges 0007 on tables as they were: a waiting agreements run keeps its rows
    and plan (its file read, then deleted); confirmed runs keep their record; a waiting delegations run,
    which never had a plan, comes without rows (expired)."""
    import json
    from importlib import import_module

    from django.apps import apps as current_apps
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db.migrations.loader import MigrationLoader

    old_apps = MigrationLoader(connection).project_state(
        [("agreements", "0009_historical_records_and_step_overrides"), ("exchanges", "0006_delegation_import")]).apps
    OldRun, OldDelegationImport = old_apps.get_model("agreements", "ImportRun"), old_apps.get_model(
        "exchanges", "DelegationImport")

    class Apps:
        def get_model(self, app, name):
            return {("agreements", "ImportRun"): OldRun, ("exchanges", "DelegationImport"): OldDelegationImport}.get(
                (app, name)) or current_apps.get_model(app, name)

    importer = User.objects.create(username="nguoi.nhap")
    with connection.schema_editor() as editor:
        editor.create_model(OldRun)
        editor.create_model(OldDelegationImport)
    try:
        waiting = default_storage.save("imports/a.json", ContentFile(json.dumps({
            "rows": [[2, {"title": "Bản ghi nhớ", "signed": {"date": "2024-01-02"}, "note": "a\x00b"}]],
            "plan": [[2, "new", None, []]]}).encode()))
        OldRun.objects.create(token="00000000-0000-0000-0000-00000000000a", created_by_id=importer.pk, file=waiting,
                              filename="thoa-thuan.xlsx", rows=1)
        confirmed_at = timezone.now() - datetime.timedelta(hours=3)
        OldRun.objects.create(token="00000000-0000-0000-0000-00000000000b", created_by_id=importer.pk,
                              file="imports/b.json", rows=5, confirmed_at=confirmed_at, created=4, updated=1)
        OldDelegationImport.objects.create(token="00000000-0000-0000-0000-00000000000c", created_by_id=importer.pk,
                                           filename="doan.xlsx", rows=[[2, {"title": "Đoàn"}]])
        OldDelegationImport.objects.create(token="00000000-0000-0000-0000-00000000000d", created_by_id=importer.pk,
                                           rows=[], confirmed_at=confirmed_at, created=2)
        checked_at = timezone.now() - datetime.timedelta(hours=5)
        OldRun.objects.update(created_at=checked_at)
        OldDelegationImport.objects.update(created_at=checked_at)
        import_module("ngoaivu.agreements.migrations.0010_importrun_moved_to_core").move_runs(Apps(), None)
        import_module("ngoaivu.exchanges.migrations.0007_delegation_import_moved_to_core").move_runs(Apps(), None)
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(OldRun)
            editor.delete_model(OldDelegationImport)
    runs = {str(run.token)[-1]: run for run in ImportRun.objects.all()}
    assert {k: (r.kind, r.created_by_id, r.filename, r.confirmed_at, r.created, r.updated) for k, r in runs.items()} == {
        "a": ("agreements", importer.pk, "thoa-thuan.xlsx", None, 0, 0),
        "b": ("agreements", importer.pk, "", confirmed_at, 4, 1),
        "c": ("delegations", importer.pk, "doan.xlsx", None, 0, 0),
        "d": ("delegations", importer.pk, "", confirmed_at, 2, 0)}
    assert import_runs.decode_rows(runs["a"].rows) == [
        (2, {"title": "Bản ghi nhớ", "signed": datetime.date(2024, 1, 2), "note": "a\x00b"})]
    assert runs["a"].plan == [[2, "new", None, []]]
    assert not default_storage.exists(waiting)
    assert (runs["b"].rows, runs["c"].rows, runs["c"].plan) == ([], [], [])
    assert {run.created_at for run in runs.values()} == {checked_at}


def test_a_value_a_colleague_changed_since_the_preview_is_not_overwritten_unseen(importer):
    """The preview said "Họ tên: Tên cũ → Tên mới"; meanwhile a colleague wrote "Tên khác". Confirming would
    put "Tên mới" over a value the importer never saw: refused, nothing written, the colleague's name kept."""
    colleague = User.objects.create(username="cu", full_name="Tên cũ")
    run = start(importer, ["moi.mot", "Nguyễn Văn Một"], ["cu", "Tên mới"])
    User.objects.filter(pk=colleague.pk).update(full_name="Tên khác")
    with pytest.raises(ValidationError) as error:
        confirm(run, importer)
    assert "Sổ đăng ký đã thay đổi từ lúc kiểm tra (dòng 3)" in error.value.messages[0]
    assert names("moi.mot", "cu") == {"cu": "Tên khác"}
    assert ImportRun.objects.get(pk=run.pk).confirmed_at is None
