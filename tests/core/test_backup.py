"""`ngoaivu backup` and `ngoaivu restore`: the database and the uploaded files make the round trip;
a restore refuses another engine, a damaged archive, and anything without --yes."""
import datetime
import io
import json
import os
import tarfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from ngoaivu.agreements.models import Agreement
from ngoaivu.implementation import actions
from ngoaivu.implementation.models import Activity, Evidence
from tests.agreements import factories

# The restore replaces the whole database: it must not run inside the test's own transaction.
pytestmark = pytest.mark.django_db(transaction=True)
MINUTES = b"%PDF-1.4 bien ban hop ngay 12/3 \xe1\xba\xa1"


def backup_to(directory) -> tuple:
    out = io.StringIO()
    call_command("backup", "--output", str(directory), stdout=out)
    archives = sorted(directory.glob("ngoaivu-backup-*.tar.gz"))
    assert len(archives) == 1 and "Đã ghi" in out.getvalue()
    return archives[0], out.getvalue()


@pytest.fixture
def recorded(world, settings):
    officer = world.users["officer_a"]
    agreement = factories.agreement(officer, world.a, title="Bản ghi nhớ trước khi sao lưu")
    activity = actions.save_activity(officer, Activity(agreement=agreement, kind="meeting", title="Họp thường niên",
                                                       occurred_on=datetime.date(2026, 2, 1)),
                                     files=[SimpleUploadedFile("bien-ban.pdf", MINUTES)])
    evidence = activity.evidence.get()
    return agreement, activity, evidence


def test_a_backup_and_restore_bring_back_rows_and_file_bytes(recorded, tmp_path, settings):
    agreement, activity, evidence = recorded
    path = evidence.file.path
    archive, _out = backup_to(tmp_path / "backups")
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["engine"] == connection.vendor and manifest["file_count"] >= 1
    assert evidence.file.name in manifest["files"] and manifest["app_version"]
    counts = (Agreement.objects.count(), Activity.objects.count(), Evidence.objects.count())

    # Everything changes after the backup: a title, a deleted activity, a file overwritten, a new record.
    Agreement.objects.filter(pk=agreement.pk).update(title="Tên đã bị sửa")
    activity.delete()
    assert not os.path.exists(path)  # the evidence's file went with it (core.files)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(b"overwritten")
    (settings.MEDIA_ROOT / "stray.txt").write_bytes(b"added after the backup")
    factories.agreement(recorded[0].created_by, agreement.locality, title="Thỏa thuận tạo sau khi sao lưu")

    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    assert "Đã khôi phục" in out.getvalue()
    assert Agreement.objects.get(pk=agreement.pk).title == "Bản ghi nhớ trước khi sao lưu"
    assert not Agreement.objects.filter(title="Thỏa thuận tạo sau khi sao lưu").exists()
    assert (Agreement.objects.count(), Activity.objects.count(), Evidence.objects.count()) == counts
    restored = Evidence.objects.get(pk=evidence.pk)
    with restored.file.open("rb") as handle:
        assert handle.read() == MINUTES
    assert not (settings.MEDIA_ROOT / "stray.txt").exists()


def test_a_restore_without_yes_changes_nothing_and_says_how_to_confirm(recorded, tmp_path):
    agreement = recorded[0]
    archive, _out = backup_to(tmp_path / "backups")
    Agreement.objects.filter(pk=agreement.pk).update(title="Sửa sau khi sao lưu")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    assert Agreement.objects.get(pk=agreement.pk).title == "Sửa sau khi sao lưu"


def _rewrite(archive, target, change):
    """A copy of the archive with its manifest (or a member) changed."""
    with tarfile.open(archive) as src, tarfile.open(target, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            data = change(member.name, data)
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    return target


def test_a_restore_refuses_a_backup_of_another_database_engine(recorded, tmp_path):
    archive, _out = backup_to(tmp_path / "backups")
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def engine(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["engine"] = other
        return json.dumps(manifest).encode()

    forged = _rewrite(archive, tmp_path / "other.tar.gz", engine)
    with pytest.raises(CommandError, match=f"Bản sao lưu là của CSDL {other}, hệ thống đang dùng {connection.vendor}"):
        call_command("restore", str(forged), "--yes")


def test_a_restore_refuses_a_damaged_file_and_changes_nothing(recorded, tmp_path):
    agreement = recorded[0]
    archive, _out = backup_to(tmp_path / "backups")
    damaged = _rewrite(archive, tmp_path / "damaged.tar.gz",
                       lambda name, data: data[:-1] + b"!" if name.startswith("media/") else data)
    Agreement.objects.filter(pk=agreement.pk).update(title="Sửa sau khi sao lưu")
    with pytest.raises(CommandError, match="sai sha256"):
        call_command("restore", str(damaged), "--yes")
    assert Agreement.objects.get(pk=agreement.pk).title == "Sửa sau khi sao lưu"


def test_restore_of_something_else_is_refused_clearly(db, tmp_path):
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="không phải bản sao lưu của ngoaivu"):
        call_command("restore", str(bogus), "--yes")
