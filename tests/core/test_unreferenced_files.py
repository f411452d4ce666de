"""The sweep's `files` step: a stored file no record holds leaves the disk once it is older than the grace
period; a file a record holds, a file younger than that (an upload whose record is not committed yet) and
anything outside the file fields' folders stay.

The hooks of core.files remove a replaced or rolled-back file in the process that made the change, if it
lives on; here they never run (a test's commit hooks are dropped), as when a worker is killed after
committing or before rolling back — the step is what catches those files."""
import io
import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from tests.core.test_files import PDF, _free_return, stored_files, upload

pytestmark = pytest.mark.django_db

DAY = 24 * 3600


def age(path: Path, seconds: float) -> None:
    """Make a stored file look `seconds` old."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def age_all(seconds: float) -> None:
    for path in stored_files():
        age(path, seconds)


def sweep_files() -> str:
    out = io.StringIO()
    call_command("sweep", "--only", "files", stdout=out)
    return out.getvalue()


def test_a_replaced_file_whose_removal_never_ran_is_removed_and_the_current_one_kept(world):
    """A return's wrong attachment replaced by the right one; the process died before removing the old
    file. Its history row still names the old file, but no page serves a history row's file: it goes."""
    from ngoaivu.coordination import actions
    root = Path(settings.MEDIA_ROOT)
    ret = _free_return(world)
    officer = world.users["officer_a"]
    first = actions.save_return(officer, ret, text="Nháp", attachment=upload("Nhầm.pdf", PDF)).attachment.name
    second = actions.save_return(officer, ret, text="Nháp", attachment=upload("Đúng.pdf", PDF)).attachment.name
    assert (root / first).exists(), "the commit hook did not run: the old file is still there"
    assert ret.history.filter(attachment=first).exists()
    age_all(2 * DAY)
    before = stored_files()

    output = sweep_files()

    assert stored_files() == before - {root / first}
    assert not (root / first).parent.exists(), "its random folder goes with it"
    ret.refresh_from_db()
    assert ret.attachment.name == second and (root / second).exists()
    assert f"files: 1 tệp không hồ sơ nào giữ đã xóa ({len(PDF)} byte)" in output


def test_an_upload_of_an_edit_that_never_committed_is_removed_after_the_grace_period_not_before(world):
    """A worker stored an upload and was killed before its record committed: nothing holds the file. While
    it is younger than the grace period it may be an upload in flight and stays; once older, it goes."""
    from ngoaivu.implementation.models import Evidence
    field = Evidence._meta.get_field("file")
    name = default_storage.save(field.generate_filename(Evidence(), "Ảnh hiện trường.pdf"), ContentFile(PDF))
    path = Path(settings.MEDIA_ROOT) / name
    age(path, settings.ORPHAN_FILE_GRACE_HOURS * 3600 - 600)

    assert "files: 0 tệp" in sweep_files()
    assert path.exists(), "younger than the grace period: kept"

    age(path, settings.ORPHAN_FILE_GRACE_HOURS * 3600 + 600)
    sweep_files()
    assert not path.exists() and not path.parent.exists()


def test_every_file_a_record_holds_is_kept_however_old(world):
    """The world has a file on a record of every model with a file field (some at the old upload_to paths
    of the first migrations): all are kept, and so is anything outside the file fields' folders."""
    from django.apps import apps
    from django.db import models
    root = Path(settings.MEDIA_ROOT)
    held = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                held.update(root / name for name in model._base_manager.exclude(**{field.attname: ""})
                            .values_list(field.attname, flat=True) if name)
    assert held and held <= stored_files()
    legacy = root / "implementation" / "2020" / "05" / "bien-ban-cu.pdf"  # an evidence_path name
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(PDF)
    from ngoaivu.implementation.models import Evidence
    Evidence.objects.create(activity=world.activity_a, file="implementation/2020/05/bien-ban-cu.pdf", size=len(PDF))
    outside = root / "ghi-chu-cua-quan-tri.txt"
    outside.write_text("Không xóa")
    elsewhere = root / "khac" / "ban-sao.pdf"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(PDF)
    age_all(30 * DAY)
    before = stored_files()

    assert "files: 0 tệp không hồ sơ nào giữ đã xóa (0 byte)" in sweep_files()

    assert stored_files() == before
    assert held | {legacy, outside, elsewhere} <= stored_files()


# --- a file replaced by a save that then rolls back is not lost ----------------------------------------------

def test_a_report_made_again_keeps_its_old_files_until_the_new_ones_commit(world, django_capture_on_commit_callbacks,
                                                                          monkeypatch):
    """Making a draft's Word file again, or its PDF, deleted the old file at once: when the transaction then
    rolled back, the draft named a file no longer on disk (its download answered 404). The old file now
    leaves when the new one commits."""
    import datetime

    from django.db import transaction

    from ngoaivu.reports import actions, pdf
    from ngoaivu.reports.models import DocumentDraft, PdfJob
    root = Path(settings.MEDIA_ROOT)
    user = world.users["officer_a"]
    draft = actions.create_draft(user, world.a, kind="yearly_agreements", year=2024,
                                 issued_on=datetime.date(2025, 1, 10), opening="Mở đầu báo cáo 2024")
    with django_capture_on_commit_callbacks(execute=True):
        draft = actions.generate(user, draft)
    first = draft.docx.name
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.generate(user, draft)
        raise RuntimeError  # anything after it in the same transaction failed
    assert DocumentDraft.objects.get(pk=draft.pk).docx.name == first and (root / first).exists()

    with django_capture_on_commit_callbacks(execute=True):
        second = actions.generate(user, draft).docx.name
    assert second != first and (root / second).exists()
    assert not (root / first).exists(), "replaced and committed: the old Word file is gone"

    monkeypatch.setattr(pdf, "convert", lambda content, name: (PDF, 0.1))
    monkeypatch.setattr(pdf, "available", lambda: True)
    before = stored_files()
    for _ in range(2):
        PdfJob.objects.create(draft_id=draft.pk, requested_by=user)
        with django_capture_on_commit_callbacks(execute=True):
            actions.run_pdf_jobs()
    assert stored_files() - before == {root / DocumentDraft.objects.get(pk=draft.pk).pdf.name}, \
        "the first PDF left when the second committed"
