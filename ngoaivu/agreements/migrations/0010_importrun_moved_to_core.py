"""The agreements' import runs move to core.ImportRun (kind "agreements"), which every import shares and
which keeps the rows in the database instead of a JSON file in storage. A run waiting for its
confirmation keeps its rows and plan (read from its file), so a preview made before the upgrade can
still be confirmed; the files are deleted."""
import json

from django.core.files.storage import default_storage
from django.db import migrations


def _jsonb_safe(value):
    # PostgreSQL's JSON cannot hold a NUL character (see core.import_runs.encode).
    if isinstance(value, str) and "\x00" in value:
        return {"nul": value.split("\x00")}
    return value


def move_runs(apps, schema_editor):
    Old = apps.get_model("agreements", "ImportRun")
    New = apps.get_model("core", "ImportRun")
    for old in Old.objects.all().iterator():
        rows, plan = [], []
        if old.file and default_storage.exists(old.file):
            if old.confirmed_at is None:
                with default_storage.open(old.file, "rb") as file:
                    stored = json.loads(file.read())
                rows = [[number, {key: _jsonb_safe(value) for key, value in raw.items()}]
                        for number, raw in stored["rows"]]
                plan = stored["plan"]
            default_storage.delete(old.file)
        new = New.objects.create(token=old.token, kind="agreements", created_by_id=old.created_by_id,
                                 filename=old.filename, rows=rows, plan=plan, confirmed_at=old.confirmed_at,
                                 created=old.created, updated=old.updated)
        New.objects.filter(pk=new.pk).update(created_at=old.created_at)  # auto_now_add set it to now


class Migration(migrations.Migration):

    dependencies = [
        ("agreements", "0009_historical_records_and_step_overrides"),
        ("core", "0009_importrun"),
    ]

    operations = [
        migrations.RunPython(move_runs, migrations.RunPython.noop),
        migrations.DeleteModel(name="ImportRun"),
    ]
