"""The delegation import runs move to core.ImportRun (kind "delegations"), which every import shares.
Confirmed runs are carried over as the record of their import. A run still waiting for its
confirmation is carried without its rows: it has no record of what its preview showed (the plan the
confirmation now holds the rows to), so confirming it says the run has expired and the user uploads the
file again — the same as after a day."""
from django.db import migrations


def move_runs(apps, schema_editor):
    Old = apps.get_model("exchanges", "DelegationImport")
    New = apps.get_model("core", "ImportRun")
    for old in Old.objects.all().iterator():
        new = New.objects.create(token=old.token, kind="delegations", created_by_id=old.created_by_id,
                                 filename=old.filename, rows=[], plan=[], confirmed_at=old.confirmed_at,
                                 created=old.created, updated=0)
        New.objects.filter(pk=new.pk).update(created_at=old.created_at)  # auto_now_add set it to now


class Migration(migrations.Migration):

    dependencies = [
        ("exchanges", "0006_delegation_import"),
        ("core", "0009_importrun"),
    ]

    operations = [
        migrations.RunPython(move_runs, migrations.RunPython.noop),
        migrations.DeleteModel(name="DelegationImport"),
    ]
